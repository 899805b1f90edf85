#!/usr/bin/env bash
# The whole suite (npm test runs this after the typecheck). Tests without a browser are CPU
# work in separate processes: they share the machine's cores. Browser tests each start a
# tracker and Chromium: they run two files at a time (a file spends much of its time waiting on
# Chromium and the tracker, so two files share two cores well), except those that judge what a
# person would see while the page loads (project browser-alone, listed in vitest.config.ts):
# they run alone afterwards, so that no other file's load changes what they see.
# The server suite runs a second time with its trackers on PostgreSQL (project postgres) when
# TEST_POSTGRES_URL names a server (.ci/run starts one; see test/pg/ensure-postgres.sh).
# Every part always runs; the exit code says whether any failed.
set -u
# A URL with anything around it (a line another program printed) would fail every PostgreSQL
# test with a connection error far from its cause: say what is wrong here instead.
if [ -n "${TEST_POSTGRES_URL:-}" ] && ! [[ "$TEST_POSTGRES_URL" =~ ^postgres(ql)?://[^[:space:]]+$ ]]; then
  printf 'TEST_POSTGRES_URL is not a single postgres:// URL: %q\n' "$TEST_POSTGRES_URL" >&2
  exit 1
fi
cores=$(node -e 'console.log(require("node:os").availableParallelism())')
npx vitest run --project fast --maxWorkers="$cores" "$@"
fast=$?
postgres=0
if [ -n "${TEST_POSTGRES_URL:-}" ]; then
  npx vitest run --project postgres --maxWorkers="$cores" "$@"
  postgres=$?
else
  echo "The server suite on PostgreSQL is skipped: TEST_POSTGRES_URL is not set (bash test/pg/ensure-postgres.sh prints one)." >&2
fi
npx vitest run --project browser --maxWorkers=2 "$@"
browser=$?
npx vitest run --project browser-alone --maxWorkers=1 "$@"
alone=$?
exit $(( fast != 0 || postgres != 0 || browser != 0 || alone != 0 ))
