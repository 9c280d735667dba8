#!/usr/bin/env bash
# Shows that the purge of expired grants keeps oauth2_authorization bounded under sustained load.
# Starts the provider on a private MariaDB server (as bench/compare-keycloak.sh does), gives the
# bench app short-lived tokens, and runs two loads at once for the whole run:
#   - complete sign-ins with PKCE, 8 at a time (bench/oidc-login.mjs, scenario 6 of the comparison):
#     every sign-in stores a grant that lives as long as its longest token (here the redeemed
#     authorization code, kept 5 minutes so that a second use of it still revokes its tokens);
#   - client_credentials tokens without a pause (wrk, 2 threads, 16 connections: scenario 1), which
#     store nothing (an app's own tokens are rebuilt from the token when they come back), so they
#     must leave the table as it is.
# The table grows by the sign-in rate until the purge starts removing grants; it should then level
# off at about
#   sign-in rate × (grant lifetime + purge grace + up to one purge interval)
# and stay there. Every sample (every 30 s by default) prints one line: the time, the rows of
# oauth2_authorization, those of client_credentials, those already expired, those past the grace
# (the purge may remove them), the token index rows, the grants the purge removed since the last
# sample (from the provider's log) and the grants stored so far (rows added plus rows purged).
#
# Usage: bench/purge-under-load.sh [--duration SECONDS] [--sample SECONDS] [--token-ttl SECONDS]
#                                  [--purge-interval SECONDS] [--purge-grace SECONDS] [--scale N]
#                                  [--out FILE] [--keep]
#   --duration        length of the load, default 600
#   --sample          seconds between samples, default 30
#   --token-ttl       access and refresh token lifetime of the bench app, default 60 (the app's
#                     defaults are 300 s and 30 days)
#   --purge-interval  microsys.sso.authorizations.purge-interval, default the provider's (60)
#   --purge-grace     microsys.sso.authorizations.purge-grace, default the provider's (300)
#   --login-scope     scope the sign-ins ask for, default "profile email": no openid, so no ID token,
#                     whose lifetime (30 minutes, fixed) would keep every grant longer than the run;
#                     "openid profile email" shows that growth phase instead
#   --scale N         first load N people, N live grants, 5 N audit events (bench/scale-load.sh);
#                     the loaded grants expire hours later, so they stay and are counted apart
#   --out             also write the table to FILE
#   --keep            keep the temporary folder (logs, wrk output, database)
# Environment: PROVIDER_JAVA_OPTS, PROVIDER_JAVA_HOME (as for bench/compare-keycloak.sh).
# Needs mariadb-server, wrk, curl, openssl, Node.js 20+ and Java 17+. Everything listens on 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$PATH:/usr/sbin:/sbin"

duration=600
sample=30
token_ttl=60
purge_interval=60
purge_grace=300
login_scope="profile email"
scale=0
out=""
keep=false
PROVIDER_JAVA_OPTS=${PROVIDER_JAVA_OPTS:--Xms64m -Xmx512m -XX:+UseG1GC -XX:G1PeriodicGCInterval=30000 -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -XX:MaxMetaspaceSize=256m -Xss512k}
provider_java_bin=java
[ -n "${PROVIDER_JAVA_HOME:-}" ] && provider_java_bin="$PROVIDER_JAVA_HOME/bin/java"

while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration=$2; shift 2 ;;
    --sample) sample=$2; shift 2 ;;
    --token-ttl) token_ttl=$2; shift 2 ;;
    --purge-interval) purge_interval=$2; shift 2 ;;
    --purge-grace) purge_grace=$2; shift 2 ;;
    --login-scope) login_scope=$2; shift 2 ;;
    --scale) scale=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --keep) keep=true; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "Unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done
for value in "$duration" "$sample" "$token_ttl" "$purge_interval"; do
  [[ "$value" =~ ^[1-9][0-9]*$ ]] || { echo "Durations are whole seconds above 0" >&2; exit 2; }
