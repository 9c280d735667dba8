#!/usr/bin/env bash
# Measures this provider side by side with Keycloak on the same private MariaDB server and prints
# one Markdown table. Each server in turn (never both under load at once) gets the same
# confidential client "bench" (authorization code with PKCE S256, refresh tokens rotated on use,
# client credentials) and the same user "alice", then the same scenarios, each warmed up first:
#   1. client_credentials tokens (client_secret_basic)      wrk, 16 connections, 2 threads
#   2. refresh with rotation, one token chain per connection wrk + bench/refresh-rotation.lua
#   3. userinfo with a bearer access token                  wrk
#   4. JWKS   5. discovery                                  wrk
#   6. complete logins with PKCE, 8 at a time                bench/oidc-login.mjs (Node)
#   8. resident memory once idle for 10 s after the load, then
#   7. restart: SIGTERM, then seconds from the new start until discovery answers 200.
# Every answer that is not 2xx is counted and shown in the table; rates count 2xx answers only.
#
# Usage: bench/compare-keycloak.sh [--warmup SECONDS] [--duration SECONDS] [--out FILE] [--keep]
#                                  [--only provider] [--scale PEOPLE]
#   --warmup    warm-up per scenario, default 30 (or WARMUP)
#   --duration  measured time per scenario, default 20 (or DURATION)
#   --out       also write the final table (with the machine) to FILE
#   --keep      keep the temporary folder (raw outputs, logs, databases); removed by default
#   --only provider
#               measure the provider alone: Keycloak is neither fetched, built nor started, and
#               the table has the provider's column only (no JDK 21+ needed)
#   --scale N   once the provider has started and applied its bootstrap file, load N people, N
#               live grants with their tokens and 5 N audit events into its database
#               (bench/scale-load.sh, while it runs), then measure; the log and the table give
#               the row counts of the large tables before the first scenario and after the last,
#               and the query plans of the frequent statements go to scale-explain.txt (see --keep).
#               Keycloak's database stays empty, so use it with --only provider. Default 0: none
# Environment: PROVIDER_LAUNCH (launcher: provider/bin/microsys-sso as the README runs it, with its
# class-data archive made by the first start; jar: plain java -jar), PROVIDER_JAVA_OPTS (JVM options
# of the provider, default the launcher's heap settings), PROVIDER_JAVA_HOME
# (the JDK the provider runs on, default the java on the PATH), JAVA_OPTS_KC_HEAP
# (Keycloak's heap options, read by kc.sh; its default outside containers is -Xms64m -Xmx512m),
# KEYCLOAK_JAVA_HOME (a JDK 21+ for Keycloak; default: the newest under /usr/lib/jvm).
# Needs mariadb-server, wrk, curl, Node.js 20+ and Java 17+ (21+ for Keycloak). Everything listens
# on 127.0.0.1 only and is stopped on exit.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$PATH:/usr/sbin:/sbin"

keycloak_version=26.7.3
warmup=${WARMUP:-30}
duration=${DURATION:-20}
out=""
keep=false
only=""
scale=0
connections=16
wrk_threads=2
login_concurrency=8
# Default: the heap and collector settings of provider/bin/microsys-sso (the README's recommendation).
PROVIDER_JAVA_OPTS=${PROVIDER_JAVA_OPTS:--Xms64m -Xmx512m -XX:+UseG1GC -XX:G1PeriodicGCInterval=30000 -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -XX:MaxMetaspaceSize=256m -Xss512k}
provider_java_bin=java
# launcher (default): provider/bin/microsys-sso, with its class-data archive; jar: plain java -jar.
provider_launch=${PROVIDER_LAUNCH:-launcher}
[[ "$provider_launch" =~ ^(launcher|jar)$ ]] || { echo "PROVIDER_LAUNCH is launcher or jar" >&2; exit 2; }
[ -n "${PROVIDER_JAVA_HOME:-}" ] && provider_java_bin="$PROVIDER_JAVA_HOME/bin/java"

while [ $# -gt 0 ]; do
  case "$1" in
    --warmup) warmup=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --keep) keep=true; shift ;;
    --only) only=$2; shift 2 ;;
    --scale) scale=$2; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "Unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done
[[ "$warmup" =~ ^[0-9]+$ && "$duration" =~ ^[1-9][0-9]*$ ]] || { echo "--warmup and --duration take whole seconds" >&2; exit 2; }
# Access tokens live 300 s on both sides; a fresh one is taken before the warm-up and the run.
[ "$warmup" -lt 280 ] && [ "$duration" -lt 280 ] || { echo "--warmup and --duration must stay under 280 s (access tokens live 300 s)" >&2; exit 2; }
[ -z "$only" ] || [ "$only" = provider ] || { echo "--only takes provider" >&2; exit 2; }
[[ "$scale" =~ ^[0-9]+$ && "$scale" -le 99999999 ]] || { echo "--scale takes a number of people (0 to 99999999)" >&2; exit 2; }
with_keycloak=true
[ "$only" = provider ] && with_keycloak=false
if [ -n "$out" ]; then
  mkdir -p "$(dirname "$out")"
  out=$(cd "$(dirname "$out")" && pwd)/$(basename "$out")
