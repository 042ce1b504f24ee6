#!/bin/bash
# Run a systemd unit's command lines by hand, the way systemd would, where systemd is not
# PID 1 (containers, this project's test machine). As root:
#
#   unit_by_hand.sh start  UNIT_FILE LOG [NETNS] [KEY=VALUE ...]   ExecStartPre, then ExecStart in
#                                                                   the background; prints its PID
#   unit_by_hand.sh reload UNIT_FILE LOG MAINPID [NETNS] [KEY=VALUE ...]   ExecReload, waits for it
#
# - User=, WorkingDirectory=, EnvironmentFile= (read afresh each time, as systemd does),
#   Environment=; KEY=VALUE arguments come last (like a drop-in's Environment=);
# - the hardening, approximated in a private mount namespace: every mount read-only
#   (ProtectSystem=strict) but /var/cache/<CacheDirectory> and /run/<RuntimeDirectory>, empty
#   /tmp and /var/tmp (PrivateTmp), /home, /root and /run/user hidden (ProtectHome), no
#   capabilities and no new privileges (CapabilityBoundingSet=, NoNewPrivileges=);
# - Type=notify: NOTIFY_SOCKET is a datagram socket; what arrives is appended to LOG.notify;
# - NETNS: inside that network namespace (`ip netns exec`), i.e. on "another machine".
# Paths in the unit are used as written: install the app where the unit expects it, or pass a
# rewritten copy of the unit (try_here.sh does). Stop a service with `kill -TERM PID`.
set -euo pipefail
action=$1 unit=$2 log=$3
shift 3
mainpid=""
if [ "$action" = reload ]; then mainpid=$1; shift; fi
netns=""
if [ $# -gt 0 ] && [[ $1 != *=* ]]; then netns=$1; shift; fi

value() { sed -n "s/^$1=//p" "$unit"; }
user=$(value User | tail -1)
group=$(id -gn "$user")
workdir=$(value WorkingDirectory | tail -1)
writable=()
for dir in $(value CacheDirectory); do writable+=("/var/cache/$dir"); done
for dir in $(value RuntimeDirectory); do writable+=("/run/$dir"); done

env=("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" "LANG=C.UTF-8"
     "USER=$user" "LOGNAME=$user" "HOME=$(getent passwd "$user" | cut -d: -f6)" "SHELL=/usr/sbin/nologin")
while read -r file; do
    [ -n "$file" ] || continue
    while IFS= read -r line || [ -n "$line" ]; do
        case $line in '' | '#'*) continue ;; esac
        env+=("$line")
    done <"${file#-}"
done < <(value EnvironmentFile)
while read -r assignments; do
    [ -n "$assignments" ] || continue
    read -r -a words <<<"$assignments"
    env+=("${words[@]}")
done < <(value Environment)
env+=("$@")

# Inside the namespace: mounts read-only but the writable directories, private /tmp, no homes,
# then drop to the service user without capabilities.
sandbox='set -e
for dir in $WRITABLE; do mount --bind "$dir" "$dir"; done
for target in $(findmnt -rno TARGET | sort -u); do
    case " $WRITABLE " in *" $target "*) continue ;; esac
    case $target in /proc* | /sys* | /dev*) continue ;; esac
    mount -o remount,bind,ro "$target" 2>/dev/null || true
done
mount -t tmpfs -o mode=1777 tmpfs /tmp
mount -t tmpfs -o mode=1777 tmpfs /var/tmp
for home in /home /root /run/user; do if [ -d "$home" ]; then mount -t tmpfs -o mode=0755 tmpfs "$home"; fi; done
cd "$WORKDIR"
exec setpriv --reuid="$RUNUSER" --regid="$RUNUSER" --init-groups --no-new-privs \
    --bounding-set=-all --inh-caps=-all -- env -i "$@"'

# Replaces the calling process (call it in a subshell): ip netns exec, unshare, bash, setpriv
# and env all exec, so this PID ends up being the command's own.
run() {
    local prefix=()
    [ -n "$netns" ] && prefix=(ip netns exec "$netns")
    exec "${prefix[@]}" unshare --mount --propagation private \
        env WRITABLE="${writable[*]}" WORKDIR="$workdir" RUNUSER="$user" \
        bash -c "$sandbox" sandbox "${env[@]}" "$@"
}

for dir in "${writable[@]}"; do install -d -o "$user" -g "$group" -m 0750 "$dir"; done
if [ "$action" = start ]; then  # systemd makes RuntimeDirectory afresh at each start
    for dir in $(value RuntimeDirectory); do rm -rf "/run/$dir"; install -d -o "$user" -g "$group" -m 0750 "/run/$dir"; done
fi

if [ "$action" = reload ]; then
    line=$(value ExecReload | tail -1)
    line=${line//\$MAINPID/$mainpid}
    echo "\$ $line   # ExecReload, by hand" >>"$log"
    # shellcheck disable=SC2086
    (run $line) 2>&1 | tee -a "$log"
    exit "${PIPESTATUS[0]}"
fi

if [ "$(value Type | tail -1)" = notify ]; then
    # Outside /tmp (private to the service), like systemd's /run/systemd/notify.
    mkdir -p /run/pianqu-try
    notify="/run/pianqu-try/$(basename "$log").sock"
    [ -f "$log.notify.pid" ] && kill "$(cat "$log.notify.pid")" 2>/dev/null  # a listener from a previous start
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

while read -r pre; do
    [ -n "$pre" ] || continue
    echo "\$ $pre   # ExecStartPre, by hand" >>"$log"
    # shellcheck disable=SC2086
    (run $pre) >>"$log" 2>&1 || { echo "ExecStartPre failed: $pre (see $log)" >&2; exit 1; }
done < <(value ExecStartPre)
start=$(value ExecStart | tail -1)
echo "\$ $start   # ExecStart, by hand" >>"$log"
# shellcheck disable=SC2086
(run $start) >>"$log" 2>&1 &
echo $!
