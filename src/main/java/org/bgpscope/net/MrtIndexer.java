package org.bgpscope.net;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import org.bgpscope.capture.Bytes;
import org.bgpscope.capture.MrtReader;
import org.bgpscope.capture.Progress;

/**
 * Indexes MRT files (RFC 6396, RFC 8050): each BGP4MP message record gives its BGP message, each
 * TABLE_DUMP_V2 RIB record one entry per peer, each TABLE_DUMP record one entry; state changes, the
 * peer index table and records of other types are indexed whole so that nothing is hidden.
 */
final class MrtIndexer implements Indexer {
    // BGP4MP subtypes, RFC 6396 §4.4 and RFC 8050 §3.
    static final int STATE_CHANGE = 0;
    static final int MESSAGE = 1;
    static final int MESSAGE_AS4 = 4;
    static final int STATE_CHANGE_AS4 = 5;
    static final int MESSAGE_LOCAL = 6;
    static final int MESSAGE_AS4_LOCAL = 7;
    static final int MESSAGE_ADDPATH = 8;
    static final int MESSAGE_AS4_ADDPATH = 9;
    static final int MESSAGE_LOCAL_ADDPATH = 10;
    static final int MESSAGE_AS4_LOCAL_ADDPATH = 11;
    // TABLE_DUMP_V2 subtypes, RFC 6396 §4.3 and RFC 8050 §4.
    static final int PEER_INDEX_TABLE = 1;
    static final int RIB_GENERIC = 6;
    static final int RIB_GENERIC_ADDPATH = 12;

    private final CaptureIndex target;
    private final MessageIndex index;
    private final byte[] key = new byte[48];
    private final byte[] reverseKey = new byte[48];
    private int[] peerFlows = new int[0];
    private final long[] pOff = new long[2];
    private final int[] pLen = new int[2];
    private final int[] pFrame = new int[2];

    MrtIndexer(CaptureIndex target) {
        this.target = target;
        this.index = target.messages();
    }

    private MemorySegment data;
    private MrtReader r;

    /** Reads every record the mapping holds from where the last call stopped. */
    @Override
    public void index(Progress progress) {
        if (r == null) {
            data = target.capture().data();
            r = target.capture().mrtRecords();
            target.timeDigits(0);
        }
        long total = data.byteSize();
        while (r.next()) {
            if ((r.number() & 4095) == 0) {
                target.records(r.number());
                CaptureIndex.check(progress, r.recordOffset(), total);
            }
            if (r.skipped() != null) {
                target.problem(r.number(), r.skippedFrom(), r.skipped());
            }
            if (r.extendedTime() && target.timeDigits() < 6) {
                target.timeDigits(6);
            }
            switch (r.type()) {
                case MrtReader.BGP4MP, MrtReader.BGP4MP_ET -> bgp4mp(data, r);
                case MrtReader.TABLE_DUMP_V2 -> tableDumpV2(data, r);
                case MrtReader.TABLE_DUMP -> tableDump(data, r);
                case MrtReader.BGP -> bgpLegacy(data, r);
                default -> whole(r, MessageKind.MRT_OTHER, r.type(), -1, 0);
            }
        }
        target.records(r.number());
    }

    @Override
    public void grow(MemorySegment longer) {
        data = longer;
        r.grow(longer);
    }

    @Override
    public String stopped() {
        return r == null ? null : r.problem();
    }

    @Override
    public boolean waitingForRecord() {
        return r != null && r.endsInsideRecord();
    }

    /** Each record is indexed whole when read: only a cut last record is left to report. */
    @Override
    public void finish() {
        target.records(r.number());
        if (r.problem() != null) {
            target.stoppedEarly(r.problem(), r.problemOffset());
        }
    }

    private void whole(MrtReader r, MessageKind kind, int type, int flow, int flags) {
        index.add(r.recordOffset(), r.timeNanos(), r.number(), (int) r.recordLength(), flow, type, kind, flags);
    }

