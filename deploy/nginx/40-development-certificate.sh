#!/bin/sh
# Run by the nginx image's entry point before nginx starts (deploy/compose). Makes, once, a
# development certificate authority and with it a certificate for localhost, then deletes the
# authority's private key: the authority can sign nothing else. The server's key stays in the tls
# volume (/etc/nginx/tls); the authority's certificate goes to the tls-trust volume
# (/etc/nginx/trust), which the sample client trusts and which people import into their browser.
set -eu

tls=/etc/nginx/tls
trust=/etc/nginx/trust
ca_cert=$trust/microsys-development-ca.crt

if [ -s "$tls/server.key" ] && [ -s "$tls/server.crt" ] && [ -s "$ca_cert" ]; then
    exit 0
fi
command -v openssl >/dev/null || { echo "$0: openssl is needed to make the development certificate" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
umask 077

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 825 \
    -subj "/CN=Microsys SSO development CA $(date -u +%Y%m%d%H%M%S)" \
    -addext "basicConstraints=critical,CA:TRUE,pathlen:0" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -addext "nameConstraints=critical,permitted;DNS:localhost,permitted;IP:127.0.0.0/255.0.0.0,permitted;IP:0:0:0:0:0:0:0:1/FFFF:FFFF:FFFF:FFFF:FFFF:FFFF:FFFF:FFFF" \
    -keyout "$work/ca.key" -out "$work/ca.crt" 2>/dev/null

openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
    -subj "/CN=localhost" -keyout "$work/server.key" -out "$work/server.csr" 2>/dev/null

cat >"$work/server.ext" <<EXT
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth
subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1
EXT
openssl x509 -req -in "$work/server.csr" -CA "$work/ca.crt" -CAkey "$work/ca.key" -CAcreateserial \
    -days 397 -sha256 -extfile "$work/server.ext" -out "$work/server.crt" 2>/dev/null

mkdir -p "$tls" "$trust"
cp "$work/server.key" "$tls/server.key"
cat "$work/server.crt" >"$tls/server.crt"
umask 022
cp "$work/ca.crt" "$ca_cert"
chmod 644 "$ca_cert" "$tls/server.crt"
echo "$0: made a development certificate for localhost; trust $ca_cert (docker compose cp nginx:$ca_cert .)"
