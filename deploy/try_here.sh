#!/bin/bash
# Try the deployment files on this machine, end to end, and stop everything afterwards.
#
#   sudo deploy/try_here.sh [--keep] [--no-netns] [--skip-slow]
#
# What it does, with the files in deploy/ as they are (paths rewritten to this checkout):
#  1. systemd-analyze verify and security (offline) of the units; nginx -t; bash -n.
#  2. Its own PostgreSQL (initdb, port BASE+5) and Redis (BASE+6, password, noeviction),
#     a role and database as docs/deploy.md makes them, an env file from pianqu.env.example.
#  3. The scheduler unit and the web unit run by hand (try_here/unit_by_hand.sh: their user,
#     env file, hardening approximated) — systemd is not PID 1 here; nginx (TLS, self-signed)
#     in front on BASE; the fake WeChat API on BASE+4 stands in for api.weixin.qq.com.
#  4. Checks through nginx (try_here/checks.py): URL check, signed safe-mode messages, refusals,
#     413/429, admin login (Secure cookie, real client address), a push delivered by the scheduler.
#  5. Backup and restore check under write load; a tampered count file is caught; restore into a
#     fresh database compared by row counts.
#  6. Reloads under load: `kill -HUP` vs deploy/reload-web.sh (figures printed).
#  7. A reload with a broken env file refused. Key rotation: Token + EncodingAESKey (old and new
#     accepted, then old refused), SECRET_KEY (old admin cookie ends), AppSecret (token dropped
#     and refetched, pushes go on).
#  8. A second web machine: network namespace "pqtry-b" (10.91.80.2) behind one nginx upstream;
#     machine A's gunicorn SIGKILLed and B unplugged under load; a standby scheduler on B takes
#     over when A's stops (timed), and A's when B's is SIGKILLed (timed).
#     --no-netns: a second gunicorn on BASE+3 instead (no unplugging).
#  9. PostgreSQL and Redis restarted under load (figures printed).
# Needs root, nginx, PostgreSQL 15 server binaries, redis-server, nftables (optional), Python 3.11.
# BASE=9180 by default (ports BASE..BASE+6). The venv is kept in /var/lib/pianqu-tryhere-venv
# between runs (created with `python3.11 -m venv` + requirements.txt the first time).
# --keep leaves everything running (stop with: deploy/try_here.sh --stop).
set -uo pipefail

APP=$(cd "$(dirname "$0")/.." && pwd)
BASE=${BASE:-9180}
NGINX_PORT=$BASE HTTP_PORT=$((BASE + 1)) WEB_PORT=$((BASE + 2)) WEB2_PORT=$((BASE + 3))
FAKE_PORT=$((BASE + 4)) PG_PORT=$((BASE + 5)) REDIS_PORT=$((BASE + 6))
T=/var/lib/pianqu-tryhere           # not under /tmp: the services' /tmp is private
VENV=${VENV:-/var/lib/pianqu-tryhere-venv}
RUN_USER=pianqu-try
NS=pqtry-b HOST_IP=10.91.80.1 B_IP=10.91.80.2
PGBIN=/usr/lib/postgresql/15/bin
KEEP=0 NETNS=1 SLOW=1
for arg in "$@"; do
    case $arg in
        --keep) KEEP=1 ;;
        --no-netns) NETNS=0 ;;
        --skip-slow) SLOW=0 ;;
        --stop) STOP_ONLY=1 ;;
        *) echo "usage: $0 [--keep] [--no-netns] [--skip-slow] | --stop" >&2; exit 2 ;;
    esac
done

PASS=0 FAIL=0
step() { printf '\n== %s\n' "$*"; }
ok() { PASS=$((PASS + 1)); printf '   ok: %s\n' "$*"; }
bad() { FAIL=$((FAIL + 1)); printf '   FAILED: %s\n' "$*"; }
check() { local what=$1; shift; if "$@"; then ok "$what"; else bad "$what"; fi; }
pg() { runuser -u postgres -- env PGHOST="$T/pgsock" PGPORT="$PG_PORT" "$@"; }
pidof_file() { cat "$1" 2>/dev/null; }
# A measured figure, with the load average (1, 5, 15 min) of the machine as it was measured.
figure() { printf '   %s %s   [load average %s]\n' "$1" "$(cat "$2")" "$(cut -d' ' -f1-3 /proc/loadavg)"; }

