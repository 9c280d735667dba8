#!/usr/bin/env bash
# The console's people list at scale (issue 14: "at 1,000,000 people on MariaDB a filtered page
# answers in under 100 ms"). Not part of the build or CI: run it by hand.
#  1. builds the provider's jar from this checkout (skip with --no-build) and starts it on a fresh
#     MariaDB database, which Flyway migrates; a bootstrap file makes a superuser, a global staff
#     member, a central one and a staff member of scope "Bench scope 03";
#  2. bulk-loads N people (bench/people/load.sql: INSERT ... SELECT from the SEQUENCE engine, in
#     batches), their two-step factors, and the staff's permissions, then ANALYZE TABLE;
#  3. signs in each staff member with curl (cookie jar, the login form's CSRF token) and times
#     REQUESTS requests of each page below (after 3 unmeasured ones), printing median and p95 of
#     curl's time_total, and one export of a scope (about 35,000 rows);
#  4. prints MariaDB's EXPLAIN of the queries behind the main pages;
#  5. with --api, the admin API's people list (issue 18: cursor pagination "that stays fast at
#     1 M people"): two service accounts of the bootstrap file (confidential apps with client
#     credentials and the scope microsys.admin), granted users.view by SQL, one global, one limited
#     to "Bench scope 03", take a token each; after 200 unmeasured calls (the JIT's warm-up) curl
#     times REQUESTS requests of each call (after 3 unmeasured ones): first pages, 20 pages following "next", deep pages (a cursor built for a row
#     id in the middle and near the end), the filters, one person; then MariaDB's ANALYZE of the
#     statements the provider sent for them (read from the general log, turned on for a moment).
# Usage: bench/people/people-bench.sh [--people N] [--requests R] [--database NAME] [--no-build] [--reuse]
#                                     [--api] [--no-console]
# --reuse measures a database loaded by an earlier run again, without dropping or loading it.
# --api adds step 5; --no-console leaves out steps 3 and 4 (the console's pages and exports).
# The provider runs with the API's rate limit off (microsys.sso.api.requests-per-second=0): the
# calls follow each other without pause. The general log needs a user allowed to SET GLOBAL.
# The server: MARIADB_HOST (127.0.0.1), MARIADB_PORT (33061), MARIADB_USER (microsys),
# MARIADB_PASSWORD (pw); the user creates and drops the database (default bench_people).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

people=1000000
requests=30
database=bench_people
build=true
reuse=false
api=false
console=true
while [ $# -gt 0 ]; do
  case "$1" in
    --people) people=$2; shift 2 ;;
    --requests) requests=$2; shift 2 ;;
    --database) database=$2; shift 2 ;;
    --no-build) build=false; shift ;;
    --reuse) reuse=true; shift ;;
    --api) api=true; shift ;;
    --no-console) console=false; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "Unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done
[[ "$people" =~ ^[1-9][0-9]*$ && "$people" -le 1000000 ]] || { echo "--people takes 1 to 1000000" >&2; exit 2; }
[[ "$database" =~ ^[A-Za-z0-9_]+$ ]] || { echo "--database: letters, digits, underscore" >&2; exit 2; }

host=${MARIADB_HOST:-127.0.0.1}
port=${MARIADB_PORT:-33061}
user=${MARIADB_USER:-microsys}
password=${MARIADB_PASSWORD:-pw}
db=(--no-defaults --host="$host" --port="$port" --user="$user" --password="$password" --protocol=tcp)
sql() { mariadb "${db[@]}" "$database" --batch --skip-column-names -e "$1"; }

work=$(mktemp -d)
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT

if $build; then
  ./mvnw -B -q -pl provider package -DskipTests
fi
# A copy, so a build during the run cannot change the jar under the running provider.
cp "$(ls provider/target/microsys-sso-provider-*.jar | grep -v -e original -e tests | head -n 1)" "$work/provider.jar"
jar="$work/provider.jar"

$reuse || mariadb "${db[@]}" -e "DROP DATABASE IF EXISTS $database; CREATE DATABASE $database CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"