fi

missing=()
for tool in mariadbd mariadb-install-db mariadb mariadb-admin wrk; do
  command -v "$tool" >/dev/null || missing+=("$tool")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Missing ${missing[*]}: apt-get install -y mariadb-server wrk" >&2
  exit 1
fi
for tool in curl node "$provider_java_bin" openssl; do
  command -v "$tool" >/dev/null || { echo "Missing $tool" >&2; exit 1; }
done

keycloak_java=${KEYCLOAK_JAVA_HOME:-}
if $with_keycloak && [ -z "$keycloak_java" ]; then
  best=0
  for jdk in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*; do
    version=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$jdk/release" 2>/dev/null || true)
    if [ -n "$version" ] && [ "$version" -ge 21 ] && [ "$version" -gt "$best" ] && [ -x "$jdk/bin/java" ]; then
      keycloak_java=$jdk
      best=$version
    fi
  done
fi
! $with_keycloak || [ -n "$keycloak_java" ] || { echo "Keycloak needs a Java 21+ JDK: none under /usr/lib/jvm (set KEYCLOAK_JAVA_HOME)" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/compare-keycloak.XXXXXX")
raw="$work/raw"
mkdir -p "$raw"
mariadb_pid=""
server_pid=""
current=""

stop_pid() { # $1: pid; SIGTERM, up to 60 s, then SIGKILL
  local pid=$1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 600); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

stop_server() { # kc.sh forwards SIGTERM to its JVM and waits for it; the JVM is ended too if not
  local jvm
  [ -n "$server_pid" ] || return 0
  jvm=$(server_jvm)
  stop_pid "$server_pid"
  [ "$jvm" = "$server_pid" ] || stop_pid "$jvm"
  server_pid=""
}

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  stop_server
  stop_pid "$mariadb_pid"
  if $keep; then
    echo "Kept $work (raw outputs in $raw)" >&2
  else
    rm -rf "$work"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

log() { printf '== %s\n' "$*" >&2; }

free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 30000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
}

json() { # json FIELD < document: prints one field of a JSON object
  node -e 'let s = ""; process.stdin.on("data", (d) => s += d).on("end", () => {
    const v = JSON.parse(s)[process.argv[1]];
    console.log(v === undefined ? "" : typeof v === "object" ? JSON.stringify(v) : v); })' "$1"
}

# The numbers mean little if something else keeps the machine busy: the load is shown with them.
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
awk -v l="${load_before%% *}" 'BEGIN { exit !(l > 0.5) }' \
  && echo "Warning: load average $load_before before the run; something else is using the CPU" >&2

# ---------------------------------------------------------------------------------------------
log "Building the provider (./mvnw -pl provider package)"
./mvnw -B -q -pl provider package -DskipTests
jar=$(ls provider/target/microsys-sso-provider-*.jar | grep -v -e original -e tests | head -n 1)

tarball="$HOME/.m2/repository/org/keycloak/keycloak-quarkus-dist/$keycloak_version/keycloak-quarkus-dist-$keycloak_version.tar.gz"
kc_home="$work/keycloak-$keycloak_version"
if $with_keycloak; then
  if [ ! -f "$tarball" ]; then
    log "Fetching Keycloak $keycloak_version"
    ./mvnw -B -q dependency:copy -Dartifact="org.keycloak:keycloak-quarkus-dist:$keycloak_version:tar.gz" \
      -DoutputDirectory="$work"
    tarball="$work/keycloak-quarkus-dist-$keycloak_version.tar.gz"
  fi
  log "Unpacking Keycloak $keycloak_version"
  tar -xzf "$tarball" -C "$work"
fi

# ---------------------------------------------------------------------------------------------
log "Starting a private MariaDB server"
mariadb-install-db --no-defaults --auth-root-authentication-method=socket --skip-name-resolve \
  --skip-test-db --user="$(id -un)" --datadir="$work/mariadb" >"$raw/mariadb-install.log" 2>&1 \
  || { cat "$raw/mariadb-install.log" >&2; exit 1; }
mysql_args=(--no-defaults --socket="$work/mariadb.sock" --user=root)
for attempt in 1 2 3 4 5; do
  db_port=$(free_port)
  mariadbd --no-defaults --user="$(id -un)" --datadir="$work/mariadb" --socket="$work/mariadb.sock" \
    --pid-file="$work/mariadbd.pid" --port="$db_port" --bind-address=127.0.0.1 --skip-name-resolve \
    --log-error="$raw/mariadb-error.log" --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
    --max-connections=500 </dev/null >"$raw/mariadbd.out" 2>&1 &
  mariadb_pid=$!
  for _ in $(seq 1 120); do
    kill -0 "$mariadb_pid" 2>/dev/null || break
    mariadb-admin "${mysql_args[@]}" --silent ping >/dev/null 2>&1 && break 2
    sleep 0.5
  done
  echo "mariadbd did not start on port $db_port (attempt $attempt)" >&2
  tail -n 20 "$raw/mariadb-error.log" >&2 || true
  stop_pid "$mariadb_pid"
  mariadb_pid=""
