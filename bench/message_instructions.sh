#!/bin/bash
# Instructions per message, counted by valgrind (deterministic, whatever else runs on the machine):
#
#     bench/message_instructions.sh [message_path's options]
#
# Runs bench/message_path.py under callgrind twice, with 100 and with 200 measured messages
# (after as many of warm-up: 200 and 400 messages in all, the same first 200), and prints
# (I(400) - I(200)) / 200: one message's instructions, both threads (request and reply worker),
# start-up and warm-up cancelled out. The reply budget is raised so that the slowed process
# still answers in time; PYTHONHASHSEED is fixed so that both runs do the same work.
# Takes 5-20 minutes (valgrind slows Python ~50 times).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-.venv/bin/python}
out=$(mktemp -d)
count() {
  REPLY_BUDGET_SECONDS=300 PYTHONHASHSEED=0 valgrind --tool=callgrind --callgrind-out-file="$out/cg.$1" \
    "$PYTHON" bench/message_path.py --messages "$1" "${@:2}" > "$out/path.$1" 2> "$out/err.$1"
  grep -h "Collected" "$out/err.$1" | awk '{print $4}'
}
small=$(count 100 "$@")
large=$(count 200 "$@")
echo "instructions: $small (200 messages with start-up), $large (400 messages)"
echo "per message: $(( (large - small) / 200 ))"
grep -h "^| sql \|^| begin " "$out/path.200"
rm -rf "$out"