secret="bench-password-0123456789"
{
  echo "scopes:"
  for i in $(seq -w 1 20); do echo "  - name: Bench scope $i"; done
  cat <<YAML
users:
  - {username: bench-super, email: bench-super@example.com, password: "$secret", staff: true, superuser: true}
  - {username: bench-global, email: bench-global@example.com, password: "$secret", staff: true}
  - {username: bench-central, email: bench-central@example.com, password: "$secret", staff: true}
  - {username: bench-scoped, email: bench-scoped@example.com, password: "$secret", staff: true, scope: Bench scope 03}
clients:
  - {client_id: bench-api-global, name: Bench API global, secret: "$secret", grant_types: [client_credentials], scopes: [microsys.admin]}
  - {client_id: bench-api-scoped, name: Bench API scoped, secret: "$secret", grant_types: [client_credentials], scopes: [microsys.admin]}
YAML
} > "$work/bootstrap.yml"

start_provider() {
  local http
  http=$((20000 + RANDOM % 20000))
  base="http://localhost:$http"
  java -jar "$jar" --server.port="$http" --management.server.port=0 --microsys.sso.data-dir="$work/data" \
    --microsys.sso.issuer="$base/o" --microsys.sso.bootstrap.file="$work/bootstrap.yml" \
    --spring.datasource.url="jdbc:mysql://$host:$port/$database?useSSL=false&allowPublicKeyRetrieval=true&connectionTimeZone=UTC&forceConnectionTimeZoneToSession=true" \
    --spring.datasource.username="$user" --spring.datasource.password="$password" \
    --microsys.sso.master-key="$master_key" \
    --microsys.sso.api.requests-per-second=0 --logging.level.root=warn >"$work/provider.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 600); do
    curl -sf "$base/health" >/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || { cat "$work/provider.log" >&2; exit 1; }
    sleep 1
  done
  tail -n 30 "$work/provider.log" >&2
  echo "The provider did not start" >&2
  exit 1
}

# A fixed key, so --reuse starts on signing keys stored by an earlier run (a bench database only).
master_key=$(printf 'people-bench-master-key-32-bytes' | base64)

started=$(date +%s)
log() { printf '[%4d s] %s\n' "$(( $(date +%s) - started ))" "$*" >&2; }

start_provider
log "Provider up at $base on $database; loading $people people"
scope0=$(sql "SELECT MIN(id) FROM sso_scope WHERE name LIKE 'Bench scope %'")
batch=100000
$reuse && first_batch=$((people + 1)) || first_batch=1
for ((first = first_batch; first <= people; first += batch)); do
  last=$((first + batch - 1))
  [ "$last" -gt "$people" ] && last=$people
  { echo "SET @first = $first, @last = $last, @scope0 = $scope0;"; cat bench/people/load.sql; } \
    | mariadb "${db[@]}" "$database"
  log "people: $last of $people"
done
[ "$(sql "SELECT COUNT(*) FROM sso_user_totp")" != 0 ] || sql "INSERT INTO sso_user_totp (user_id, secret_box, confirmed_at, last_used_step, created_at)
       SELECT id, X'00', created_at, 0, created_at FROM sso_user WHERE password_hash IS NULL AND CRC32(CONCAT('t', id)) % 7 = 0;
     INSERT INTO sso_email_factor (user_id, created_at)
       SELECT id, created_at FROM sso_user WHERE password_hash IS NULL AND CRC32(CONCAT('e', id)) % 20 = 3;
     UPDATE sso_user SET two_step = TRUE WHERE id IN (SELECT user_id FROM sso_user_totp)
       OR id IN (SELECT user_id FROM sso_email_factor);
     INSERT INTO sso_user_permission (user_id, permission, created_at)
       SELECT u.id, p.code, UTC_TIMESTAMP(6) FROM sso_user u
       JOIN (SELECT 'users.view' AS code UNION SELECT 'users.add' UNION SELECT 'manage_scopes') p
         ON p.code <> 'manage_scopes' OR u.username = 'bench-global'
       WHERE u.username IN ('bench-global', 'bench-central', 'bench-scoped');
     ANALYZE TABLE sso_user, sso_user_totp, sso_email_factor;" >/dev/null
