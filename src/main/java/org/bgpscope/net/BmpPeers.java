package org.bgpscope.net;

import java.lang.foreign.MemorySegment;
import org.bgpscope.capture.Bytes;

/**
 * Takes the BGP messages out of BMP messages and gives each monitored peer's view its flows. A view
 * is keyed by the BMP connection and the per-peer header (RFC 7854 §4.2): peer type, the L (post-
 * policy) and O (Adj-RIB-Out, RFC 8671 §4) flags, peer distinguisher, address and AS. Its forward flow
 * holds what the peer sent the monitored router (Adj-RIB-In, the Received OPEN, a NOTIFICATION the
 * peer sent), its reverse what the router sent (Adj-RIB-Out, the Sent OPEN, its own NOTIFICATION).
 * Every view of a peer takes its session state from the OPENs of the peer's Peer Up, which sit on the
 * view with neither flag ({@link FlowTable#sessionFlow}).
 */
final class BmpPeers {
    // Message types, RFC 7854 §4.1.
    static final int ROUTE_MONITORING = 0;
    static final int STATISTICS = 1;
    static final int PEER_DOWN = 2;
    static final int PEER_UP = 3;
    static final int ROUTE_MIRRORING = 6;
    static final int PER_PEER = 42;
    static final int FLAG_V = 0x80;
    static final int FLAG_L = 0x40;
    static final int FLAG_A = 0x20;
    static final int FLAG_O = 0x10;
    static final int LOC_RIB = 3;

    private final CaptureIndex target;
    private final MessageIndex index;
    private final byte[] key = new byte[40];
    private final byte[] reverseKey = new byte[40];
    private long[] sOff = new long[4];
    private int[] sLen = new int[4];
    private int[] sFrame = new int[4];

    BmpPeers(CaptureIndex target) {
        this.target = target;
        this.index = target.messages();
    }

    /**
     * Indexes the BGP messages inside BMP message {@code row} ({@code m}, whose bytes lie in the file
     * as {@code count} pieces) as rows of their own, each with its bytes mapped back to the file.
     */
    void carried(int tcpFlow, int row, MemorySegment m, long[] off, int[] len, int[] frame, int count, int lastFrame, long time) {
        int size = (int) m.byteSize();
        int type = Bytes.u8(m, 5);
        if (type != ROUTE_MONITORING && type != PEER_DOWN && type != PEER_UP && type != ROUTE_MIRRORING
                || size < BmpFramer.HEADER + PER_PEER) {
            return;
        }
        int h = BmpFramer.HEADER;
        int peerType = Bytes.u8(m, h);
        int flags = Bytes.u8(m, h + 1);
        boolean locRib = peerType == LOC_RIB;
        // RFC 9069 §4.2: a Loc-RIB peer's only flag is F (filtered), in the place of V.
        int viewFlags = locRib ? flags & 0x80 : flags & (FLAG_L | FLAG_O);
        int view = pair(tcpFlow, m, viewFlags);
        int base = viewFlags == 0 ? view : pair(tcpFlow, m, 0);
        int carriedFlags = MessageIndex.F_BMP | (locRib ? MessageIndex.F_LOC_RIB : 0);
        int p = h + PER_PEER;
        switch (type) {
            case ROUTE_MONITORING -> {
                // §4.6: the UPDATE as the view holds it; the A flag says its AS_PATH width (§4.2).
                int as4 = MessageIndex.F_BMP_AS | (locRib || (flags & FLAG_A) == 0 ? MessageIndex.F_AS4 : 0);
                int dir = !locRib && (flags & FLAG_O) != 0 ? 1 : 0;
                while (p + 19 <= size && bgp(m, p, size)) {
                    int l = Bytes.u16(m, p + 16);
                    add(row, m, p, l, view + dir, carriedFlags | as4, off, len, frame, count, lastFrame, time);
                    p += l;
                }
            }
            case PEER_UP -> {
                // §4.10: local address (16), local port, remote port, then the Sent and the Received OPEN.
                p += 20;
                for (int k = 0; k < 2 && p + 19 <= size && bgp(m, p, size); k++) {
                    int l = Bytes.u16(m, p + 16);
                    add(row, m, p, l, base + (k == 0 ? 1 : 0), carriedFlags, off, len, frame, count, lastFrame, time);
                    p += l;
                }
            }
            case PEER_DOWN -> {
                // §4.9: reason 1, the NOTIFICATION the router sent; reason 3, the one it received.
                int reason = p < size ? Bytes.u8(m, p) : -1;
                p++;
                if ((reason == 1 || reason == 3) && p + 19 <= size && bgp(m, p, size)) {
                    add(row, m, p, Bytes.u16(m, p + 16), base + (reason == 1 ? 1 : 0), carriedFlags, off, len, frame, count, lastFrame, time);
                }
            }
            default -> {
                // §4.7: TLVs; type 0 holds a BGP message as the router received it.
                while (p + 4 <= size) {
                    int t = Bytes.u16(m, p);
                    int l = Bytes.u16(m, p + 2);
                    if (p + 4 + l > size) {
                        break;
                    }
                    if (t == 0 && l >= 19 && bgp(m, p + 4, p + 4 + l) && Bytes.u16(m, p + 20) == l) {
                        add(row, m, p + 4, l, view, carriedFlags, off, len, frame, count, lastFrame, time);
                    }
                    p += 4 + l;
                }
            }
        }
    }

