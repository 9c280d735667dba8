#!/usr/bin/env bash
# Measures client_credentials token requests per second against a provider built from this
# checkout, on the embedded H2 database, with the secret-verification cache on and off.
# Needs wrk (apt-get install wrk). Usage: bench/client-credentials.sh [seconds] [connections]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
seconds=${1:-20}
connections=${2:-8}
work=$(mktemp -d)
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT

./mvnw -B -q -pl provider package -DskipTests
jar=$(ls provider/target/microsys-sso-provider-*.jar | grep -v -e original -e tests | head -n 1)
cat > "$work/bootstrap.yml" <<YAML
clients:
  - client_id: bench
    name: Benchmark
    secret: "bench-secret-0123456789"
    grant_types: [client_credentials]
    scopes: [api]
YAML
export BENCH_BASIC=$(printf 'bench:bench-secret-0123456789' | base64)

run() {
  local label=$1 cache=$2 port
  port=$((20000 + RANDOM % 20000))
  rm -rf "$work/data"
  java -jar "$jar" --server.port="$port" --microsys.sso.data-dir="$work/data" \
    --microsys.sso.issuer="http://localhost:$port/o" --microsys.sso.bootstrap.file="$work/bootstrap.yml" \
    --microsys.sso.clients.secret-cache-size="$cache" --logging.level.root=warn >"$work/provider.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 120); do
    curl -sf "http://localhost:$port/health" >/dev/null && break
    sleep 1
  done
  # Warm-up, then the measured run.
  wrk -t2 -c"$connections" -d15s -s bench/client-credentials.lua "http://localhost:$port/o/token" >/dev/null
  echo "== $label (secret-cache-size=$cache, ${seconds}s, $connections connections)"
  wrk -t2 -c"$connections" -d"${seconds}s" --latency -s bench/client-credentials.lua \
    "http://localhost:$port/o/token" | grep -E "Requests/sec|Latency|50%|99%|non-200"
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
}

run "with the cache" 10000
run "without the cache" 0
