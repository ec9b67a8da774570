package org.bgpscope.bgp;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bgpscope.capture.Bytes;
import org.bgpscope.capture.CancelledException;
import org.bgpscope.capture.Progress;
import org.bgpscope.net.CaptureIndex;
import org.bgpscope.net.Flow;
import org.bgpscope.net.MessageIndex;
import org.bgpscope.net.MessageKind;

/**
 * Counts over a whole capture, read from the bytes in one pass with no field tree: messages by type
 * and by peer (the sender's address), UPDATEs over time per peer, routes announced and withdrawn per
 * peer ({@link UpdateCounts}), the AS_PATH length of each UPDATE that carries one (RFC 4271 §9.1.2.2 d:
 * an AS_SET counts one, confederation segments none; merged with AS4_PATH on 2-octet sessions, RFC 6793
 * §4.2.3), the origin AS (the last AS of a path ending in an AS_SEQUENCE) by routes announced, and
 * NOTIFICATIONs by code and subcode.
 */
public final class Statistics {
    /** Time slots of the UPDATE rate over the capture's time span. */
    public static final int SLOTS = 1000;
    /** Peers whose UPDATE rate is kept: the ones that sent the most. */
    public static final int RATE_PEERS = 8;
    /** The message types counted per peer, in column order; the last column is everything else. */
    public static final List<String> TYPES = List.of("OPEN", "UPDATE", "NOTIFICATION", "KEEPALIVE", "ROUTE-REFRESH", "other");

    /** One sender: its counts by {@link #TYPES}, routes, and UPDATEs per time slot. */
    public static final class Peer {
        private final String name;
        private final long[] types = new long[TYPES.size()];
        private long announced;
        private long withdrawn;
        /** Filled for the peers {@link #topPeersByUpdates} names (a second pass), null for the rest. */
        private int[] updatesPerSlot;

        Peer(String name) {
            this.name = name;
        }

        public String name() { return name; }
        /** Messages sent, by {@link #TYPES} position. */
        public long count(int type) { return types[type]; }
        public long messages() { return Arrays.stream(types).sum(); }
        public long updates() { return types[1]; }
        public long announced() { return announced; }
        public long withdrawn() { return withdrawn; }
        /** UPDATEs sent in time slot {@code s} (see {@link #slotNanos()}); kept for the top {@link #RATE_PEERS} senders only. */
        public int updatesIn(int s) { return updatesPerSlot == null ? 0 : updatesPerSlot[s]; }
    }

    private final List<Peer> peers = new ArrayList<>();
    /** Entries by the type name `list` shows ("UPDATE", "STATE_CHANGE", "RIB_IPV4_UNICAST", …). */
    private final Map<String, Long> byTypeName = new TreeMap<>();
    private final int[] updatesPerSlot = new int[SLOTS];
    private final long[] pathLengths = new long[65];
    private final Map<Long, long[]> origins = new HashMap<>();
    private final Map<Integer, Long> notifications = new TreeMap<>();
    private long firstTime = Long.MAX_VALUE;
    private long lastTime = Long.MIN_VALUE;
    private long slotNanos = 1;
    private int messages;

    private Statistics() {}