    /** RFC 6396 §4.4: peer AS, local AS, interface, AFI, peer and local addresses, then the payload. */
    private void bgp4mp(MemorySegment data, MrtReader r) {
        int st = r.subtype();
        boolean as4 = st == MESSAGE_AS4 || st == STATE_CHANGE_AS4 || st == MESSAGE_AS4_LOCAL
                || st == MESSAGE_AS4_ADDPATH || st == MESSAGE_AS4_LOCAL_ADDPATH;
        boolean local = st == MESSAGE_LOCAL || st == MESSAGE_AS4_LOCAL || st == MESSAGE_LOCAL_ADDPATH || st == MESSAGE_AS4_LOCAL_ADDPATH;
        boolean addPath = st >= MESSAGE_ADDPATH && st <= MESSAGE_AS4_LOCAL_ADDPATH;
        boolean state = st == STATE_CHANGE || st == STATE_CHANGE_AS4;
        boolean message = st == MESSAGE || st == MESSAGE_AS4 || local || addPath;
        if (st == STATE_CHANGE && r.bodyLength() == 8) {
            // Zebra wrote state changes of 8 bytes: peer AS, local AS, old state, new state, with no
            // interface, family or addresses (bgpdump reads them so and prints the peer as 0.0.0.0).
            whole(r, MessageKind.MRT_STATE_CHANGE, st, -1, 0);
            return;
        }
        if (!state && !message) {
            target.problem(r.number(), r.recordOffset() + 6, "unknown BGP4MP subtype " + st + "; kept as a raw record");
            whole(r, MessageKind.MRT_OTHER, st, -1, 0);
            return;
        }
        long b = r.bodyOffset();
        int asLen = as4 ? 4 : 2;
        long need = 2L * asLen + 4;
        if (r.bodyLength() < need) {
            target.problem(r.number(), b, "BGP4MP record of " + r.bodyLength() + " bytes is too short for its peer header");
            whole(r, MessageKind.MRT_OTHER, st, -1, 0);
            return;
        }
        int afi = Bytes.u16(data, b + 2L * asLen + 2);
        int ipLen = afi == 1 ? 4 : afi == 2 ? 16 : -1;
        if (ipLen < 0 && message && zebraShortMessage(data, r, b + 2L * asLen)) {
            return;
        }
        if (ipLen < 0 || r.bodyLength() < need + 2L * ipLen) {
            target.problem(r.number(), b + 2L * asLen + 2, "BGP4MP address family " + afi
                    + (ipLen < 0 ? " is neither IPv4 (1) nor IPv6 (2)" : " addresses do not fit the record"));
            whole(r, MessageKind.MRT_OTHER, st, -1, 0);
            return;
        }
        long peerAs = as4 ? Bytes.u32(data, b) : Bytes.u16(data, b);
        long localAs = as4 ? Bytes.u32(data, b + asLen) : Bytes.u16(data, b + asLen);
        long peerIp = b + need;
        long localIp = peerIp + ipLen;
        int flow = peerFlow(data, peerAs, localAs, peerIp, localIp, ipLen);
        if (local) {
            flow ^= 1;
        }
        int flags = (as4 ? MessageIndex.F_AS4 : 0) | (addPath ? MessageIndex.F_ADDPATH : 0) | (local ? MessageIndex.F_LOCAL : 0);
        if (state) {
            whole(r, MessageKind.MRT_STATE_CHANGE, st, flow, flags);
            return;
        }
        long msg = localIp + ipLen;
        int avail = (int) (r.bodyOffset() + r.bodyLength() - msg);
        boolean marker = avail >= BgpFramer.HEADER;
        for (int i = 0; i < 16 && marker; i++) {
            marker = Bytes.u8(data, msg + i) == 0xFF;
        }
        if (!marker) {
            target.problem(r.number(), msg, "BGP4MP message of " + avail + " bytes does not start with a BGP header (16 bytes of ones)");
            pieces(msg, avail, r, MessageKind.UNFRAMED, 0, avail, flow, flags | MessageIndex.F_BAD_MARKER);
            return;
        }
        int len = Bytes.u16(data, msg + 16);
        int type = Bytes.u8(data, msg + 18);
        if (len == avail) {
            index.add(msg, r.timeNanos(), r.number(), len, flow, type, MessageKind.BGP_MESSAGE, flags);
        } else {
            target.problem(r.number(), msg + 16, "BGP length " + len + " differs from the " + avail + " bytes the MRT record holds");
            pieces(msg, avail, r, MessageKind.BGP_MESSAGE, type, len, flow,
                    flags | MessageIndex.F_BAD_LENGTH | (len > avail ? MessageIndex.F_INCOMPLETE : 0));
        }
    }

