#!/usr/bin/python3
"""capture_to_oracle.py: ExaBGP's JSON for every BGP message of a capture.

usage: capture_to_oracle.py [--bgpscope PATH | --listing FILE] [--exabgp-negotiates] [--keep-volatile] [--consolidate]
                            [--no-mirror] CAPTURE > out.jsonl

Runs `bgpscope list CAPTURE --json` (the repository's ./bgpscope unless --bgpscope says otherwise; it
builds the app on first use; --listing FILE reads that output from FILE instead), takes each BGP message's bytes from the file offsets bgpscope reports
("pieces"; a message split over TCP segments has several), and feeds them to exabgp_decode.py (beside
this script) with the negotiated state of their session, worked out from the two OPENs of the same
session in the capture (parsed here: 4-octet AS (65), ADD-PATH (69) per family with its send/receive
bits, multiprotocol (1), extended next hop (5), extended message (6)). Each message is decoded as its
receiver decodes it: "local" is the receiver, "peer" the sender, direction "receive", ADD-PATH path ids
expected where the sender offered send and the receiver offered receive.

OUTPUT (stdout): JSON Lines, one per BGP message of the capture, in bgpscope's order:
  {"index": N, "src": ..., "dst": ..., "type_name": "UPDATE", "opens": "both"|"one"|"none",
   "exabgp": {ExaBGP's JSON} }      ("opens" may also be "mrt", see below)         or, where ExaBGP refused the message,
  {"index": N, ..., "error": "...", "notify": [code, subcode] | null}
  "index" is bgpscope's message index (1-based). "opens" says where the state came from: "both" OPENs
  of the session seen; "one" (an MRT updates dump holds only the OPEN its writer received): the missing
  OPEN is taken to mirror the seen one (it offers what the seen one offers, ADD-PATH send and receive
  swapped), unless --no-mirror (then, in an MRT file, as for "mrt"); "mrt": no OPEN, but an MRT record: its subtype says 4-octet AS
  (..._AS4) and ADD-PATH (RFC 8050 ..._ADDPATH: taken as on for every family), every family ExaBGP knows
  is taken as negotiated; "none": 2-octet AS, IPv4 unicast, no ADD-PATH. OPEN messages themselves
  are decoded under the state before negotiation. Records that are not BGP messages (MRT state changes)
  are left out. With --exabgp-negotiates the two OPENs are handed to ExaBGP and its own Negotiated
  works the state out (same "opens" rules). ExaBGP's run-dependent keys (time, host, pid, ppid,
  counter) are dropped unless --keep-volatile.
A summary goes to stderr: messages, decoded, errors by reason.
"""

import bz2
import collections
import gzip
import json
import os
import struct
import subprocess
import sys

HERE = os.path.dirname(os.path.realpath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))

AFI = {1: 'ipv4', 2: 'ipv6', 25: 'l2vpn', 16388: 'bgp-ls'}
SAFI = {1: 'unicast', 2: 'multicast', 4: 'nlri-mpls', 65: 'vpls', 70: 'evpn', 71: 'bgp-ls', 72: 'bgp-ls-vpn',
        128: 'mpls-vpn', 132: 'rtc', 133: 'flow', 134: 'flow-vpn'}


def family(afi, safi):
    if afi in AFI and safi in SAFI:
        return '%s %s' % (AFI[afi], SAFI[safi])
    return None  # a family ExaBGP does not know: it would not negotiate it either


def parse_open(msg):
    """What an OPEN offers: {'asn', 'hold', 'as4', 'mp': set, 'addpath': {family: bits}, 'nexthop': set,
    'extended': bool, 'hex'}. Raises ValueError on a malformed OPEN."""
    if len(msg) < 29 or msg[18] != 1:
        raise ValueError('not an OPEN')
    asn, hold = struct.unpack('!HH', msg[20:24])
    optlen = msg[28]
    pos = 29
    plen_size = 1
    if optlen == 255 and len(msg) > 29 and msg[29] == 255:  # RFC 9072 extended optional parameters
        optlen = struct.unpack('!H', msg[30:32])[0]
        pos, plen_size = 32, 2
    params = msg[pos:pos + optlen]
    offer = {'asn': asn, 'hold': hold, 'as4': None, 'mp': set(), 'has_mp': False, 'addpath': {}, 'nexthop': set(),
             'extended': False, 'hex': msg.hex()}
    i = 0
    while i + 1 + plen_size <= len(params):
        ptype = params[i]
        plen = params[i + 1] if plen_size == 1 else struct.unpack('!H', params[i + 1:i + 3])[0]
        value = params[i + 1 + plen_size:i + 1 + plen_size + plen]
        i += 1 + plen_size + plen
        if ptype != 2:
            continue
        j = 0
        while j + 2 <= len(value):
            code, clen = value[j], value[j + 1]
            cv = value[j + 2:j + 2 + clen]
            j += 2 + clen
            if code == 1 and len(cv) >= 4:
                offer['has_mp'] = True
                afi, _, safi = struct.unpack('!HBB', cv[:4])
                offer['mp'].add((afi, safi))
            elif code == 65 and len(cv) >= 4:
                offer['as4'] = struct.unpack('!I', cv[:4])[0]
            elif code == 69:
                for k in range(0, len(cv) - 3, 4):
                    afi, safi, bits = struct.unpack('!HBB', cv[k:k + 4])
                    offer['addpath'][(afi, safi)] = bits
            elif code == 5:
                for k in range(0, len(cv) - 5, 6):
                    afi, safi, nhafi = struct.unpack('!HHH', cv[k:k + 6])
                    offer['nexthop'].add((afi, safi, nhafi))
            elif code == 6:
                offer['extended'] = True
    return offer