done
[[ "$purge_grace" =~ ^[0-9]+$ && "$scale" =~ ^[0-9]+$ ]] || { echo "--purge-grace and --scale take whole numbers" >&2; exit 2; }
if [ -n "$out" ]; then
  mkdir -p "$(dirname "$out")"
  out=$(cd "$(dirname "$out")" && pwd)/$(basename "$out")
fi
for tool in mariadbd mariadb-install-db mariadb mariadb-admin wrk curl openssl node "$provider_java_bin"; do
  command -v "$tool" >/dev/null || { echo "Missing $tool (apt-get install -y mariadb-server wrk)" >&2; exit 1; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/purge-under-load.XXXXXX")
mariadb_pid=""
provider_pid=""
wrk_pid=""
logins_pid=""

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

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  stop_pid "$wrk_pid"
  stop_pid "$logins_pid"
  stop_pid "$provider_pid"
  stop_pid "$mariadb_pid"
  if $keep; then echo "Kept $work" >&2; else rm -rf "$work"; fi
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

log "Building the provider (./mvnw -pl provider package)"
./mvnw -B -q -pl provider package -DskipTests
jar=$(ls provider/target/microsys-sso-provider-*.jar | grep -v -e original -e tests | head -n 1)

log "Starting a private MariaDB server"
mariadb-install-db --no-defaults --auth-root-authentication-method=socket --skip-name-resolve \
  --skip-test-db --user="$(id -un)" --datadir="$work/mariadb" >"$work/mariadb-install.log" 2>&1 \
  || { cat "$work/mariadb-install.log" >&2; exit 1; }
mysql_args=(--no-defaults --socket="$work/mariadb.sock" --user=root)
db_port=$(free_port)
mariadbd --no-defaults --user="$(id -un)" --datadir="$work/mariadb" --socket="$work/mariadb.sock" \
  --pid-file="$work/mariadbd.pid" --port="$db_port" --bind-address=127.0.0.1 --skip-name-resolve \
  --log-error="$work/mariadb-error.log" --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
  --max-connections=500 </dev/null >"$work/mariadbd.out" 2>&1 &
mariadb_pid=$!
for _ in $(seq 1 120); do
  mariadb-admin "${mysql_args[@]}" --silent ping >/dev/null 2>&1 && break
  kill -0 "$mariadb_pid" 2>/dev/null || { tail -n 20 "$work/mariadb-error.log" >&2; exit 1; }
  sleep 0.5
done
sql() { mariadb "${mysql_args[@]}" -N -B "$@"; }
db_password=$(openssl rand -hex 16)
sql <<SQL
CREATE DATABASE provider CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER 'provider'@'127.0.0.1' IDENTIFIED BY '$db_password';
GRANT ALL PRIVILEGES ON provider.* TO 'provider'@'127.0.0.1';
SQL

client_secret=$(openssl rand -hex 24)
password=$(openssl rand -hex 12)
redirect_uri=http://127.0.0.1:65000/cb
cat >"$work/bootstrap.yml" <<YAML
users:
  - username: alice
    email: alice@example.com
    password: "$password"
    first_name: Alice
    last_name: Bench
memberships:
  - client: bench
    user: alice
    role: user
clients:
  - client_id: bench
    name: Benchmark
    secret: "$client_secret"
    redirect_uris: [$redirect_uri]
    grant_types: [authorization_code, refresh_token, client_credentials]
    scopes: [openid, profile, email, offline_access]
    policy:
      require_pkce: true
      require_https_redirects: false
      allow_localhost_redirects: true
YAML

provider_port=$(free_port)
issuer="http://localhost:$provider_port/o"
settings=(--microsys.sso.authorizations.purge-interval="PT${purge_interval}S"
  --microsys.sso.authorizations.purge-grace="PT${purge_grace}S")
log "Starting the provider on 127.0.0.1:$provider_port (${settings[*]})"
# shellcheck disable=SC2086 # PROVIDER_JAVA_OPTS holds several options
"$provider_java_bin" $PROVIDER_JAVA_OPTS -jar "$jar" --server.address=127.0.0.1 --server.port="$provider_port" --management.server.port=0 \
  --microsys.sso.data-dir="$work/provider-data" --microsys.sso.issuer="$issuer" \
  --microsys.sso.master-key="$(openssl rand -base64 32)" --microsys.sso.bootstrap.file="$work/bootstrap.yml" \
  --spring.datasource.url="jdbc:mysql://127.0.0.1:$db_port/provider" \
  --spring.datasource.username=provider --spring.datasource.password="$db_password" \
  "${settings[@]}" --logging.level.root=warn \
  --logging.level.io.microsys.sso.provider.oidc.authorization.AuthorizationPurge=info \
  </dev/null >"$work/provider.log" 2>&1 &
provider_pid=$!
for _ in $(seq 1 3000); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$provider_port/health")" = 200 ] && break
  kill -0 "$provider_pid" 2>/dev/null || { tail -n 40 "$work/provider.log" >&2; exit 1; }
  sleep 0.1