done
[ -n "$mariadb_pid" ] || { echo "Could not start mariadbd" >&2; exit 1; }
sql() { mariadb "${mysql_args[@]}" -N -B "$@"; }
table_rows() { # the row counts of the provider's large tables, on one line
  sql provider -e "SELECT CONCAT('sso_user ', (SELECT COUNT(*) FROM sso_user), ', oauth2_authorization ',
    (SELECT COUNT(*) FROM oauth2_authorization), ', oauth2_authorization_token ', (SELECT COUNT(*) FROM oauth2_authorization_token),
    ', sso_audit_event ', (SELECT COUNT(*) FROM sso_audit_event))"
}

provider_db_password=$(openssl rand -hex 16)
keycloak_db_password=$(openssl rand -hex 16)
sql <<SQL
CREATE DATABASE provider CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER 'provider'@'127.0.0.1' IDENTIFIED BY '$provider_db_password';
GRANT ALL PRIVILEGES ON provider.* TO 'provider'@'127.0.0.1';
CREATE DATABASE keycloak CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER 'keycloak'@'127.0.0.1' IDENTIFIED BY '$keycloak_db_password';
GRANT ALL PRIVILEGES ON keycloak.* TO 'keycloak'@'127.0.0.1';
SQL
mariadb_version=$(sql -e 'SELECT VERSION()')
log "MariaDB $mariadb_version on 127.0.0.1:$db_port"

# The same client and user on both servers.
client_id=bench
client_secret=$(openssl rand -hex 24)
redirect_uri="http://127.0.0.1:65000/cb"
username=alice
password="bench-$(openssl rand -hex 12)"
basic=$(printf '%s:%s' "$client_id" "$client_secret" | base64 -w0)
export OIDC_CLIENT_ID=$client_id OIDC_CLIENT_SECRET=$client_secret OIDC_REDIRECT_URI=$redirect_uri
export OIDC_USERNAME=$username OIDC_PASSWORD=$password

# ---------------------------------------------------------------------------------------------
# The provider: its application jar on the database "provider".
provider_port=$(free_port)
provider_issuer="http://localhost:$provider_port/o"
master_key=$(openssl rand -base64 32)
cat >"$work/bootstrap.yml" <<YAML
users:
  - username: $username
    email: $username@example.com
    password: "$password"
    first_name: Alice
    last_name: Bench
clients:
  - client_id: $client_id
    name: Benchmark
    secret: "$client_secret"
    redirect_uris: [$redirect_uri]
    grant_types: [authorization_code, refresh_token, client_credentials]
    scopes: [openid, profile, email, offline_access]
    policy:
      require_pkce: true
      require_https_redirects: false
      allow_localhost_redirects: true
memberships:
  - client: $client_id
    user: $username
    role: user
YAML

launch_provider() {
  local args=(--server.address=127.0.0.1 --server.port="$provider_port" --management.server.port=0
    --microsys.sso.data-dir="$work/provider-data" --microsys.sso.issuer="$provider_issuer"
    --microsys.sso.master-key="$master_key" --microsys.sso.bootstrap.file="$work/bootstrap.yml"
    --spring.datasource.url="jdbc:mysql://127.0.0.1:$db_port/provider"
    --spring.datasource.username=provider --spring.datasource.password="$provider_db_password"
    --logging.level.root=warn)
  if [ "$provider_launch" = launcher ]; then
    # As the README runs it: provider/bin/microsys-sso, whose first start makes the class-data
    # archive (a training start) that later starts use; it ends by exec'ing Java, so the pid stays.
    env MICROSYS_SSO_JAR="$jar" MICROSYS_SSO_JVM_CACHE="$work/jvm-cache" JAVA_OPTS="$PROVIDER_JAVA_OPTS" \
      ${PROVIDER_JAVA_HOME:+JAVA_HOME="$PROVIDER_JAVA_HOME"} provider/bin/microsys-sso "${args[@]}" \
      </dev/null >>"$raw/provider.log" 2>&1 &
  else
    # shellcheck disable=SC2086 # PROVIDER_JAVA_OPTS holds several options
    "$provider_java_bin" $PROVIDER_JAVA_OPTS -jar "$jar" "${args[@]}" </dev/null >>"$raw/provider.log" 2>&1 &
  fi
  server_pid=$!
}

# Keycloak: production mode, built once for MariaDB, on the database "keycloak".
keycloak_port=$(free_port)
keycloak_management_port=$(free_port)
keycloak_cluster_port=$((7800 + RANDOM % 7000)) # JGroups adds 50000 for its failure detection port
keycloak_admin_password=$(openssl rand -hex 16)
keycloak_issuer="http://localhost:$keycloak_port/realms/bench"
if $with_keycloak; then
  log "Building Keycloak for MariaDB (kc.sh build)"
  JAVA_HOME=$keycloak_java "$kc_home/bin/kc.sh" build --db=mariadb --health-enabled=true \
    >"$raw/keycloak-build.log" 2>&1 || { tail -n 30 "$raw/keycloak-build.log" >&2; exit 1; }
