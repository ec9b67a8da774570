#!/usr/bin/env bash
# What a user runs, timed beside its peer on the same file in the same run, output to a file (not
# /dev/null: writing is part of the work). Prints each run, the medians and the ratio.
#   tools/bench/peers.sh list FILE.pcap [RUNS]      bgpscope list / list --json  vs  tshark -Y bgp -T fields -e bgp.type
#   tools/bench/peers.sh mrt FILE.mrt [RUNS]        bgpscope list / list --json  vs  bgpdump -m
#   tools/bench/peers.sh decode FILE.pcap [RUNS]    bgpscope decode --json       vs  tshark -Y bgp -T json
#   tools/bench/peers.sh exabgp FILE [RUNS]         bgpscope export --format exabgp  vs  ExaBGP's own JSON for the same
#                                                   messages (its Python library, tools/oracle/capture_to_oracle.py)
#   tools/bench/peers.sh compressed FILE.{gz,bz2} [RUNS]   bgpscope list (decompressing) vs gzip -dc, or bzip2 -dc and
#                                                   lbzip2 -dc, and bgpdump -m; MB/s of each; time to the first row
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
what="$1"; file="$2"; runs="${3:-3}"
out="${BENCH_OUT:-/tmp/bgpscope-bench.out}"
"$here/bgpscope" --version >/dev/null   # build and start-up cache outside the timing

secs() { local t0; t0=$(date +%s%N); "$@" > "$out" 2>/dev/null || true; awk "BEGIN{printf \"%.3f\", ($(date +%s%N) - $t0) / 1e9}"; }
median() { printf '%s\n' "$@" | sort -n | sed -n "$(( ($# + 1) / 2 ))p"; }
# Seconds from start to the first line of output.
first_line() {
  local t0; t0=$(date +%s%N)
  "$@" 2>/dev/null | { IFS= read -r _; awk "BEGIN{printf \"%.3f\", ($(date +%s%N) - $t0) / 1e9}"; cat >/dev/null; }
}
compare() {  # NAME_OURS NAME_PEER -- ours... -- peer...
  local a="$1" b="$2"; shift 2
  local ours=() peer=() x=() y=()
  shift; while [ "$1" != "--" ]; do ours+=("$1"); shift; done; shift; peer=("$@")
  for i in $(seq 1 "$runs"); do x+=("$(secs "${ours[@]}")"); y+=("$(secs "${peer[@]}")"); done
  local mx my; mx=$(median "${x[@]}"); my=$(median "${y[@]}")
  echo "$a: ${x[*]} s | $b: ${y[*]} s | medians $mx s vs $my s: $(awk "BEGIN{printf \"%.1f\", $my / $mx}")x"
}
size=$(stat -c %s "$file")
echo "$(basename "$file"), $(awk "BEGIN{printf \"%.1f\", $size / 1048576}") MiB, $runs runs each, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
case "$what" in
  list)
    compare "bgpscope list" "tshark fields" -- "$here/bgpscope" list "$file" -- tshark -r "$file" -Y bgp -T fields -e bgp.type
    compare "bgpscope list --json" "tshark fields" -- "$here/bgpscope" list --json "$file" -- tshark -r "$file" -Y bgp -T fields -e bgp.type ;;
  mrt)
    compare "bgpscope list" "bgpdump -m" -- "$here/bgpscope" list "$file" -- bgpdump -m "$file"
    compare "bgpscope list --json" "bgpdump -m" -- "$here/bgpscope" list --json "$file" -- bgpdump -m "$file" ;;
  decode)
    compare "bgpscope decode --json" "tshark -T json" -- "$here/bgpscope" decode --json "$file" -- tshark -r "$file" -Y bgp -T json ;;
  exabgp)
    # ExaBGP decodes each message under its session's negotiated state and prints its API JSON: the
    # oracle script feeds it the messages at the offsets our listing gives (made once, not timed).
    listing=$(mktemp)
    "$here/bgpscope" list --json "$file" > "$listing"
    compare "bgpscope export --format exabgp" "ExaBGP" -- "$here/bgpscope" export --format exabgp -o "$out.exabgp" "$file" \
      -- python3 "$here/tools/oracle/capture_to_oracle.py" --listing "$listing" "$file"
    echo "messages: $(wc -l < "$listing") listed, $(wc -l < "$out.exabgp") exported by bgpscope, $(wc -l < "$out") by ExaBGP's run"
    rm -f "$listing" "$out.exabgp" ;;
  bzip2|gzip|compressed)
    # A .gz or .bz2 MRT file: list (decompressing as it indexes) beside the decompressors alone and
    # bgpdump, which reads both; MB/s of decompressed bytes for each.
    case "$file" in
      *.bz2) dec=(bzip2 -dc); dec2=(lbzip2 -dc) ;;
      *.gz) dec=(gzip -dc); dec2=() ;;
      *) echo "not a .gz or .bz2 file: $file" >&2; exit 2 ;;
    esac
    raw=$("${dec[@]}" "$file" | wc -c)
    mbs() { awk "BEGIN{printf \"%.0f\", $raw / 1e6 / $1}"; }
    rate() {  # VAR LABEL CMD...: sets VAR to the median seconds; prints the runs and MB/s of decompressed bytes
      local var="$1" label="$2"; shift 2; local x=()
      for i in $(seq 1 "$runs"); do x+=("$(secs "$@")"); done
      local m; m=$(median "${x[@]}"); echo "$label: ${x[*]} s, median $m s, $(mbs "$m") MB/s"; printf -v "$var" '%s' "$m"
    }
    d2=; bd=
    rate ours "bgpscope list" "$here/bgpscope" list "$file"
    rate d1 "${dec[*]}" "${dec[@]}" "$file"
    if [ ${#dec2[@]} -gt 0 ]; then rate d2 "${dec2[*]}" "${dec2[@]}" "$file"; fi
    if command -v bgpdump >/dev/null; then rate bd "bgpdump -m" bgpdump -m "$file"; fi
    echo "bgpscope list takes $(awk "BEGIN{printf \"%.2f\", $ours / $d1}")x the time of ${dec[*]} alone${d2:+, $(awk "BEGIN{printf \"%.2f\", $ours / $d2}")x ${dec2[*]}}${bd:+; bgpdump -m is $(awk "BEGIN{printf \"%.1f\", $bd / $ours}")x slower}"
    f=(); for i in $(seq 1 "$runs"); do f+=("$(first_line "$here/bgpscope" list "$file")"); done
    echo "bgpscope list: first row after ${f[*]} s (from launch); $(awk "BEGIN{printf \"%.1f\", $raw / 1048576}") MiB decompressed" ;;
  *) echo "unknown: $what" >&2; exit 2 ;;
esac