done

if [ "$scale" -gt 0 ]; then
  log "Loading $scale people, grants and $((5 * scale)) audit events (bench/scale-load.sh)"
  bench/scale-load.sh --people "$scale" -- "${mysql_args[@]}" provider 2>"$work/scale-load.log" \
    || { tail -n 20 "$work/scale-load.log" >&2; exit 1; }
fi
# The bench app's access and refresh tokens (and so the grants of its sign-ins) live token_ttl
# seconds. The version moves on as with every change of an app, so every node builds the app again.
sql provider -e "UPDATE sso_client SET access_token_ttl_seconds = $token_ttl, refresh_token_ttl_seconds = $token_ttl,
  version = version + 1 WHERE client_id = 'bench'"

token_endpoint="$issuer/token"
basic=$(printf 'bench:%s' "$client_secret" | base64 -w0)
[ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Basic $basic" -d grant_type=client_credentials \
  "$token_endpoint")" = 200 ] || { echo "No client_credentials token from $token_endpoint" >&2; exit 1; }

# Grants that are not this run's (the loaded ones, which expire hours later): counted apart.
other=$(sql provider -e "SELECT COUNT(*) FROM oauth2_authorization")
other_tokens=$(sql provider -e "SELECT COUNT(*) FROM oauth2_authorization_token")

purged_total() { # grants purged so far, from the purge's own log lines
  sed -n 's/.*Purged \([0-9]*\) expired authorizations.*/\1/p' "$work/provider.log" | awk '{ s += $1 } END { print s + 0 }'
}

log "Sustained load for $duration s: sign-ins (8 at a time) and client_credentials (wrk, 2 threads, 16 connections); a sample every $sample s"
OIDC_CLIENT_ID=bench OIDC_CLIENT_SECRET=$client_secret OIDC_REDIRECT_URI=$redirect_uri OIDC_USERNAME=alice \
  OIDC_PASSWORD=$password node bench/oidc-login.mjs logins "$issuer" --seconds "$duration" --concurrency 8 --scope "$login_scope" \
  >"$work/logins.json" 2>&1 &
logins_pid=$!
env BENCH_METHOD=POST BENCH_BODY=grant_type=client_credentials "BENCH_AUTHORIZATION=Basic $basic" WRK_THREADS=2 \
  wrk -t2 -c16 -d"${duration}s" --timeout 10s --latency -s bench/compare-request.lua "$token_endpoint" \
  >"$work/wrk.txt" 2>&1 &
wrk_pid=$!