log "Loaded: $(sql "SELECT COUNT(*) FROM sso_user") people, $(sql "SELECT COUNT(*) FROM sso_user_totp") authenticator apps"

signed_in() { # $1: username; prints the cookie jar
  local jar="$work/$1.cookies" csrf
  csrf=$(curl -s -c "$jar" "$base/accounts/login" | sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' | head -n 1)
  curl -s -b "$jar" -c "$jar" -o /dev/null --data-urlencode "_csrf=$csrf" \
    --data-urlencode "username=$1" --data-urlencode "password=$secret" "$base/accounts/login"
  [ "$(curl -s -b "$jar" -o /dev/null -w '%{http_code}' "$base/sys/users")" = 200 ] \
    || { echo "$1 could not open /sys/users" >&2; exit 1; }
  echo "$jar"
}

measure() { # $1: cookie jar, $2: path and query; prints median and p95 in ms
  local jar=$1 path=$2 status
  status=$(curl -s -b "$jar" -o "$work/page.html" -w '%{http_code}' "$base$path")
  [ "$status" = 200 ] || { echo "$path answered $status" >&2; exit 1; }
  local rows
  rows=$(grep -c 'id="person-' "$work/page.html" || true)
  for _ in 1 2; do curl -s -b "$jar" -o /dev/null "$base$path"; done
  for _ in $(seq 1 "$requests"); do
    curl -s -b "$jar" -o /dev/null -w '%{time_total}\n' "$base$path"
  done | sort -n | awk -v path="$path" -v rows="$rows" '{ t[NR] = $1 * 1000 } END {
    m = (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2
    p = t[int(NR * 0.95 + 0.999)]
    printf "| `%s` | %d | %.1f | %.1f |\n", path, rows, m, p }'
}

scope3=$(sql "SELECT id FROM sso_scope WHERE name = 'Bench scope 03'")

if $console; then
super=$(signed_in bench-super)
global=$(signed_in bench-global)
central=$(signed_in bench-central)
scoped=$(signed_in bench-scoped)
scope5=$((scope0 + 4))
year=$(date -u +%Y)
month_ago=$(date -u -d '45 days ago' +%F)
weeks_ago=$(date -u -d '30 days ago' +%F)

echo
echo "Median and p95 of $requests requests each (ms, curl's time_total, one at a time), $people people:"
echo
echo "| who | page | rows shown | median | p95 |"
echo "|---|---|---|---|---|"
run() { # who jar path
  printf '| %s ' "$1"
  measure "$2" "$3"
}
run superuser "$super" "/sys/users"
run superuser "$super" "/sys/users?sort=lastSignIn&dir=desc"
run superuser "$super" "/sys/users?sort=created&dir=desc&state=active"
run superuser "$super" "/sys/users?sort=name"
run superuser "$super" "/sys/users?sort=email&dir=desc&size=100"
run superuser "$super" "/sys/users?q=ma"
run superuser "$super" "/sys/users?q=maria.garc"
run superuser "$super" "/sys/users?q=kowalski&sort=lastSignIn&dir=desc"
run superuser "$super" "/sys/users?q=zz"
run superuser "$super" "/sys/users?state=pending"
run superuser "$super" "/sys/users?state=pending&twoStep=on"
run superuser "$super" "/sys/users?state=deactivated&tier=staff&origin=INVITATION&twoStep=on"
run superuser "$super" "/sys/users?tier=staff&sort=lastSignIn&dir=desc"
run superuser "$super" "/sys/users?origin=INVITATION&twoStep=off&sort=created"
run superuser "$super" "/sys/users?from=$month_ago&to=$weeks_ago&sort=lastSignIn"
run superuser "$super" "/sys/users?page=199"
run superuser "$super" "/sys/users?q=a&page=20"
run superuser "$super" "/sys/users?q=ma&state=deactivated&tier=staff"
run global "$global" "/sys/users?scope=$scope5&sort=name"
run global "$global" "/sys/users?scope=none&state=deactivated"
run central "$central" "/sys/users"
run central "$central" "/sys/users?q=sa&sort=created&dir=desc"
run scoped "$scoped" "/sys/users"
run scoped "$scoped" "/sys/users?q=an&sort=lastSignIn&dir=desc"
run scoped "$scoped" "/sys/users?state=active&tier=person&sort=created&page=50"

echo
curl -s -b "$scoped" -o "$work/export.csv" -w "Export of a scope (scoped staff, every page): %{time_total} s, %{size_download} bytes, " \
  "$base/sys/users/export.csv"
echo "$(($(wc -l < "$work/export.csv") - 1)) rows"
curl -s -b "$super" -o "$work/export.csv" -w "Export of everyone (superuser): %{time_total} s, %{size_download} bytes, " \
  "$base/sys/users/export.csv"
echo "$(($(wc -l < "$work/export.csv") - 1)) rows"

cols="u.id, u.uuid, u.username, u.email, u.first_name, u.last_name, u.scope_id, u.status, u.is_staff, u.is_superuser, u.origin, u.last_login_at, u.created_at, u.username_key, u.email_key, u.first_name_key, u.last_name_key"
outer="SELECT p.*, s.name AS scope_name, CASE WHEN EXISTS (SELECT 1 FROM sso_user_totp t WHERE t.user_id = p.id AND t.confirmed_at IS NOT NULL) OR EXISTS (SELECT 1 FROM sso_email_factor f WHERE f.user_id = p.id) THEN 1 ELSE 0 END AS two_step"
explain() { # title, sql
  echo
  echo "EXPLAIN: $1"
  mariadb "${db[@]}" "$database" --table -e "EXPLAIN $2"
}
factors="((SELECT COUNT(*) FROM sso_user_totp t WHERE t.user_id = u.id AND t.confirmed_at IS NOT NULL) + (SELECT COUNT(*) FROM sso_email_factor f WHERE f.user_id = u.id))"
explain "superuser, sorted by last sign-in, newest first" \
  "$outer FROM (SELECT $cols FROM sso_user u WHERE TRUE ORDER BY u.last_login_at DESC, u.id DESC LIMIT 51 OFFSET 0) p LEFT JOIN sso_scope s ON s.id = p.scope_id ORDER BY p.last_login_at DESC, p.id DESC"
explain "scoped staff, sorted by username" \
  "$outer FROM (SELECT $cols FROM sso_user u WHERE (u.is_superuser = FALSE AND u.scope_id = $scope3) ORDER BY u.username_key LIMIT 51 OFFSET 0) p LEFT JOIN sso_scope s ON s.id = p.scope_id ORDER BY p.username_key"
best() { # where: a search for "ma" in best match order
  local u="(SELECT u.id, u.username_key AS k1, '' AS k2 FROM sso_user u WHERE $1 AND u.username_key LIKE 'ma%' ESCAPE '!' ORDER BY u.username_key LIMIT 51)"
  local e="(SELECT u.id, u.email_key, '' FROM sso_user u WHERE $1 AND u.email_key LIKE 'ma%' ESCAPE '!' ORDER BY u.email_key LIMIT 51)"
  local f="(SELECT u.id, u.first_name_key, '' FROM sso_user u WHERE $1 AND u.first_name_key LIKE 'ma%' ESCAPE '!' ORDER BY u.first_name_key, u.id LIMIT 51)"
  local l="(SELECT u.id, u.last_name_key, COALESCE(u.first_name_key, '') FROM sso_user u WHERE $1 AND u.last_name_key LIKE 'ma%' ESCAPE '!' ORDER BY u.last_name_key, u.first_name_key, u.id LIMIT 51)"
  echo "$outer FROM (SELECT $cols, b.k1, b.k2 FROM (SELECT m.id, m.k1, m.k2, ROW_NUMBER() OVER (PARTITION BY m.id ORDER BY m.k1, m.k2) AS rn FROM ($u UNION ALL $e UNION ALL $f UNION ALL $l) m) b JOIN sso_user u ON u.id = b.id WHERE b.rn = 1 ORDER BY b.k1, b.k2, b.id LIMIT 51 OFFSET 0) p LEFT JOIN sso_scope s ON s.id = p.scope_id ORDER BY p.k1, p.k2, p.id"
}
explain "superuser, search \"ma\" (best match: the four prefixes, each in its index's order)" "$(best TRUE)"
explain "scoped staff, search \"ma\" (best match)" "$(best "(u.is_superuser = FALSE AND u.scope_id = $scope3)")"
explain "superuser, pending people with two-step on (the walk: the first 2,000 people by username, then the filters)" \
  "$outer FROM (SELECT $cols FROM (SELECT u.id FROM sso_user u WHERE TRUE ORDER BY u.username_key LIMIT 2000) w JOIN sso_user u ON u.id = w.id WHERE u.status IN ('PENDING_APPROVAL', 'UNVERIFIED') AND $factors > 0 ORDER BY u.username_key LIMIT 51 OFFSET 0) p LEFT JOIN sso_scope s ON s.id = p.scope_id ORDER BY p.username_key"
explain "superuser, deactivated staff who came by invitation with two-step on (rare: after the walk, the filters' own index, then sorted)" \
  "$outer FROM (SELECT $cols FROM sso_user u IGNORE INDEX FOR ORDER BY (uk_sso_user_username, ix_sso_user_scope_username) WHERE TRUE AND u.status = 'DEACTIVATED' AND u.is_staff = TRUE AND u.is_superuser = FALSE AND u.origin = 'INVITATION' AND $factors > 0 ORDER BY u.username_key LIMIT 51 OFFSET 0) p LEFT JOIN sso_scope s ON s.id = p.scope_id ORDER BY p.username_key"
fi

$api || exit 0
# ---------------------------------------------------------------------------------------------
# 5. The admin API's people list, for a global service account and one limited to a scope.
sql "INSERT IGNORE INTO sso_client_permission (client_id, permission, created_at)
       SELECT id, 'users.view', UTC_TIMESTAMP(6) FROM sso_client WHERE client_id IN ('bench-api-global', 'bench-api-scoped');
     UPDATE sso_client SET api_scope_id = $scope3 WHERE client_id = 'bench-api-scoped';"
api_base="$base/api/admin/v1"
token() { # $1: client id; prints a fresh access token
  local answer
  answer=$(curl -s -u "$1:$secret" -d grant_type=client_credentials -d scope=microsys.admin "$base/o/token")
  jq -er .access_token <<<"$answer" || { echo "No token for $1: $answer" >&2; exit 1; }
}
for account in bench-api-global bench-api-scoped; do
  me=$(curl -s -H "Authorization: Bearer $(token "$account")" "$api_base/me")
  log "GET /me as $account: $me"
done
cursor_for() { printf '%s' "$1" | base64 | tr '+/' '-_' | tr -d '=\n'; } # the people list's cursor: the row id
api_get() { # $1: token, $2: path; the answer in $work/answer.json, prints the status
  curl -s -H "Authorization: Bearer $1" -o "$work/answer.json" -w '%{http_code}' "$api_base$2"
}
stats() { # reads times in s, prints "median | p95" in ms
  sort -n | awk '{ t[NR] = $1 * 1000 } END {
    m = (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2
    printf "%.1f | %.1f", m, t[int(NR * 0.95 + 0.999)] }'
}
api_measure() { # $1: who, $2: client id, $3: path and query; one table row
  local bearer status items
  bearer=$(token "$2")
  status=$(api_get "$bearer" "$3")
  [ "$status" = 200 ] || { echo "$3 answered $status: $(cat "$work/answer.json")" >&2; exit 1; }
  items=$(jq 'if has("items") then .items | length else 1 end' "$work/answer.json")
  for _ in 1 2; do curl -s -H "Authorization: Bearer $bearer" -o /dev/null "$api_base$3"; done
  printf '| %s | `%s` | %s | %s |\n' "$1" "$3" "$items" "$(for _ in $(seq 1 "$requests"); do
    curl -s -H "Authorization: Bearer $bearer" -o /dev/null -w '%{time_total}\n' "$api_base$3"; done | stats)"
}
api_walk() { # $1: who, $2: client id, $3: query; up to 20 pages following "next" (fewer when the list
  # ends first), the first walk unmeasured
  local bearer walks pages=20 walked after items=0
  bearer=$(token "$2")
  walks=$(( (requests + pages - 1) / pages ))
  for walk in $(seq 0 "$walks"); do
    after=""
    walked=0
    while [ "$walked" -lt "$pages" ]; do
      curl -s -H "Authorization: Bearer $bearer" -o "$work/answer.json" -w '%{time_total}\n' \
        "$api_base/people?$3${after:+&after=$after}" >>"$work/walk-$walk.txt"
      walked=$((walked + 1))
      [ "$walk" = 0 ] && items=$((items + $(jq '.items | length' "$work/answer.json")))
      after=$(jq -r '.next // empty' "$work/answer.json")
      [ -n "$after" ] || break
    done
  done
  printf '| %s | `/people?%s`, %d pages following `next` (%d walks) | %d | %s |\n' "$1" "$3" "$walked" "$walks" \
    "$items" "$(cat "$work"/walk-[1-9]*.txt | stats)"
  rm -f "$work"/walk-*.txt
}
check_cursor() { # $1: client id, $2: query with after=, $3: the uuid the page must start with
  local status first
  status=$(api_get "$(token "$1")" "$2")
  first=$(jq -r '.items[0].id' "$work/answer.json")
  [ "$status" = 200 ] && [ "$first" = "$3" ] \
    || { echo "The cursor of $2 was not accepted as expected: $status, first $first, expected $3" >&2; exit 1; }
}