fi

launch_keycloak() {
  JAVA_HOME=$keycloak_java KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=$keycloak_admin_password \
    KC_DB_PASSWORD=$keycloak_db_password \
    "$kc_home/bin/kc.sh" start --optimized \
    --db-url="jdbc:mariadb://127.0.0.1:$db_port/keycloak" --db-username=keycloak \
    --http-enabled=true --http-host=127.0.0.1 --http-port="$keycloak_port" \
    --hostname="http://localhost:$keycloak_port" --http-management-port="$keycloak_management_port" \
    --cache-embedded-network-bind-address=127.0.0.1 --cache-embedded-network-bind-port="$keycloak_cluster_port" \
    </dev/null >>"$raw/keycloak.log" 2>&1 &
  server_pid=$!
}

ready_url() { # the server's own readiness check: the provider's /health, Keycloak's /health/ready
  if [ "$current" = keycloak ]; then
    echo "http://127.0.0.1:$keycloak_management_port/health/ready"
  else
    echo "http://127.0.0.1:$provider_port/health"
  fi
}

start_server() { # starts $current and waits until it is ready; sets started_in and ready_in (seconds)
  local started
  started=$(date +%s.%N)
  "launch_$current"
  started_in=$(wait_until_ok "$issuer/.well-known/openid-configuration" "$raw/$current.log" "$started") || return 1
  ready_in=$(wait_until_ok "$(ready_url)" "$raw/$current.log" "$started") || return 1
}

# The JVM of the server (kc.sh starts Java as its child).
server_jvm() {
  local child
  child=$(ps -o pid= --ppid "$server_pid" 2>/dev/null | tr -d ' ' | head -n 1)
  if [ "$current" = keycloak ] && [ -n "$child" ]; then echo "$child"; else echo "$server_pid"; fi
}

wait_until_ok() { # URL LOG [STARTED]: waits up to 300 s for 200; prints the seconds since STARTED
  local url=$1 started=${3:-$(date +%s.%N)} now
  for _ in $(seq 1 3000); do
    if [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url")" = 200 ]; then
      now=$(date +%s.%N)
      awk -v s="$started" -v e="$now" 'BEGIN { printf "%.1f\n", e - s }'
      return 0
    fi
    kill -0 "$server_pid" 2>/dev/null || { echo "The server stopped; the end of $2:" >&2; tail -n 40 "$2" >&2; return 1; }
    sleep 0.1
  done
  echo "No 200 from $url within 300 s" >&2
  return 1
}

configure_keycloak() {
  local admin token base="http://localhost:$keycloak_port"
  admin=$(curl -sf --data-urlencode grant_type=password --data-urlencode client_id=admin-cli \
    --data-urlencode username=admin --data-urlencode "password=$keycloak_admin_password" \
    "$base/realms/master/protocol/openid-connect/token" | json access_token)
  [ -n "$admin" ] || { echo "No admin token from Keycloak" >&2; return 1; }
  kc_admin() { # METHOD PATH [JSON]
    local status
    status=$(curl -s -o "$raw/keycloak-admin-answer.json" -w '%{http_code}' -X "$1" \
      -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' ${3:+--data "$3"} "$base/admin/realms$2")
    case "$status" in 2*) ;; *) echo "Keycloak admin $1 $2: HTTP $status $(cat "$raw/keycloak-admin-answer.json")" >&2; return 1 ;; esac
  }
  # Refresh tokens rotated on use, a reused one refused; access tokens live 300 s like the provider's.
  kc_admin POST "" '{"realm":"bench","enabled":true,"revokeRefreshToken":true,"refreshTokenMaxReuse":0,"accessTokenLifespan":300}'
  kc_admin POST /bench/clients "{\"clientId\":\"$client_id\",\"name\":\"Benchmark\",\"enabled\":true,
    \"protocol\":\"openid-connect\",\"publicClient\":false,\"clientAuthenticatorType\":\"client-secret\",
    \"secret\":\"$client_secret\",\"standardFlowEnabled\":true,\"directAccessGrantsEnabled\":false,
    \"implicitFlowEnabled\":false,\"serviceAccountsEnabled\":true,\"redirectUris\":[\"$redirect_uri\"],
    \"attributes\":{\"pkce.code.challenge.method\":\"S256\"}}"
  kc_admin POST /bench/users "{\"username\":\"$username\",\"enabled\":true,\"email\":\"$username@example.com\",
    \"emailVerified\":true,\"firstName\":\"Alice\",\"lastName\":\"Bench\",
    \"credentials\":[{\"type\":\"password\",\"value\":\"$password\",\"temporary\":false}]}"
}

# ---------------------------------------------------------------------------------------------
declare -A result # result[server.key] = value

wrk_scenario() { # NAME URL LUA [VAR=VALUE...]: warm-up, then the measured run; results under NAME
  local name=$1 url=$2 script=$3 file
  shift 3
  file="$raw/$current-$name"
  env "$@" WRK_THREADS=$wrk_threads wrk -t$wrk_threads -c$connections -d"${warmup}s" --timeout 10s -s "$script" "$url" \
    >"$file-warmup.txt" 2>&1 || true
  wrk_measure "$name" "$url" "$script" "$@"
}

