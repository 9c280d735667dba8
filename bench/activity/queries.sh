#!/usr/bin/env bash
# Times the activity log's queries (/sys/logs) on a database loaded by load.sh: the exact SQL the
# page runs (io.microsys.sso.provider.admin.logs.LogReader: the reader's visibility and the filters
# in one WHERE, newest first by id, LIMIT 51; a time range first looks up its id bounds), for each
# filter, some combinations, a later page and each tier of reader. Each query runs --runs times
# inside the server (a stored procedure, so the client's start-up is not counted); prints the
# median and p95 in milliseconds as a Markdown table, and writes the EXPLAIN of each query to
# --plans (default bench/activity/plans.txt). Not part of CI.
#
# Usage: bench/activity/queries.sh [--runs N] [--plans FILE] -- MARIADB_OPTIONS… DATABASE
set -euo pipefail

runs=21
plans="$(cd "$(dirname "$0")" && pwd)/plans.txt"
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --plans) plans=$2; shift 2 ;;
    --) shift; break ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "Unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "--runs takes a whole number" >&2; exit 2; }
[ $# -gt 0 ] || { echo "Give the mariadb client options and the database after -- (see --help)" >&2; exit 2; }
db=("$@")
sql() { mariadb "${db[@]}" -N -B -e "$1"; }

sql "DROP PROCEDURE IF EXISTS bench_time"
mariadb "${db[@]}" <<'SQL'
DELIMITER //
CREATE PROCEDURE bench_time(IN query TEXT, IN n INT)
BEGIN
  DECLARE i INT DEFAULT 0;
  DECLARE t0 DATETIME(6);
  CREATE TEMPORARY TABLE IF NOT EXISTS bench_times (ms DOUBLE);
  DELETE FROM bench_times;
  SET @bench_query = CONCAT('SELECT COUNT(*) INTO @bench_rows FROM (', query, ') page');
  PREPARE statement FROM @bench_query;
  WHILE i < n DO
    SET t0 = SYSDATE(6);
    EXECUTE statement;
    INSERT INTO bench_times VALUES (TIMESTAMPDIFF(MICROSECOND, t0, SYSDATE(6)) / 1000);
    SET i = i + 1;
  END WHILE;
  DEALLOCATE PREPARE statement;
  SELECT ROUND(MAX(IF(rn = CEIL(c * 0.5), ms, NULL)), 1), ROUND(MAX(IF(rn = CEIL(c * 0.95), ms, NULL)), 1), @bench_rows
  FROM (SELECT ms, ROW_NUMBER() OVER (ORDER BY ms) AS rn, COUNT(*) OVER () AS c FROM bench_times) ranked;
END//
DELIMITER ;
SQL

columns="e.id, e.created_at, e.event_type, e.action, e.actor_uuid, e.actor_name, e.user_uuid, e.username, e.target_type, e.target_id, e.target_name, e.scope_id, e.about_superuser, e.client_id, e.ip_address, e.user_agent, e.reason, e.detail, e.changes"
everything="1 = 1"
global="e.about_superuser = FALSE"
central="(e.about_superuser = FALSE AND e.scope_id IS NULL)"
scoped="(e.about_superuser = FALSE AND e.scope_id = 7)"

max=$(sql "SELECT MAX(id) FROM sso_audit_event")
total=$(sql "SELECT COUNT(*) FROM sso_audit_event")
person=$(sql "SELECT target_id FROM sso_audit_event WHERE target_type = 'user' AND id > $max - 100000 ORDER BY id DESC LIMIT 1")
actor_uuid=$(sql "SELECT actor_uuid FROM sso_audit_event WHERE actor_name = 'staff-0042' LIMIT 1")
# A day six months ago, and the page's lookups of its id bounds (LogReader: 10 minutes wider).
day_from=$(sql "SELECT DATE(UTC_TIMESTAMP() - INTERVAL 182 DAY)")
day_to="$day_from 23:59:59"
lookup_from="SELECT id FROM sso_audit_event WHERE created_at >= TIMESTAMP('$day_from') - INTERVAL 10 MINUTE ORDER BY created_at, id LIMIT 1"
lookup_to="SELECT id FROM sso_audit_event WHERE created_at <= TIMESTAMP('$day_to') + INTERVAL 10 MINUTE ORDER BY created_at DESC, id DESC LIMIT 1"
from_id=$(sql "$lookup_from")
to_id=$(sql "$lookup_to")
range="e.created_at >= '$day_from' AND e.id >= $from_id AND e.created_at <= '$day_to' AND e.id <= $to_id"
middle=$((max / 2))

page() { echo "SELECT $columns FROM sso_audit_event e WHERE $1 ORDER BY e.id DESC LIMIT 51"; }

queries=(
  "superuser, no filter|$(page "$everything")"
  "superuser, page 100,000 entries back (before=)|$(page "$everything AND e.id < $((max - 100000))")"
  "superuser, actor by name|$(page "$everything AND e.actor_name = 'staff-0042'")"
  "superuser, actor by uuid|$(page "$everything AND e.actor_uuid = '$actor_uuid'")"
  "superuser, action DELETE|$(page "$everything AND e.action = 'DELETE'")"
  "superuser, action EXPORT, older page|$(page "$everything AND e.action = 'EXPORT' AND e.id < $middle")"
  "superuser, event type PASSWORD_CHANGED|$(page "$everything AND e.event_type = 'PASSWORD_CHANGED'")"
  "superuser, event type ACTIVITY_EXPORTED, older page|$(page "$everything AND e.event_type = 'ACTIVITY_EXPORTED' AND e.id < $middle")"
  "superuser, target type user + id (one person)|$(page "$everything AND e.target_type = 'user' AND e.target_id = '$person'")"
  "superuser, target type scope|$(page "$everything AND e.target_type = 'scope'")"
  "superuser, scope 7|$(page "$everything AND e.scope_id = 7")"
  "superuser, IP 10.0.7.42|$(page "$everything AND e.ip_address = '10.0.7.42'")"
  "superuser, one day six months ago (after its 2 lookups)|$(page "$everything AND $range")"
  "superuser, action UPDATE + scope 7 + that day|$(page "$everything AND e.action = 'UPDATE' AND e.scope_id = 7 AND $range")"
  "superuser, actor + that day|$(page "$everything AND e.actor_name = 'staff-0042' AND $range")"
  "superuser, actor + action DELETE + target type user|$(page "$everything AND e.actor_name = 'staff-0042' AND e.action = 'DELETE' AND e.target_type = 'user'")"
  "superuser, IP + event type LOGIN_FAILURE|$(page "$everything AND e.ip_address = '10.0.7.42' AND e.event_type = 'LOGIN_FAILURE'")"
  "global staff, no filter|$(page "$global")"
  "global staff, action DELETE|$(page "$global AND e.action = 'DELETE'")"
  "central staff, no filter|$(page "$central")"
  "central staff, action DELETE + that day|$(page "$central AND e.action = 'DELETE' AND $range")"
  "scoped staff (scope 7), no filter|$(page "$scoped")"
  "scoped staff, older page|$(page "$scoped AND e.id < $middle")"
  "scoped staff, action DELETE|$(page "$scoped AND e.action = 'DELETE'")"
  "scoped staff, actor|$(page "$scoped AND e.actor_name = 'staff-0042'")"
  "scoped staff, that day|$(page "$scoped AND $range")"
  "scoped staff, IP|$(page "$scoped AND e.ip_address = '10.0.7.42'")"
  "time range lookup: first id from|$lookup_from"
  "time range lookup: last id to|$lookup_to"
  "detail (one entry, scoped staff)|SELECT $columns FROM sso_audit_event e WHERE e.id = $middle AND $scoped"
)

echo "Entries: $total; runs per query: $runs; the day: $day_from" >&2
: > "$plans"
echo "| query | median ms | p95 ms | rows |"
echo "|---|---:|---:|---:|"
for entry in "${queries[@]}"; do
  label=${entry%%|*}
  query=${entry#*|}
  { echo "## $label"; echo "$query;"; mariadb "${db[@]}" -t -e "EXPLAIN $query"; echo; } >> "$plans"
  escaped=${query//\'/\'\'}
  read -r median p95 rows < <(sql "CALL bench_time('$escaped', $runs)")
  echo "| $label | $median | $p95 | $rows |"
done
sql "DROP PROCEDURE IF EXISTS bench_time"