mid=$(sql "SELECT id FROM sso_user ORDER BY id LIMIT 1 OFFSET $(( $(sql "SELECT COUNT(*) FROM sso_user") / 2 ))")
end=$(sql "SELECT id FROM sso_user ORDER BY id DESC LIMIT 1 OFFSET 100")
deep=$(cursor_for "$mid")
late=$(cursor_for "$end")
check_cursor bench-api-global "/people?after=$deep" "$(sql "SELECT uuid FROM sso_user WHERE id > $mid AND is_superuser = FALSE ORDER BY id LIMIT 1")"
check_cursor bench-api-scoped "/people?after=$deep" "$(sql "SELECT uuid FROM sso_user WHERE id > $mid AND scope_id = $scope3 AND is_superuser = FALSE ORDER BY id LIMIT 1")"
check_cursor bench-api-global "/people?status=deactivated&after=$deep" "$(sql "SELECT uuid FROM sso_user WHERE id > $mid AND status = 'DEACTIVATED' AND is_superuser = FALSE ORDER BY id LIMIT 1")"
log "Deep cursors accepted: $deep (after row id $mid, the middle), $late (after row id $end, 100 before the end)"
person=$(sql "SELECT uuid FROM sso_user WHERE id >= $mid AND is_superuser = FALSE ORDER BY id LIMIT 1")
scoped_person=$(sql "SELECT uuid FROM sso_user WHERE id >= $mid AND scope_id = $scope3 AND is_superuser = FALSE ORDER BY id LIMIT 1")