# How much of the machine other programs used while a scenario was measured: the CPU time of the
# whole machine (/proc/stat) less that of this script, its children (wrk, node: counted once they
# end), the server's JVM and MariaDB. Kernel work on their behalf (loopback) may count as others'.
cpu_ticks() { # PID: CPU ticks of the process and of its children that ended
  if [[ "$1" =~ ^[0-9]+$ ]] && [ -r "/proc/$1/stat" ]; then
    sed 's/^.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 + $14 + $15 }'
  else
    echo 0
  fi
}

cpu_snapshot() { # prints: busy total mine
  local mine
  mine=$(( $(cpu_ticks $$) + $(cpu_ticks "$(server_jvm)") + $(cpu_ticks "$mariadb_pid") ))
  awk -v m="$mine" '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9, m; exit }' /proc/stat
}

cpu_others() { # NAME SNAPSHOT: stores the share of the machine (percent) other programs used since
  local after
  after=$(cpu_snapshot)
  result[$current.$1.others]=$(awk -v a="$2" -v b="$after" 'BEGIN {
    split(a, x, " "); split(b, y, " "); o = (y[1] - x[1]) - (y[3] - x[3]); t = y[2] - x[2]
    printf "%.0f", (t > 0 && o > 0) ? 100 * o / t : 0 }')
  others_list+=("${result[$current.$1.others]}")
}

wrk_ms() { # PERCENTILE FILE: that line of wrk's latency distribution, in milliseconds
  awk -v p="$1" '$1 == p {
    v = $2 + 0; u = $2; sub(/^[0-9.]+/, "", u)
    if (u == "us") v /= 1000; else if (u == "s") v *= 1000; else if (u == "m") v *= 60000
    printf (v < 10 ? "%.1f" : "%.0f"), v }' "$2"
}

wrk_measure() { # NAME URL LUA [VAR=VALUE...]: the measured run alone
  local name=$1 url=$2 script=$3 file total seconds bad timeouts snapshot
  shift 3
  file="$raw/$current-$name"
  snapshot=$(cpu_snapshot)
  env "$@" WRK_THREADS=$wrk_threads wrk -t$wrk_threads -c$connections -d"${duration}s" --timeout 10s --latency -s "$script" \
    "$url" >"$file.txt" 2>&1 || true
  cpu_others "$name" "$snapshot"
  total=$(sed -n 's/^ *\([0-9]*\) requests in \([0-9.]*\)\(m\{0,1\}s\).*/\1/p' "$file.txt")
  seconds=$(sed -n 's/^ *[0-9]* requests in \([0-9.]*\)\(m\{0,1\}s\).*/\1 \2/p' "$file.txt" \
    | awk '{ print ($2 == "ms") ? $1 / 1000 : $1 }')
  bad=$(sed -n 's/^non-2xx responses: \([0-9]*\).*/\1/p' "$file.txt")
  timeouts=$(sed -n 's/.*Socket errors:.*timeout \([0-9]*\).*/\1/p' "$file.txt")
  if [ -z "$total" ] || [ -z "$seconds" ] || [ -z "$bad" ]; then
    result[$current.$name]="failed (see $(basename "$file").txt)"
    log "$current $name: wrk failed"
    return 0
  fi
  result[$current.$name.rate]=$(awk -v t="$total" -v b="$bad" -v s="$seconds" 'BEGIN { printf "%.0f", (t - b) / s }')
  result[$current.$name.p50]=$(wrk_ms 50% "$file.txt")
  result[$current.$name.p99]=$(wrk_ms 99% "$file.txt")
  result[$current.$name.bad]=$bad
  result[$current.$name.classes]=$(sed -n 's/^by class: \(.*\)/\1/p' "$file.txt" | sed 's/[345]xx 0\(, \)\{0,1\}//g; s/, $//')
  result[$current.$name.total]=$total
  result[$current.$name.timeouts]=${timeouts:-0}
  result[$current.$name.starved]=$(sed -n 's/^requests without a token left: \([0-9]*\).*/\1/p' "$file.txt")
  log "$current $name: ${result[$current.$name.rate]}/s 2xx, p50 ${result[$current.$name.p50]} ms, p99 ${result[$current.$name.p99]} ms, non-2xx $bad of $total; other programs used ${result[$current.$name.others]}% of the CPU"
}

tokens() { # COUNT FIELD FILE: signs in COUNT times, one value of FIELD per line in FILE
  node bench/oidc-login.mjs tokens "$issuer" --count "$1" --field "$2" --out "$3" 2>>"$raw/$current-logins-for-tokens.txt"
}

