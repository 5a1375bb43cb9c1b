#!/usr/bin/env bash
# Starts a local PostgreSQL (Debian's `postgresql` package, installed if missing) and creates a
# throw-away role and database for the API tests. Prints the URL for API_TEST_DATABASE_URL.
# Used by .ci/run; also handy locally:  export API_TEST_DATABASE_URL="$(bash scripts/pg_test_db.sh)"
set -euo pipefail

if ! command -v pg_ctlcluster >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >&2
fi
version="$(ls /usr/lib/postgresql | sort -n | tail -1)"
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$version main"; then
  pg_createcluster "$version" main >&2
fi
pg_ctlcluster "$version" main start >&2 2>/dev/null || true
port="$(pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $3}')"
for _ in $(seq 30); do
  runuser -u postgres -- pg_isready -q -h 127.0.0.1 -p "$port" && break
  sleep 1
done
psql_as_postgres() { runuser -u postgres -- psql -q -v ON_ERROR_STOP=1 -h /var/run/postgresql -p "$port" "$@"; }
psql_as_postgres -tc "SELECT 1 FROM pg_roles WHERE rolname = 'api_test'" | grep -q 1 \
  || psql_as_postgres -c "CREATE ROLE api_test LOGIN PASSWORD 'api_test'" >&2
psql_as_postgres -tc "SELECT 1 FROM pg_database WHERE datname = 'api_test'" | grep -q 1 \
  || psql_as_postgres -c "CREATE DATABASE api_test OWNER api_test" >&2
echo "postgresql+psycopg://api_test:api_test@127.0.0.1:$port/api_test"