    /** Reads every entry of the index; {@code progress} counts entries and may cancel ({@link CancelledException}). */
    public static Statistics of(CaptureIndex capture, Sessions sessions, Progress progress) {
        Statistics st = new Statistics();
        MessageIndex m = capture.messages();
        int n = m.size();
        st.messages = n;
        for (int i = 0; i < n; i++) {
            long t = m.time(i);
            st.firstTime = Math.min(st.firstTime, t);
            st.lastTime = Math.max(st.lastTime, t);
        }
        if (n == 0) {
            st.firstTime = st.lastTime = 0;
        }
        st.slotNanos = Math.max(1, (st.lastTime - st.firstTime) / SLOTS + 1);
        int[] peerOfFlow = new int[Math.max(16, capture.flows().size())];
        Arrays.fill(peerOfFlow, -1);
        Map<String, Integer> peerIds = new HashMap<>();
        long[] typeCounts = new long[256];
        for (int i = 0; i < n; i++) {
            if ((i & 0xFFFF) == 0 && !progress.update(i, n)) {
                throw new CancelledException();
            }
            MessageKind kind = m.kind(i);
            int flow = m.flow(i);
            if (flow >= peerOfFlow.length) {
                int old = peerOfFlow.length;
                peerOfFlow = Arrays.copyOf(peerOfFlow, Math.max(flow + 1, old * 2));
                Arrays.fill(peerOfFlow, old, peerOfFlow.length, -1);
            }
            int p = flow < 0 ? st.peer(peerIds, "(no peer)") : peerOfFlow[flow];
            if (p < 0) {
                p = st.peer(peerIds, peerName(capture.flows().flow(flow)));
                peerOfFlow[flow] = p;
            }
            Peer peer = st.peers.get(p);
            if (kind != MessageKind.BGP_MESSAGE) {
                st.byTypeName.merge(Summaries.typeName(capture, i), 1L, Long::sum);
                peer.types[5]++;
                continue;
            }
            int type = m.type(i);
            typeCounts[type]++;
            peer.types[type >= 1 && type <= 5 ? type - 1 : 5]++;
            if (type == MessageType.UPDATE) {
                st.updatesPerSlot[st.slot(m.time(i))]++;
                st.update(capture, sessions, i, peer);
            } else if (type == MessageType.NOTIFICATION && m.length(i) >= 21 && m.bytesPresent(i) >= 21) {
                MemorySegment b = capture.bytes(i);
                st.notifications.merge(Bytes.u8(b, 19) << 8 | Bytes.u8(b, 20), 1L, Long::sum);
            }
        }
        // A second pass, over flows and times only, for the rate of the peers that sent the most.
        List<Peer> top = st.topPeersByUpdates(RATE_PEERS);
        top.forEach(p -> p.updatesPerSlot = new int[SLOTS]);
        for (int i = 0; i < n; i++) {
            int flow = m.flow(i);
            if (flow >= 0 && m.type(i) == MessageType.UPDATE && m.kind(i) == MessageKind.BGP_MESSAGE) {
                int[] slots = st.peers.get(peerOfFlow[flow]).updatesPerSlot;
                if (slots != null) {
                    slots[st.slot(m.time(i))]++;
                }
            }
        }
        for (int t = 0; t < 256; t++) {
            if (typeCounts[t] > 0) {
                st.byTypeName.merge(MessageType.name(t), typeCounts[t], Long::sum);
            }
        }
        progress.update(n, n);
        return st;
    }

    private int slot(long time) {
        return (int) Math.min(SLOTS - 1, (time - firstTime) / slotNanos);
    }

    private int peer(Map<String, Integer> ids, String name) {
        return ids.computeIfAbsent(name, k -> {
            peers.add(new Peer(k));
            return peers.size() - 1;
        });
    }

    private static String peerName(Flow f) {
        String a = !f.srcAddress().isEmpty() ? f.srcAddress() : f.src().isEmpty() ? "(local)" : f.src();
        return f.srcAs() >= 0 ? a + " (AS " + f.srcAs() + ")" : a;
    }

    private void update(CaptureIndex capture, Sessions sessions, int i, Peer peer) {
        MessageIndex m = capture.messages();
        if ((m.flags(i) & MessageIndex.F_INCOMPLETE) != 0) {
            return;
        }
        MemorySegment b = capture.bytes(i);
        if (b.byteSize() < 23) {
            return;
        }
        Negotiated s = sessions.forMessage(i);
        UpdateCounts c = UpdateCounts.of(b, s);
        peer.announced += c.announced();
        peer.withdrawn += c.withdrawn();
        try {
            long attrs = 21L + Bytes.u16(b, 19) + 2;
            long end = Math.min(b.byteSize(), attrs + Bytes.u16(b, attrs - 2));
            List<AsPathMerge.Segment> path = AsPathMerge.effective(b, attrs, end, !Boolean.FALSE.equals(s.as4()));
            if (path == null) {
                return;
            }
            int length = 0;
            for (AsPathMerge.Segment seg : path) {
                length += switch (seg.type()) {
                    case 1 -> 1;
                    case 2 -> seg.asns().length;
                    default -> 0;
                };
            }
            pathLengths[Math.min(64, length)]++;
            AsPathMerge.Segment last = path.isEmpty() ? null : path.getLast();
            if (last != null && last.type() == 2 && last.asns().length > 0) {
                long[] o = origins.computeIfAbsent(last.asns()[last.asns().length - 1], k -> new long[2]);
                o[0]++;
                o[1] += c.announced();
            }
        } catch (IndexOutOfBoundsException e) {
            // A cut attribute list: its routes were counted as far as they parse, its path is left out.
        }
    }

    /** Entries read. */
    public int messages() { return messages; }

    /** Senders in the order first seen. */
    public List<Peer> peers() { return List.copyOf(peers); }