run_scenarios() { # on the server started as $current, issuer $issuer
  local discovery token_endpoint userinfo_endpoint jwks_uri access started stopped
  others_list=()

  discovery=$(curl -sf "$issuer/.well-known/openid-configuration")
  echo "$discovery" >"$raw/$current-discovery.json"
  token_endpoint=$(json token_endpoint <<<"$discovery")
  userinfo_endpoint=$(json userinfo_endpoint <<<"$discovery")
  jwks_uri=$(json jwks_uri <<<"$discovery")

  log "$current: 1. client_credentials"
  wrk_scenario client_credentials "$token_endpoint" bench/compare-request.lua \
    BENCH_METHOD=POST BENCH_BODY=grant_type=client_credentials "BENCH_AUTHORIZATION=Basic $basic"

  log "$current: 2. refresh with rotation (logging in $((2 * connections + 2)) times for the tokens)"
  if tokens $((connections + 1)) refresh_token "$work/$current-refresh-warmup" \
      && tokens $((connections + 1)) refresh_token "$work/$current-refresh"; then
    env BENCH_BASIC="$basic" REFRESH_TOKENS_FILE="$work/$current-refresh-warmup" WRK_THREADS=$wrk_threads \
      wrk -t$wrk_threads -c$connections -d"${warmup}s" --timeout 10s -s bench/refresh-rotation.lua "$token_endpoint" \
      >"$raw/$current-refresh-warmup.txt" 2>&1 || true
    wrk_measure refresh "$token_endpoint" bench/refresh-rotation.lua \
      BENCH_BASIC="$basic" REFRESH_TOKENS_FILE="$work/$current-refresh"
  else
    result[$current.refresh]="failed: no refresh tokens ($current-logins-for-tokens.txt)"
  fi

  log "$current: 3. userinfo"
  if tokens 1 access_token "$work/$current-access-warmup" && access=$(cat "$work/$current-access-warmup"); then
    env BENCH_AUTHORIZATION="Bearer $access" wrk -t$wrk_threads -c$connections -d"${warmup}s" --timeout 10s \
      -s bench/compare-request.lua "$userinfo_endpoint" >"$raw/$current-userinfo-warmup.txt" 2>&1 || true
  fi
  if tokens 1 access_token "$work/$current-access" && access=$(cat "$work/$current-access"); then
    wrk_measure userinfo "$userinfo_endpoint" bench/compare-request.lua "BENCH_AUTHORIZATION=Bearer $access"
  else
    result[$current.userinfo]="failed: no access token ($current-logins-for-tokens.txt)"
  fi

  log "$current: 4. JWKS"
  wrk_scenario jwks "$jwks_uri" bench/compare-request.lua
  log "$current: 5. discovery"
  wrk_scenario discovery "$issuer/.well-known/openid-configuration" bench/compare-request.lua

  log "$current: 6. logins with PKCE, $login_concurrency at a time"
  node bench/oidc-login.mjs logins "$issuer" --seconds "$warmup" --concurrency "$login_concurrency" \
    >"$raw/$current-logins-warmup.json" 2>&1 || true
  local answer snapshot
  snapshot=$(cpu_snapshot)
  if node bench/oidc-login.mjs logins "$issuer" --seconds "$duration" --concurrency "$login_concurrency" \
      >"$raw/$current-logins.json" 2>&1; then
    cpu_others logins "$snapshot"
    answer=$(tail -n 1 "$raw/$current-logins.json")
    result[$current.logins.rate]=$(json per_second <<<"$answer")
    result[$current.logins.errors]=$(json errors <<<"$answer")
    result[$current.logins.total]=$(( $(json logins <<<"$answer") + $(json errors <<<"$answer") ))
    result[$current.logins.p50]=$(json code_to_token_ms <<<"$answer" | json p50)
    result[$current.logins.p99]=$(json code_to_token_ms <<<"$answer" | json p99)
    result[$current.logins.reason]=$(node -e 'const r = JSON.parse(process.argv[1]).error_reasons;
      const [k, n] = Object.entries(r)[0] ?? []; if (k) console.log(`${n}× ${k}`)' "$answer")
    log "$current logins: $answer; other programs used ${result[$current.logins.others]}% of the CPU"
  else
    result[$current.logins]="failed (see $current-logins.json)"
  fi

  result[$current.others]=$(printf '%s\n' "${others_list[@]}" | awk '{ s += $1; if ($1 > m) m = $1 } END {
    if (NR) printf "%.0f %% on average, at most %d %%", s / NR, m; else printf "?" }')

  if [ "$current" = provider ] && [ "$scale" -gt 0 ]; then
    scale_rows_after=$(table_rows)
    log "Rows after the scenarios: $scale_rows_after"
  fi

  log "$current: 8. memory once idle for 10 s"
  sleep 10
  result[$current.rss]=$(ps -o rss= -p "$(server_jvm)" | tr -d ' ')
  log "$current: RSS ${result[$current.rss]} KiB"

  log "$current: 7. restart until discovery answers 200"
  started=$(date +%s.%N)
  stop_server
  stopped=$(date +%s.%N)
  result[$current.stop]=$(awk -v s="$started" -v e="$stopped" 'BEGIN { printf "%.1f", e - s }')
  if start_server; then
    result[$current.restart]=$started_in
    result[$current.ready]=$ready_in
    log "$current: stopped in ${result[$current.stop]} s; discovery 200 after $started_in s, ready after $ready_in s"
  else
    result[$current.restart]=failed
    result[$current.ready]=failed
  fi
  stop_server
}

# ---------------------------------------------------------------------------------------------
current=provider
issuer=$provider_issuer
log "Starting the provider ($jar) on 127.0.0.1:$provider_port"
# Its health check turns 200 once the bootstrap file is applied (discovery answers earlier).
start_server
provider_java=$("$provider_java_bin" -version 2>&1 | head -n 1)
provider_hash=$(sql provider -e "SELECT password_hash FROM sso_user WHERE username_key = 'alice'" \
  | sed -n 's/^\(.*\$v=[0-9]*\$[^$]*\)\$.*/\1/p')
if [ "$scale" -gt 0 ]; then
  log "Loading $scale people, $scale grants and $((5 * scale)) audit events into the provider's database (bench/scale-load.sh)"
  load_started=$(date +%s)
  if ! bench/scale-load.sh --people "$scale" --client "$client_id" -- "${mysql_args[@]}" provider 2>&1 \
      | tee "$raw/scale-load.log" >&2; then
    echo "Loading failed (see scale-load.log)" >&2
    exit 1
  fi
  scale_load_seconds=$(( $(date +%s) - load_started ))
  mariadb "${mysql_args[@]}" --table provider <bench/scale-explain.sql >"$raw/scale-explain.txt" 2>&1 || true
  scans=$(grep -c -E '^\| +[0-9]+ \| [A-Z ]+\| [a-z_0-9]+ +\| (ALL|index) ' "$raw/scale-explain.txt" || true)
  log "Query plans of the frequent statements in scale-explain.txt: $scans full scan(s) (type ALL or index)"
  scale_rows_before=$(table_rows)
  log "Rows before the scenarios: $scale_rows_before"
fi
run_scenarios

if $with_keycloak; then
  current=keycloak
  issuer=$keycloak_issuer
  log "Starting Keycloak $keycloak_version on 127.0.0.1:$keycloak_port (first start creates its schema)"
  launch_keycloak
  wait_until_ok "http://127.0.0.1:$keycloak_management_port/health/ready" "$raw/keycloak.log" >/dev/null
  configure_keycloak
  keycloak_java_version=$("$keycloak_java/bin/java" -version 2>&1 | head -n 1)
  keycloak_hash=$(sql keycloak -e "SELECT c.CREDENTIAL_DATA FROM CREDENTIAL c JOIN USER_ENTITY u ON u.ID = c.USER_ID
    JOIN REALM r ON r.ID = u.REALM_ID WHERE r.NAME = 'bench' AND u.USERNAME = 'alice' AND c.TYPE = 'password'" \
    | node -e 'let s = ""; process.stdin.on("data", (d) => s += d).on("end", () => {
        const c = JSON.parse(s), p = c.additionalParameters ?? {}, one = (k) => (p[k] ?? ["?"])[0];
        console.log(`${c.algorithm}${one("type")} v${one("version")} m=${one("memory")} KiB t=${c.hashIterations} p=${one("parallelism")}`); })' \
    || echo "?")
  run_scenarios