{
  echo "| time (s) | grants | of them client_credentials | expired | expired longer than the grace | token index rows | purged since the last sample | grants stored so far |"
  echo "|---|---|---|---|---|---|---|---|"
} >"$work/table.md"
cat "$work/table.md"
started=$(date +%s)
last_purged=0
peak=0
while :; do
  elapsed=$(( $(date +%s) - started ))
  # Counts that read indexes only (the expiry index, the primary keys), so that sampling does not
  # scan the tables and push the purge's pages out of the buffer pool. Other grants (loaded by
  # --scale, or the bootstrap's) expire hours later and are subtracted as counted at the start.
  read -r rows app_rows expired purgeable tokens <<<"$(sql provider -e "SELECT
      (SELECT COUNT(*) FROM oauth2_authorization) - $other,
      (SELECT COUNT(*) FROM oauth2_authorization WHERE grant_type = 'client_credentials'),
      (SELECT COUNT(*) FROM oauth2_authorization WHERE expires_at < NOW(6)),
      (SELECT COUNT(*) FROM oauth2_authorization WHERE expires_at < NOW(6) - INTERVAL $purge_grace SECOND),
      (SELECT COUNT(*) FROM oauth2_authorization_token) - $other_tokens")"
  purged=$(purged_total)
  stored=$(( rows + purged ))
  [ "$rows" -gt "$peak" ] && peak=$rows
  echo "| $elapsed | $rows | $app_rows | $expired | $purgeable | $tokens | $((purged - last_purged)) | $stored |" | tee -a "$work/table.md"
  last_purged=$purged
  kill -0 "$wrk_pid" 2>/dev/null || kill -0 "$logins_pid" 2>/dev/null || break
  next=$(( (elapsed / sample + 1) * sample ))
  while [ $(( $(date +%s) - started )) -lt "$next" ] && { kill -0 "$wrk_pid" 2>/dev/null || kill -0 "$logins_pid" 2>/dev/null; }; do
    sleep 1
  done
done
wait "$wrk_pid" 2>/dev/null || true
wrk_pid=""
wait "$logins_pid" 2>/dev/null || true
logins_pid=""

requests=$(sed -n 's/^ *\([0-9]*\) requests in.*/\1/p' "$work/wrk.txt")
bad=$(sed -n 's/^non-2xx responses: \([0-9]*\).*/\1/p' "$work/wrk.txt")
rate=$(awk -v r="${requests:-0}" -v b="${bad:-0}" -v d="$duration" 'BEGIN { printf "%.0f", (r - b) / d }')
logins_answer=$(tail -n 1 "$work/logins.json")
field() { node -e 'const a = JSON.parse(process.argv[1]); console.log(a[process.argv[2]] ?? "?")' "$logins_answer" "$1" 2>/dev/null || echo "?"; }
logins=$(field logins)
login_errors=$(field errors)
login_rate=$(field per_second)
# A grant lives until its last token expires: the refresh token, or the redeemed authorization code
# (kept five minutes, so that a code presented again still revokes what it gave).
lifetime=$(( token_ttl > 300 ? token_ttl : 300 ))
expected=$(awk -v r="$login_rate" -v t="$lifetime" -v g="$purge_grace" -v i="$purge_interval" \
  'BEGIN { printf "%.0f to %.0f", r * (t + g), r * (t + g + i) }')
{
  echo
  echo "Settings: the bench app's access and refresh tokens live $token_ttl s; microsys.sso.authorizations.purge-interval=PT${purge_interval}S, purge-grace=PT${purge_grace}S; for $duration s, sign-ins with PKCE 8 at a time (scope \"$login_scope\") and wrk (2 threads, 16 connections) requesting client_credentials tokens (client_secret_basic)."
  echo "Sign-ins: $logins, errors $login_errors; $login_rate a second. client_credentials: ${requests:-?} requests, non-2xx ${bad:-?}; $rate tokens/s."
  echo "A grant of a sign-in lives $lifetime s (its longest token). A table bounded by the purge holds about sign-in rate × (lifetime + grace) to sign-in rate × (lifetime + grace + interval) = $expected grants; the largest sample was $peak."
  [ "$other" -gt 0 ] && echo "Not counted above: $other other grants (loaded by bench/scale-load.sh, expiring hours later)."
  true
} | tee -a "$work/table.md"
if [ -n "$out" ]; then
  cp "$work/table.md" "$out"
  echo "Table written to $out"
fi
