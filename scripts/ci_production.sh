#!/usr/bin/env bash
# CI: boot the production configuration from this checkout and check it as a proxy and a visitor would.
#
# PostgreSQL (127.0.0.1:5432, user postgres, trust) and Redis (127.0.0.1:6379) are started when they are
# not running. A throwaway database, a Redis key prefix, and static and media directories of this run's
# own are removed on exit, with gunicorn. Settings: config.settings.prod, DEBUG off, a generated key.
# See docs/deploy.md for what an operator runs; this script runs the same commands.
set -euo pipefail
cd "$(dirname "$0")/.."
export PYTHONUNBUFFERED=1
started=$SECONDS

say() { printf '== [%3ss] %s\n' "$((SECONDS - started))" "$*"; }
fail() {
  printf 'FAIL: %s\n' "$*" >&2
  exit 1
}

# --- Services ------------------------------------------------------------------------------------
PGHOST=127.0.0.1
if ! pg_isready -h "$PGHOST" -p 5432 -q 2>/dev/null; then
  say "starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start || true
  for _ in $(seq 1 30); do pg_isready -h "$PGHOST" -p 5432 -q && break; sleep 1; done
fi
pg_isready -h "$PGHOST" -p 5432 -q || fail "PostgreSQL does not answer on $PGHOST:5432"

