#!/usr/bin/env bash
# The whole suite (npm test runs this after the typecheck). Tests without a browser are CPU
# work in separate processes: they share the machine's cores. Browser tests each start a
# tracker and Chromium, and some judge what a person would see while the page loads: they run
# one file at a time so that no other file's load changes what they see.
# Both parts always run; the exit code says whether either failed.
set -u
cores=$(node -e 'console.log(require("node:os").availableParallelism())')
npx vitest run --project fast --maxWorkers="$cores" "$@"
fast=$?
npx vitest run --project browser --maxWorkers=1 "$@"
browser=$?
exit $(( fast != 0 || browser != 0 ))
