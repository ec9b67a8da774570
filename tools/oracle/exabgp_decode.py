#!/usr/bin/python3
"""exabgp_decode.py: ExaBGP as an oracle. Decodes raw BGP messages under a given negotiated state and
prints, for each, the JSON that ExaBGP's API encoder (exabgp.reactor.api.response.json.JSON) writes
for a received message.

Tested with ExaBGP 4.2.21 (Debian 12 package exabgp 4.2.21-1.1, JSON API version 4.0.1) on the
Debian python3 (3.11). Install: `apt-get install exabgp`. The library lives in
/usr/lib/python3/dist-packages/exabgp; when the python running this script cannot import it (a pyenv
or venv python), that folder (or $EXABGP_PYTHONPATH) is added to sys.path.

usage:
  exabgp_decode.py [--consolidate] [--negotiated] [--stable] [--exact] [--timeout S] < in.jsonl > out.jsonl
  exabgp_decode.py --selftest

INPUT: JSON Lines on stdin, one object per BGP message:
  {"hex": "ffff...",                 the whole message, marker and header included (spaces and colons
                                     are ignored; a message without the 16-byte marker is an error)
   "direction": "receive",           "receive" (default) or "send": "receive" decodes as ExaBGP
                                     decodes what its peer sent it (Direction.IN, ADD-PATH "receive");
                                     "send" decodes with Direction.OUT (ADD-PATH "send")
   "negotiated": {                   the state both OPENs negotiated, seen from the receiving side
     "local_as": 65001, "peer_as": 65002,              the receiver's and the sender's AS
     "local_address": "10.0.0.1", "peer_address": "10.0.0.2",
     "as4": true,                                      4-octet AS numbers (RFC 6793)
     "addpath_receive": ["ipv6 unicast", ...],         families whose NLRI carry path ids towards us
     "addpath_send": [...],                            (optional) the same for direction "send"
     "families": ["ipv4 unicast", "ipv6 unicast"],     multiprotocol families (RFC 4760); absent:
                                                       every family ExaBGP knows
     "extended_message": true,                         RFC 8654: messages up to 65,535 bytes
     "nexthop": ["ipv4 unicast ipv6"],                 (optional) RFC 8950 extended next hop
     "hold_time": 180,                                 (optional)
     "aigp": false                                     (optional) accept AIGP (ExaBGP's neighbor option)
   },
   "opens": {"sent": "ffff...", "received": "ffff..."}}
                                     (optional, instead of "negotiated"'s protocol fields) the OPEN the
                                     receiver sent and the OPEN it received: ExaBGP's own Negotiated
                                     then works the state out (addresses still come from "negotiated")
  Any other keys (e.g. "index") are ignored.

OUTPUT: one JSON line per input line, in order:
  - ExaBGP's JSON for the message: the exact text its encoder produced, parsed and re-dumped on one
    line (with --exact: the text itself, unchanged; ExaBGP writes it on one line). For a received
    message this is what an API process configured with `receive { parsed; <type>; }` reads, e.g.
    {"exabgp": "4.0.1", "time": ..., "host": ..., "pid": ..., "ppid": ..., "counter": 1,
     "type": "update", "neighbor": {"address": {...}, "asn": {...}, "direction": "receive",
     "message": {"update": {"attribute": {...}, "announce": {...}, "withdraw": {...}}}}}
    Types: open, update (End-of-RIB: "message": {"eor": {...}}), notification, keepalive, refresh,
    operational. Updates sit in "neighbor"."message"."update"; ExaBGP puts "open", "notification" and
    "route-refresh" directly in "neighbor", beside "direction". --consolidate passes the header and body too ("header"/"body" hex keys, as with
    `receive { consolidate; }`); --negotiated adds "negotiated" to updates (`api { negotiated; }`).
    --stable drops the keys that change from run to run: time, host, pid, ppid, counter. The counter
    counts messages per neighbor (per local/peer address and AS), as ExaBGP's does.
  - {"error": "...", "notify": [code, subcode]} when ExaBGP refuses the message: the NOTIFICATION
    code and subcode ExaBGP would have sent (Notify), or "notify": null for any other exception
    ("exception" then names its class). Also for bad input lines (not JSON, no hex, odd hex).
    When ExaBGP's encoder writes text that is not JSON (ExaBGP 4.2.21 does for every ROUTE-REFRESH: it
    quotes afi, safi and subtype twice), the line is {"error": "ExaBGP wrote invalid JSON", "text": the
    exact text}. ExaBGP 4.2.21 also raises TypeError for a Cease NOTIFICATION carrying a valid RFC 8203
    shutdown communication (bytes % str in Notification.__init__): an error line too, with "fallback":
    what its encoder writes for that NOTIFICATION with the shutdown parsing left out (parse_data=False).
  A malformed message never stops the script; --timeout S (default 10) bounds the time spent on one
  message (SIGALRM), a message taking longer gives an error line.

Where ExaBGP itself checks the header (marker, length in 19..4096 or 65535 with extended messages,
KEEPALIVE exactly 19, ROUTE-REFRESH 23, OPEN >= 29, UPDATE >= 23, NOTIFICATION >= 21, the reader in
exabgp.reactor.network.connection), this script does the same, and also refuses a hex string whose
length differs from the header's length field. Like ExaBGP's reactor, an UPDATE carrying the internal
treat-as-withdraw marker (RFC 7606 handling) has all its NLRI turned into withdrawals before encoding.
"""