redis_up() { [ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" = "PONG" ]; }
if ! redis_up; then
  say "starting Redis"
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
  for _ in $(seq 1 30); do redis_up && break; sleep 0.5; done
fi
redis_up || fail "Redis does not answer on 127.0.0.1:6379"

# --- This run's own database, cache prefix and directories -------------------------------------------
make install >/dev/null
PY=.venv/bin/python
db="citynet_prod_ci_$$"
work="$(mktemp -d /tmp/citynet-prod-ci.XXXXXX)"
gunicorn_pid=""
cleanup() {
  status=$?
  if [ -n "$gunicorn_pid" ] && kill -0 "$gunicorn_pid" 2>/dev/null; then
    kill -TERM "$gunicorn_pid" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$gunicorn_pid" 2>/dev/null || break; sleep 0.25; done
    kill -KILL "$gunicorn_pid" 2>/dev/null || true
  fi
  if [ "$status" -ne 0 ] && [ -f "$work/gunicorn.log" ]; then
    echo "--- gunicorn log (last 40 lines)" >&2
    tail -n 40 "$work/gunicorn.log" >&2 || true
  fi
  psql -h "$PGHOST" -U postgres -q -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" postgres >/dev/null 2>&1 || true
  redis-cli -h 127.0.0.1 -p 6379 -n 13 --scan --pattern "ci-$$:*" 2>/dev/null |
    xargs -r redis-cli -h 127.0.0.1 -p 6379 -n 13 del >/dev/null 2>&1 || true
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT
psql -h "$PGHOST" -U postgres -q -c "CREATE DATABASE $db" postgres
# A throwaway database need not wait for the disk on each commit (migrate commits hundreds of times).
psql -h "$PGHOST" -U postgres -q -c "ALTER DATABASE $db SET synchronous_commit = off" postgres

export DJANGO_SETTINGS_MODULE=config.settings.prod
SECRET_KEY="$($PY -c 'import secrets; print(secrets.token_urlsafe(64))')"
export SECRET_KEY
export DATABASE_URL="postgres://postgres@$PGHOST:5432/$db"
export REDIS_URL="redis://127.0.0.1:6379/13" CACHE_KEY_PREFIX="ci-$$"
export ALLOWED_HOSTS="127.0.0.1,localhost"
export SECURE_SSL_REDIRECT=1 TRUSTED_PROXY_COUNT=1
export STATIC_ROOT="$work/static" MEDIA_ROOT="$work/media"
export EMAIL_URL="console://" LOG_FORMAT=json LOG_LEVEL=INFO
unset DEBUG TASKS_BACKEND

manage() { timeout 150 "$PY" manage.py "$@"; }

say "check --deploy (production settings, warnings fail)"
manage check --deploy --fail-level WARNING
"$PY" -c 'import django; django.setup(); from django.conf import settings; assert settings.DEBUG is False' ||
  fail "DEBUG is on in production settings"

say "migrate, and collectstatic beside it (it needs no database)"
manage collectstatic --no-input -v0 >"$work/collectstatic.log" 2>&1 &
collectstatic_pid=$!
manage migrate --no-input -v0
wait "$collectstatic_pid" || {
  cat "$work/collectstatic.log" >&2
  fail "collectstatic"
}
[ -f "$STATIC_ROOT/staticfiles.json" ] || fail "collectstatic wrote no manifest (hashed names)"
say "load_demo"
manage load_demo >"$work/load_demo.log" 2>&1 || {
  tail -n 30 "$work/load_demo.log" >&2
  fail "load_demo"
}

say "db_worker runs the queued background work and exits"
queued="$(psql -h "$PGHOST" -U postgres -Atc "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status = 'READY'" "$db")"
manage db_worker --batch --no-startup-delay >"$work/worker.log" 2>&1 || {
  tail -n 30 "$work/worker.log" >&2
  fail "db_worker"
}
left="$(psql -h "$PGHOST" -U postgres -Atc "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status IN ('READY', 'RUNNING', 'FAILED')" "$db")"
[ "$left" = "0" ] || fail "db_worker left $left task(s) queued, running or failed (of $queued queued)"
echo "   $queued task(s) run"

say "gunicorn (deploy/gunicorn.conf.py) on a free loopback port"
port="$($PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
GUNICORN_BIND="127.0.0.1:$port" WEB_CONCURRENCY=2 .venv/bin/gunicorn -c deploy/gunicorn.conf.py \
  >"$work/gunicorn.log" 2>&1 &
gunicorn_pid=$!
base="http://127.0.0.1:$port"
for _ in $(seq 1 60); do
  curl -fsS -o /dev/null "$base/healthz" 2>/dev/null && break
  kill -0 "$gunicorn_pid" 2>/dev/null || fail "gunicorn exited"
  sleep 0.5
done

# Requests as the proxy sends them: HTTPS terminated in front, so X-Forwarded-Proto: https.
https=(-H "X-Forwarded-Proto: https")
status_of() { curl -sS -o "$work/body" -D "$work/headers" -w '%{http_code}' "$@"; }
expect_status() {
  local want=$1
  shift
  local got
  got="$(status_of "$@")"
  [ "$got" = "$want" ] || fail "$* answered $got, expected $want"
}

say "health checks answer plain HTTP (a load balancer's probe), no redirect"
expect_status 200 "$base/healthz"
expect_status 200 "$base/readyz"
grep -q '"database": "ok"' "$work/body" && grep -q '"cache": "ok"' "$work/body" || fail "readyz: $(cat "$work/body")"
say "other plain HTTP requests go to HTTPS"
expect_status 301 "$base/en/western-balkans/"
grep -qi '^location: https://' "$work/headers" || fail "the redirect does not go to https"

say "pages"
expect_status 200 "${https[@]}" "$base/en/western-balkans/"
cp "$work/body" "$work/en.html"
grep -qi '^strict-transport-security:' "$work/headers" || fail "no HSTS header on a page"
expect_status 200 "${https[@]}" "$base/ar/western-balkans/"
grep -q 'dir="rtl"' "$work/body" || fail 'the Arabic hub has no dir="rtl"'

say "API"
expect_status 200 "${https[@]}" "$base/api/v1/municipalities"
"$PY" -c 'import json, sys; d = json.load(open(sys.argv[1])); assert d["items"], d' "$work/body" ||
  fail "/api/v1/municipalities has no items"
expect_status 404 "${https[@]}" "$base/api/v1/nope"
"$PY" -c 'import json, sys; d = json.load(open(sys.argv[1])); assert set(d) == {"detail"}, d' "$work/body" ||
  fail "/api/v1/nope is not JSON {\"detail\"}: $(head -c 200 "$work/body")"

say "hashed static assets with long caching"
asset="$(grep -o '/static/citynet/site\.[0-9a-f]\{12\}\.css' "$work/en.html" | head -n 1)"
[ -n "$asset" ] || fail "the page references no hashed stylesheet"
expect_status 200 "${https[@]}" "$base$asset"
cache_control="$(grep -i '^cache-control:' "$work/headers" | tr -d '\r')"
max_age="$(sed -n 's/.*max-age=\([0-9]*\).*/\1/p' <<<"$cache_control")"
[ "${max_age:-0}" -ge 31536000 ] || fail "$asset: $cache_control (expected a max-age of at least a year)"
echo "   $asset: $cache_control"

say "JSON logs with the request id"
request_id="ci$(date +%s%N)"
expect_status 200 "${https[@]}" -H "X-Request-ID: $request_id" "$base/en/western-balkans/"
grep -qi "^x-request-id: $request_id" "$work/headers" || fail "the response does not carry the request id"
sleep 0.5
grep -F "\"request_id\": \"$request_id\"" "$work/gunicorn.log" | head -n 1 >"$work/line" || true
[ -s "$work/line" ] || fail "no log line with request id $request_id"
"$PY" -c 'import json, sys; d = json.loads(open(sys.argv[1]).read()); assert d["status"] == 200 and d["path"] == "/en/western-balkans/", d' \
  "$work/line" || fail "the log line is not the request's JSON line: $(cat "$work/line")"
echo "   $(cat "$work/line")"

say "stop gunicorn"
kill -TERM "$gunicorn_pid"
for _ in $(seq 1 40); do kill -0 "$gunicorn_pid" 2>/dev/null || break; sleep 0.25; done
kill -0 "$gunicorn_pid" 2>/dev/null && fail "gunicorn did not stop"
gunicorn_pid=""

echo "production configuration: all checks passed in $((SECONDS - started))s"
