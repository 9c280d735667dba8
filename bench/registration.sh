#!/usr/bin/env bash
# Measures public registration against a provider built from this checkout, on the embedded H2
# database: the login page (which reads the registration setting), the sign-up form, sign-ups
# themselves (each hashes the password with Argon2id, by design), then the approval queue of a
# superuser once those sign-ups are in it (an indexed, paged query with its count). The sign-ups are
# answered before their work (a background queue); the script waits for it to drain.
# Needs wrk and curl (apt-get install wrk curl). Usage: bench/registration.sh [seconds] [connections]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
seconds=${1:-20}
connections=${2:-8}
source bench/start-provider.sh

cat > "$work/bootstrap.yml" <<YAML
users:
  - username: bench-admin
    email: bench-admin@example.com
    password: "correct-horse-battery-0123"
    staff: true
    superuser: true
YAML
start_provider "$work/bootstrap.yml" --microsys.sso.registration.enabled=true \
  --spring.mail.host=127.0.0.1 --spring.mail.port=9

signed_in() { # $1: cookie jar; signs in the superuser
  local csrf
  csrf=$(curl -s -c "$1" "$base/accounts/login" | sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' | head -n 1)
  curl -s -b "$1" -c "$1" -o /dev/null --data-urlencode "_csrf=$csrf" \
    --data-urlencode "username=bench-admin" --data-urlencode "password=correct-horse-battery-0123" "$base/accounts/login"
  awk '$6 == "SESSION" { print $7 }' "$1"
}

for page in /accounts/login /accounts/register; do
  wrk -t2 -c"$connections" -d5s "$base$page" >/dev/null
  echo "== GET $page (${seconds}s, $connections connections)"
  wrk -t2 -c"$connections" -d"${seconds}s" --latency "$base$page" | grep -E "Requests/sec|Latency|50%|99%|Non-2xx"
done

session=$(signed_in "$work/admin")
[ -n "$session" ] || { echo "Sign-in failed" >&2; exit 1; }
queue="/sys/registrations?status=unverified"
found() {
  curl -s -H "Cookie: SESSION=$session" "$base$queue" | sed -n 's/.*id="count">Found: \([0-9]*\)<.*/\1/p'
}

# Sign-ups: one anonymous session and its CSRF token, a new address per request. The answer comes
# before the work (hash, account, email), which a queue of at most 200 does two at a time; past
# that, sign-ups are refused with 503 until it drains.
csrf=$(curl -s -c "$work/anon" "$base/accounts/register" | sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' | head -n 1)
cookie="SESSION=$(awk '$6 == "SESSION" { print $7 }' "$work/anon")"
echo "== POST /accounts/register (${seconds}s, $connections connections)"
start=$(date +%s.%N)
CSRF="$csrf" COOKIE="$cookie" wrk -t2 -c"$connections" -d"${seconds}s" --latency -s bench/registration.lua \
  "$base/accounts/register" | tee "$work/wrk.txt" | grep -E "Requests/sec|Latency|50%|99%|Non-2xx|requests in"
total=$(sed -n 's/^ *\([0-9]*\) requests in.*/\1/p' "$work/wrk.txt")
refused=$(sed -n 's/.*Non-2xx or 3xx responses: \([0-9]*\).*/\1/p' "$work/wrk.txt")
accepted=$((total - ${refused:-0}))
# The queue drains: sign-ups processed per second, from the first request to the last account.
while [ "$(found)" != "$accepted" ]; do sleep 0.2; done
end=$(date +%s.%N)
awk -v s="$start" -v e="$end" -v a="$accepted" -v r="${refused:-0}" 'BEGIN {
  printf "   accepted %d, refused while the queue was full %d; all accepted processed in %.1f s: %.1f sign-ups/s\n",
    a, r, e - s, a / (e - s) }'

status=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: SESSION=$session" "$base$queue")
[ "$status" = 200 ] || { echo "Queue answered $status" >&2; exit 1; }
echo "== GET $queue (${seconds}s, $connections connections; $(found) sign-ups, 50 shown)"
wrk -t2 -c"$connections" -d5s -H "Cookie: SESSION=$session" "$base$queue" >/dev/null
wrk -t2 -c"$connections" -d"${seconds}s" --latency -H "Cookie: SESSION=$session" "$base$queue" \
  | grep -E "Requests/sec|Latency|50%|99%|Non-2xx"
