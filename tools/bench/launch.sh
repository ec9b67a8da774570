#!/usr/bin/env bash
# Launch to first rows, BGP Scope's window beside Wireshark's, in one run, on one file.
#   tools/bench/launch.sh FILE [RUNS]      (needs a display: DISPLAY=:99 after `Xvfb :99 &`, or xvfb-run)
#   BGPSCOPE=/usr/bin/bgpscope tools/bench/launch.sh FILE    the installed package instead of ./bgpscope
# bgpscope: from exec of ./bgpscope to its "first rows" line (the table has drawn its first rows).
# Wireshark: from exec of `wireshark -r FILE` to its main window taking the file's name as its title,
# which it does once the file is read and its packet list shown.
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
file="$1"; runs="${2:-5}"
name="$(basename "$file")"
ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

app="${BGPSCOPE:-$here/bgpscope}"
bgpscope_once() {
  local t0 log pid; t0=$(date +%s%N); log=$(mktemp)
  setsid "$app" "$file" >"$log" 2>&1 &
  pid=$!
  for _ in $(seq 1 6000); do
    if grep -q "first rows after" "$log"; then ms "$t0"; break; fi
    sleep 0.005
  done
  kill -- -"$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -f "$log"
}

wireshark_once() {
  local t0 pid; t0=$(date +%s%N)
  setsid wireshark -r "$file" >/dev/null 2>&1 &
  pid=$!
  for _ in $(seq 1 3000); do
    if xwininfo -root -tree 2>/dev/null | grep -q "\"$name\": (\"wireshark\""; then ms "$t0"; break; fi
    sleep 0.01
  done
  kill -- -"$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

"$app" --version >/dev/null   # builds and makes the start-up cache once, outside the timing
b=(); w=()
for i in $(seq 1 "$runs"); do
  b+=("$(bgpscope_once)")
  command -v wireshark >/dev/null && w+=("$(wireshark_once)")
done
echo "bgpscope window, launch to first rows (ms): ${b[*]}"
if [ ${#w[@]} -gt 0 ]; then
  echo "Wireshark window, launch to packets shown (ms): ${w[*]}"
  sb=$(printf '%s\n' "${b[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")
  sw=$(printf '%s\n' "${w[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")
  echo "medians: bgpscope $sb ms, Wireshark $sw ms; bgpscope takes $(awk "BEGIN{printf \"%.2f\", $sb/$sw}") of Wireshark's time"
fi