fi

# ---------------------------------------------------------------------------------------------
ratio() { # A B: A / B with two decimals, or a dash
  awk -v a="$1" -v b="$2" 'BEGIN { if (a ~ /^[0-9.]+$/ && b ~ /^[0-9.]+$/ && b > 0) printf "%.2f", a / b; else printf "–" }'
}

wrk_cell() { # SERVER NAME: "1234/s (p50 5 ms, p99 20 ms), non-2xx 0 of 24680"
  local key="$1.$2" cell
  if [ -n "${result[$key]:-}" ]; then echo "${result[$key]}"; return; fi
  cell="${result[$key.rate]}/s (p50 ${result[$key.p50]} ms, p99 ${result[$key.p99]} ms)"
  if [ "${result[$key.bad]}" -gt 0 ]; then
    cell="$cell, **non-2xx ${result[$key.bad]} of ${result[$key.total]}** (${result[$key.classes]:-none by status: 200 without a new token})"
  else
    cell="$cell, non-2xx 0 of ${result[$key.total]}"
  fi
  [ "${result[$key.timeouts]}" -gt 0 ] && cell="$cell, **${result[$key.timeouts]} timeouts**"
  [ "${result[$key.starved]:-0}" -gt 0 ] && cell="$cell (of which ${result[$key.starved]} after every chain of a thread broke)"
  echo "$cell"
}

login_cell() {
  local key="$1.logins"
  if [ -n "${result[$key]:-}" ]; then echo "${result[$key]}"; return; fi
  local cell="${result[$key.rate]}/s (code→token p50 ${result[$key.p50]} ms, p99 ${result[$key.p99]} ms)"
  if [ "${result[$key.errors]}" -gt 0 ]; then
    echo "$cell, **errors ${result[$key.errors]} of ${result[$key.total]}** (most: ${result[$key.reason]})"
  else
    echo "$cell, errors 0 of ${result[$key.total]}"
  fi
}

