#!/usr/bin/env bash
# Back up the service desk database with pg_dump (custom format, compressed).
#
#   DATABASE_URL=postgresql://user@host/db BACKUP_DIR=/var/backups/service-desk deploy/backup.sh
#
# Writes BACKUP_DIR/service_desk-YYYYmmddTHHMMSSZ.dump atomically (a failed dump never
# replaces a good one), checks that pg_restore can read its table of contents, deletes
# dumps older than BACKUP_KEEP_DAYS (default 35) and prints the new file's path as the
# last line. Run it against a read replica to keep the load off the primary.
set -euo pipefail

url="${BACKUP_DATABASE_URL:-${DATABASE_URL:?set DATABASE_URL (or BACKUP_DATABASE_URL)}}"
url="${url/postgresql+psycopg:\/\//postgresql://}"   # SQLAlchemy's driver suffix means nothing to libpq
dir="${BACKUP_DIR:-./backups}"
keep="${BACKUP_KEEP_DAYS:-35}"

mkdir -p "$dir"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
target="$dir/service_desk-$stamp.dump"
partial="$target.partial"
trap 'rm -f "$partial"' EXIT

pg_dump --format=custom --compress=6 --no-owner --no-privileges --file="$partial" "$url"
pg_restore --list "$partial" >/dev/null   # the dump is readable
mv "$partial" "$target"
find "$dir" -maxdepth 1 -name 'service_desk-*.dump' -mtime +"$keep" -delete
echo "$target"
