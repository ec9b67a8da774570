#!/usr/bin/env bash
# UI-thread stalls of BGP Scope's window as a user meets them, on one file, RUNS times (default 3).
#   tools/bench/stalls.sh FILE [RUNS]
# Each run starts ./bgpscope FILE under an Xvfb of its own (display :98, or STALLS_DISPLAY), with
# -Dbgpscope.exercise=true: the window pages through the rows while the file is indexed, then pages,
# jumps, turns the wheel and drags the scroll bar, then clicks rows across the capture (the tree, hex
# view and details follow), then quits. The app's stall monitor logs every wait of the UI thread over
# 100 ms with what the window was doing; this prints them, and per phase the count and the longest.
# BGPSCOPE_JAVA_OPTS is passed on (a JFR recording, -Xmx).
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
file="$1"; runs="${2:-3}"
display="${STALLS_DISPLAY:-:98}"

xvfb=""
if ! xdpyinfo -display "$display" >/dev/null 2>&1; then
  Xvfb "$display" -screen 0 1440x900x24 >/dev/null 2>&1 &
  xvfb=$!
  for _ in $(seq 1 100); do xdpyinfo -display "$display" >/dev/null 2>&1 && break; sleep 0.05; done
fi
trap '[ -n "$xvfb" ] && kill "$xvfb" 2>/dev/null || true' EXIT

"$here/bgpscope" --version >/dev/null   # builds and makes the start-up cache once, outside the runs
all=$(mktemp)
for i in $(seq 1 "$runs"); do
  log=$(mktemp)
  DISPLAY="$display" BGPSCOPE_JAVA_OPTS="-Dbgpscope.exercise=true ${BGPSCOPE_JAVA_OPTS:-}" \
    timeout 300 "$here/bgpscope" "$file" >"$log" 2>&1 || echo "run $i: bgpscope ended with status $?"
  grep -q "exercise: done" "$log" || { echo "run $i: the exercise did not finish; its log:"; cat "$log"; exit 1; }
  echo "run $i: $(grep -o 'first rows after [0-9]* ms' "$log")"
  grep 'UI thread stalled' "$log" | sed 's/^bgpscope: warning: /  /' || echo "  no stall over 100 ms"
  grep -E '^bgpscope: [a-z ]+: [0-9]+ stalls over' "$log" | sed 's/^bgpscope: /  /' | tee -a "$all" >/dev/null
  grep -E '^bgpscope: [a-z ]+: [0-9]+ stalls over' "$log" | sed 's/^bgpscope: /  /'
  grep 'longest UI-thread stall' "$log" | sed 's/^bgpscope: /  /'
  rm -f "$log"
done
echo "over $runs runs, per phase: stalls over 100 ms (min-max), longest wait (min-max):"
awk -F': ' '{ split($2, w, " "); n = w[1]; l = $2; sub(/.*longest wait /, "", l); sub(/ ms/, "", l);
  p = $1; sub(/^ +/, "", p);
  seen[p]++; if (!(p in cmin)) { order[++k] = p; cmin[p] = cmax[p] = n; lmin[p] = lmax[p] = l }
  if (n < cmin[p]) cmin[p] = n; if (n > cmax[p]) cmax[p] = n; if (l + 0 < lmin[p] + 0) lmin[p] = l; if (l + 0 > lmax[p] + 0) lmax[p] = l }
  END { for (i = 1; i <= k; i++) printf "  %-26s %s-%s stalls, longest %s-%s ms (in %d of %d runs)\n", order[i], cmin[order[i]], cmax[order[i]], lmin[order[i]], lmax[order[i]], seen[order[i]], runs }' runs="$runs" "$all"
rm -f "$all"
