#!/usr/bin/env bash
# PostgreSQL for the scaled stack (`make run-scaled`): starts Debian's cluster (installing
# `postgresql` if missing, as scripts/pg_test_db.sh does), creates the role `teichaku` with a
# random password kept in var/postgres.secret (mode 600) and two databases, teichaku_api (the
# API's) and teichaku_rasa (Rasa's tracker store). Prints the two URLs as shell assignments:
#   eval "$(bash scripts/postgres.sh)"   # sets API_DATABASE_URL and RASA_TRACKER_STORE_URL
# Needs root (it runs psql as the postgres OS user).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
API_DB="${PG_API_DB:-teichaku_api}"
RASA_DB="${PG_RASA_DB:-teichaku_rasa}"
ROLE="${PG_ROLE:-teichaku}"

if ! command -v pg_ctlcluster >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >&2
fi
version="$(ls /usr/lib/postgresql | sort -n | tail -1)"
pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$version main" || pg_createcluster "$version" main >&2
pg_ctlcluster "$version" main start >&2 2>/dev/null || true
port="$(pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $3}')"
for _ in $(seq 30); do
  runuser -u postgres -- pg_isready -q -h 127.0.0.1 -p "$port" && break
  sleep 1
done

mkdir -p "$ROOT/var"
secret="$ROOT/var/postgres.secret"
if [ ! -s "$secret" ]; then
  (umask 077 && "$RASA_BIN/python" -c 'import secrets; print(secrets.token_hex(16))' >"$secret")
fi
password="$(cat "$secret")"
psql_as_postgres() { runuser -u postgres -- psql -q -v ON_ERROR_STOP=1 -h /var/run/postgresql -p "$port" "$@"; }
if psql_as_postgres -tc "SELECT 1 FROM pg_roles WHERE rolname = '$ROLE'" | grep -q 1; then
  psql_as_postgres -c "ALTER ROLE $ROLE LOGIN PASSWORD '$password'" >&2
else
  psql_as_postgres -c "CREATE ROLE $ROLE LOGIN PASSWORD '$password'" >&2
fi
for db in "$API_DB" "$RASA_DB"; do
  psql_as_postgres -tc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1 \
    || psql_as_postgres -c "CREATE DATABASE $db OWNER $ROLE" >&2
done
max="$(psql_as_postgres -tAc 'SHOW max_connections')"
reserved="$(psql_as_postgres -tAc 'SHOW superuser_reserved_connections')"
echo "# PostgreSQL $version on 127.0.0.1:$port, max_connections=$max (reserved $reserved)" >&2
echo "PG_MAX_CONNECTIONS=$((max - reserved))"
echo "API_DATABASE_URL=postgresql+psycopg://$ROLE:$password@127.0.0.1:$port/$API_DB"
echo "RASA_TRACKER_STORE_URL=postgresql://$ROLE:$password@127.0.0.1:$port/$RASA_DB"