import json
import os
import re
import signal
import sys
import traceback

# ExaBGP logs to stdout by default; keep our stdout for JSON only.
os.environ.setdefault('exabgp.log.enable', 'false')
os.environ.setdefault('exabgp.log.destination', 'stderr')


def _import_exabgp():
    try:
        import exabgp  # noqa: F401

        return
    except ImportError:
        pass
    for path in (os.environ.get('EXABGP_PYTHONPATH'), '/usr/lib/python3/dist-packages', '/usr/share/exabgp'):
        if path and os.path.isdir(os.path.join(path, 'exabgp')):
            sys.path.append(path)
            import exabgp  # noqa: F401

            return
    sys.stderr.write('exabgp_decode.py: the exabgp library is not installed (apt-get install exabgp)\n')
    sys.exit(2)


_import_exabgp()

from exabgp.configuration.setup import environment  # noqa: E402

environment.setup('')

from exabgp.version import json as JSON_VERSION  # noqa: E402
from exabgp.version import version as EXABGP_VERSION  # noqa: E402
from exabgp.bgp.neighbor import Neighbor  # noqa: E402
from exabgp.bgp.message import Message  # noqa: E402
from exabgp.bgp.message import Update  # noqa: E402
from exabgp.bgp.message import Open  # noqa: E402
from exabgp.bgp.message import IN  # noqa: E402
from exabgp.bgp.message.direction import Direction  # noqa: E402
from exabgp.bgp.message.notification import Notify  # noqa: E402
from exabgp.bgp.message.notification import Notification  # noqa: E402
from exabgp.bgp.message.open.asn import ASN  # noqa: E402
from exabgp.bgp.message.open.holdtime import HoldTime  # noqa: E402
from exabgp.bgp.message.open.capability.negotiated import Negotiated  # noqa: E402
from exabgp.bgp.message.open.capability.extended import ExtendedMessage  # noqa: E402
from exabgp.bgp.message.update.attribute import Attribute  # noqa: E402
from exabgp.bgp.message.update.nlri import NLRI  # noqa: E402
from exabgp.protocol.family import AFI, SAFI  # noqa: E402
from exabgp.protocol.ip import IP  # noqa: E402
from exabgp.reactor.api.response import Response  # noqa: E402

VOLATILE = ('time', 'host', 'pid', 'ppid', 'counter')


class Timeout(Exception):
    pass


class InputError(Exception):
    pass


class Fallback(Exception):
    """ExaBGP raised; `text` is what its encoder writes with the failing step left out."""

    def __init__(self, cause, text):
        Exception.__init__(self, cause)
        self.cause = cause
        self.text = text


def _family(text):
    parts = str(text).lower().split()
    if len(parts) != 2:
        raise InputError('family %r is not "AFI SAFI" (e.g. "ipv6 unicast")' % (text,))
    afi, safi = AFI.fromString(parts[0]), SAFI.fromString(parts[1])
    if afi == AFI.undefined or safi == SAFI.undefined:
        raise InputError('family %r is not one ExaBGP knows' % (text,))
    return afi, safi


def _nexthop(text):
    parts = str(text).lower().split()
    if len(parts) != 3:
        raise InputError('next-hop family %r is not "AFI SAFI NEXTHOP-AFI"' % (text,))
    afi, safi = _family(' '.join(parts[:2]))
    return afi, safi, AFI.fromString(parts[2])


def _bytes(text):
    if not isinstance(text, str):
        raise InputError('"hex" must be a string')
    text = ''.join(text.split()).replace(':', '')
    if text.lower().startswith('0x'):
        text = text[2:]
    try:
        return bytes.fromhex(text)
    except ValueError as exc:
        raise InputError('"hex" is not hexadecimal: %s' % exc)


