#!/usr/bin/env bash
# The whole suite (npm test runs this after the typecheck). Tests without a browser are CPU
# work in separate processes: they share the machine's cores. Browser tests each start a
# tracker and Chromium: they run two files at a time (a file spends much of its time waiting on
# Chromium and the tracker, so two files share two cores well), except those that judge what a
# person would see while the page loads (project browser-alone, listed in vitest.config.ts):
# they run alone afterwards, so that no other file's load changes what they see.
# Every part always runs; the exit code says whether any failed.
set -u
cores=$(node -e 'console.log(require("node:os").availableParallelism())')
npx vitest run --project fast --maxWorkers="$cores" "$@"
fast=$?
npx vitest run --project browser --maxWorkers=2 "$@"
browser=$?
npx vitest run --project browser-alone --maxWorkers=1 "$@"
alone=$?
exit $(( fast != 0 || browser != 0 || alone != 0 ))