{
  # row LABEL PROVIDER_CELL KEYCLOAK_CELL RATIO: the Keycloak columns only when it was measured
  row() {
    if $with_keycloak; then echo "| $1 | $2 | $3 | $4 |"; else echo "| $1 | $2 |"; fi
  }
  wrk_row() { # LABEL NAME
    row "$1" "$(wrk_cell provider "$2")" "$( $with_keycloak && wrk_cell keycloak "$2")" \
      "$(ratio "${result[provider.$2.rate]:-}" "${result[keycloak.$2.rate]:-}")"
  }
  provider_header=provider
  [ "$scale" -gt 0 ] && provider_header="provider, $scale people loaded"
  row "scenario" "$provider_header" "Keycloak $keycloak_version" "provider / Keycloak"
  if $with_keycloak; then echo "|---|---|---|---|"; else echo "|---|---|"; fi
  wrk_row "1. client_credentials tokens (client_secret_basic)" client_credentials
  wrk_row "2. refresh with rotation (one chain per connection)" refresh
  wrk_row "3. userinfo (GET, bearer token)" userinfo
  wrk_row "4. JWKS (GET)" jwks
  wrk_row "5. discovery (GET)" discovery
  row "6. complete logins with PKCE ($login_concurrency at a time)" "$(login_cell provider)" \
    "$( $with_keycloak && login_cell keycloak)" "$(ratio "${result[provider.logins.rate]:-}" "${result[keycloak.logins.rate]:-}")"
  row "7. restart: seconds from start to discovery 200 (to its own readiness check; stopping took)" \
    "${result[provider.restart]} s (${result[provider.ready]} s; ${result[provider.stop]} s)" \
    "${result[keycloak.restart]:-} s (${result[keycloak.ready]:-} s; ${result[keycloak.stop]:-} s)" \
    "$(ratio "${result[provider.restart]}" "${result[keycloak.restart]:-}")"
  p_mib=$(awk -v k="${result[provider.rss]:-0}" 'BEGIN { printf "%.0f", k / 1024 }')
  k_mib=$(awk -v k="${result[keycloak.rss]:-0}" 'BEGIN { printf "%.0f", k / 1024 }')
  row "8. resident memory (RSS) after the load, idle 10 s" "$p_mib MiB" "$k_mib MiB" "$(ratio "$p_mib" "$k_mib")"
  if $with_keycloak; then
    echo "| CPU used by other programs while rows 1–6 were measured | ${result[provider.others]:-?} | ${result[keycloak.others]:-?} | |"
  else
    echo "| CPU used by other programs while rows 1–6 were measured | ${result[provider.others]:-?} |"
  fi
  if [ "$scale" -gt 0 ]; then
    row "provider's database before the scenarios (rows)" "$scale_rows_before" "empty" ""
    row "provider's database after them, before the restart (rows)" "$scale_rows_after" "" ""
  fi
  echo
  echo "Rates count 2xx answers per second of the measured run; latencies are wrk's, over every answer."
  $with_keycloak && echo "Rows 1–6: above 1 the provider is faster; rows 7–8: above 1 it is slower or bigger."
  echo "wrk: $wrk_threads threads, $connections connections; ${warmup} s warm-up and ${duration} s measured per scenario, one server at a time."
  [ "$scale" -gt 0 ] && echo "Loaded by bench/scale-load.sh in ${scale_load_seconds} s, after the provider's first start: $scale people, $scale live grants of the bench app (with their token index rows), $((5 * scale)) audit events over 90 days, memberships and four more apps."
  echo
  echo "| machine | |"
  echo "|---|---|"
  echo "| CPU | $(nproc) × $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1) (load generators on the same machine) |"
  echo "| load average (1, 5, 15 min) | $load_before before the run, $(cut -d' ' -f1-3 /proc/loadavg) after |"
  echo "| memory | $(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) |"
  echo "| provider's Java | $provider_java; started by $( [ "$provider_launch" = launcher ] && echo "provider/bin/microsys-sso (class-data archive from its first start)" || echo "java -jar"); options: ${PROVIDER_JAVA_OPTS:-none (JVM defaults)} |"
  $with_keycloak && echo "| Keycloak's Java | $keycloak_java_version; heap: ${JAVA_OPTS_KC_HEAP:-kc.sh default -Xms64m -Xmx512m} |"
  echo "| MariaDB | $mariadb_version (private server, defaults but utf8mb4 and max-connections 500) |"
  echo "| tools | $(wrk -v 2>&1 | head -n 1 | cut -d' ' -f1-2), Node $(node --version) |"
  echo "| provider's password hash (alice's, as stored) | ${provider_hash:-?} (Argon2id: m in KiB, t passes, p lanes) |"
  $with_keycloak && echo "| Keycloak's password hash (alice's, as stored) | ${keycloak_hash:-?}: its default, Argon2id m=7 MiB t=5 p=1 |"
  true
} >"$work/table.md"

echo
cat "$work/table.md"
cp "$work/table.md" "$raw/table.md"
if [ -n "$out" ]; then
  cp "$work/table.md" "$out"
  echo
  echo "Table written to $out"
fi
