#!/usr/bin/env bash
# The whole suite (npm test runs this after the typecheck). Tests without a browser are CPU
# work in separate processes: they share the machine's cores. Browser tests each start a
# tracker and Chromium, and some judge what a person would see while the page loads: they run
# one file at a time so that no other file's load changes what they see.
# With TEST_POSTGRES_URL set (.ci/run sets it; test/pg/ensure-postgres.sh prints one), the server
# and storage tests run again on PostgreSQL, each file on a database of its own.
# Every part always runs; the exit code says whether any failed.
set -u
cores=$(node -e 'console.log(require("node:os").availableParallelism())')
npx vitest run --project fast --maxWorkers="$cores" "$@"
fast=$?
npx vitest run --project browser --maxWorkers=1 "$@"
browser=$?
postgres=0
if [ -n "${TEST_POSTGRES_URL:-}" ]; then
  npx vitest run --project postgres --maxWorkers="$cores" "$@"
  postgres=$?
fi
exit $(( fast != 0 || browser != 0 || postgres != 0 ))
