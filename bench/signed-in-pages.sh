#!/usr/bin/env bash
# Measures pages per second for a signed-in person against a provider built from this checkout,
# on the embedded H2 database: the home page (session from the database and the sign-in gate,
# which reads only the session) and the profile page (two-step status, trusted browsers and the
# signed-in devices, read from the database on each view).
# Needs wrk and curl (apt-get install wrk curl). Usage: bench/signed-in-pages.sh [seconds] [connections]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
seconds=${1:-20}
connections=${2:-8}
source bench/start-provider.sh

cat > "$work/bootstrap.yml" <<YAML
users:
  - username: bench
    email: bench@example.com
    password: "correct-horse-battery-0123"
YAML
start_provider "$work/bootstrap.yml"

# Sign in through the login page (CSRF token included), keeping the session cookie.
csrf=$(curl -s -c "$work/jar" "$base/accounts/login" | sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' | head -n 1)
curl -s -b "$work/jar" -c "$work/jar" -o /dev/null --data-urlencode "_csrf=$csrf" \
  --data-urlencode "username=bench" --data-urlencode "password=correct-horse-battery-0123" "$base/accounts/login"
session=$(awk '$6 == "SESSION" { print $7 }' "$work/jar")
[ -n "$session" ] || { echo "Sign-in failed" >&2; exit 1; }
status=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: SESSION=$session" "$base/accounts/profile")
[ "$status" = 200 ] || { echo "Profile answered $status" >&2; exit 1; }

for page in / /accounts/profile; do
  wrk -t2 -c"$connections" -d10s -H "Cookie: SESSION=$session" "$base$page" >/dev/null
  echo "== $page (${seconds}s, $connections connections)"
  wrk -t2 -c"$connections" -d"${seconds}s" --latency -H "Cookie: SESSION=$session" "$base$page" \
    | grep -E "Requests/sec|Latency|50%|99%|Non-2xx"
done