# A provider just started runs its code interpreted at first: 200 unmeasured calls of the shapes
# measured below, so the first rows of the table are not the compiler's warm-up.
warm=$(token bench-api-global)
for i in $(seq 1 25); do
  for query in "limit=50" "limit=500&after=$deep" "status=deactivated" "scopeId=$scope3" "staff=true" "q=ma" \
      "q=maria.garc" "q=ma&status=deactivated&after=$late"; do
    curl -s -H "Authorization: Bearer $warm" -o /dev/null "$api_base/people?$query"
  done
done
log "Warmed up (200 calls)"

echo
echo "Admin API: median and p95 of $requests requests each (ms, curl's time_total, one at a time), $people people;"
echo "a walk: every page of the measured walks (the first walk unmeasured). \`<middle>\` is the cursor after row id $mid, \`<end>\` after row id $end."
echo
echo "| service account | call | items | median | p95 |"
echo "|---|---|---|---|---|"
api_rows() { # $1: who, $2: client id
  api_measure "$1" "$2" "/people?limit=50"
  api_measure "$1" "$2" "/people?limit=500"
  api_walk "$1" "$2" "limit=50"
  api_measure "$1" "$2" "/people?limit=50&after=$deep" | sed "s/$deep/<middle>/"
  api_measure "$1" "$2" "/people?limit=500&after=$deep" | sed "s/$deep/<middle>/"
  api_measure "$1" "$2" "/people?limit=50&after=$late" | sed "s/$late/<end>/"
  api_measure "$1" "$2" "/people?status=deactivated"
  api_measure "$1" "$2" "/people?status=deactivated&after=$deep" | sed "s/$deep/<middle>/"
  api_measure "$1" "$2" "/people?status=pending_approval&limit=500"
  api_measure "$1" "$2" "/people?scopeId=$scope3"
  api_measure "$1" "$2" "/people?scopeId=$scope3&after=$deep" | sed "s/$deep/<middle>/"
  api_measure "$1" "$2" "/people?scopeId=$scope3&status=deactivated&limit=500"
  api_measure "$1" "$2" "/people?staff=true"
  api_measure "$1" "$2" "/people?staff=true&after=$deep" | sed "s/$deep/<middle>/"
  api_measure "$1" "$2" "/people?staff=true&status=deactivated"
  api_measure "$1" "$2" "/people?q=ma"
  api_measure "$1" "$2" "/people?q=ma&limit=500"
  api_walk "$1" "$2" "q=ma"
  api_measure "$1" "$2" "/people?q=ma&after=$deep" | sed "s/$deep/<middle>/"
  api_measure "$1" "$2" "/people?q=anna.&limit=500"
  api_measure "$1" "$2" "/people?q=maria.garc"
  api_measure "$1" "$2" "/people?q=zz"
  api_measure "$1" "$2" "/people?q=ma&status=deactivated&staff=true"
}
api_rows global bench-api-global
api_rows scoped bench-api-scoped
api_measure global bench-api-global "/people/$person"
api_measure scoped bench-api-scoped "/people/$scoped_person"

