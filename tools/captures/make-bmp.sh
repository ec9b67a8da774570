#!/usr/bin/env bash
# Records real BMP (RFC 7854) streams: FRR's bgpd (with its bmp module) and GoBGP each monitor a BGP
# session with BIRD and report it to a collector; tcpdump captures the BMP connections, and the
# collector keeps the bytes of the first connection as a raw BMP stream file. Everything runs in two
# private network namespaces (10.200.0.0/24); nothing leaves them.
# usage: make-bmp.sh OUTDIR      writes bmp.pcap, bmp-frr.bmp and tshark's reading of bmp.pcap
set -euo pipefail
here=$(dirname "$(realpath "$0")")
out=$(realpath -m "${1:?usage: make-bmp.sh OUTDIR}")
mkdir -p "$out"
work=$(mktemp -d /tmp/bmpcap.XXXX); chmod 755 "$work"
pids=()
ns_pids() { ip netns pids bmpA 2>/dev/null; ip netns pids bmpB 2>/dev/null; }
cleanup() {
  for p in "${pids[@]:-}" $(ns_pids); do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  sleep 1
  ip netns del bmpA 2>/dev/null || true; ip netns del bmpB 2>/dev/null || true
}
trap cleanup EXIT
ip netns del bmpA 2>/dev/null || true; ip netns del bmpB 2>/dev/null || true
ip netns add bmpA; ip netns add bmpB
ip link add bA type veth peer name bB
ip link set bA netns bmpA; ip link set bB netns bmpB
ip -n bmpA addr add 10.200.0.1/24 dev bA; ip -n bmpA addr add fd00:200::1/64 dev bA nodad
ip -n bmpB addr add 10.200.0.2/24 dev bB; ip -n bmpB addr add fd00:200::2/64 dev bB nodad
ip -n bmpB addr add 10.200.0.4/24 dev bB
for n in bmpA bmpB; do ip -n $n link set lo up; done
ip -n bmpA link set bA up; ip -n bmpB link set bB up
sleep 1

# BIRD (AS 65010, in bmpA) exports 200 IPv4 routes to FRR (AS 65020, in bmpB), which passes them on to GoBGP (AS 65040, in bmpB too) with ADD-PATH in that one direction: FRR sends path
# identifiers, GoBGP receives them. FRR reports its peers by BMP (pre- and post-policy, mirroring), GoBGP
# its own (pre-, post-policy and Loc-RIB) and originates 60 IPv6 routes to FRR, so the OPENs in GoBGP's Peer Up must be read by direction.
python3 - "$work" <<'PY'
import sys
d = sys.argv[1]
r4 = "\n".join(f"  route 100.{96 + i//256}.{i%256}.0/24 blackhole;" for i in range(200))
open(f"{d}/bird.conf", "w").write(f"""router id 10.200.0.1;
protocol device {{ }}
protocol static s4 {{ ipv4;
{r4}
}}
filter tagit {{ bgp_community.add((65010, 1)); bgp_large_community.add((65010, 7, net.len)); accept; }}
protocol bgp frr {{
  local 10.200.0.1 as 65010;
  neighbor 10.200.0.2 as 65020;
  ipv4 {{ import all; export filter tagit; next hop self; }};
}}
""")
open(f"{d}/frr.conf", "w").write(f"""frr defaults traditional
hostname frr
log file {d}/frr.log debugging
debug bgp neighbor-events
router bgp 65020
 bgp router-id 10.200.0.2
 no bgp ebgp-requires-policy
 no bgp network import-check
 no bgp default ipv4-unicast
 neighbor 10.200.0.1 remote-as 65010
 neighbor 10.200.0.1 update-source 10.200.0.2
 neighbor 10.200.0.4 remote-as 65040
 neighbor 10.200.0.4 update-source 10.200.0.2
 address-family ipv4 unicast
  network 203.0.113.0/24
  neighbor 10.200.0.1 activate
  neighbor 10.200.0.1 route-map pre in
  neighbor 10.200.0.4 activate
  neighbor 10.200.0.4 addpath-tx-all-paths
 exit-address-family
 address-family ipv6 unicast
  network 2001:db8:f00::/48
  neighbor 10.200.0.4 activate
 exit-address-family
 bmp targets collector
  bmp stats interval 2000
  bmp monitor ipv4 unicast pre-policy
  bmp monitor ipv4 unicast post-policy
  bmp monitor ipv6 unicast pre-policy
  bmp mirror
  bmp connect 10.200.0.1 port 11019 min-retry 500 max-retry 2000
 exit
!
route-map pre permit 10
 set local-preference 250
!
""")
open(f"{d}/gobgpd.toml", "w").write("""[global.config]
  as = 65040
  router-id = "10.200.0.4"
  port = -1
  local-address-list = ["10.200.0.4"]
[[neighbors]]
  [neighbors.config]
    neighbor-address = "10.200.0.2"
    peer-as = 65020
  [neighbors.transport.config]
    local-address = "10.200.0.4"
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "ipv4-unicast"
    [neighbors.afi-safis.add-paths.config]
      receive = true
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "ipv6-unicast"
[[bmp-servers]]
  [bmp-servers.config]
    address = "10.200.0.1"
    port = 11019
    route-monitoring-policy = "all"
    statistics-timeout = 15
""")
PY
# The collector: accepts BMP connections on 10.200.0.1:11019 and keeps each one's bytes.
cat >"$work/collector.py" <<'PY'
import socket, sys, threading
d = sys.argv[1]
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("10.200.0.1", 11019)); s.listen(4)
n = 0
def keep(c, name):
    with open(name, "wb") as f:
        while True:
            b = c.recv(65536)
            if not b: break
            f.write(b); f.flush()