    /** Whether a whole BGP message (marker, length 19 or more) lies at {@code p} before {@code end}. */
    private static boolean bgp(MemorySegment m, int p, int end) {
        if (end - p < 19 || m.get(Bytes.BE64, p) != -1L || m.get(Bytes.BE64, p + 8) != -1L) {
            return false;
        }
        int l = Bytes.u16(m, p + 16);
        return l >= 19 && p + l <= end;
    }

    /** Indexes bytes {@code [at, at+l)} of the BMP message as a BGP message of {@code flow}, linked to {@code row}. */
    private void add(int row, MemorySegment m, int at, int l, int flow, int flags,
                     long[] off, int[] len, int[] frame, int count, int lastFrame, long time) {
        int n = 0;
        long skip = at;
        long left = l;
        for (int k = 0; k < count && left > 0; k++) {
            if (skip >= len[k]) {
                skip -= len[k];
                continue;
            }
            int take = (int) Math.min(left, len[k] - skip);
            if (n == sOff.length) {
                sOff = java.util.Arrays.copyOf(sOff, n * 2);
                sLen = java.util.Arrays.copyOf(sLen, n * 2);
                sFrame = java.util.Arrays.copyOf(sFrame, n * 2);
            }
            sOff[n] = off[k] + skip;
            sLen[n] = take;
            sFrame[n] = frame[k];
            n++;
            left -= take;
            skip = 0;
        }
        long where = n == 1 && sFrame[0] == lastFrame ? sOff[0] : index.addPieces(sOff, sLen, sFrame, n);
        int child = index.size();
        index.add(where, time, lastFrame, l, flow, Bytes.u8(m, at + 18), MessageKind.BGP_MESSAGE, flags);
        target.bmpLinks().add(child, row);
    }

    /** The forward flow of the view the per-peer header at byte 6 of {@code m} names, with {@code viewFlags}. */
    private int pair(int tcpFlow, MemorySegment m, int viewFlags) {
        int h = BmpFramer.HEADER;
        int n = 0;
        key[n++] = 20;
        key[n++] = (byte) (tcpFlow >>> 24);
        key[n++] = (byte) (tcpFlow >>> 16);
        key[n++] = (byte) (tcpFlow >>> 8);
        key[n++] = (byte) tcpFlow;
        key[n++] = (byte) Bytes.u8(m, h);
        key[n++] = (byte) viewFlags;
        // Peer distinguisher (8), address (16), AS (4).
        MemorySegment.copy(m, java.lang.foreign.ValueLayout.JAVA_BYTE, h + 2, key, n, 28);
        n += 28;
        FlowTable flows = target.flows();
        int id = flows.find(key, n);
        if (id >= 0) {
            return id;
        }
        System.arraycopy(key, 0, reverseKey, 0, n);
        reverseKey[0] = 21;
        int peerType = Bytes.u8(m, h);
        int flags = Bytes.u8(m, h + 1);
        boolean locRib = peerType == LOC_RIB;
        boolean v6 = !locRib && (flags & FLAG_V) != 0;
        String peer = locRib ? "Loc-RIB" : v6 ? Addresses.format(m, h + 10, 16) : Addresses.format(m, h + 22, 4);
        long rd = m.get(Bytes.BE64, h + 2);
        if (rd != 0) {
            peer += " (distinguisher " + Long.toUnsignedString(rd) + ")";
        }
        long as = Bytes.u32(m, h + 26);
        String router = routerAddress(tcpFlow);
        String viewName = viewName(peerType, viewFlags);
        String routerSide = router + " " + viewName;
        String peerAddr = peer;
        id = flows.addPair(key, reverseKey, n, (fid, reversed) -> reversed
                ? new Flow(fid, routerSide, peerAddr, router, peerAddr, -1, as)
                : new Flow(fid, peerAddr, routerSide, peerAddr, router, as, -1));
        int base = viewFlags == 0 ? id : pair(tcpFlow, m, 0);
        flows.bmpPair(id, base, locRib ? FlowTable.BMP_LOC_RIB : FlowTable.BMP_PEER);
        return id;
    }

    /** The monitored router: the BMP connection's sender. */
    private String routerAddress(int tcpFlow) {
        Flow f = target.flows().flow(tcpFlow);
        return f == null || f.srcAddress().isEmpty() ? "router" : f.srcAddress();
    }

    /** "Adj-RIB-In pre-policy", "Adj-RIB-Out post-policy", "Loc-RIB" (RFC 7854 §4.2, RFC 8671 §4, RFC 9069 §4.2). */
    static String viewName(int peerType, int viewFlags) {
        if (peerType == LOC_RIB) {
            return (viewFlags & 0x80) != 0 ? "Loc-RIB (filtered)" : "Loc-RIB";
        }
        return ((viewFlags & FLAG_O) != 0 ? "Adj-RIB-Out" : "Adj-RIB-In") + ((viewFlags & FLAG_L) != 0 ? " post-policy" : " pre-policy");
    }
}