def mirror(offer, asn=0):
    """The OPEN we did not see, taken to offer what the seen one offers (ADD-PATH send/receive swapped);
    its AS is the MRT record's where there is one, else unknown (0)."""
    m = dict(offer)
    m['addpath'] = {f: ((bits & 1) << 1) | ((bits & 2) >> 1) for f, bits in offer['addpath'].items()}
    m['hex'] = None
    m['asn'] = asn if asn < 65536 else 23456
    m['as4'] = asn if offer['as4'] is not None else None
    return m


def negotiate(local, peer, local_ip, peer_ip):
    """The state the receiver ("local", its OPEN `local`) has for what the sender ("peer") sends."""
    state = {'local_address': local_ip, 'peer_address': peer_ip}
    as4 = local is not None and peer is not None and local['as4'] is not None and peer['as4'] is not None
    state['as4'] = as4
    state['local_as'] = (local['as4'] if as4 else local['asn']) if local else 0
    state['peer_as'] = (peer['as4'] if as4 else peer['asn']) if peer else 0
    if local is None or peer is None:
        state['families'] = ['ipv4 unicast']
        return state
    if local['has_mp'] and peer['has_mp']:
        fams = sorted(local['mp'] & peer['mp'])
    else:
        fams = [(1, 1)]
    state['families'] = [f for f in (family(*x) for x in fams) if f]
    state['addpath_receive'] = [f for f in (family(*x) for x, bits in sorted(local['addpath'].items())
                                            if bits & 1 and peer['addpath'].get(x, 0) & 2) if f]
    state['nexthop'] = ['%s %s' % (family(a, s), AFI[n]) for (a, s, n) in sorted(local['nexthop'] & peer['nexthop'])
                        if family(a, s) and n in AFI]
    state['extended_message'] = bool(local['extended'] and peer['extended'])
    state['hold_time'] = min(local['hold'], peer['hold'])
    return state


def address(endpoint):
    """'10.0.0.1:179' -> '10.0.0.1'; '[fd00::1]:179' -> 'fd00::1'; MRT endpoints have no port."""
    if endpoint is None:
        return '0.0.0.0'
    if endpoint.startswith('['):
        return endpoint[1:endpoint.index(']')]
    if endpoint.count(':') == 1:
        return endpoint.rsplit(':', 1)[0]
    return endpoint


def read_capture(path):
    with open(path, 'rb') as f:
        data = f.read()
    if data[:2] == b'\x1f\x8b':
        return gzip.decompress(data)
    if data[:3] == b'BZh':
        return bz2.decompress(data)
    return data


def mrt_records(data):
    """For an MRT file: {offset of the BGP message in the file: (subtype, peer AS, local AS)} for the
    BGP4MP message records (RFC 6396, RFC 8050); {} when the file is not MRT."""
    info, off = {}, 0
    if len(data) < 12 or struct.unpack('!H', data[4:6])[0] not in (5, 12, 13, 16, 17, 32, 33, 48, 49):
        return info
    while off + 12 <= len(data):
        _, mtype, sub, length = struct.unpack('!IHHI', data[off:off + 12])
        body = off + 12 + (4 if mtype == 17 else 0)  # BGP4MP_ET carries microseconds first
        if mtype == 5 and sub in (1, 2, 3, 4, 5, 7):
            # RFC 6396 Appendix B.2.1, the deprecated type BGP: peer AS, peer IPv4, local AS, local IPv4,
            # then the message without its 19-byte header; 2-octet AS numbers
            try:
                peer_as, _, local_as = struct.unpack('!H4sH', data[off + 12:off + 20])
                info[off + 24] = (1, peer_as, local_as)
            except struct.error:
                pass
        if mtype in (16, 17) and sub in (1, 4, 6, 7, 8, 9, 10, 11):
            asl = 4 if sub in (4, 7, 9, 11) else 2
            try:
                peer_as = int.from_bytes(data[body:body + asl], 'big')
                local_as = int.from_bytes(data[body + asl:body + 2 * asl], 'big')
                afi = struct.unpack('!H', data[body + 2 * asl + 2:body + 2 * asl + 4])[0]
                info[body + 2 * asl + 4 + (8 if afi == 1 else 32)] = (sub, peer_as, local_as)
            except struct.error:
                pass
        off += 12 + length
    return info