# The statements behind some of them, from MariaDB's general log, with ANALYZE (rows read: r_rows).
general_log() { mariadb "${db[@]}" --batch --skip-column-names -e "$1"; }
analyze() { # $1: client id, $2: path and query, $3: SQL LIKE pattern of the statements to show
  local bearer statement
  bearer=$(token "$1")
  general_log "SET GLOBAL general_log = OFF; SET GLOBAL log_output = 'TABLE'; TRUNCATE mysql.general_log; SET GLOBAL general_log = ON"
  api_get "$bearer" "$2" >/dev/null
  general_log "SET GLOBAL general_log = OFF"
  echo
  echo "ANALYZE: $1 $2" | sed -e "s/$deep/<middle>/" -e "s/$late/<end>/"
  general_log "SELECT REPLACE(CONVERT(argument USING utf8mb4), '\n', ' ') FROM mysql.general_log
      WHERE command_type = 'Query' AND CONVERT(argument USING utf8mb4) LIKE '$3'" | sort -u > "$work/statements.sql"
  while IFS= read -r statement; do
    echo
    echo "    $statement"
    mariadb "${db[@]}" "$database" --table -e "ANALYZE $statement" | sed 's/^/    /'
  done < "$work/statements.sql"
}
list='%FROM sso_user u %'
analyze bench-api-global "/people?limit=50" "$list"
analyze bench-api-global "/people?limit=500&after=$deep" "$list"
analyze bench-api-global "/people?limit=50&after=$late" "$list"
analyze bench-api-global "/people?status=deactivated&after=$deep" "$list"
analyze bench-api-global "/people?scopeId=$scope3&after=$deep" "$list"
analyze bench-api-global "/people?staff=true&after=$deep" "$list"
analyze bench-api-global "/people?staff=true&status=deactivated" "$list"
analyze bench-api-global "/people?q=ma&after=$deep" "$list"
analyze bench-api-global "/people?q=anna.&limit=500" "$list"
analyze bench-api-global "/people?q=maria.garc" "$list"
analyze bench-api-scoped "/people?after=$deep" "$list"
analyze bench-api-scoped "/people?q=ma" "$list"
analyze bench-api-scoped "/people?status=deactivated&limit=500" "$list"
analyze bench-api-global "/people/$person" "select%from sso_user %"