    /**
     * Zebra wrote some MESSAGE records (its own OPENs, seen in RIPE RIS archives of 2000) with only
     * the peer AS and local AS before the BGP message: no interface, family or addresses. Recognised
     * by content: a BGP header right after the two AS numbers whose length fills the record (in the
     * RFC 6396 form those bytes would be interface and family 0xFFFF, which no writer uses).
     */
    private boolean zebraShortMessage(MemorySegment data, MrtReader r, long msg) {
        long end = r.bodyOffset() + r.bodyLength();
        if (end - msg < BgpFramer.HEADER) {
            return false;
        }
        for (int i = 0; i < 16; i++) {
            if (Bytes.u8(data, msg + i) != 0xFF) {
                return false;
            }
        }
        int len = Bytes.u16(data, msg + 16);
        if (len != end - msg) {
            return false;
        }
        index.add(msg, r.timeNanos(), r.number(), len, -1, Bytes.u8(data, msg + 18), MessageKind.BGP_MESSAGE, 0);
        return true;
    }

    // Subtypes of the deprecated type BGP (5), RFC 6396 Appendix B.2.1 (the MRT of MRTd and early Zebra).
    static final int BGP_NULL = 0;
    static final int BGP_UPDATE = 1;
    static final int BGP_PREF_UPDATE = 2;
    static final int BGP_STATE_CHANGE = 3;
    static final int BGP_SYNC = 4;
    static final int BGP_OPEN = 5;
    static final int BGP_NOTIFY = 6;
    static final int BGP_KEEPALIVE = 7;

    /**
     * RFC 6396 Appendix B.2.1, type BGP (5): UPDATE, OPEN, NOTIFY and KEEPALIVE records hold the peer
     * AS and IPv4 address, the local AS and IPv4 address (2 + 4 + 2 + 4 bytes), then the BGP message
     * without its 19-byte header (marker, length, type): the subtype says the type. The row is a BGP
     * message flagged {@link MessageIndex#F_NO_HEADER} whose one piece is the body; its length is the
     * length the header would have said, and {@link CaptureIndex#bytes} puts a header in front, so
     * that every decoder reads it as the message it was. STATE_CHANGE holds the peer AS and address
     * and the two states; other subtypes are kept whole.
     */
    private void bgpLegacy(MemorySegment data, MrtReader r) {
        int st = r.subtype();
        long b = r.bodyOffset();
        int type = switch (st) {
            case BGP_UPDATE -> 2;
            case BGP_OPEN -> 1;
            case BGP_NOTIFY -> 3;
            case BGP_KEEPALIVE -> 4;
            default -> -1;
        };
        if (st == BGP_STATE_CHANGE) {
            if (r.bodyLength() < 10) {
                bad(r, b, "BGP STATE_CHANGE record of " + r.bodyLength() + " bytes is too short for peer AS, address and states");
                return;
            }
            whole(r, MessageKind.MRT_STATE_CHANGE, st, legacyFlow(data, b, -1), 0);
            return;
        }
        if (type < 0) {
            whole(r, MessageKind.MRT_OTHER, st, -1, 0);
            return;
        }
        if (r.bodyLength() < 12) {
            bad(r, b, "BGP record of " + r.bodyLength() + " bytes is too short for its peer and local AS and addresses");
            return;
        }
        int flow = legacyFlow(data, b, b + 6);
        long msg = b + 12;
        int len = r.bodyLength() - 12;
        if (len + BgpFramer.HEADER > 65535) {
            bad(r, msg, "BGP message body of " + len + " bytes is longer than any BGP message");
            return;
        }
        pOff[0] = msg;
        pLen[0] = len;
        pFrame[0] = r.number();
        long where = index.addPieces(pOff, pLen, pFrame, 1);
        index.add(where, r.timeNanos(), r.number(), len + BgpFramer.HEADER, flow, type, MessageKind.BGP_MESSAGE, MessageIndex.F_NO_HEADER);
    }

