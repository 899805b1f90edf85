#!/usr/bin/env bash
# The three TypeScript projects (server and tools, the browser bundle, the DOM tests) checked
# side by side: each tsc is single-threaded, so on two or more cores this takes the time of the
# slowest one rather than the sum. Each one's errors are printed whole, after it finishes.
set -u
projects=(tsconfig.node.json tsconfig.browser.json tsconfig.dom-tests.json)
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
pids=()
for p in "${projects[@]}"; do
  npx tsc --noEmit -p "$p" > "$dir/$p.log" 2>&1 &
  pids+=($!)
done
failed=0
for i in "${!projects[@]}"; do
  if ! wait "${pids[$i]}"; then
    failed=1
    echo "tsc -p ${projects[$i]} found errors:"
  fi
  cat "$dir/${projects[$i]}.log"
done
exit $failed