class Oracle(object):
    def __init__(self, consolidate=False, with_negotiated=False):
        self.encoder = Response.JSON(JSON_VERSION)
        self.consolidate = consolidate
        self.with_negotiated = with_negotiated
        self.neighbors = {}

    # the Neighbor is all the JSON encoder needs: addresses, ASNs, and uid for the counter
    def neighbor(self, state):
        local_address = str(state.get('local_address', '127.0.0.1'))
        peer_address = str(state.get('peer_address', '127.0.0.2'))
        local_as = int(state.get('local_as', 0))
        peer_as = int(state.get('peer_as', 0))
        aigp = bool(state.get('aigp', False))
        key = (local_address, peer_address, local_as, peer_as, aigp)
        neighbor = self.neighbors.get(key)
        if neighbor is None:
            neighbor = Neighbor()
            try:
                neighbor.local_address = IP.create(local_address)
                neighbor.peer_address = IP.create(peer_address)
            except Exception as exc:
                raise InputError('bad address: %s' % exc)
            neighbor.local_as = ASN(local_as)
            neighbor.peer_as = ASN(peer_as)
            neighbor.router_id = None
            neighbor.aigp = aigp
            neighbor.api = {}
            self.neighbors[key] = neighbor
        return neighbor

    def negotiated(self, neighbor, state, opens):
        negotiated = Negotiated(neighbor)
        if opens:
            sent = self._open(opens.get('sent'), 'sent')
            received = self._open(opens.get('received'), 'received')
            negotiated.sent(sent)
            negotiated.received(received)
            return negotiated
        negotiated.local_as = ASN(int(state.get('local_as', 0)))
        negotiated.peer_as = ASN(int(state.get('peer_as', 0)))
        negotiated.asn4 = bool(state.get('as4', False))
        negotiated.holdtime = HoldTime(int(state.get('hold_time', 180)))
        if 'families' in state and state['families'] is not None:
            negotiated.families = [_family(f) for f in state['families']]
        else:
            negotiated.families = NLRI.known_families()
        for f in state.get('addpath_receive') or []:
            negotiated.addpath._receive[_family(f)] = True
        for f in state.get('addpath_send') or []:
            negotiated.addpath._send[_family(f)] = True
        negotiated.nexthop = [_nexthop(f) for f in state.get('nexthop') or []]
        if state.get('extended_message'):
            negotiated.msg_size = ExtendedMessage.EXTENDED_SIZE
        return negotiated

    @staticmethod
    def _open(text, which):
        if not text:
            raise InputError('"opens" needs both "sent" and "received"')
        raw = _bytes(text)
        if len(raw) < 29 or raw[18] != 1:
            raise InputError('"opens.%s" is not an OPEN message' % which)
        return Open.unpack_message(raw[19:], Direction.IN, None)

    def decode(self, request):
        if not isinstance(request, dict):
            raise InputError('an input line must be a JSON object')
        if 'hex' not in request:
            raise InputError('no "hex"')
        raw = _bytes(request['hex'])
        direction = request.get('direction', 'receive')
        if direction not in ('receive', 'send'):
            raise InputError('"direction" must be "receive" or "send"')
        state = request.get('negotiated') or {}
        if not isinstance(state, dict):
            raise InputError('"negotiated" must be an object')
        neighbor = self.neighbor(state)
        negotiated = self.negotiated(neighbor, state, request.get('opens'))

        # the header checks of exabgp.reactor.network.connection.Connection.reader
        if len(raw) < Message.HEADER_LEN:
            raise Notify(1, 2, 'message of %d bytes is shorter than a BGP header' % len(raw))
        if not raw.startswith(Message.MARKER):
            raise Notify(1, 1, 'The packet received does not contain a BGP marker')
        msg_id = raw[18]
        length = (raw[16] << 8) | raw[17]
        if length < Message.HEADER_LEN or length > negotiated.msg_size:
            raise Notify(1, 2, '%s has an invalid message length of %d' % (Message.CODE.name(msg_id), length))
        validator = Message.Length.get(msg_id, lambda _: _ >= 19)
        if not validator(length):
            raise Notify(1, 2, '%s has an invalid message length of %d' % (Message.CODE.name(msg_id), length))
        if length != len(raw):
            raise InputError('the header says %d bytes but the hex has %d' % (length, len(raw)))
        header, body = raw[:19], raw[19:]

        # exabgp.reactor.protocol.Protocol.read_message
        try:
            message = Message.unpack(msg_id, body, Direction.IN if direction == 'receive' else Direction.OUT, negotiated)
        except TypeError as exc:
            if msg_id != Message.CODE.NOTIFICATION or len(body) < 2 or (body[0], body[1]) not in ((6, 2), (6, 4)):
                raise
            # ExaBGP 4.2 cannot format an RFC 9003 shutdown communication under Python 3; what its
            # encoder writes for the same NOTIFICATION without that parsing step (parse_data=False)
            plain = Notification(body[0], body[1], body[2:], False)
            raise Fallback(exc, self.encoder.notification(neighbor, direction, plain, None, b'', b''))
        if message.TYPE == Update.TYPE and Attribute.CODE.INTERNAL_TREAT_AS_WITHDRAW in message.attributes:
            for nlri in message.nlris:
                nlri.action = IN.WITHDRAWN

        if not self.consolidate:
            header, body = b'', b''
        for_update = negotiated if self.with_negotiated else None
        encoder = self.encoder
        if msg_id == Message.CODE.OPEN:
            return encoder.open(neighbor, direction, message, for_update, header, body)
        if msg_id == Message.CODE.UPDATE:
            return encoder.update(neighbor, direction, message, for_update, header, body)
        if msg_id == Message.CODE.NOTIFICATION:
            return encoder.notification(neighbor, direction, message, for_update, header, body)
        if msg_id == Message.CODE.KEEPALIVE:
            return encoder.keepalive(neighbor, direction, for_update, header, body)
        if msg_id == Message.CODE.ROUTE_REFRESH:
            return encoder.refresh(neighbor, direction, message, for_update, header, body)
        if msg_id == Message.CODE.OPERATIONAL:
            return encoder.operational(neighbor, direction, message.category, message, for_update, header, body)
        raise InputError('ExaBGP has no JSON encoding for message type %d' % msg_id)