stop_all() {
    for name in web-b scheduler-b web scheduler; do
        local pid; pid=$(pidof_file "$T/$name.pid")
        [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null
    done
    for name in web-b scheduler-b web scheduler; do
        local pid; pid=$(pidof_file "$T/$name.pid")
        [ -n "$pid" ] || continue
        for _ in $(seq 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
        kill -KILL "$pid" 2>/dev/null
    done
    for file in "$T"/logs/*.notify.pid "$T/fake.pid"; do
        [ -f "$file" ] && kill "$(cat "$file")" 2>/dev/null
    done
    [ -f "$T/nginx/nginx.pid" ] && nginx -c "$T/nginx/nginx.conf" -s stop 2>/dev/null
    [ -f "$T/redis/redis.pid" ] && kill "$(cat "$T/redis/redis.pid")" 2>/dev/null
    [ -d "$T/pg/data" ] && runuser -u postgres -- "$PGBIN/pg_ctl" -D "$T/pg/data" -m fast -w stop >/dev/null 2>&1
    ip netns del "$NS" 2>/dev/null
    ip link del pqtry-a 2>/dev/null
    rm -rf /run/pianqu-try /run/pianqu-try-web /run/pianqu-try-web-b /var/cache/pianqu-try
    id "$RUN_USER" >/dev/null 2>&1 && userdel "$RUN_USER" 2>/dev/null
    getent group "$RUN_USER" >/dev/null && groupdel "$RUN_USER" 2>/dev/null
}
if [ "${STOP_ONLY:-0}" = 1 ]; then stop_all; echo "stopped"; exit 0; fi
[ "$(id -u)" = 0 ] || { echo "run as root" >&2; exit 2; }
for tool in nginx redis-server "$PGBIN/initdb" systemd-analyze openssl; do
    command -v "$tool" >/dev/null || { echo "missing: $tool" >&2; exit 2; }
done
stop_all
rm -rf "$T" && mkdir -p "$T/logs" && chmod 755 "$T"
cp "$APP/deploy/try_here/unit_by_hand.sh" "$T/unit_by_hand.sh"
UNIT="$T/unit_by_hand.sh"

# --- the venv, as docs/deploy.md makes it --------------------------------------------------------
if [ ! -x "$VENV/bin/gunicorn" ] || [ "$APP/requirements.txt" -nt "$VENV/.installed" ]; then
    step "venv: python3.11 -m venv $VENV && pip install -r requirements.txt"
    /usr/bin/python3.11 -m venv "$VENV" && "$VENV/bin/pip" install -q --disable-pip-version-check -r "$APP/requirements.txt" \
        && touch "$VENV/.installed" || { echo "venv failed" >&2; exit 1; }
fi
PY="$VENV/bin/python"
CHECKS=("$PY" "$APP/deploy/try_here/checks.py" --ca "$T/nginx/ssl/fullchain.pem")

# --- 1. static checks ---------------------------------------------------------------------------------
step "1. unit files, nginx site, scripts"
adduser --system --group --no-create-home --home /nonexistent --shell /usr/sbin/nologin "$RUN_USER" >/dev/null
mkdir -p "$T/units"
for unit in "$APP"/deploy/systemd/*; do
    sed -e "s#/srv/pianqu/app#$APP#g; s#/srv/pianqu/venv#$VENV#g; s#/etc/pianqu/pianqu.env#$T/pianqu.env#g" \
        -e "s#^User=pianqu#User=$RUN_USER#; s#^Group=pianqu#Group=$RUN_USER#" \
        -e "s#pianqu-web\b#pianqu-try-web#g; s#^CacheDirectory=pianqu#CacheDirectory=pianqu-try#" \
        -e "s#/var/cache/pianqu/#/var/cache/pianqu-try/#g; s#/var/backups/pianqu#$T/backups#g" \
        "$unit" >"$T/units/$(basename "$unit")"
done
check "systemd-analyze verify (4 units, paths of this checkout)" \
    systemd-analyze verify --man=no "$T"/units/pianqu-web.service "$T"/units/pianqu-scheduler.service \
    "$T"/units/pianqu-backup.service "$T"/units/pianqu-backup.timer
for unit in pianqu-web pianqu-scheduler pianqu-backup; do
    echo "   $(systemd-analyze security --offline=true --no-pager "$T/units/$unit.service" 2>/dev/null | tail -1)"
done
check "bash -n on the scripts" bash -n "$APP/deploy/backup.sh" "$APP/deploy/reload-web.sh" "$APP/deploy/pianqu" \
    "$APP/deploy/try_here/unit_by_hand.sh"
(cd /tmp && "$VENV/bin/gunicorn" --print-config -c "$APP/deploy/gunicorn.conf.py" wsgi:app >"$T/gunicorn-config.txt" 2>&1)
check "gunicorn reads gunicorn.conf.py (gthread, preloaded)" bash -c \
    "grep -qE '^worker_class += gthread' $T/gunicorn-config.txt && grep -qE '^preload_app += True' $T/gunicorn-config.txt"

# Machine B: a network namespace with its own address, or a second port on this one.
if [ "$NETNS" = 1 ] && ip netns add "$NS" 2>/dev/null; then
    ip link add pqtry-a type veth peer name pqtry-b && ip link set pqtry-b netns "$NS" \
        && ip addr add "$HOST_IP/24" dev pqtry-a && ip link set pqtry-a up \
        && ip netns exec "$NS" ip addr add "$B_IP/24" dev pqtry-b && ip netns exec "$NS" ip link set pqtry-b up \
        && ip netns exec "$NS" ip link set lo up || NETNS=0
else
    NETNS=0
fi
if [ "$NETNS" = 1 ]; then LAN=$HOST_IP B_BIND="$B_IP:$WEB_PORT"; else LAN=127.0.0.1 B_BIND="127.0.0.1:$WEB2_PORT"; fi
echo "   machine B: $([ "$NETNS" = 1 ] && echo "network namespace $NS at $B_IP" || echo "second gunicorn on $B_BIND")"

# nginx: the site file with this run's ports, certificate, upstream and log paths.
mkdir -p "$T/nginx/ssl" "$T/nginx/logs"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=bot.example.gov.cn" \
    -addext "subjectAltName=DNS:bot.example.gov.cn,IP:127.0.0.1,IP:$HOST_IP" \
    -keyout "$T/nginx/ssl/privkey.pem" -out "$T/nginx/ssl/fullchain.pem" 2>/dev/null
# Not on 443: X-Forwarded-Host must then carry the port (the admin page's CSRF referrer check).
sed -e "s#listen 80;#listen 127.0.0.1:$HTTP_PORT;#; s#listen \[::\]:80;##" \
    -e "s#listen 443 ssl http2;#listen 127.0.0.1:$NGINX_PORT ssl http2;$([ "$NETNS" = 1 ] && echo " listen $HOST_IP:$NGINX_PORT ssl http2;")#" \
    -e "s#listen \[::\]:443 ssl http2;##; s#/etc/ssl/pianqu/#$T/nginx/ssl/#; s#/var/log/nginx/#$T/nginx/logs/#" \
    -e "s#server 127.0.0.1:8000 #server 127.0.0.1:$WEB_PORT #; s#/srv/pianqu/app#$APP#" \
    -e 's#proxy_set_header Host $host;#proxy_set_header Host $host:$server_port;#' \
    -e 's#proxy_set_header X-Forwarded-Host $host;#proxy_set_header X-Forwarded-Host $host:$server_port;#' \
    "$APP/deploy/nginx/pianqu.conf" >"$T/nginx/pianqu.conf"
sed -e "s#^pid .*#pid $T/nginx/nginx.pid;#; s#^error_log .*#error_log $T/nginx/logs/error.log;#" \
    -e "s#access_log /var/log/nginx/access.log;#access_log $T/nginx/logs/access.log;#" \
    -e "s#include /etc/nginx/sites-enabled/\*;#include $T/nginx/pianqu.conf;#; s#include /etc/nginx/conf.d/\*.conf;##" \
    /etc/nginx/nginx.conf >"$T/nginx/nginx.conf"
check "nginx -t (Debian's nginx.conf including the site)" nginx -q -t -c "$T/nginx/nginx.conf"

# --- 2. PostgreSQL, Redis, env file -------------------------------------------------------------------
step "2. PostgreSQL (own instance on $PG_PORT), Redis ($REDIS_PORT), env file"
install -d -o postgres -g postgres "$T/pg" "$T/pgsock"
(cd /tmp && runuser -u postgres -- "$PGBIN/initdb" -D "$T/pg/data" -U postgres --auth-local=peer \
    --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null)
cat >>"$T/pg/data/postgresql.conf" <<EOF
port = $PG_PORT
unix_socket_directories = '$T/pgsock'
listen_addresses = '127.0.0.1$([ "$NETNS" = 1 ] && echo ",$HOST_IP")'
EOF
[ "$NETNS" = 1 ] && echo "host    pianqu          pianqu          $B_IP/32           scram-sha-256" >>"$T/pg/data/pg_hba.conf"
(cd /tmp && runuser -u postgres -- "$PGBIN/pg_ctl" -D "$T/pg/data" -l "$T/pg/log" -w start >/dev/null)
DBPW=$("$PY" -c 'import secrets; print(secrets.token_urlsafe(24))')
(cd /tmp && printf '%s\n%s\n' "$DBPW" "$DBPW" | pg createuser --pwprompt pianqu >/dev/null 2>&1)
(cd /tmp && pg createdb --owner=pianqu pianqu)
check "role pianqu logs in with its password over TCP" \
    env PGPASSWORD="$DBPW" psql -X -q -h 127.0.0.1 -p "$PG_PORT" -U pianqu -d pianqu -c 'select 1' -o /dev/null
mkdir -p "$T/redis"
RPW=$("$PY" -c 'import secrets; print(secrets.token_urlsafe(24))')
cat >"$T/redis/redis.conf" <<EOF
port $REDIS_PORT
bind 127.0.0.1$([ "$NETNS" = 1 ] && echo " $HOST_IP")
dir $T/redis
daemonize yes
pidfile $T/redis/redis.pid
logfile $T/redis/redis.log
requirepass $RPW
maxmemory 256mb
maxmemory-policy noeviction
EOF
redis-server "$T/redis/redis.conf"
sleep 0.5
check "Redis refuses without the password, answers with it" \
    bash -c "redis-cli -p $REDIS_PORT ping | grep -q NOAUTH && redis-cli -p $REDIS_PORT -a '$RPW' --no-auth-warning ping | grep -q PONG"

OLD_TOKEN=tryHereToken1 NEW_TOKEN=tryHereToken2
OLD_KEY=TryHereAESKeyNumberOne000000000000000000001 NEW_KEY=TryHereAESKeyNumberTwo000000000000000000002
APPID=wxtryhere00000001 OLD_SECRET=try-here-secret-1 NEW_SECRET=try-here-secret-2
SECRET=$("$PY" -c 'import secrets; print(secrets.token_urlsafe(48))')
sed -e "s#^DATABASE_URL=.*#DATABASE_URL=postgresql+psycopg://pianqu:$DBPW@127.0.0.1:$PG_PORT/pianqu#" \
    -e "s#^REDIS_URL=.*#REDIS_URL=redis://:$RPW@127.0.0.1:$REDIS_PORT/0#" \
    -e "s#^WECHAT_APP_ID=.*#WECHAT_APP_ID=$APPID#; s#^WECHAT_APP_SECRET=.*#WECHAT_APP_SECRET=$OLD_SECRET#" \
    -e "s#^WECHAT_TOKEN=.*#WECHAT_TOKEN=$OLD_TOKEN#; s#^WECHAT_ENCODING_AES_KEY=.*#WECHAT_ENCODING_AES_KEY=$OLD_KEY#" \
    -e "s#^WECHAT_API_BASE=.*#WECHAT_API_BASE=http://$LAN:$FAKE_PORT/#; s#^SECRET_KEY=.*#SECRET_KEY=$SECRET#" \
    -e "s|^#GUNICORN_BIND=.*|GUNICORN_BIND=127.0.0.1:$WEB_PORT|" \
    -e "s|^#GUNICORN_PRELOAD=.*|GUNICORN_PRELOAD=0|" \
    "$APP/deploy/pianqu.env.example" >"$T/pianqu.env"  # not preloaded: steps 6-7 try the rolling reload
chown root:"$RUN_USER" "$T/pianqu.env" && chmod 0640 "$T/pianqu.env"
# Machine B's copy of machine A's file: database, Redis and API on A's address; its own bind.
make_b_env() {
    sed -e "s#@127.0.0.1:$PG_PORT/#@$LAN:$PG_PORT/#; s#@127.0.0.1:$REDIS_PORT/#@$LAN:$REDIS_PORT/#" \
        -e "s#^GUNICORN_BIND=.*#GUNICORN_BIND=$B_BIND#; s|^#FORWARDED_ALLOW_IPS=.*|FORWARDED_ALLOW_IPS=$LAN|" \
        "$T/pianqu.env" >"$T/machine-b.env"
    chown root:"$RUN_USER" "$T/machine-b.env" && chmod 0640 "$T/machine-b.env"
}
mkdir -p "$T/units-b"
for unit in pianqu-web.service pianqu-scheduler.service; do
    sed -e "s#$T/pianqu.env#$T/machine-b.env#g; s#pianqu-try-web\b#pianqu-try-web-b#g" "$T/units/$unit" >"$T/units-b/$unit"
done
flask_cmd() {  # the pianqu wrapper, pointed at this run
    PIANQU_ENV_FILE=${ENVFILE:-$T/pianqu.env} PIANQU_APP_DIR="$APP" PIANQU_VENV="$VENV" PIANQU_USER="$RUN_USER" \
        PIANQU_NLU_CACHE=/var/cache/pianqu-try/nlu "$APP/deploy/pianqu" "$@"
}
set_env() {  # set_env FILE KEY VALUE (VALUE empty: remove the line)
    sed -i "/^$2=/d" "$1"
    [ -n "$3" ] && echo "$2=$3" >>"$1"
    return 0
}
ok "env file from pianqu.env.example (mode 0640 root:$RUN_USER)"

# --- 3. services --------------------------------------------------------------------------------------
step "3. scheduler and web units by hand, fake WeChat API, nginx"
start_fake() {  # start_fake SECRET: the fake WeChat API, accepting only that AppSecret
    PYTHONPATH="$APP" setsid "$PY" -m bot.fakewechat --host "$LAN" --port "$FAKE_PORT" --app-id "$APPID" \
        --app-secret "$1" >>"$T/logs/fake.log" 2>&1 &
    echo $! >"$T/fake.pid"
    for _ in $(seq 60); do curl -s -o /dev/null "http://$LAN:$FAKE_PORT/_fake/stats" && return 0; sleep 0.5; done
    return 1
}
stop_fake() {
    local pid; pid=$(cat "$T/fake.pid")
    kill "$pid"; while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
}
start_fake "$OLD_SECRET"
wait_log() {  # wait_log FILE PATTERN SECONDS
    for _ in $(seq "$3"); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 1; done
    return 1
}
wait_ready() {  # wait_ready RUNTIME_DIR N SECONDS: N workers have loaded the app
    for _ in $(seq "$3"); do [ "$(ls "$1" 2>/dev/null | grep -c '^[0-9]')" -ge "$2" ] && return 0; sleep 1; done
    return 1
}
"$UNIT" start "$T/units/pianqu-scheduler.service" "$T/logs/scheduler.log" >"$T/scheduler.pid" \
    && ok "scheduler ExecStartPre (migrate: flask setup --no-knowledge) passed" || bad "scheduler ExecStartPre"
check "scheduler leads" wait_log "$T/logs/scheduler.log" "leading" 120
ADMINPW=$("$PY" -c 'import secrets; print(secrets.token_urlsafe(12))')
echo "$ADMINPW" >"$T/adminpw"
check "pianqu kb check / kb load" bash -c "$(declare -f flask_cmd); T=$T APP=$APP VENV=$VENV RUN_USER=$RUN_USER; \
    flask_cmd kb check >/dev/null 2>&1 && flask_cmd kb load >/dev/null 2>&1"
check "pianqu admin create-user laowang --scope county" bash -c "printf '%s\n%s\n' '$ADMINPW' '$ADMINPW' | \
    PIANQU_ENV_FILE=$T/pianqu.env PIANQU_APP_DIR=$APP PIANQU_VENV=$VENV PIANQU_USER=$RUN_USER \
    PIANQU_NLU_CACHE=/var/cache/pianqu-try/nlu $APP/deploy/pianqu admin create-user laowang --scope county --name 王主任 2>/dev/null | grep -q created"
"$UNIT" start "$T/units/pianqu-web.service" "$T/logs/web.log" >"$T/web.pid"
check "web: READY=1 from gunicorn (Type=notify)" wait_log "$T/logs/web.log.notify" "READY=1" 60
check "web: 3 workers loaded the app" wait_ready /run/pianqu-try-web 3 180
nginx -c "$T/nginx/nginx.conf"
check "service processes run as $RUN_USER, no capabilities, no new privileges, / read-only" bash -c "
    p=\$(cat $T/web.pid); grep -q '^NoNewPrivs:.*1' /proc/\$p/status && grep -q '^CapBnd:.*0000000000000000' /proc/\$p/status \
    && [ \"\$(stat -c %U /proc/\$p)\" = $RUN_USER ] && nsenter -t \$p -m findmnt -no OPTIONS / | grep -q '^ro'"

# --- 4. through nginx ---------------------------------------------------------------------------------
step "4. through nginx: webhook, refusals, limits, admin, push"
URL="https://127.0.0.1:$NGINX_PORT/wechat" BASEURL="https://127.0.0.1:$NGINX_PORT"
OLD=(--token "$OLD_TOKEN" --key "$OLD_KEY" --app-id "$APPID")
NEW=(--token "$NEW_TOKEN" --key "$NEW_KEY" --app-id "$APPID")
check "GET /healthz through nginx: ok" bash -c "curl -sk $BASEURL/healthz | grep -qx ok"
check "http → https redirect" bash -c "curl -s -o /dev/null -w '%{http_code} %{redirect_url}' http://127.0.0.1:$HTTP_PORT/wechat | grep -q '^301 https://'"
check "unknown path: 404 from nginx" bash -c "[ \$(curl -sk -o /dev/null -w '%{http_code}' $BASEURL/etc/passwd) = 404 ]"
check "admin stylesheet served by nginx (cached 1 h)" bash -c "curl -sk -D- -o /dev/null $BASEURL/admin/static/admin.css | grep -qi 'max-age=3600'"
check "console URL check" "${CHECKS[@]}" verify --url "$URL" --token "$OLD_TOKEN"
check "signed safe-mode message answered" "${CHECKS[@]}" webhook --url "$URL" "${OLD[@]}" --text 低保咋办
check "plaintext POST refused (WECHAT_REQUIRE_SAFE_MODE=1)" "${CHECKS[@]}" webhook --url "$URL" "${OLD[@]}" --plain --expect-status 403
check "unknown token refused" "${CHECKS[@]}" webhook --url "$URL" "${NEW[@]}" --expect-status 403
check "nginx limits: 413 on a big body, 429 on a login burst" "${CHECKS[@]}" limits --base "$BASEURL"
sleep 30  # let the login limit refill
check "admin login: Secure cookie, dashboard, CSP" "${CHECKS[@]}" admin --base "$BASEURL" --user laowang \
    --password-file "$T/adminpw" --cookie-out "$T/cookie1.json"
"${CHECKS[@]}" webhook --url "$URL" "${OLD[@]}" --openid oTRY-push --text 我是代村的 >/dev/null
"${CHECKS[@]}" webhook --url "$URL" "${OLD[@]}" --openid oTRY-push --text 1 >/dev/null
curl -s -X POST -H 'Content-Type: application/json' -d '{"openid":"oTRY-push"}' "http://$LAN:$FAKE_PORT/_fake/interaction" >/dev/null
flask_cmd notice publish --area bz-daicun --kind 通知 --title 试运行 --body 部署检查 >/dev/null 2>&1
check "a push reaches the (fake) WeChat API through the scheduler" \
    "${CHECKS[@]}" push --fake "http://$LAN:$FAKE_PORT/" --openid oTRY-push --count 1 --timeout 90
check "access token kept in Redis (pianqu wechat token)" bash -c "$(declare -f flask_cmd); T=$T APP=$APP VENV=$VENV RUN_USER=$RUN_USER; \
    flask_cmd wechat token 2>/dev/null | grep -q 'Redis key wechat:access_token'"

# --- 5. backups ---------------------------------------------------------------------------------------
step "5. backup under write load, restore check, restore into a fresh database"
install -d -o postgres -g postgres -m 0700 "$T/backups"
backup() { (cd /tmp && runuser -u postgres -- env PGHOST="$T/pgsock" PGPORT="$PG_PORT" PIANQU_DB=pianqu \
    BACKUP_DIR="$T/backups" KEEP_DAYS=14 "$APP/deploy/backup.sh" "$@"); }
"${CHECKS[@]}" load --url "$URL" "${OLD[@]}" --seconds 12 --concurrency 3 --tag backup >"$T/logs/load-backup.txt" 2>&1 &
LOAD=$!
sleep 3
check "backup.sh while messages are written (dump + restore check)" backup
wait "$LOAD"
DUMP=$(ls "$T"/backups/pianqu-*.dump | tail -1)
cp "$DUMP.counts" "$T/counts.orig"
sed -i '1s/|\([0-9]*\)$/|999999/' "$DUMP.counts"
check "a restore check with a wrong count fails" bash -c "$(declare -f backup); T=$T PG_PORT=$PG_PORT APP=$APP; \
    ! backup --check $DUMP >/dev/null 2>&1"
cp "$T/counts.orig" "$DUMP.counts"
touch -d '20 days ago' "$T/backups/pianqu-20000101-000000.dump" && chown postgres: "$T/backups/pianqu-20000101-000000.dump"
backup >/dev/null 2>&1
check "retention removed a 20-day-old dump" test ! -e "$T/backups/pianqu-20000101-000000.dump"
(cd /tmp && pg createdb --owner=pianqu pianqu_restored \
    && pg pg_restore --no-owner --role=pianqu --exit-on-error --dbname=pianqu_restored "$DUMP")
COUNT_SQL="select format('SELECT %L, count(*) FROM %I.%I', table_schema||'.'||table_name, table_schema, table_name) from information_schema.tables where table_schema='public' and table_type='BASE TABLE' order by 1 \\gexec"
(cd /tmp && echo "$COUNT_SQL" | pg psql -XAtq -d pianqu_restored | sort >"$T/restored.counts")
check "restore into a fresh database (owner pianqu): same row counts as the dump ($(wc -l <"$T/restored.counts") tables)" \
    diff -q <(sort "$DUMP.counts") "$T/restored.counts"
check "the app reads the restored database" bash -c "sed 's#/pianqu\$#/pianqu_restored#' $T/pianqu.env >$T/restored.env; \
    chgrp $RUN_USER $T/restored.env; chmod 640 $T/restored.env; $(declare -f flask_cmd); T=$T APP=$APP VENV=$VENV RUN_USER=$RUN_USER; \
    ENVFILE=$T/restored.env flask_cmd admin list 2>/dev/null | grep -q laowang"

# --- 6. reloads under load ----------------------------------------------------------------------------
WEB_RUNTIME=/run/pianqu-try-web
reload_web() { "$UNIT" reload "$T/units/pianqu-web.service" "$T/logs/web.log" "$(cat "$T/web.pid")" >>"$T/logs/reloads.log"; }
if [ "$SLOW" = 1 ]; then
    step "6. reload under load: kill -HUP vs deploy/reload-web.sh (figures)"
    uptime
    "${CHECKS[@]}" load --url "$URL" "${OLD[@]}" --seconds 45 --concurrency 3 --tag hup >"$T/logs/load-hup.txt" 2>&1 &
    LOAD=$!
    sleep 5
    kill -HUP "$(cat "$T/web.pid")"
    wait "$LOAD"
    figure "kill -HUP:    " "$T/logs/load-hup.txt"
    wait_ready "$WEB_RUNTIME" 3 120 >/dev/null
    "${CHECKS[@]}" load --url "$URL" "${OLD[@]}" --seconds 90 --concurrency 3 --tag roll >"$T/logs/load-roll.txt" 2>&1 &
    LOAD=$!
    sleep 5
    reload_web
    wait "$LOAD"
    figure "reload-web.sh:" "$T/logs/load-roll.txt"
    check "rolling reload: every message answered, none over 5 s" grep -q "statuses {200: [0-9]*}, .* over 5 s: 0$" "$T/logs/load-roll.txt"
fi

# --- 7. key rotation ----------------------------------------------------------------------------------
step "7. rotating the Token and EncodingAESKey, SECRET_KEY, AppSecret"
# A typo in the env file first: the reload must refuse it and leave the old workers serving.
set_env "$T/pianqu.env" WECHAT_ENCODING_AES_KEY "${OLD_KEY}x"
if reload_web 2>>"$T/logs/reloads.log"; then bad "a reload with a 44-character EncodingAESKey went ahead"
else ok "a reload with a 44-character EncodingAESKey is refused: $(grep -o 'reload-web: the app does not load.*' "$T/logs/reloads.log" | tail -1 | cut -c1-60)…"; fi
check "… and the old workers still answer" "${CHECKS[@]}" webhook --url "$URL" "${OLD[@]}" --openid oTRY-typo
set_env "$T/pianqu.env" WECHAT_ENCODING_AES_KEY "$OLD_KEY"
set_env "$T/pianqu.env" WECHAT_TOKEN "$NEW_TOKEN"
set_env "$T/pianqu.env" WECHAT_TOKEN_PREVIOUS "$OLD_TOKEN"
set_env "$T/pianqu.env" WECHAT_ENCODING_AES_KEY "$NEW_KEY"
set_env "$T/pianqu.env" WECHAT_ENCODING_AES_KEY_PREVIOUS "$OLD_KEY"
"${CHECKS[@]}" load --url "$URL" "${OLD[@]}" --seconds 30 --concurrency 2 --tag rot >"$T/logs/load-rot.txt" 2>&1 &
LOAD=$!
reload_web
wait "$LOAD"
check "old-key traffic during the reload that brings the new keys: $(cut -c7- "$T/logs/load-rot.txt")" \
    grep -q "statuses {200: [0-9]*}" "$T/logs/load-rot.txt"
check "during the rotation: old token+key answered (reply opens with the old key)" "${CHECKS[@]}" webhook --url "$URL" "${OLD[@]}" --openid oTRY-rot-1
check "during the rotation: new token+key answered (reply opens with the new key)" "${CHECKS[@]}" webhook --url "$URL" "${NEW[@]}" --openid oTRY-rot-2
check "the console's URL check with the new token" "${CHECKS[@]}" verify --url "$URL" --token "$NEW_TOKEN"
# The master started with the old values in its environment: a reload must still drop them.
kill -TERM "$(cat "$T/web.pid")"; while kill -0 "$(cat "$T/web.pid")" 2>/dev/null; do sleep 0.5; done
kill "$(cat "$T/logs/web.log.notify.pid")" 2>/dev/null
"$UNIT" start "$T/units/pianqu-web.service" "$T/logs/web.log" >"$T/web.pid"
wait_ready "$WEB_RUNTIME" 3 180 >/dev/null
set_env "$T/pianqu.env" WECHAT_TOKEN_PREVIOUS ""
set_env "$T/pianqu.env" WECHAT_ENCODING_AES_KEY_PREVIOUS ""
reload_web
check "after the rotation: old token+key refused" "${CHECKS[@]}" webhook --url "$URL" "${OLD[@]}" --openid oTRY-rot-3 --expect-status 403
check "after the rotation: new token+key answered" "${CHECKS[@]}" webhook --url "$URL" "${NEW[@]}" --openid oTRY-rot-4

check "admin cookie good before SECRET_KEY changes" "${CHECKS[@]}" cookie --base "$BASEURL" --cookie-in "$T/cookie1.json" --expect ok
set_env "$T/pianqu.env" SECRET_KEY "$("$PY" -c 'import secrets; print(secrets.token_urlsafe(48))')"
reload_web
check "after SECRET_KEY changed and reload: the old cookie goes to the login page" \
    "${CHECKS[@]}" cookie --base "$BASEURL" --cookie-in "$T/cookie1.json" --expect login
check "and a new login works" "${CHECKS[@]}" admin --base "$BASEURL" --user laowang --password-file "$T/adminpw"

# AppSecret: the console resets it (the fake now only accepts the new one and forgot its tokens).
stop_fake
start_fake "$NEW_SECRET"
check "with the old AppSecret: pianqu wechat token --refresh says errcode 40125" bash -c "$(declare -f flask_cmd); \
    T=$T APP=$APP VENV=$VENV RUN_USER=$RUN_USER; flask_cmd wechat token --refresh 2>&1 | grep -q 40125"
kill -TERM "$(cat "$T/scheduler.pid")"; while kill -0 "$(cat "$T/scheduler.pid")" 2>/dev/null; do sleep 0.5; done
set_env "$T/pianqu.env" WECHAT_APP_SECRET "$NEW_SECRET"
check "with the new AppSecret: --refresh fetches and stores a new token" bash -c "$(declare -f flask_cmd); \
    T=$T APP=$APP VENV=$VENV RUN_USER=$RUN_USER; flask_cmd wechat token --refresh 2>&1 | grep -q 'fetched a new access token'"
"$UNIT" start "$T/units/pianqu-scheduler.service" "$T/logs/scheduler.log" >"$T/scheduler.pid"
reload_web
curl -s -X POST -H 'Content-Type: application/json' -d '{"openid":"oTRY-push"}' "http://$LAN:$FAKE_PORT/_fake/interaction" >/dev/null
flask_cmd notice publish --area bz-daicun --kind 通知 --title 换密钥后 --body 检查 >/dev/null 2>&1
check "pushes go on after the AppSecret change (token fetched once, by the command)" \
    "${CHECKS[@]}" push --fake "http://$LAN:$FAKE_PORT/" --openid oTRY-push --count 1 --timeout 90

# --- 8. a second web machine --------------------------------------------------------------------------
step "8. a second web machine behind the same nginx"
B=()
[ "$NETNS" = 1 ] && B=("$NS")
make_b_env  # a copy of A's file as it is now (after the rotations), with B's differences
"$UNIT" start "$T/units-b/pianqu-web.service" "$T/logs/web-b.log" "${B[@]}" >"$T/web-b.pid"
check "machine B: 3 workers loaded the app (database and Redis on machine A)" wait_ready /run/pianqu-try-web-b 3 180
B_ADDR=${B_BIND%:*} B_PORT=${B_BIND#*:}
sed -i "s#^\(    server 127.0.0.1:$WEB_PORT max_fails=2 fail_timeout=10s;\)#\1\n    server $B_BIND max_fails=2 fail_timeout=10s;#" "$T/nginx/pianqu.conf"
nginx -q -t -c "$T/nginx/nginx.conf" && nginx -c "$T/nginx/nginx.conf" -s reload
sleep 1
if [ "$NETNS" = 1 ] && command -v nft >/dev/null; then
    printf 'table inet pianqu {\n chain input {\n  type filter hook input priority 0; policy accept;\n  tcp dport %s ip saddr != %s drop\n }\n}\n' \
        "$B_PORT" "$HOST_IP" >"$T/machine-b.nft"
    ip netns exec "$NS" nft -f "$T/machine-b.nft"
    check "machine B's gunicorn answers machine A only (nftables on B)" bash -c \
        "curl -s -m 3 http://$B_BIND/healthz | grep -qx ok && ! ip netns exec $NS curl -s -m 2 http://$B_BIND/healthz >/dev/null"
fi
: >"$T/nginx/logs/pianqu.access.log"
"${CHECKS[@]}" load --url "$URL" "${NEW[@]}" --seconds 10 --concurrency 3 --tag two >"$T/logs/load-two.txt" 2>&1
check "both machines answer: $(grep -c "\"127.0.0.1:$WEB_PORT\" \"200\"" "$T/nginx/logs/pianqu.access.log") by A, $(grep -c "\"$B_BIND\" \"200\"" "$T/nginx/logs/pianqu.access.log") by B" \
    bash -c "grep -q '\"$B_BIND\" \"200\"' $T/nginx/logs/pianqu.access.log && grep -q '\"127.0.0.1:$WEB_PORT\" \"200\"' $T/nginx/logs/pianqu.access.log"
if [ "$NETNS" = 1 ]; then
    ip netns exec "$NS" "${CHECKS[@]}" admin --base "https://$HOST_IP:$NGINX_PORT" --user laowang --password-file "$T/adminpw" >/dev/null 2>&1
    check "the app records the client's address (B's $B_IP), not nginx's" bash -c \
        "(cd /tmp && runuser -u postgres -- env PGHOST=$T/pgsock PGPORT=$PG_PORT psql -XAtq -d pianqu \
        -c 'select ip from admin_sessions order by created_at desc limit 1') | grep -qx $B_IP"
fi
"${CHECKS[@]}" load --url "$URL" "${NEW[@]}" --seconds 20 --concurrency 3 --tag kill --allow 200 502 >"$T/logs/load-kill.txt" 2>&1 &
LOAD=$!
sleep 5
WEB_A=$(cat "$T/web.pid")
kill -KILL "$WEB_A" $(pgrep -P "$WEB_A")
wait "$LOAD"
figure "machine A's gunicorn SIGKILLed:" "$T/logs/load-kill.txt"
# Only the requests A was handling may fail: a 502, or an answer cut off when nginx had already
# passed on its beginning (nginx logs that one as 200, its error log "prematurely closed").
check "after A died, nginx sent everything to B (502s or cut-off answers only for requests A held, ≤ 3)" \
    "$PY" -c 'import ast, re, sys
counts = ast.literal_eval(re.search(r"statuses (\{.*?\})", open(sys.argv[1]).read()).group(1))
held = counts.get(502, 0) + counts.get("cut off", 0)
sys.exit(not (set(counts) <= {200, 502, "cut off"} and counts.get(200) and held <= 3))' "$T/logs/load-kill.txt"
"$UNIT" start "$T/units/pianqu-web.service" "$T/logs/web.log" >"$T/web.pid"
rm -f "$WEB_RUNTIME"/[0-9]*
wait_ready "$WEB_RUNTIME" 3 180 >/dev/null
# B unplugged: nginx's log tells the requests apart. A request nginx had already sent to B gets
# no answer, and nginx does not send a POST a second time (its comment in pianqu.conf says why):
# it ends in a 504 after proxy_read_timeout, and WeChat redelivers it (to A, B being marked
# down). At most one per concurrent sender can be in flight at B. Every other request must be
# answered within 5 s: by A, or by A after a 1 s connect timeout to B.
unplug_log() {  # unplug_log ACCESS_LOG MAX_HELD
    awk -F'"' -v b="$B_BIND" -v max="$2" '
        $2 ~ /^POST \/wechat / {
            split($3, f, " ")
            if (f[1] == 200) { answered++; if (f[3] + 0 > 5) late++; if ($4 ~ /, /) failover++ }
            else if (f[1] == 504 && $4 == b && $6 == "504") held++
            else other++
        }
        END {
            printf "   nginx log: %d answered (%d of them by A after a connect timeout to B), %d late; %d held by B when unplugged (504); %d other\n",
                answered, failover, late, held, other
            exit !(answered > 0 && failover > 0 && late == 0 && held <= max && other == 0)
        }' "$1"
}
if [ "$NETNS" = 1 ]; then
    : >"$T/nginx/logs/pianqu.access.log"
    "${CHECKS[@]}" load --url "$URL" "${NEW[@]}" --seconds 20 --concurrency 3 --tag unplug >"$T/logs/load-unplug.txt" 2>&1 &
    LOAD=$!
    sleep 3
    ip netns exec "$NS" ip link set pqtry-b down
    wait "$LOAD"
    ip netns exec "$NS" ip link set pqtry-b up
    figure "machine B unplugged (no answer at all):" "$T/logs/load-unplug.txt"
    check "with B unplugged: answered within 5 s (A, or A after 1 s), but for requests B held (≤ 3, WeChat redelivers)" \
        unplug_log "$T/nginx/logs/pianqu.access.log" 3
fi
"$UNIT" start "$T/units-b/pianqu-scheduler.service" "$T/logs/scheduler-b.log" "${B[@]}" >"$T/scheduler-b.pid"
check "a second scheduler stands by while A's leads" wait_log "$T/logs/scheduler-b.log" "standing by" 120
takeover() {  # takeover LOG: seconds until LOG has a new "leading" line (at most 90)
    local from started; from=$(($(wc -l <"$1") + 1)); started=$(date +%s.%N)
    for _ in $(seq 900); do
        tail -n +"$from" "$1" | grep -q ": leading" && { awk -v a="$(date +%s.%N)" -v b="$started" 'BEGIN { printf "%.1f", a - b }'; return 0; }
        sleep 0.1
    done
    return 1
}
LEASE=$(sed -n 's/^SCHEDULER_LEASE_SECONDS=//p' "$T/pianqu.env"); LEASE=${LEASE:-20}
kill -TERM "$(cat "$T/scheduler.pid")" && HANDOVER=$(takeover "$T/logs/scheduler-b.log")
printf '   scheduler A stopped (SIGTERM, lease released): B leads after %.1f s   [load average %s]\n' "${HANDOVER:-999}" "$(cut -d' ' -f1-3 /proc/loadavg)"
check "A's scheduler stopped: B's takes the lease" test -n "$HANDOVER"
curl -s -X POST -H 'Content-Type: application/json' -d '{"openid":"oTRY-push"}' "http://$LAN:$FAKE_PORT/_fake/interaction" >/dev/null
flask_cmd notice publish --area bz-daicun --kind 通知 --title B接手 --body 检查 >/dev/null 2>&1
check "pushes go on from B's scheduler" \
    "${CHECKS[@]}" push --fake "http://$LAN:$FAKE_PORT/" --openid oTRY-push --count 2 --timeout 90
# The leader dies without releasing its lease (a lost machine): the standby waits for it to run out.
FROM=$(($(wc -l <"$T/logs/scheduler.log") + 1))
"$UNIT" start "$T/units/pianqu-scheduler.service" "$T/logs/scheduler.log" >"$T/scheduler.pid"
check "A's scheduler, started again, stands by while B's leads" bash -c \
    "for _ in \$(seq 120); do tail -n +$FROM $T/logs/scheduler.log | grep -q 'standing by' && exit 0; sleep 1; done; exit 1"
kill -KILL "$(cat "$T/scheduler-b.pid")" && FAILOVER=$(takeover "$T/logs/scheduler.log")
printf '   scheduler B SIGKILLed (lease of %s s not released): A leads after %.1f s   [load average %s]\n' "$LEASE" "${FAILOVER:-999}" "$(cut -d' ' -f1-3 /proc/loadavg)"
check "B's scheduler killed: A's leads once the lease has run out (≤ lease + 10 s)" \
    awk -v t="${FAILOVER:-999}" -v lease="$LEASE" 'BEGIN { exit !(t <= lease + 10) }'
flask_cmd notice publish --area bz-daicun --kind 通知 --title A接回 --body 检查 >/dev/null 2>&1
check "pushes go on from A's scheduler again" \
    "${CHECKS[@]}" push --fake "http://$LAN:$FAKE_PORT/" --openid oTRY-push --count 3 --timeout 90

# --- 9. PostgreSQL and Redis restarts -----------------------------------------------------------------
if [ "$SLOW" = 1 ]; then
    step "9. PostgreSQL and Redis restarted under load (figures)"
    "${CHECKS[@]}" load --url "$URL" "${NEW[@]}" --seconds 20 --concurrency 3 --tag pg \
        --allow 200 "200 busy text" >"$T/logs/load-pg.txt" 2>&1 &
        LOAD=$!
    sleep 5
    (cd /tmp && runuser -u postgres -- "$PGBIN/pg_ctl" -D "$T/pg/data" -m fast -w restart -l "$T/pg/log" >/dev/null)
    wait "$LOAD"
    figure "PostgreSQL restart:" "$T/logs/load-pg.txt"
    check "PostgreSQL restarted: answers go on (busy text at worst), no restart of the app" \
        grep -q "over 5 s: 0$" "$T/logs/load-pg.txt"
    "${CHECKS[@]}" load --url "$URL" "${NEW[@]}" --seconds 20 --concurrency 3 --tag redis \
        --allow 200 "200 busy text" >"$T/logs/load-redis.txt" 2>&1 &
        LOAD=$!
    sleep 5
    redis-cli -p "$REDIS_PORT" -a "$RPW" --no-auth-warning shutdown >/dev/null
    sleep 1
    redis-server "$T/redis/redis.conf"
    wait "$LOAD"
    figure "Redis restart:     " "$T/logs/load-redis.txt"
    check "Redis restarted: answers go on (busy text while it is down)" grep -q "over 5 s: 0$" "$T/logs/load-redis.txt"
fi

# --- done -----------------------------------------------------------------------------------------------
step "result: $PASS passed, $FAIL failed   (logs: $T/logs)"
if [ "$KEEP" = 1 ]; then
    echo "still running (--keep): nginx https://127.0.0.1:$NGINX_PORT/ ; stop with: $0 --stop"
else
    stop_all
    echo "everything stopped; the state stays in $T for a look (removed at the next run)"
fi
[ "$FAIL" = 0 ]
