#!/usr/bin/env bash
# Launch to first rows, BGP Scope's window beside Wireshark's, in one run, on one file.
#   tools/bench/launch.sh FILE [RUNS]      (needs a display: DISPLAY=:99 after `Xvfb :99 &`, or xvfb-run)
#   BGPSCOPE=/usr/bin/bgpscope tools/bench/launch.sh FILE    the installed package instead of ./bgpscope
# bgpscope: from exec of ./bgpscope to its "first rows" line (a layout pass has laid out the first rows).
# Wireshark: from exec of `wireshark -r FILE` to its main window taking the file's name as its title,
# which it does once the file is read and its packet list shown.
# JavaFX's floor: from exec of java to the first frame of an empty JavaFX window (FxFloor.java: one
# label, same JDK, JavaFX and kind of start-up cache). No JavaFX window can show sooner than this.
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
file="$1"; runs="${2:-5}"
name="$(basename "$file")"
ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

app="${BGPSCOPE:-$here/bgpscope}"
# Neither is polled: bgpscope's line is read from a pipe as it is written, and Wireshark's title is
# awaited as an X event (x-wait-title.py). Polling `xwininfo -root -tree` every 10 ms, as this script
# did before, slowed both launches by a third on two cores.
bgpscope_once() {
  local t0 pid fifo line; fifo=$(mktemp -u); mkfifo "$fifo"
  t0=$(date +%s%N)
  setsid "$app" "$file" >"$fifo" 2>&1 &
  pid=$!
  while IFS= read -r line; do
    case "$line" in *"first rows after"*) ms "$t0"; break ;; esac
  done <"$fifo"
  kill -- -"$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -f "$fifo"
}

# The floor program, compiled once into target/bench with a start-up cache trained like the app's.
floor_dir="$here/target/bench/fxfloor"
source "$here/jpackage/find-jdk.sh"
jdk=$(find_jdk)
floor_java=("$jdk/bin/java" -Xlog:aot=off -Xlog:cds=off --enable-native-access=javafx.graphics
            -p "$here/target/lib" --add-modules javafx.controls -cp "$floor_dir/fxfloor.jar")
floor_run=("${floor_java[@]}" -XX:AOTCache="$floor_dir/floor.aot" FxFloor)
if [ ! -f "$floor_dir/floor.aot" ] || [ "$here/tools/bench/FxFloor.java" -nt "$floor_dir/floor.aot" ]; then
  rm -rf "$floor_dir"; mkdir -p "$floor_dir/classes"
  "$jdk/bin/javac" -p "$here/target/lib" --add-modules javafx.controls -d "$floor_dir/classes" "$here/tools/bench/FxFloor.java"
  "$jdk/bin/jar" --create --file "$floor_dir/fxfloor.jar" -C "$floor_dir/classes" .   # a cache takes jars, not folders
  "${floor_java[@]}" -XX:AOTCacheOutput="$floor_dir/floor.aot" -Dfloor.quit=true FxFloor >/dev/null 2>&1
fi

floor_once() {
  local t0 pid fifo line; fifo=$(mktemp -u); mkfifo "$fifo"
  t0=$(date +%s%N)
  setsid "${floor_run[@]}" >"$fifo" 2>&1 &
  pid=$!
  while IFS= read -r line; do
    case "$line" in *"first frame after"*) ms "$t0"; break ;; esac
  done <"$fifo"
  kill -- -"$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -f "$fifo"
}

wireshark_once() {
  local t0 pid waiter; t0=$(date +%s%N)
  python3 "$here/tools/bench/x-wait-title.py" "$name" "$t0" 60 &
  waiter=$!
  setsid wireshark -r "$file" >/dev/null 2>&1 &
  pid=$!
  wait "$waiter" || true
  kill -- -"$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

"$app" --version >/dev/null   # builds and makes the start-up cache once, outside the timing
b=(); w=(); f=()
for i in $(seq 1 "$runs"); do
  b+=("$(bgpscope_once)")
  f+=("$(floor_once)")
  command -v wireshark >/dev/null && w+=("$(wireshark_once)")
done
echo "bgpscope window, launch to first rows (ms): ${b[*]}"
echo "JavaFX's empty window (the floor), launch to first frame (ms): ${f[*]}"
if [ ${#w[@]} -gt 0 ]; then
  echo "Wireshark window, launch to packets shown (ms): ${w[*]}"
  sb=$(printf '%s\n' "${b[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")
  sw=$(printf '%s\n' "${w[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")
  sf=$(printf '%s\n' "${f[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")
  echo "medians: bgpscope $sb ms, Wireshark $sw ms; bgpscope takes $(awk "BEGIN{printf \"%.2f\", $sb/$sw}") of Wireshark's time"
  echo "JavaFX's empty window alone takes $sf ms, $(awk "BEGIN{printf \"%.2f\", $sf/$sw}") of Wireshark's time; bgpscope adds $((sb - sf)) ms to it"
fi
