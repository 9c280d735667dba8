#!/usr/bin/env bash
# The admin API's people list beside Keycloak's admin API, at the same number of people. Not part
# of the build or CI: run it by hand, after bench/people/people-bench.sh has loaded its database.
#  1. fetches Keycloak (as bench/compare-keycloak.sh does: from ~/.m2, or Maven Central through
#     ./mvnw dependency:copy), builds it for MariaDB and starts it on a fresh database "keycloak"
#     of the same server, with a JDK 21+ from /usr/lib/jvm;
#  2. loads the people of the people bench's database (SOURCE, the first ones by row id, without
#     its bench-* accounts) into a realm "people" through Keycloak's partial import
#     (POST /admin/realms/people/partialImport, BATCH users a request, no credentials: username,
#     email, names, enabled = not deactivated, email verified), until MAX people or MINUTES minutes
#     after the script started (the last batch started before then completes);
#  3. times REQUESTS requests (after 3 unmeasured ones) of GET /admin/realms/people/users with
#     first = 0, the middle and the end, max=50, with and without briefRepresentation=true, a
#     search, and one user, with the master realm's admin token; then stops Keycloak;
#  4. runs bench/people/people-bench.sh --people N --api --no-console on the database TARGET, N
#     being the number Keycloak holds, for our side at the same count.
# Usage: bench/people/api-compare-keycloak.sh [--minutes M] [--max N] [--batch B] [--requests R]
#                                             [--source SOURCE] [--target TARGET] [--no-ours]
#   defaults: --minutes 15, --max 1000000, --batch 1000, --requests 30, --source bench_people,
#   --target bench_people_kc; --no-ours leaves out step 4.
# The server: MARIADB_HOST (127.0.0.1), MARIADB_PORT (33061), MARIADB_USER (microsys),
# MARIADB_PASSWORD (pw); the user creates and drops the databases "keycloak" and TARGET.
# KEYCLOAK_TARBALL: a keycloak-quarkus-dist tar.gz already fetched; KEYCLOAK_JAVA_HOME: a JDK 21+;
# JAVA_OPTS_KC_HEAP: Keycloak's heap (default here -Xms256m -Xmx2g, for the imports).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

keycloak_version=26.7.3
minutes=15
max=1000000
batch=1000
requests=30
source_db=bench_people
target_db=bench_people_kc
ours=true
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) minutes=$2; shift 2 ;;
    --max) max=$2; shift 2 ;;
    --batch) batch=$2; shift 2 ;;
    --requests) requests=$2; shift 2 ;;
    --source) source_db=$2; shift 2 ;;
    --target) target_db=$2; shift 2 ;;
    --no-ours) ours=false; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "Unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done
for n in "$minutes" "$max" "$batch" "$requests"; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "--minutes, --max, --batch and --requests take whole numbers" >&2; exit 2; }
done
[[ "$source_db" =~ ^[A-Za-z0-9_]+$ && "$target_db" =~ ^[A-Za-z0-9_]+$ ]] || { echo "database names: letters, digits, underscore" >&2; exit 2; }

host=${MARIADB_HOST:-127.0.0.1}
port=${MARIADB_PORT:-33061}
user=${MARIADB_USER:-microsys}
password=${MARIADB_PASSWORD:-pw}
db=(--no-defaults --host="$host" --port="$port" --user="$user" --password="$password" --protocol=tcp)
sql() { mariadb "${db[@]}" "$source_db" --batch --skip-column-names -e "$1"; }
available=$(sql "SELECT COUNT(*) FROM sso_user WHERE username NOT LIKE 'bench-%'") \
  || { echo "No people bench database $source_db: run bench/people/people-bench.sh first" >&2; exit 1; }
[ "$max" -le "$available" ] || max=$available