def _alarm(signum, frame):
    raise Timeout()


def answer(oracle, line, stable=False, exact=False, timeout=10):
    """One input line in, one output line out (without newline); never raises."""
    try:
        try:
            request = json.loads(line)
        except ValueError as exc:
            raise InputError('input is not JSON: %s' % exc)
        if timeout:
            signal.setitimer(signal.ITIMER_REAL, timeout)
        try:
            text = oracle.decode(request)
        finally:
            if timeout:
                signal.setitimer(signal.ITIMER_REAL, 0)
        try:
            parsed = json.loads(text)
        except ValueError as exc:
            if stable:  # blank what changes from run to run, so that the line does not
                text = re.sub(r'"(time|host|pid|ppid|counter)"\s*:\s*("[^"]*"|[0-9.]+),\s*', '', text)
                return json.dumps({'error': 'ExaBGP wrote invalid JSON', 'notify': None, 'text': text})
            return json.dumps({'error': 'ExaBGP wrote invalid JSON: %s' % exc, 'notify': None, 'text': text})
        if exact and not stable:
            return text.replace('\n', ' ')
        if stable and isinstance(parsed, dict):
            for key in VOLATILE:
                parsed.pop(key, None)
        return json.dumps(parsed, ensure_ascii=False)
    except Notify as exc:
        return json.dumps({'error': str(exc), 'notify': [exc.code, exc.subcode]})
    except InputError as exc:
        return json.dumps({'error': 'bad input: %s' % exc, 'notify': None})
    except Fallback as exc:
        fallback = json.loads(exc.text)
        if stable:
            for key in VOLATILE:
                fallback.pop(key, None)
        last = traceback.extract_tb(exc.cause.__traceback__)[-1:] if exc.cause.__traceback__ else []
        where = ' (%s:%d)' % (os.path.basename(last[0].filename), last[0].lineno) if last else ''
        return json.dumps({'error': 'TypeError: %s%s' % (exc.cause, where), 'notify': None, 'exception': 'TypeError',
                           'fallback': fallback}, ensure_ascii=False)
    except Timeout:
        return json.dumps({'error': 'ExaBGP took more than %s s' % timeout, 'notify': None})
    except KeyboardInterrupt:
        raise
    except BaseException as exc:  # noqa: B902 - SystemExit, RecursionError, MemoryError: all one error line
        name = type(exc).__name__ if type(exc).__module__ == 'builtins' else '%s.%s' % (type(exc).__module__, type(exc).__name__)
        last = traceback.extract_tb(exc.__traceback__)[-1:] if exc.__traceback__ else []
        where = ' (%s:%d)' % (os.path.basename(last[0].filename), last[0].lineno) if last else ''
        return json.dumps(
            {'error': '%s: %s%s' % (name, exc, where), 'notify': None, 'exception': name}
        )


