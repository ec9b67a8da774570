#!/usr/bin/env bash
# Records a real ExaBGP–GoBGP session carried over VXLAN whose outer UDP datagrams the kernel
# fragments: two namespaces joined by a veth (the underlay, MTU 1500) with a VXLAN device in each
# (VNI 100, UDP 4789, MTU 1500, so a full-size inner packet needs 1550 bytes and its outer IPv4
# datagram is split in two). tcpdump on the underlay sees only fragments, VXLAN and the inner TCP.
# (An IPv6 underlay gives no fragments: Linux sends IPv6 VXLAN as GSO super-packets, and drops what
# exceeds the path MTU instead of fragmenting it.) With MODE=snap there is no VXLAN: the session runs on the veth itself and
# tcpdump keeps only the first 200 bytes of each packet (-s 200), so UPDATEs are cut by the snap length.
# usage: [MODE=vxlan4|snap] make-vxlan-fragments.sh OUT.pcap   (needs root, exabgp, gobgpd, tcpdump)
set -euo pipefail
out=$(realpath -m "${1:?usage: make-vxlan-fragments.sh OUT.pcap}")
mode=${MODE:-vxlan4}
work=$(mktemp -d /tmp/vxcap.XXXX); chmod 755 "$work"
pids=()
cleanup() {
  for p in "${pids[@]:-}" $(ip netns pids vxA 2>/dev/null) $(ip netns pids vxB 2>/dev/null); do kill "$p" 2>/dev/null || true; done
  sleep 1; ip netns del vxA 2>/dev/null || true; ip netns del vxB 2>/dev/null || true
}
trap 'cleanup; rm -rf "$work"' EXIT
ip netns add vxA; ip netns add vxB
ip link add uA type veth peer name uB
ip link set uA netns vxA; ip link set uB netns vxB
ip -n vxA addr add 10.9.0.1/24 dev uA; ip -n vxB addr add 10.9.0.2/24 dev uB
for n in vxA vxB; do ip -n $n link set lo up; done
ip -n vxA link set uA mtu 1500 up; ip -n vxB link set uB mtu 1500 up
case $mode in
  vxlan4)
    ip -n vxA link add vx0 type vxlan id 100 dstport 4789 local 10.9.0.1 remote 10.9.0.2
    ip -n vxB link add vx0 type vxlan id 100 dstport 4789 local 10.9.0.2 remote 10.9.0.1 ;;
esac
if [ "$mode" = snap ]; then
  ip -n vxA addr add 10.200.0.1/24 dev uA; ip -n vxB addr add 10.200.0.2/24 dev uB
else
  ip -n vxA addr add 10.200.0.1/24 dev vx0; ip -n vxB addr add 10.200.0.2/24 dev vx0
  ip -n vxA link set vx0 mtu 1500 up; ip -n vxB link set vx0 mtu 1500 up
fi
sleep 1
python3 - "$work" <<'PY'
import sys
d = sys.argv[1]
routes = "\n".join(f"    route 100.{64 + i // 256}.{i % 256}.0/24 next-hop 10.200.0.1 as-path [65001 64512] community [65001:1];" for i in range(1500))
open(f"{d}/exabgp.conf", "w").write("""neighbor 10.200.0.2 {
  router-id 10.200.0.1; local-address 10.200.0.1; local-as 65001; peer-as 65002; hold-time 30;
  family { ipv4 unicast; }
  static {
""" + routes + """
  }
}
""")
open(f"{d}/gobgpd.toml", "w").write("""[global.config]
  as = 65002
  router-id = "10.200.0.2"
[[neighbors]]
  [neighbors.config]
    neighbor-address = "10.200.0.1"
    peer-as = 65001
""")
PY
case $mode in
  vxlan4) ip netns exec vxB tcpdump -i uB -s 0 -U -w "$out" 'udp port 4789 or (ip[6:2] & 0x1fff != 0)' >/dev/null 2>&1 & ;;
  snap) ip netns exec vxB tcpdump -i uB -s 200 -U -w "$out" 'tcp port 179' >/dev/null 2>&1 & ;;
esac
pids+=($!)
sleep 1
(cd "$work" && exec ip netns exec vxB gobgpd -f gobgpd.toml -l info >gobgpd.log 2>&1) & pids+=($!)
sleep 2
(cd "$work" && exec env exabgp.daemon.user=root exabgp.log.destination="$work/exabgp.log" ip netns exec vxA exabgp exabgp.conf >exabgp.out 2>&1) & pids+=($!)
sleep 10
ip netns exec vxB gobgp global rib -a ipv4 | tail -2 || true
