#!/bin/bash
# 片区通 database backup: pg_dump (custom format) + row counts from the same snapshot,
# retention, and a restore check into a scratch database compared by row counts.
#
#   backup.sh                 dump now, drop old dumps, restore-check the new one
#   backup.sh --check FILE    restore-check an existing dump (FILE.counts beside it)
#
# Settings (environment): PIANQU_DB (pianqu), BACKUP_DIR (/var/backups/pianqu),
# KEEP_DAYS (14), CHECK (1: restore-check every new dump; 0: skip). The connection is libpq's
# default or PGHOST/PGPORT/PGUSER: pianqu-backup.service runs it as `postgres` on the
# database machine (peer authentication, no password anywhere).
# Exit status: 0 good; 1 dump or check failed (the message says which).
set -euo pipefail

DB=${PIANQU_DB:-pianqu}
BACKUP_DIR=${BACKUP_DIR:-/var/backups/pianqu}
KEEP_DAYS=${KEEP_DAYS:-14}
CHECK=${CHECK:-1}
PSQL=(psql -X -q -v ON_ERROR_STOP=1 --no-psqlrc)
export PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"  # no NOTICE chatter from dropdb

say() { printf '%s backup: %s\n' "$(date '+%F %T')" "$*"; }
fail() { say "FAILED: $*" >&2; exit 1; }

# Every table with its row count, one "schema.table|count" line each, sorted.
COUNT_SQL="SELECT format('SELECT %L, count(*) FROM %I.%I', table_schema || '.' || table_name,
                         table_schema, table_name)
           FROM information_schema.tables
           WHERE table_schema NOT IN ('pg_catalog', 'information_schema') AND table_type = 'BASE TABLE'
           ORDER BY 1 \\gexec"

dump() {
    umask 077
    mkdir -p "$BACKUP_DIR"
    local name partial
    name="$BACKUP_DIR/$DB-$(date '+%Y%m%d-%H%M%S').dump"
    partial="$name.partial"
    # One read-only snapshot for the dump and the counts: on a live database they agree exactly.
    "${PSQL[@]}" -At -d "$DB" <<SQL || fail "pg_dump of $DB"
BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;
SELECT pg_export_snapshot() AS snapshot \\gset
\\setenv PIANQU_SNAPSHOT :snapshot
\\! pg_dump --format=custom --snapshot="\$PIANQU_SNAPSHOT" --file="$partial" "$DB" || rm -f "$partial"
\\o $partial.counts
$COUNT_SQL
\\o
COMMIT;
SQL
    [ -s "$partial" ] || fail "pg_dump wrote nothing (see the message above)"
    pg_restore --list "$partial" >/dev/null || fail "$partial is not a readable archive"
    mv "$partial.counts" "$name.counts"
    mv "$partial" "$name"
    say "wrote $name ($(du -h "$name" | cut -f1), $(wc -l <"$name.counts") tables, $(awk -F'|' '{s+=$2} END {print s+0}' "$name.counts") rows)"
    prune
    if [ "$CHECK" = 1 ]; then check "$name"; fi
}

prune() {
    local old
    old=$(find "$BACKUP_DIR" -maxdepth 1 -name "$DB-*.dump" -mtime +"$KEEP_DAYS" -print)
    for file in $old; do
        rm -f "$file" "$file.counts"
        say "removed $file (older than $KEEP_DAYS days)"
    done
}

check() {
    local file=$1 scratch="${DB}_restore_check"
    [ -f "$file" ] || fail "no such dump: $file"
    [ -f "$file.counts" ] || fail "no $file.counts beside the dump"
    dropdb --if-exists "$scratch"
    createdb "$scratch"
    # shellcheck disable=SC2064
    trap "dropdb --if-exists '$scratch'" EXIT
    pg_restore --no-owner --no-privileges --exit-on-error --dbname="$scratch" "$file" \
        || fail "pg_restore of $file into $scratch"
    local restored
    restored=$(printf '%s\n' "$COUNT_SQL" | "${PSQL[@]}" -At -d "$scratch")
    if ! diff <(sort "$file.counts") <(printf '%s\n' "$restored" | sort) >/dev/null; then
        diff <(sort "$file.counts") <(printf '%s\n' "$restored" | sort) >&2 || true
        fail "restore check of $file: row counts differ (dump < > restored)"
    fi
    say "restore check OK: $file restored into $scratch, $(wc -l <"$file.counts") tables, same row counts"
}

case "${1:-}" in
    "") dump ;;
    --check) check "${2:?usage: backup.sh --check FILE}" ;;
    *) echo "usage: backup.sh [--check FILE]" >&2; exit 2 ;;
esac