# ------------------------------------------------------------------------------------------- selftest

SELFTEST_STATE = {
    'local_as': 65001, 'peer_as': 65002, 'local_address': '10.0.0.1', 'peer_address': '10.0.0.2',
    'as4': True, 'families': ['ipv4 unicast', 'ipv6 unicast'], 'extended_message': False,
}
SELFTEST_KEEPALIVE = 'ffffffffffffffffffffffffffffffff001304'
# OPEN from AS 65002, hold 180, id 10.0.0.2: MP ipv4/ipv6 unicast, 4-octet AS 65002, ADD-PATH ipv6 both, route refresh
SELFTEST_OPEN = ('ffffffffffffffffffffffffffffffff00390104fdea00b40a0000021c021a01040001000101040002000141040000fdea'
                 '4504000201030200')
# UPDATE: ORIGIN IGP, AS_PATH [65002] (4 octets), NEXT_HOP 10.0.0.2, MP_REACH ipv6 2001:db8:1::/48 via 2001:db8::2,
# NLRI 192.0.2.0/24
SELFTEST_UPDATE = ('ffffffffffffffffffffffffffffffff004e02000000334001010040020602010000fdea4003040a000002800e1c000201'
                   '1020010db8000000000000000000000002003020010db8000118c00002')
# UPDATE: MP_REACH ipv6 2001:db8:2::/48 with ADD-PATH path id 7
SELFTEST_UPDATE_ADDPATH = ('ffffffffffffffffffffffffffffffff004702000000304001010040020602010000fdea800e2000020110200'
                           '10db800000000000000000000000200000000073020010db80002')
# NOTIFICATION Cease / Peer De-configured, no data
SELFTEST_NOTIFICATION = 'ffffffffffffffffffffffffffffffff0015030603'
# NOTIFICATION Cease / Administrative Shutdown with the shutdown communication "maintenance"
SELFTEST_SHUTDOWN = 'ffffffffffffffffffffffffffffffff00210306020b6d61696e74656e616e6365'
SELFTEST_REFRESH = 'ffffffffffffffffffffffffffffffff00170500020001'