def mrt_state(rec, local_ip, peer_ip):
    """The state when no OPEN is known, from the MRT record alone: the subtype says 4-octet AS
    (BGP4MP_MESSAGE_AS4...) and ADD-PATH (RFC 8050 ..._ADDPATH, taken as on for every family); every
    family ExaBGP knows is taken as negotiated."""
    sub, peer_as, local_as = rec
    return {'local_address': local_ip, 'peer_address': peer_ip, 'local_as': local_as, 'peer_as': peer_as,
            'as4': sub in (4, 7, 9, 11), 'families': None, 'extended_message': True,
            'addpath_receive': sorted(set(family(a, s) for a in AFI for s in SAFI if family(a, s)))
            if sub in (8, 9, 10, 11) else []}


def main(argv):
    args = argv[1:]
    bgpscope = os.path.join(REPO, 'bgpscope')
    if '--bgpscope' in args:
        i = args.index('--bgpscope')
        bgpscope = args[i + 1]
        del args[i:i + 2]
    listing_file = None
    if '--listing' in args:  # `bgpscope list CAPTURE --json` already run, its output in this file
        i = args.index('--listing')
        listing_file = args[i + 1]
        del args[i:i + 2]
    flags = {a for a in args if a.startswith('--')}
    files = [a for a in args if not a.startswith('--')]
    unknown = flags - {'--exabgp-negotiates', '--keep-volatile', '--consolidate', '--no-mirror', '--help'}
    if '--help' in flags or len(files) != 1 or unknown:
        sys.stderr.write(__doc__)
        return 0 if '--help' in flags else 2
    capture = files[0]

    if listing_file:
        with open(listing_file, 'rb') as f:
            listed = f.read()
    else:
        listing = subprocess.run([bgpscope, 'list', capture, '--json'], stdout=subprocess.PIPE, check=False)
        if listing.returncode != 0:
            sys.stderr.write('capture_to_oracle: bgpscope list exited %d\n' % listing.returncode)
            if not listing.stdout:
                return 1
        listed = listing.stdout
    rows = [json.loads(line) for line in listed.decode('utf-8').splitlines() if line.strip()]
    data = read_capture(capture)

    mrt = mrt_records(data)
    messages = []  # (row, bytes)
    skipped = 0
    for row in rows:
        if row.get('kind') != 'BGP' or row.get('type') is None:
            skipped += 1
            continue
        raw = b''.join(data[off:off + n] for off, n in row.get('pieces') or [])
        if row.get('length') == len(raw) + 19 and not raw.startswith(b'\xff' * 16):
            # an MRT type BGP (5) record holds the message without its header: put it back
            raw = b'\xff' * 16 + struct.pack('!HB', len(raw) + 19, row['type']) + raw
        messages.append((row, raw))

    last_open = {}  # (sender ip, receiver ip) -> the last OPEN it sent in the capture
    for row, raw in messages:
        if row.get('type') == 1:
            try:
                last_open[(row.get('src'), row.get('dst'))] = parse_open(raw)
            except (ValueError, struct.error, IndexError):
                pass
    conn_open = {}  # (sender endpoint, receiver endpoint) -> the OPEN it sent last so far
    opens = {}  # (sender ip, receiver ip) -> parsed OPEN; updated as OPENs go by (a new session replaces it)
    requests, meta = [], []
    mirror_ok = '--no-mirror' not in flags
    for row, raw in messages:
        src, dst = address(row.get('src')), address(row.get('dst'))
        if row.get('type') == 1:
            try:
                opens[(src, dst)] = conn_open[(row.get('src'), row.get('dst'))] = parse_open(raw)
            except (ValueError, struct.error, IndexError):
                pass
            # an OPEN is read before anything is negotiated; the receiver's own AS is that of its OPEN,
            # which may come later in the capture (the two OPENs cross): the last one it sent then
            # (per TCP connection: the endpoints with their ports; in MRT, per peer and local address)
            known = opens.get((src, dst))
            conn = (row.get('src'), row.get('dst'))
            other = conn_open.get(conn[::-1]) if row.get('src') is not None else None  # no addresses: no session
            if other is None and row.get('src') is not None:
                other = last_open.get(conn[::-1])
            rec = mrt.get((row.get('pieces') or [[None]])[0][0])
            state = {'local_address': dst, 'peer_address': src, 'as4': False,
                     'local_as': (other['as4'] or other['asn']) if other else (rec[2] if rec else 0),
                     'peer_as': (known['as4'] or known['asn']) if known else 0}
            how = 'none'
            opens_pair = None
        else:
            local, peer = opens.get((dst, src)), opens.get((src, dst))
            how = 'both' if local and peer else ('one' if local or peer else 'none')
            rec = mrt.get((row.get('pieces') or [[None]])[0][0])
            if how == 'one' and mirror_ok:
                local, peer = local or mirror(peer, rec[2] if rec else 0), peer or mirror(local, rec[1] if rec else 0)
            if rec and (how == 'none' or (how == 'one' and not mirror_ok)):
                how = 'mrt'
                state = mrt_state(rec, dst, src)
            else:
                state = negotiate(local, peer, dst, src)
            opens_pair = None
            if '--exabgp-negotiates' in flags and local and peer:
                sent = local['hex'] or _reencode_mirror(peer)
                received = peer['hex'] or _reencode_mirror(local)
                opens_pair = {'sent': sent, 'received': received}
        req = {'index': row.get('index'), 'hex': raw.hex(), 'direction': 'receive', 'negotiated': state}
        if opens_pair:
            req['opens'] = opens_pair
        requests.append(req)
        meta.append({'index': row.get('index'), 'src': row.get('src'), 'dst': row.get('dst'),
                     'type_name': row.get('type_name'), 'opens': how})

    cmd = [sys.executable, os.path.join(HERE, 'exabgp_decode.py')]
    if '--keep-volatile' not in flags:
        cmd.append('--stable')
    if '--consolidate' in flags:
        cmd.append('--consolidate')
    proc = subprocess.run(cmd, input=''.join(json.dumps(r) + '\n' for r in requests).encode('utf-8'),
                          stdout=subprocess.PIPE, check=False)
    answers = proc.stdout.decode('utf-8').splitlines()
    if len(answers) != len(requests):
        sys.stderr.write('capture_to_oracle: exabgp_decode.py answered %d lines for %d messages (exit %d)\n'
                         % (len(answers), len(requests), proc.returncode))

    decoded, errors = 0, collections.Counter()
    out = sys.stdout
    for m, line in zip(meta, answers):
        answer = json.loads(line)
        if 'error' in answer:
            m.update(answer)
            errors['%s: %s' % (m['type_name'], answer['error'][:120])] += 1
        else:
            m['exabgp'] = answer
            decoded += 1
        out.write(json.dumps(m, ensure_ascii=False) + '\n')
    sys.stderr.write('%s: %d BGP messages (%d other records left out), ExaBGP decoded %d, %d errors\n'
                     % (capture, len(requests), skipped, decoded, sum(errors.values())))
    for reason, n in errors.most_common():
        sys.stderr.write('  %4d  %s\n' % (n, reason))
    return 0


def _reencode_mirror(offer):
    """An OPEN (hex) offering what `offer` says, for ExaBGP to negotiate with when only one was seen."""
    caps = b''
    for afi, safi in sorted(offer['mp']):
        caps += bytes([1, 4]) + struct.pack('!HBB', afi, 0, safi)
    if offer['as4'] is not None:
        caps += bytes([65, 4]) + struct.pack('!I', offer['as4'])
    if offer['addpath']:
        v = b''.join(struct.pack('!HBB', a, s, b) for (a, s), b in sorted(offer['addpath'].items()))
        caps += bytes([69, len(v)]) + v
    if offer['nexthop']:
        v = b''.join(struct.pack('!HHH', *x) for x in sorted(offer['nexthop']))
        caps += bytes([5, len(v)]) + v
    if offer['extended']:
        caps += bytes([6, 0])
    params = bytes([2, len(caps)]) + caps
    body = struct.pack('!BHH4sB', 4, offer['asn'], offer['hold'], bytes([10, 255, 255, 254]), len(params)) + params
    return (b'\xff' * 16 + struct.pack('!HB', 19 + len(body), 1) + body).hex()


if __name__ == '__main__':
    sys.exit(main(sys.argv))