keycloak_java=${KEYCLOAK_JAVA_HOME:-}
if [ -z "$keycloak_java" ]; then # the newest JDK 21+ under /usr/lib/jvm, as bench/compare-keycloak.sh picks it
  best=0
  for jdk in /usr/lib/jvm/*; do
    version=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$jdk/release" 2>/dev/null || true)
    if [ -n "$version" ] && [ "$version" -ge 21 ] && [ "$version" -gt "$best" ] && [ -x "$jdk/bin/java" ]; then
      keycloak_java=$jdk
      best=$version
    fi
  done
fi
[ -n "$keycloak_java" ] || { echo "Keycloak needs a Java 21+ JDK: none under /usr/lib/jvm (set KEYCLOAK_JAVA_HOME)" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/api-compare-keycloak.XXXXXX")
kc_pid=""
stop_keycloak() { # kc.sh forwards SIGTERM to its JVM
  [ -n "$kc_pid" ] && kill -0 "$kc_pid" 2>/dev/null || return 0
  kill "$kc_pid" 2>/dev/null || true
  for _ in $(seq 1 600); do kill -0 "$kc_pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$kc_pid" 2>/dev/null || true
  kc_pid=""
}
trap 'stop_keycloak; rm -rf "$work"' EXIT
started=$(date +%s)
log() { printf '[%4d s] %s\n' "$(( $(date +%s) - started ))" "$*" >&2; }
free_port() { while :; do p=$((20000 + RANDOM % 20000)); (echo >"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }; done; }

tarball=${KEYCLOAK_TARBALL:-$HOME/.m2/repository/org/keycloak/keycloak-quarkus-dist/$keycloak_version/keycloak-quarkus-dist-$keycloak_version.tar.gz}
if [ ! -f "$tarball" ]; then
  log "Fetching Keycloak $keycloak_version"
  ./mvnw -B -q dependency:copy -Dartifact="org.keycloak:keycloak-quarkus-dist:$keycloak_version:tar.gz" -DoutputDirectory="$work"
  tarball="$work/keycloak-quarkus-dist-$keycloak_version.tar.gz"
fi
tar -xzf "$tarball" -C "$work"
kc_home="$work/keycloak-$keycloak_version"
JAVA_HOME=$keycloak_java "$kc_home/bin/kc.sh" build --db=mariadb --health-enabled=true >"$work/build.log" 2>&1 \
  || { tail -n 30 "$work/build.log" >&2; exit 1; }

mariadb "${db[@]}" -e "DROP DATABASE IF EXISTS keycloak; CREATE DATABASE keycloak CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
kc_port=$(free_port)
kc_management=$(free_port)
admin_password=$(openssl rand -hex 16)
kc="http://localhost:$kc_port"
JAVA_HOME=$keycloak_java JAVA_OPTS_KC_HEAP=${JAVA_OPTS_KC_HEAP:--Xms256m -Xmx2g} \
  KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=$admin_password KC_DB_PASSWORD=$password \
  "$kc_home/bin/kc.sh" start --optimized \
  --db-url="jdbc:mariadb://$host:$port/keycloak" --db-username="$user" \
  --http-enabled=true --http-host=127.0.0.1 --http-port="$kc_port" --hostname="$kc" \
  --http-management-port="$kc_management" --cache=local \
  </dev/null >"$work/keycloak.log" 2>&1 &
kc_pid=$!
for _ in $(seq 1 3000); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$kc_management/health/ready")" = 200 ] && break
  kill -0 "$kc_pid" 2>/dev/null || { tail -n 40 "$work/keycloak.log" >&2; exit 1; }
  sleep 0.1
done
log "Keycloak $keycloak_version up at $kc (JDK $keycloak_java)"

admin_token() { # the master realm's admin token (it lives 60 s: one is taken for each use)
  curl -sf --data-urlencode grant_type=password --data-urlencode client_id=admin-cli --data-urlencode username=admin \
    --data-urlencode "password=$admin_password" "$kc/realms/master/protocol/openid-connect/token" | jq -er .access_token
}
curl -sf -H "Authorization: Bearer $(admin_token)" -H 'Content-Type: application/json' \
  -d '{"realm": "people", "enabled": true}' "$kc/admin/realms"

# The people bench's people, first by row id, BATCH at a time as partial imports.
ids="$work/ids"
sql "SELECT id FROM sso_user WHERE username NOT LIKE 'bench-%' ORDER BY id LIMIT $max" >"$ids"
deadline=$((started + minutes * 60))
loaded=0
while [ "$loaded" -lt "$max" ] && [ "$(date +%s)" -lt "$deadline" ]; do
  from=$(sed -n "$((loaded + 1)){p;q}" "$ids")
  to=$(sed -n "$((loaded + batch < max ? loaded + batch : max)){p;q}" "$ids")
  mariadb "${db[@]}" "$source_db" --batch --skip-column-names --raw -e "SET SESSION group_concat_max_len = 1073741824;
    SELECT JSON_OBJECT('ifResourceExists', 'SKIP', 'users', JSON_ARRAYAGG(JSON_OBJECT('username', username,
        'email', email, 'firstName', first_name, 'lastName', last_name,
        'enabled', JSON_EXTRACT(IF(status = 'DEACTIVATED', 'false', 'true'), '\$'),
        'emailVerified', JSON_EXTRACT('true', '\$'), 'createdTimestamp', FLOOR(UNIX_TIMESTAMP(created_at) * 1000))))
    FROM sso_user WHERE id BETWEEN $from AND $to AND username NOT LIKE 'bench-%'" >"$work/batch.json"
  status=$(curl -s -o "$work/import.json" -w '%{http_code}' -H "Authorization: Bearer $(admin_token)" \
    -H 'Content-Type: application/json' --data-binary "@$work/batch.json" "$kc/admin/realms/people/partialImport")
  [ "$status" = 200 ] || { echo "partialImport answered $status: $(head -c 500 "$work/import.json")" >&2; exit 1; }
  loaded=$((loaded + $(jq .added "$work/import.json")))
  (( loaded % (batch * 20) == 0 )) && log "Keycloak: $loaded people"
done
count=$(curl -sf -H "Authorization: Bearer $(admin_token)" "$kc/admin/realms/people/users/count")
load_seconds=$(( $(date +%s) - started ))
log "Keycloak holds $count people of the realm \"people\" (loaded in about $load_seconds s with the start)"

stats() { # reads times in s, prints "median | p95" in ms
  sort -n | awk '{ t[NR] = $1 * 1000 } END {
    m = (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2
    printf "%.1f | %.1f", m, t[int(NR * 0.95 + 0.999)] }'
}
kc_measure() { # $1: path and query under /admin/realms/people; one table row
  local bearer status items
  bearer=$(admin_token)
  status=$(curl -s -H "Authorization: Bearer $bearer" -o "$work/answer.json" -w '%{http_code}' "$kc/admin/realms/people$1")
  [ "$status" = 200 ] || { echo "$1 answered $status: $(head -c 300 "$work/answer.json")" >&2; exit 1; }
  items=$(jq 'if type == "array" then length else 1 end' "$work/answer.json")
  for _ in 1 2; do curl -s -H "Authorization: Bearer $bearer" -o /dev/null "$kc/admin/realms/people$1"; done
  printf '| `%s` | %s | %s |\n' "$1" "$items" "$(for _ in $(seq 1 "$requests"); do
    curl -s -H "Authorization: Bearer $bearer" -o /dev/null -w '%{time_total}\n' "$kc/admin/realms/people$1"; done | stats)"
}
middle=$((count / 2))
last=$((count - 50))
one=$(curl -sf -H "Authorization: Bearer $(admin_token)" "$kc/admin/realms/people/users?first=$middle&max=1&briefRepresentation=true" | jq -r '.[0].id')

echo
echo "Keycloak $keycloak_version admin API, $count people in the realm: median and p95 of $requests requests each"
echo "(ms, curl's time_total, one at a time; the admin token of the master realm)."
echo
echo "| call | items | median | p95 |"
echo "|---|---|---|---|"
kc_measure "/users?first=0&max=50"
kc_measure "/users?first=0&max=50&briefRepresentation=true"
kc_measure "/users?first=$middle&max=50"
kc_measure "/users?first=$middle&max=50&briefRepresentation=true"
kc_measure "/users?first=$last&max=50"
kc_measure "/users?first=$last&max=50&briefRepresentation=true"
kc_measure "/users?first=0&max=500&briefRepresentation=true"
kc_measure "/users?search=ma&max=50&briefRepresentation=true"
kc_measure "/users?search=ma&first=$((count / 20))&max=50&briefRepresentation=true"
kc_measure "/users?search=maria.garc&max=50&briefRepresentation=true"
kc_measure "/users?search=zz&max=50&briefRepresentation=true"
kc_measure "/users?enabled=false&max=50&briefRepresentation=true"
kc_measure "/users/$one"
stop_keycloak
log "Keycloak stopped"

if $ours; then
  echo
  echo "Ours at the same count: bench/people/people-bench.sh --people $count --api --no-console --database $target_db"
  bench/people/people-bench.sh --people "$count" --requests "$requests" --database "$target_db" --no-build --api --no-console
fi
