#!/usr/bin/env bash
# Restore a dump made by deploy/backup.sh into a PostgreSQL database.
#
#   deploy/restore.sh DUMP_FILE TARGET_URL [--replace]
#
# TARGET_URL must exist (createdb first). A database that already has tables is
# refused unless --replace is given, in which case its objects are dropped and
# recreated from the dump. Everything runs in one transaction: a failed restore
# leaves the target as it was. Practise it on a scratch database regularly.
set -euo pipefail

dump="${1:?usage: restore.sh DUMP_FILE TARGET_URL [--replace]}"
url="${2:?usage: restore.sh DUMP_FILE TARGET_URL [--replace]}"
mode="${3:-}"
url="${url/postgresql+psycopg:\/\//postgresql://}"

[ -r "$dump" ] || { echo "restore.sh: cannot read $dump" >&2; exit 2; }
tables="$(psql "$url" -XAtc "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")"
options=(--no-owner --no-privileges --single-transaction --exit-on-error)
if [ "$tables" != "0" ]; then
  if [ "$mode" != "--replace" ]; then
    echo "restore.sh: the target already has $tables tables; add --replace to overwrite it" >&2
    exit 3
  fi
  options+=(--clean --if-exists)
fi
pg_restore "${options[@]}" --dbname="$url" "$dump"
psql "$url" -XAtc "ANALYZE" >/dev/null
echo "restored $dump"
