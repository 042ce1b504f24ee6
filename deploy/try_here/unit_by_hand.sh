#!/bin/bash
# Run a systemd unit's ExecStartPre and ExecStart lines by hand, the way systemd would, where
# systemd is not PID 1 (containers, this project's test machine):
#
#   unit_by_hand.sh UNIT_FILE LOG_FILE [NETNS] [KEY=VALUE ...]     (as root; prints the main PID)
#
# - User=, WorkingDirectory=, EnvironmentFile=, Environment= as the unit says; KEY=VALUE
#   arguments come last (a drop-in's Environment=, e.g. machine B's GUNICORN_BIND);
# - the hardening, approximated in a private mount namespace: every mount read-only
#   (ProtectSystem=strict), empty /tmp and /var/tmp (PrivateTmp), /home and /root hidden
#   (ProtectHome), /var/cache/<CacheDirectory> writable, no capabilities and no new privileges
#   (CapabilityBoundingSet=, NoNewPrivileges=);
# - Type=notify: NOTIFY_SOCKET is a datagram socket whose messages go to LOG_FILE.notify;
# - NETNS: run inside that network namespace (`ip netns exec`), i.e. on "another machine".
# Paths in the unit are used as written: install the app where the unit expects it, or pass a
# rewritten copy of the unit (try_here.sh does).
set -euo pipefail
unit=$1 log=$2 netns=${3:-}
shift $(( $# >= 3 ? 3 : $# ))

value() { sed -n "s/^$1=//p" "$unit"; }
user=$(value User | tail -1)
workdir=$(value WorkingDirectory | tail -1)
cache=$(value CacheDirectory | tail -1)
type=$(value Type | tail -1)

env=("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" "LANG=C.UTF-8"
     "USER=$user" "LOGNAME=$user" "HOME=$(getent passwd "$user" | cut -d: -f6)" "SHELL=/usr/sbin/nologin")
while read -r file; do
    file=${file#-}
    while IFS= read -r line || [ -n "$line" ]; do
        case $line in '' | '#'*) continue ;; esac
        env+=("$line")
    done <"$file"
done < <(value EnvironmentFile)
while read -r assignments; do
    [ -n "$assignments" ] && read -r -a words <<<"$assignments" && env+=("${words[@]}")
done < <(value Environment)
env+=("$@")

notify=""
if [ "$type" = notify ]; then
    # Outside /tmp (private to the service), like systemd's /run/systemd/notify.
    mkdir -p /run/pianqu-try
    notify="/run/pianqu-try/$(basename "$log").sock"
    rm -f "$notify"
    python3 - "$notify" "$log.notify" <<'PY' &
import os, socket, sys
sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
sock.bind(sys.argv[1])
os.chmod(sys.argv[1], 0o666)
with open(sys.argv[2], "a", buffering=1) as out:
    while True:
        out.write(sock.recv(4096).decode(errors="replace").replace("\n", " ") + "\n")
PY
    echo $! >"$log.notify.pid"
    for _ in $(seq 50); do [ -S "$notify" ] && break; sleep 0.1; done
    env+=("NOTIFY_SOCKET=$notify")
fi

[ -n "$cache" ] && install -d -o "$user" -g "$(id -gn "$user")" -m 0750 "/var/cache/$cache"
# The unit's hardening, approximated; CacheDirectory is bound onto itself first so that it
# is a mount of its own, left writable by the read-only pass.
hardened=$(cat <<'SH'
set -e
[ -n "$CACHE" ] && mount --bind "/var/cache/$CACHE" "/var/cache/$CACHE"
for target in $(findmnt -rno TARGET | sort -u); do
    case $target in /proc* | /sys* | /dev* | "/var/cache/$CACHE") continue ;; esac
    mount -o remount,bind,ro "$target" 2>/dev/null || true
done
mount -t tmpfs -o mode=1777 tmpfs /tmp
mount -t tmpfs -o mode=1777 tmpfs /var/tmp
for home in /home /root /run/user; do [ -d "$home" ] && mount -t tmpfs -o mode=0755 tmpfs "$home"; done
cd "$WORKDIR"
exec setpriv --reuid="$RUNUSER" --regid="$RUNUSER" --init-groups --no-new-privs \
    --bounding-set=-all --inh-caps=-all -- env -i "$@"
SH
)
# Replaces the calling process (call it in a subshell): ip netns exec, unshare, setpriv and
# env all exec, so the PID that runs this ends up being the service's main process.
run() {
    local prefix=()
    [ -n "$netns" ] && prefix=(ip netns exec "$netns")
    exec "${prefix[@]}" unshare --mount --propagation private \
        env CACHE="$cache" WORKDIR="$workdir" RUNUSER="$user" bash -c "$hardened" hardened "${env[@]}" "$@"
}

while read -r pre; do
    [ -n "$pre" ] || continue
    echo "\$ $pre   # ExecStartPre, by hand" >>"$log"
    # shellcheck disable=SC2086
    (run $pre) >>"$log" 2>&1 || { echo "ExecStartPre failed: $pre (see $log)" >&2; exit 1; }
done < <(value ExecStartPre)
start=$(value ExecStart | tail -1)
echo "\$ $start   # ExecStart, by hand" >>"$log"
# shellcheck disable=SC2086
setsid bash -c "$(declare -f run); $(declare -p env netns cache workdir user hardened); run $start" >>"$log" 2>&1 &
echo $!