    /** The flow of a type-5 record: peer AS and IPv4 address at {@code b}, local ones at {@code local} (or none, -1). */
    private int legacyFlow(MemorySegment data, long b, long local) {
        long peerAs = Bytes.u16(data, b);
        long localAs = local < 0 ? 0 : Bytes.u16(data, local);
        if (local >= 0) {
            return peerFlow(data, peerAs, localAs, b + 2, local + 2, 4);
        }
        // STATE_CHANGE names no local side: the flow of the peer's first message, or one of its own.
        int n = 0;
        key[n++] = 5;
        n = putInt(key, n, peerAs);
        MemorySegment.copy(data, java.lang.foreign.ValueLayout.JAVA_BYTE, b + 2, key, n, 4);
        n += 4;
        System.arraycopy(key, 0, reverseKey, 0, n);
        reverseKey[0] = 6;
        FlowTable flows = target.flows();
        int id = flows.find(key, n);
        if (id < 0) {
            String addr = Addresses.format(data, b + 2, 4);
            id = flows.addPair(key, reverseKey, n, (fid, reversed) -> reversed
                    ? new Flow(fid, "collector", addr, "", addr, -1, peerAs)
                    : new Flow(fid, addr, "collector", addr, "", peerAs, -1));
        }
        return id;
    }

    private void pieces(long off, int len, MrtReader r, MessageKind kind, int type, int length, int flow, int flags) {
        pOff[0] = off;
        pLen[0] = len;
        pFrame[0] = r.number();
        long where = index.addPieces(pOff, pLen, pFrame, 1);
        index.add(where, r.timeNanos(), r.number(), length, flow, type, kind, flags);
    }

    private int peerFlow(MemorySegment data, long peerAs, long localAs, long peerIp, long localIp, int ipLen) {
        int n = 0;
        key[n++] = 16;
        n = putInt(key, n, peerAs);
        n = putInt(key, n, localAs);
        int k = n;
        MemorySegment.copy(data, java.lang.foreign.ValueLayout.JAVA_BYTE, peerIp, key, n, ipLen);
        n += ipLen;
        MemorySegment.copy(data, java.lang.foreign.ValueLayout.JAVA_BYTE, localIp, key, n, ipLen);
        n += ipLen;
        FlowTable flows = target.flows();
        int id = flows.find(key, n);
        if (id >= 0) {
            return id;
        }
        reverseKey[0] = 16;
        putInt(reverseKey, 1, localAs);
        putInt(reverseKey, 5, peerAs);
        System.arraycopy(key, k + ipLen, reverseKey, k, ipLen);
        System.arraycopy(key, k, reverseKey, k + ipLen, ipLen);
        String peer = Addresses.format(data, peerIp, ipLen);
        String loc = Addresses.format(data, localIp, ipLen);
        return flows.addPair(key, reverseKey, n, (fid, reversed) -> reversed
                ? new Flow(fid, loc, peer, loc, peer, localAs, peerAs)
                : new Flow(fid, peer, loc, peer, loc, peerAs, localAs));
    }

    private static int putInt(byte[] b, int n, long v) {
        b[n] = (byte) (v >>> 24);
        b[n + 1] = (byte) (v >>> 16);
        b[n + 2] = (byte) (v >>> 8);
        b[n + 3] = (byte) v;
        return n + 4;
    }