    /** Entries by the type name `list` shows. */
    public Map<String, Long> byTypeName() { return Map.copyOf(byTypeName); }

    /** UPDATEs with an AS_PATH, by its length (the last slot holds 64 and longer). */
    public long[] pathLengths() { return pathLengths.clone(); }

    /** NOTIFICATIONs by code and subcode ({@code code << 8 | subcode}), ascending. */
    public Map<Integer, Long> notifications() { return new TreeMap<>(notifications); }

    public long firstTime() { return firstTime; }

    public long lastTime() { return lastTime; }

    /** The width of one time slot of the UPDATE rate. */
    public long slotNanos() { return slotNanos; }

    /** UPDATEs of every peer in time slot {@code s}. */
    public int updatesIn(int s) { return updatesPerSlot[s]; }

    /** The {@code k} origin ASes announcing the most routes: {asn, updates, routes}, most first. */
    public List<long[]> topOrigins(int k) {
        return origins.entrySet().stream()
                .map(e -> new long[] {e.getKey(), e.getValue()[0], e.getValue()[1]})
                .sorted((a, b) -> a[2] != b[2] ? Long.compare(b[2], a[2]) : a[1] != b[1] ? Long.compare(b[1], a[1]) : Long.compare(a[0], b[0]))
                .limit(k).toList();
    }

    /** The {@code k} peers that sent the most UPDATEs, most first. */
    public List<Peer> topPeersByUpdates(int k) {
        return peers.stream().filter(p -> p.updates() > 0)
                .sorted((a, b) -> Long.compare(b.updates(), a.updates())).limit(k).toList();
    }

    /** A table of the statistics, as the window shows it and CSV writes it. */
    public record Table(String name, List<String> header, List<List<String>> rows) {}

    /** Every table: messages by type and peer, UPDATE rate, routes per peer, path lengths, origins, NOTIFICATIONs. */
    public Map<String, Table> tables() {
        Map<String, Table> out = new LinkedHashMap<>();
        List<String> h = new ArrayList<>(List.of("peer"));
        h.addAll(TYPES);
        h.add("total");
        List<List<String>> rows = new ArrayList<>();
        for (Peer p : peers) {
            List<String> r = new ArrayList<>(List.of(p.name()));
            for (int t = 0; t < TYPES.size(); t++) {
                r.add(Long.toString(p.count(t)));
            }
            r.add(Long.toString(p.messages()));
            rows.add(r);
        }
        out.put("messages", new Table("Messages by type and peer", h, rows));
        List<Peer> top = topPeersByUpdates(RATE_PEERS);
        List<String> rh = new ArrayList<>(List.of("slot_start_seconds", "all peers"));
        top.forEach(p -> rh.add(p.name()));
        List<List<String>> rr = new ArrayList<>();
        for (int s = 0; s < SLOTS; s++) {
            List<String> r = new ArrayList<>(List.of(String.format(java.util.Locale.ROOT, "%.9f", s * slotNanos / 1e9),
                    Integer.toString(updatesPerSlot[s])));
            for (Peer p : top) {
                r.add(Integer.toString(p.updatesIn(s)));
            }
            rr.add(r);
        }
        out.put("rate", new Table("UPDATEs per time slot, per peer", rh, rr));
        out.put("routes", new Table("Routes announced and withdrawn per peer", List.of("peer", "announced", "withdrawn"),
                peers.stream().map(p -> List.of(p.name(), Long.toString(p.announced()), Long.toString(p.withdrawn()))).toList()));
        List<List<String>> pl = new ArrayList<>();
        for (int len = 0; len < pathLengths.length; len++) {
            if (pathLengths[len] > 0) {
                pl.add(List.of(len == 64 ? "64+" : Integer.toString(len), Long.toString(pathLengths[len])));
            }
        }
        out.put("paths", new Table("AS_PATH length of UPDATEs", List.of("length", "updates"), pl));
        out.put("origins", new Table("Top origin ASes by routes announced", List.of("origin_as", "updates", "routes"),
                topOrigins(20).stream().map(o -> List.of(Long.toString(o[0]), Long.toString(o[1]), Long.toString(o[2]))).toList()));
        out.put("notifications", new Table("NOTIFICATIONs by code", List.of("code", "subcode", "name", "count"),
                notifications.entrySet().stream().map(e -> List.of(Integer.toString(e.getKey() >>> 8), Integer.toString(e.getKey() & 0xFF),
                        Notifications.describe(e.getKey() >>> 8, e.getKey() & 0xFF), Long.toString(e.getValue()))).toList()));
        return out;
    }
}
