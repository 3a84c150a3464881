#!/usr/bin/env bash
# Backup and restore of a KAP Care PostgreSQL database (custom format, with the audit chain intact:
# pg_restore loads data before it creates triggers, so stored hashes are kept as they were).
#   tools/db-backup.sh backup  <file>                    dumps $DATABASE_URL into <file>
#   tools/db-backup.sh restore <file> <target-database-url>   restores <file> into an EMPTY database
# Then check the copy: DATABASE_URL=<target> npm run audit:verify
# The embedded PGlite database (PostgreSQL 18 inside) cannot be dumped by pg_dump 15; copy its
# DATA_DIR while the app is stopped instead.
set -euo pipefail
command="${1:-}"
case "$command" in
  backup)
    file="${2:?usage: tools/db-backup.sh backup <file>}"
    : "${DATABASE_URL:?set DATABASE_URL to the database to back up}"
    pg_dump --format=custom --no-owner --no-privileges --file="$file" "$DATABASE_URL"
    echo "Backed up to $file ($(du -h "$file" | cut -f1))."
    ;;
  restore)
    file="${2:?usage: tools/db-backup.sh restore <file> <target-database-url>}"
    target="${3:?usage: tools/db-backup.sh restore <file> <target-database-url>}"
    pg_restore --no-owner --no-privileges --exit-on-error --dbname="$target" "$file"
    echo "Restored $file into the target database. Verify it with: DATABASE_URL=<target> npm run audit:verify"
    ;;
  *)
    sed -n '2,9p' "$0"
    exit 64
    ;;
esac