def selftest():
    oracle = Oracle()
    failures = []

    def run(name, hexstring, state=SELFTEST_STATE):
        line = json.dumps({'hex': hexstring, 'direction': 'receive', 'negotiated': state})
        out = answer(oracle, line)
        try:
            return json.loads(out)
        except ValueError:
            failures.append('%s: output is not JSON: %s' % (name, out))
            return {}

    def check(name, cond, obj):
        if not cond:
            failures.append('%s: %s' % (name, json.dumps(obj)[:600]))
        else:
            sys.stdout.write('ok   %s\n' % name)

    def note(name, obj):
        what = 'decoded' if 'error' not in obj else 'error: ' + obj['error'][:150]
        sys.stdout.write('note %s: %s\n' % (name, what))

    top = {'exabgp', 'time', 'host', 'pid', 'ppid', 'counter', 'type', 'neighbor'}
    o = run('keepalive', SELFTEST_KEEPALIVE)
    check('keepalive', top <= set(o) and o.get('type') == 'keepalive' and o['neighbor'].get('direction') == 'receive', o)

    o = run('open', SELFTEST_OPEN)
    # ExaBGP puts "open" beside "direction", not under "message" as it does for updates
    op = o.get('neighbor', {}).get('open', {}) if top <= set(o) else {}
    check('open', o.get('type') == 'open' and op.get('asn') == 65002 and op.get('router_id') == '10.0.0.2'
          and 'capabilities' in op, o)

    o = run('update', SELFTEST_UPDATE)
    up = o.get('neighbor', {}).get('message', {}).get('update', {}) if top <= set(o) else {}
    ann = up.get('announce', {})
    check('update', o.get('type') == 'update' and set(ann) == {'ipv4 unicast', 'ipv6 unicast'}
          and up.get('attribute', {}).get('as-path') == [65002] and up['attribute'].get('origin') == 'igp'
          and ann['ipv4 unicast'].get('10.0.0.2') == [{'nlri': '192.0.2.0/24'}]
          and ann['ipv6 unicast'].get('2001:db8::2') == [{'nlri': '2001:db8:1::/48'}], o)

    addpath = dict(SELFTEST_STATE, addpath_receive=['ipv6 unicast'])
    o = run('update with ADD-PATH', SELFTEST_UPDATE_ADDPATH, addpath)
    ann = o.get('neighbor', {}).get('message', {}).get('update', {}).get('announce', {})
    check('update with ADD-PATH', ann.get('ipv6 unicast', {}).get('2001:db8::2')
          == [{'path-information': '0.0.0.7', 'nlri': '2001:db8:2::/48'}], o)

    o = run('notification', SELFTEST_NOTIFICATION)
    check('notification', o.get('type') == 'notification'
          and o.get('neighbor', {}).get('notification', {}).get('code') == 6, o)

    # Known ExaBGP 4.2.21 bugs, reported here without failing: a Cease with a valid RFC 8203 shutdown
    # communication raises TypeError in Notification.__init__ (bytes % str), and the encoder's
    # ROUTE-REFRESH JSON quotes afi/safi/subtype twice (invalid JSON).
    o = run('shutdown communication', SELFTEST_SHUTDOWN)
    note('shutdown communication', o)
    o = run('route refresh', SELFTEST_REFRESH)
    note('route refresh', o)
    o = run('ipv6 family not negotiated', SELFTEST_UPDATE, dict(SELFTEST_STATE, families=['ipv4 unicast']))
    check('ipv6 family not negotiated', set(o) == {'error', 'notify'} and o['notify'] == [3, 0], o)

    for name, bad in [('cut update', SELFTEST_UPDATE[:-10]), ('bad marker', '00' + SELFTEST_KEEPALIVE[2:]),
                      ('long keepalive', 'ffffffffffffffffffffffffffffffff00140400'), ('not hex', 'xyz'),
                      ('NLRI overrun', SELFTEST_UPDATE[:-8] + '20c00002'),
                      ('attribute length overrun', SELFTEST_UPDATE[:42] + '00ff' + SELFTEST_UPDATE[46:]),
                      ('OPEN parameter overrun', SELFTEST_OPEN[:60] + 'ff' + SELFTEST_OPEN[62:])]:
        o = run(name, bad)
        check('error: ' + name, set(o) >= {'error'} and len(o) <= 3, o)
    # RFC 7606: ExaBGP turns an UPDATE with a broken ORIGIN into a withdrawal, not an error
    o = run('treat-as-withdraw', SELFTEST_UPDATE[:46] + 'ff' + SELFTEST_UPDATE[48:])
    up = o.get('neighbor', {}).get('message', {}).get('update', {})
    check('treat-as-withdraw', up.get('attribute') == {'error': 'treat-as-withdraw'} and 'ipv4 unicast' in up.get('withdraw', {}), o)

    for name, line in [('not json', '{'), ('no hex', '{}'), ('array', '[1]')]:
        o = json.loads(answer(oracle, line))
        check('error: ' + name, 'error' in o, o)

    if failures:
        for f in failures:
            sys.stdout.write('FAIL %s\n' % f)
        sys.stdout.write('selftest: %d failed (ExaBGP %s)\n' % (len(failures), EXABGP_VERSION))
        return 1
    sys.stdout.write('selftest: all passed (ExaBGP %s, JSON API %s)\n' % (EXABGP_VERSION, JSON_VERSION))
    return 0


def main(argv):
    args = argv[1:]
    if '--help' in args or '-h' in args:
        sys.stdout.write(__doc__)
        return 0
    if '--selftest' in args:
        return selftest()
    timeout = 10.0
    if '--timeout' in args:
        i = args.index('--timeout')
        timeout = float(args[i + 1])
        del args[i : i + 2]
    known = {'--consolidate', '--negotiated', '--stable', '--exact'}
    unknown = [a for a in args if a not in known]
    if unknown:
        sys.stderr.write('exabgp_decode.py: unknown option %s (see --help)\n' % unknown[0])
        return 2
    signal.signal(signal.SIGALRM, _alarm)
    oracle = Oracle(consolidate='--consolidate' in args, with_negotiated='--negotiated' in args)
    out = sys.stdout
    # anything ExaBGP prints goes to stderr, never between our lines
    sys.stdout = sys.stderr
    for line in sys.stdin:
        if not line.strip():
            continue
        out.write(answer(oracle, line, stable='--stable' in args, exact='--exact' in args, timeout=timeout) + '\n')
        out.flush()
    return 0


if __name__ == '__main__':
    signal.signal(signal.SIGALRM, _alarm)
    sys.exit(main(sys.argv))
