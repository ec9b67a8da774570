#!/usr/bin/env python3
"""Builds a full-size TABLE_DUMP_V2 RIB dump (RFC 6396 §4.3) for benchmarks: a PEER_INDEX_TABLE of
PEERS peers, then RIB_IPV4_UNICAST and RIB_IPV6_UNICAST records of fresh prefixes until ENTRIES RIB
entries are written, each prefix seen by a run of peers. The path attributes are real ones: every
distinct attribute set of the UPDATEs in a RIPE RIS update file (BGP4MP_MESSAGE_AS4, so its AS
numbers are 4 octets as TABLE_DUMP_V2 requires); IPv6 entries add the abbreviated MP_REACH_NLRI of
§4.3.4 (next hop only).

usage: synth-rib.py OUTPUT.mrt ENTRIES [PEERS] [RIS_UPDATES.gz]
  RIS_UPDATES defaults to the 2010 RIS file the tests carry."""
import gzip, os, random, struct, sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_RIS = os.path.join(HERE, "..", "..", "src", "test", "resources", "captures", "ris",
                           "rrc15_2010.02_updates.20100227.1610.gz")


def attribute_sets(path):
    """Distinct IPv4 attribute blobs of the file's AS4 UPDATEs, without MP_REACH/MP_UNREACH/AS4_PATH."""
    data = gzip.open(path, "rb").read() if path.endswith(".gz") else open(path, "rb").read()
    seen, off = {}, 0
    while off + 12 <= len(data):
        ts, typ, sub, length = struct.unpack(">IHHI", data[off:off + 12])
        body = data[off + 12:off + 12 + length]
        off += 12 + length
        if typ not in (16, 17) or sub != 4 or len(body) < 16:
            continue
        if typ == 17:
            body = body[4:]
        afi = struct.unpack(">H", body[10:12])[0]
        msg = body[12 + (8 if afi == 1 else 32):]
        if len(msg) < 23 or msg[18] != 2:
            continue
        wl = struct.unpack(">H", msg[19:21])[0]
        al = struct.unpack(">H", msg[21 + wl:23 + wl])[0]
        attrs = msg[23 + wl:23 + wl + al]
        kept, p, ok = [], 0, al > 0
        while p + 3 <= len(attrs):
            flags, code = attrs[p], attrs[p + 1]
            if flags & 0x10:
                n, h = struct.unpack(">H", attrs[p + 2:p + 4])[0], 4
            else:
                n, h = attrs[p + 2], 3
            if code in (14, 15, 17, 18):
                ok = ok and code not in (14, 15)
            else:
                kept.append(attrs[p:p + h + n])
            p += h + n
        if ok and p == len(attrs) and kept:
            seen[b"".join(kept)] = None
    return list(seen)


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    out, entries = sys.argv[1], int(sys.argv[2])
    peers = int(sys.argv[3]) if len(sys.argv) > 3 else 300
    ris = sys.argv[4] if len(sys.argv) > 4 else DEFAULT_RIS
    sets = attribute_sets(ris)
    if not sets:
        sys.exit("no attribute sets found in " + ris)
    rnd = random.Random(7)
    t0 = 1_700_000_000
    with open(out, "wb", buffering=1 << 22) as f:
        def record(typ, sub, body):
            f.write(struct.pack(">IHHI", t0, typ, sub, len(body)))
            f.write(body)
        # PEER_INDEX_TABLE (§4.3.1): collector id, empty view name, then each peer: type 0x02 (IPv4
        # address, 4-octet AS), BGP id, address, AS.
        table = [struct.pack(">IHH", 0xC0000201, 0, peers)]
        for k in range(peers):
            addr = struct.pack(">BBBB", 10, 100 + k // 65536 % 100, k // 256 % 256, k % 256)
            table.append(b"\x02" + addr + addr + struct.pack(">I", 64512 + k if k % 3 else 3356 + k))
        record(13, 1, b"".join(table))
        v6hop = bytes.fromhex("20010db8000000000000000000000001")
        v6reach = b"\x80\x0e" + bytes([17, 16]) + v6hop  # §4.3.4: next hop length and next hop only
        # Entry bodies by (peer, set), made when first used: peer index, originated time, attributes.
        cache = {}
        def entry(peer, s, v6):
            key = (peer, s, v6)
            e = cache.get(key)
            if e is None:
                attrs = sets[s] + (v6reach if v6 else b"")
                e = struct.pack(">HIH", peer, t0 - 86400 + peer, len(attrs)) + attrs
                if len(cache) < 2_000_000:
                    cache[key] = e
            return e
        written, seq, v4, v6n = 0, 0, 0x01000000, 0
        while written < entries:
            v6 = seq % 5 == 4
            if v6:
                bits = 48 if v6n % 4 else 32
                if bits == 48:
                    prefix = struct.pack(">HI", 0x2a00 + (v6n >> 32) % 0x100, v6n & 0xFFFFFFFF)
                else:
                    prefix = struct.pack(">HH", 0x2c00 + (v6n >> 16) % 0x100, v6n & 0xFFFF)
                v6n += 1
            else:
                bits = 24 if seq % 7 else 22
                if bits == 22:
                    v4 = (v4 + 1023) & ~1023
                prefix = struct.pack(">I", v4)[:3]
                v4 += 256 if bits == 24 else 1024
            # A run of peers sees it: a full-table feed has many, a partial one few.
            k = min(peers, entries - written, rnd.choice((1, 2, 5, 20, 60, 120, 180, 250, peers)))
            first = rnd.randrange(peers)
            s0 = rnd.randrange(len(sets))
            body = [struct.pack(">IB", seq, bits), prefix, struct.pack(">H", k)]
            for j in range(k):
                body.append(entry((first + j) % peers, (s0 + j * 7) % len(sets), v6))
            record(13, 4 if v6 else 2, b"".join(body))
            written += k
            seq += 1
    print(f"{out}: {written} RIB entries, {seq} prefixes, {peers} peers, {len(sets)} attribute sets, "
          f"{os.path.getsize(out) / 1048576:.0f} MiB")


if __name__ == "__main__":
    main()
