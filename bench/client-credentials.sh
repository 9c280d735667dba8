#!/usr/bin/env bash
# Measures client_credentials token requests per second against a provider built from this
# checkout, on the embedded H2 database, with the secret-verification cache on and off.
# Needs wrk (apt-get install wrk). Usage: bench/client-credentials.sh [seconds] [connections]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
seconds=${1:-20}
connections=${2:-8}
source bench/start-provider.sh

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
  local label=$1 cache=$2
  start_provider "$work/bootstrap.yml" --microsys.sso.clients.secret-cache-size="$cache"
  # Warm-up, then the measured run.
  wrk -t2 -c"$connections" -d15s -s bench/client-credentials.lua "$base/o/token" >/dev/null
  echo "== $label (secret-cache-size=$cache, ${seconds}s, $connections connections)"
  wrk -t2 -c"$connections" -d"${seconds}s" --latency -s bench/client-credentials.lua \
    "$base/o/token" | grep -E "Requests/sec|Latency|50%|99%|non-200"
  stop_provider
}

run "with the cache" 10000
run "without the cache" 0
