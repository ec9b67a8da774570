#!/usr/bin/env bash
# Cuts the teaching samples of Help ▸ Samples out of the real test captures: whole frames kept as
# they were recorded (editcap -r, from Debian's wireshark-common), nothing rewritten. Writes each
# sample and index.txt (file, tab, title, tab, the one-line description shown in the menu) to
# assets/samples/, which the launcher and the .deb hand to the app as -Dbgpscope.samples.
#   tools/samples/make-samples.sh [OUTDIR]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
captures="$root/src/test/resources/captures"
out="${1:-$root/assets/samples}"
command -v editcap >/dev/null || { echo "make-samples.sh: editcap not found (apt-get install wireshark-common)" >&2; exit 1; }
mkdir -p "$out"
index="$out/index.txt"
: > "$index"

# cut SOURCE FRAMES NAME TITLE DESCRIPTION: frames are editcap's ranges, 1-based as in Wireshark.
cut() {
  local source=$1 frames=$2 name=$3 title=$4 description=$5
  # shellcheck disable=SC2086 # the frame ranges are separate arguments
  editcap -r "$captures/$source" "$out/$name" $frames
  printf '%s\t%s\t%s\n' "$name" "$title" "$description" >> "$index"
  echo "$name: $source frames $frames, $(stat -c %s "$out/$name") bytes"
}

# bird-frr.pcap frames 3-11: the SYN, SYN-ACK and ACK, each side's OPEN, and the two KEEPALIVEs that
# confirm them (frames 1-2 are an earlier refused attempt).
cut bird-frr.pcap "3-11" session-start.pcap "Session start" \
  "BIRD and FRR connect, exchange OPENs with their capabilities, and confirm them with KEEPALIVEs"

# exa-gobgp.pcap frames 1-15: the session start, GoBGP's End-of-RIB markers, then ExaBGP's first
# UPDATE (frame 15 holds it whole): ORIGIN, AS_PATH, NEXT_HOP, MED, COMMUNITIES, EXTENDED_COMMUNITIES
# and LARGE_COMMUNITY.
cut exa-gobgp.pcap "1-15" update-attributes.pcap "UPDATE with seven attributes" \
  "ExaBGP's first UPDATE: ORIGIN, AS_PATH, NEXT_HOP, MED and three kinds of communities, after the OPENs"

# exa-gobgp.pcap frames 264-290: the end of the session, from mid-stream (no OPENs: the session
# model decides from the bytes): GoBGP's UPDATEs, among them a flowspec rule with component type 0,
# which no RFC defines, then a Cease NOTIFICATION with a shutdown message and ExaBGP's answer.
cut exa-gobgp.pcap "264-290" malformed-flowspec.pcap "Malformed flowspec rule" \
  "GoBGP sends a flowspec rule with an unknown component type (RFC 7606: treat-as-withdraw), then shuts the session down"

# bird-frr.pcap frames 3-38: the session start, BIRD's first UPDATEs, and FRR's UPDATEs of 5,198
# and 6,696 bytes (RFC 8654 extended messages, both OPENs offer capability 6), each carried in
# several TCP segments; frame 38 completes the 6,696-byte one and carries four short UPDATEs.
cut bird-frr.pcap "3-38" extended-message.pcap "Extended message (RFC 8654)" \
  "FRR's UPDATE of 6,696 bytes, past the old 4,096-byte limit, allowed because both OPENs offer Extended Message"

# exa-gobgp.pcap frames 262-263: one TCP segment from mid-stream that starts on a message boundary:
# ExaBGP's last unicast UPDATEs, two flowspec rules (discard TCP port 22 to 192.0.2.1; limit UDP
# port 53 from 203.0.113.0/24 to 9,600 bytes/s) and its End-of-RIB markers. No OPENs: the session
# model decides how to read them from the bytes.
cut exa-gobgp.pcap "262-263" flowspec.pcap "Flowspec rules (RFC 8955)" \
  "ExaBGP's flowspec rules: match on destination, protocol and port; the action rides in an extended community"
