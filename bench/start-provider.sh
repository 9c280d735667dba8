# Sourced by the benchmarks: builds the provider's jar from this checkout and starts it on the
# embedded H2 database with a bootstrap file, on a free port of loopback. After `start_provider
# FILE [ARGS...]`, $base is its URL and $pid its process; `stop_provider` ends it.
work=$(mktemp -d)
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT

./mvnw -B -q -pl provider package -DskipTests
jar=$(ls provider/target/microsys-sso-provider-*.jar | grep -v -e original -e tests | head -n 1)

start_provider() {
  local bootstrap=$1 port
  shift
  port=$((20000 + RANDOM % 20000))
  base="http://localhost:$port"
  rm -rf "$work/data"
  java -jar "$jar" --server.port="$port" --microsys.sso.data-dir="$work/data" \
    --microsys.sso.issuer="$base/o" --microsys.sso.bootstrap.file="$bootstrap" --management.server.port=0 \
    --logging.level.root=warn "$@" >"$work/provider.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 120); do
    curl -sf "$base/health" >/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || { cat "$work/provider.log" >&2; exit 1; }
    sleep 1
  done
  echo "The provider did not start" >&2
  exit 1
}

stop_provider() {
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  pid=""
}