    /** RFC 6396 §4.3. */
    private void tableDumpV2(MemorySegment data, MrtReader r) {
        int st = r.subtype();
        if (st == PEER_INDEX_TABLE) {
            peerIndex(data, r);
            return;
        }
        boolean addPath = st >= 8 && st <= 12;
        int base = addPath ? st - 6 : st;
        long b = r.bodyOffset();
        long end = b + r.bodyLength();
        long p;
        if (base == RIB_GENERIC) {
            // RFC 6396 §4.3.3: sequence number, AFI, SAFI, one NLRI in the family's encoding, then the entries.
            if (b + 8 > end) {
                bad(r, b, "RIB_GENERIC record too short for sequence number, AFI, SAFI and NLRI");
                return;
            }
            int afi = Bytes.u16(data, b + 4);
            int safi = Bytes.u8(data, b + 6);
            p = NlriExtent.end(data, afi, safi, b + 7, end);
            if (p < 0) {
                bad(r, b + 7, "RIB_GENERIC for AFI " + afi + " SAFI " + safi + ": the NLRI's length cannot be read for this family, "
                        + "or it runs past the record; the record is shown whole");
                return;
            }
        } else if (base < 2 || base > 5) {
            // GEO_PEER_TABLE (RFC 6397) holds no route.
            whole(r, MessageKind.MRT_OTHER, st, -1, MessageIndex.F_AS4 | (addPath ? MessageIndex.F_ADDPATH : 0));
            return;
        } else {
            int maxBits = base <= 3 ? 32 : 128;
            if (b + 5 > end) {
                bad(r, b, "RIB record too short for sequence number and prefix length");
                return;
            }
            int bits = Bytes.u8(data, b + 4);
            if (bits > maxBits) {
                bad(r, b + 4, "prefix length " + bits + " exceeds " + maxBits);
                return;
            }
            p = b + 5 + (bits + 7) / 8;
        }
        if (p + 2 > end) {
            bad(r, p, "RIB record ends inside its NLRI or entry count");
            return;
        }
        int count = Bytes.u16(data, p);
        p += 2;
        long headerEnd = p;
        int flags = MessageIndex.F_AS4 | (addPath ? MessageIndex.F_ADDPATH : 0);
        for (int e = 0; e < count; e++) {
            int fixed = addPath ? 12 : 8;
            if (p + fixed > end) {
                bad(r, p, "RIB entry " + (e + 1) + " of " + count + " is cut off by the end of the record");
                return;
            }
            int peer = Bytes.u16(data, p);
            int attrLen = Bytes.u16(data, p + fixed - 2);
            long entryEnd = p + fixed + attrLen;
            if (entryEnd > end) {
                bad(r, p + fixed - 2, "RIB entry " + (e + 1) + " claims " + attrLen + " attribute bytes past the end of the record");
                return;
            }
            int flow = peer < peerFlows.length ? peerFlows[peer] : -1;
            if (flow < 0) {
                target.problem(r.number(), p, "RIB entry names peer " + peer + " which the PEER_INDEX_TABLE does not list");
            }
            // The record header and prefix, then this peer's entry: the entry reads alone.
            pOff[0] = r.recordOffset();
            pLen[0] = (int) (headerEnd - r.recordOffset());
            pFrame[0] = r.number();
            pOff[1] = p;
            pLen[1] = (int) (entryEnd - p);
            pFrame[1] = r.number();
            long where = index.addPieces(pOff, pLen, pFrame, 2);
            index.add(where, r.timeNanos(), r.number(), pLen[0] + pLen[1], flow, st, MessageKind.MRT_RIB_ENTRY, flags);
            p = entryEnd;
        }
    }

    private void bad(MrtReader r, long offset, String why) {
        target.problem(r.number(), offset, why);
        whole(r, MessageKind.MRT_OTHER, r.subtype(), -1, 0);
    }