while True:
    c, a = s.accept(); n += 1
    threading.Thread(target=keep, args=(c, f"{d}/conn{n}-{a[0]}.bmp"), daemon=True).start()
PY
ip netns exec bmpB tcpdump -i bB -s 0 -U -w "$work/bmp.pcap" 'tcp port 11019' >/dev/null 2>&1 & pids+=($!)
ip netns exec bmpA python3 "$work/collector.py" "$work" & pids+=($!)
sleep 1
mkdir -p "$work/vty"; chown -R frr:frr "$work"
ip netns exec bmpB /usr/lib/frr/bgpd -Z -M bmp -f "$work/frr.conf" -i "$work/bgpd.pid" --vty_socket "$work/vty" -u frr -g frr >"$work/bgpd.log" 2>&1 & pids+=($!)
sleep 2
(cd "$work" && exec ip netns exec bmpB gobgpd -f gobgpd.toml -l info >gobgpd.log 2>&1) & pids+=($!)
sleep 1
ip netns exec bmpA bird -f -c "$work/bird.conf" -s "$work/bird.ctl" >"$work/bird.log" 2>&1 & pids+=($!)
sleep 12
# GoBGP originates 60 IPv6 routes towards FRR, which reports them in its pre-policy Adj-RIB-In.
for i in $(seq 0 59); do
  ip netns exec bmpB gobgp global rib -a ipv6 add "2001:db8:$(printf %x $((0x400 + i)))::/48" nexthop fd00:200::4 community 65040:$i >/dev/null 2>&1 || true
done
sleep 8
# Withdraw some routes, then take FRR's session down: Peer Down with the NOTIFICATION it sent.
ip netns exec bmpA birdc -s "$work/bird.ctl" disable s4 >/dev/null 2>&1 || true
sleep 3
ip netns exec bmpB vtysh --vty_socket "$work/vty" -d bgpd -c "configure terminal" -c "router bgp 65020" \
  -c "neighbor 10.200.0.1 shutdown message maintenance" >/dev/null 2>&1 || true
sleep 3
ip netns exec bmpB gobgp neighbor 10.200.0.2 shutdown >/dev/null 2>&1 || true
sleep 3
for p in "${pids[@]:-}" $(ns_pids); do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done; pids=(); sleep 2
editcap -F pcap "$work/bmp.pcap" "$out/bmp.pcap"
cp "$(ls "$work"/conn*.bmp | head -1)" "$out/bmp-frr.bmp" 2>/dev/null || true
# tshark's reading, the reference the tests compare with (tshark knows BMP on no port by itself)
tshark -r "$out/bmp.pcap" -d tcp.port==11019,bmp -Y bmp -T fields -E separator='|' -E occurrence=a -E aggregator=, \
  -e frame.number -e tcp.stream -e bmp.type -e bmp.peer.type -e bmp.peer.flags -e bmp.peer.ip.addr -e bmp.peer.ipv6.addr \
  -e bmp.peer.asn -e bgp.type -e bgp.nlri_prefix -e bgp.mp_reach_nlri_ipv6_prefix -e bgp.withdrawn_prefix \
  -e bgp.mp_unreach_nlri_ipv6_prefix >"$out/bmp.pcap.tshark-fields.txt"
ls -la "$out"
