#!/bin/bash
# Rolling reload of the web service, pianqu-web.service's ExecReload (`systemctl reload
# pianqu-web`): new workers, on the code and env file as they are now, start beside the old
# ones; the old ones stop (finishing what they have) only once every new one has loaded the
# app. So there is no moment without a worker taking requests.
#
#   reload-web.sh MASTER_PID        (run as the service user, with the service's environment)
#
# Why not a plain `kill -HUP`: gunicorn then stops the old workers at once, and requests wait
# in the socket's queue until the new workers have loaded the app (2–4 s on an idle machine,
# more on a busy one; WeChat gives up after 5 s). Measured: docs/deploy.md, "Upgrades".
# gunicorn.conf.py itself and GUNICORN_* settings are read only at start: restart for those.
set -euo pipefail
master=${1:?usage: reload-web.sh MASTER_PID}
ready_dir=${GUNICORN_READY_DIR:?GUNICORN_READY_DIR is not set (see pianqu-web.service)}
timeout=${RELOAD_TIMEOUT_SECONDS:-100}

say() { echo "reload-web: $*"; }

# 0. A preloaded master (gunicorn.conf.py's default) forks its new workers from the code and env
#    file it loaded at start: a reload would change nothing. Say so rather than pretend.
if [ "${GUNICORN_PRELOAD:-1}" != 0 ]; then
    say "the service is preloaded (GUNICORN_PRELOAD is not 0): new workers would run the old code" \
        "and settings; use 'systemctl restart pianqu-web'" >&2
    exit 1
fi
workers() { pgrep -P "$master" | sort; }  # sorted as text, for comm
count() { workers | wc -l; }

# 1. The new code and settings must load, or the new workers would fail to boot, and gunicorn
#    stops altogether when a worker cannot boot. The master's interpreter is the venv's.
python=$(tr '\0' '\n' <"/proc/$master/cmdline" | head -1)
if ! "$python" -c 'import wsgi' >/dev/null 2>"$ready_dir/import-check.log"; then
    say "the app does not load with the new code or settings; nothing changed:" >&2
    tail -5 "$ready_dir/import-check.log" >&2
    exit 1
fi

old=$(workers)
n=$(count)
for file in "$ready_dir"/[0-9]*; do  # markers of workers that are gone
    [ -e "$file" ] && ! grep -qx "$(basename "$file")" <<<"$old" && rm -f "$file"
done

# 2. One more worker per old one (TTIN, one at a time: identical signals can merge).
for i in $(seq "$n"); do
    kill -TTIN "$master"
    for _ in $(seq 50); do [ "$(count)" -ge $((n + i)) ] && break; sleep 0.1; done
done
new=$(comm -13 <(echo "$old") <(workers))

# 3. Wait until every new worker has loaded the app.
deadline=$((SECONDS + timeout))
while :; do
    waiting=0
    for pid in $new; do [ -e "$ready_dir/$pid" ] || waiting=$((waiting + 1)); done
    [ "$waiting" = 0 ] && break
    if [ $SECONDS -ge $deadline ]; then
        # Nothing is stopped: old and new workers all serve (gunicorn can only stop the
        # oldest). Look at the log, then reload again or restart.
        say "$waiting new worker(s) still not ready after ${timeout}s; old workers kept, $(count) running" >&2
        exit 1
    fi
    sleep 0.2
done

# 4. Back to n workers: TTOU stops the oldest first, i.e. the old ones, gracefully.
for i in $(seq "$n"); do
    kill -TTOU "$master"
    sleep 0.2
done
say "replaced $n workers ($(echo $old | tr '\n' ' ')) by ready ones ($(echo $new | tr '\n' ' '))"