    /** RFC 6396 §4.3.1: collector BGP ID, view name, then each peer's type, BGP ID, address and AS. */
    private void peerIndex(MemorySegment data, MrtReader r) {
        long b = r.bodyOffset();
        long end = b + r.bodyLength();
        whole(r, MessageKind.MRT_PEER_INDEX, PEER_INDEX_TABLE, -1, 0);
        if (b + 6 > end) {
            target.problem(r.number(), b, "PEER_INDEX_TABLE too short for collector ID and view name length");
            return;
        }
        long collector = b;
        int nameLen = Bytes.u16(data, b + 4);
        long p = b + 6 + nameLen;
        if (p + 2 > end) {
            target.problem(r.number(), b + 4, "PEER_INDEX_TABLE view name runs past the record");
            return;
        }
        int count = Bytes.u16(data, p);
        p += 2;
        peerFlows = new int[count];
        Arrays.fill(peerFlows, -1);
        String collectorId = Addresses.format(data, collector, 4);
        for (int i = 0; i < count; i++) {
            if (p + 1 > end) {
                target.problem(r.number(), p, "PEER_INDEX_TABLE lists " + count + " peers but ends after " + i);
                return;
            }
            int type = Bytes.u8(data, p);
            int ipLen = (type & 1) != 0 ? 16 : 4;
            int asLen = (type & 2) != 0 ? 4 : 2;
            if (p + 5 + ipLen + asLen > end) {
                target.problem(r.number(), p, "peer entry " + i + " runs past the PEER_INDEX_TABLE record");
                return;
            }
            long ip = p + 5;
            long as = asLen == 4 ? Bytes.u32(data, ip + ipLen) : Bytes.u16(data, ip + ipLen);
            String addr = Addresses.format(data, ip, ipLen);
            int n = 0;
            key[n++] = 13;
            key[n++] = (byte) (i >>> 8);
            key[n++] = (byte) i;
            reverseKey[0] = 14;
            reverseKey[1] = key[1];
            reverseKey[2] = key[2];
            FlowTable flows = target.flows();
            int id = flows.find(key, n);
            if (id < 0) {
                id = flows.addPair(key, reverseKey, n, (fid, reversed) -> reversed
                        ? new Flow(fid, collectorId, addr, collectorId, addr, -1, as)
                        : new Flow(fid, addr, collectorId, addr, collectorId, as, -1));
            }
            peerFlows[i] = id;
            p += 5 + ipLen + asLen;
        }
    }

    /** RFC 6396 §4.2: one route per record, IPv4 or IPv6 by subtype, 2-octet AS attributes. */
    private void tableDump(MemorySegment data, MrtReader r) {
        int afi = r.subtype();
        int ipLen = afi == 1 ? 4 : afi == 2 ? 16 : -1;
        long b = r.bodyOffset();
        if (ipLen < 0 || r.bodyLength() < 4 + ipLen + 6 + ipLen + 4) {
            bad(r, b, "TABLE_DUMP record of subtype " + afi + " and " + r.bodyLength() + " bytes is not a route entry");
            return;
        }
        long peerIp = b + 4 + ipLen + 6;
        long peerAs = Bytes.u16(data, peerIp + ipLen);
        int n = 0;
        key[n++] = 12;
        n = putInt(key, n, peerAs);
        MemorySegment.copy(data, java.lang.foreign.ValueLayout.JAVA_BYTE, peerIp, key, n, ipLen);
        n += ipLen;
        System.arraycopy(key, 0, reverseKey, 0, n);
        reverseKey[0] = 15;
        FlowTable flows = target.flows();
        int id = flows.find(key, n);
        if (id < 0) {
            String addr = Addresses.format(data, peerIp, ipLen);
            id = flows.addPair(key, reverseKey, n, (fid, reversed) -> reversed
                    ? new Flow(fid, "collector", addr, "", addr, -1, peerAs)
                    : new Flow(fid, addr, "collector", addr, "", peerAs, -1));
        }
        whole(r, MessageKind.MRT_RIB_ENTRY, afi, id, 0);
    }
}
