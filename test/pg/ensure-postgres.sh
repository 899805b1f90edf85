#!/usr/bin/env bash
# A PostgreSQL server for the tests, the same on CI and on a developer's machine: installs
# Debian's postgresql if it is missing, starts its cluster, and makes a role and database that
# the tests connect to (the role may create databases: each test file gets its own).
# Safe to run again: every step checks first. Prints the URL (and nothing else) on stdout:
#   export TEST_POSTGRES_URL=$(bash test/pg/ensure-postgres.sh)
set -euo pipefail
# Every step's own output goes to stderr (">&2" on each): only the URL may reach stdout.
# pg_ctlcluster, for one, prints "Removed stale pid file." on stdout after an unclean stop, which
# once became part of TEST_POSTGRES_URL in CI. (Not "exec 1>&2" with the URL on a saved fd: the
# server that pg_ctlcluster starts would inherit that fd and keep the caller's $(...) open.)

PG_ROLE=${SCRT_PG_ROLE:-scrt}
PG_PASSWORD=${SCRT_PG_PASSWORD:-scrt}
PG_DATABASE=${SCRT_PG_DATABASE:-scrt}

say() { printf 'ensure-postgres: %s\n' "$*" >&2; }

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"

have_server() {
  command -v pg_ctlcluster >/dev/null 2>&1 && compgen -G "/usr/lib/postgresql/*/bin/postgres" >/dev/null
}

if ! have_server; then
  if ! command -v apt-get >/dev/null 2>&1; then
    say "PostgreSQL is not installed and apt-get is not available: install PostgreSQL 14 or later and set TEST_POSTGRES_URL yourself"
    exit 1
  fi
  say "installing Debian's postgresql"
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >&2
fi

# Commands run as the cluster's owner (the postgres account), whoever runs this script.
as_postgres() {
  # From a folder the postgres account may enter (a CI clone in /tmp may be private).
  cd /
  if [ "$(id -un)" = postgres ]; then "$@"
  elif [ "$(id -u)" -eq 0 ]; then su postgres -s /bin/sh -c "$(printf '%q ' "$@")"
  else sudo -u postgres "$@"
  fi
}

# The newest installed version's cluster; Debian's package makes "main", a bare install may not.
version=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" { found = 1 } END { exit !found }'; then
  say "creating cluster $version/main"
  $SUDO pg_createcluster "$version" main >&2
fi
read -r port status <<<"$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" { print $3, $4 }')"
if [ "${status%%,*}" != online ]; then
  say "starting cluster $version/main on port $port"
  $SUDO pg_ctlcluster "$version" main start >&2
fi
for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 -p "$port" && break
  sleep 1
done
pg_isready -q -h 127.0.0.1 -p "$port" || { say "the server on port $port did not become ready"; exit 1; }

# Identifiers and the password are the defaults above or the caller's own: quoted for SQL all the same.
as_postgres psql -q -X -v ON_ERROR_STOP=1 -p "$port" -d postgres \
  -v role="$PG_ROLE" -v password="$PG_PASSWORD" -v database="$PG_DATABASE" >&2 <<'SQL'
SELECT format('CREATE ROLE %I LOGIN CREATEDB PASSWORD %L', :'role', :'password')
  WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'role') \gexec
SELECT format('ALTER ROLE %I LOGIN CREATEDB PASSWORD %L', :'role', :'password') \gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'database', :'role')
  WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'database') \gexec
-- Dropping a test's database WITH (FORCE) ends the autovacuum worker that may be on it, which
-- needs this role: without it the drop fails now and then, after a test that wrote many rows.
SELECT format('GRANT pg_signal_backend TO %I', :'role') \gexec
SQL

url="postgres://${PG_ROLE}:${PG_PASSWORD}@127.0.0.1:${port}/${PG_DATABASE}"
# Proves that the role can sign in over TCP with its password (pg_hba's md5/scram rule for 127.0.0.1).
PGPASSWORD="$PG_PASSWORD" psql -q -X -h 127.0.0.1 -p "$port" -U "$PG_ROLE" -d "$PG_DATABASE" -c "SELECT 1" >/dev/null \
  || { say "could not sign in as $PG_ROLE on 127.0.0.1:$port with its password (check pg_hba.conf)"; exit 1; }
say "PostgreSQL $version ready at 127.0.0.1:$port (database $PG_DATABASE, role $PG_ROLE)"
printf '%s\n' "$url"
