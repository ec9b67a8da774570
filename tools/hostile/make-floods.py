#!/usr/bin/env python3
"""Hostile captures for bounded-memory runs (issue: untrusted files).

make-floods.py syn OUT.pcap N       N SYNs to port 179 from distinct ports/addresses, no BGP at all
make-floods.py partial OUT.pcap N   N connections that each send 10 bytes of a BGP marker and stop

Each frame is Ethernet + IPv4 + TCP, written as a classic little-endian microsecond pcap.
"""
import struct
import sys


def frame(src, dst, sport, dport, seq, flags, payload=b""):
    ip_len = 40 + len(payload)
    ip = struct.pack(">BBHHHBBHII", 0x45, 0, ip_len, 1, 0x4000, 64, 6, 0, src, dst)
    tcp = struct.pack(">HHIIBBHHH", sport, dport, seq, 0, 0x50, flags, 65535, 0, 0)
    eth = b"\x02\x00\x00\x00\x00\x01\x02\x00\x00\x00\x00\x02\x08\x00"
    return eth + ip + tcp + payload


def main():
    kind, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    with open(out, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        t = 1_700_000_000
        for i in range(n):
            src = 0x0A000000 | (i >> 16)
            sport = 1024 + (i & 0xFFFF) % 64000
            if kind == "syn":
                fr = frame(src, 0x0A640001, sport, 179, (i * 7919) & 0xFFFFFFFF, 0x02)
            else:
                fr = frame(src, 0x0A640001, sport, 179, (i * 7919) & 0xFFFFFFFF, 0x18, b"\xff" * 10)
            f.write(struct.pack("<IIII", t + i // 1_000_000, i % 1_000_000, len(fr), len(fr)))
            f.write(fr)


if __name__ == "__main__":
    main()
