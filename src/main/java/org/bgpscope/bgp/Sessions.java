package org.bgpscope.bgp;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.bgpscope.net.CaptureIndex;
import org.bgpscope.net.MessageIndex;
import org.bgpscope.net.MessageKind;

/**
 * Finds, for any message, the OPENs its session began with (the last OPEN each side sent before it)
 * and from them what the session negotiated (RFC 6793 4-octet AS, RFC 7911 ADD-PATH per family and
 * direction, RFC 8654 extended messages, RFC 8950 extended next hop). Built lazily with one pass over
 * the index that reads only message types.
 */
public final class Sessions {
    private final CaptureIndex capture;
    private final Negotiated assumed;

    public Sessions(CaptureIndex capture) {
        this(capture, null);
    }

    /** @param assumed what the user says holds where no OPEN was seen, or null */
    public Sessions(CaptureIndex capture, Negotiated assumed) {
        this.capture = capture;
        this.assumed = assumed;
    }

    /** Parses {@code --assume addpath=ipv4-unicast+ipv6-unicast,as4} (or {@code as2}). */
    public static Negotiated parseAssume(String spec) {
        Set<Family> addPath = new HashSet<>();
        Boolean as4 = null;
        for (String part : spec.split(",")) {
            String p = part.trim().toLowerCase();
            if (p.equals("as4")) {
                as4 = true;
            } else if (p.equals("as2")) {
                as4 = false;
            } else if (p.startsWith("addpath=")) {
                for (String f : p.substring(8).split("\\+")) {
                    addPath.add(Family.parse(f));
                }
            } else if (!p.isEmpty()) {
                throw new IllegalArgumentException("--assume takes addpath=FAMILY[+FAMILY], as4 or as2; not \"" + part + "\"");
            }
        }
        return new Negotiated(as4, Set.copyOf(addPath), true, true, Set.of(), Negotiated.Source.ASSUMED, "assumed: " + spec);
    }

    public Negotiated forMessage(int i) {
        MessageIndex m = capture.messages();
        int flags = m.flags(i);
        if (capture.capture().format() == org.bgpscope.capture.CaptureFormat.MRT) {
            boolean as4 = (flags & MessageIndex.F_AS4) != 0;
            Set<Family> ap = (flags & MessageIndex.F_ADDPATH) != 0 ? ALL_PATH_FAMILIES : Set.of();
            return new Negotiated(as4, ap, true, true, Set.of(), Negotiated.Source.MRT,
                    "from the MRT subtype: " + (as4 ? "4-octet AS" : "2-octet AS") + (ap.isEmpty() ? "" : ", ADD-PATH"));
        }
        int flow = m.flow(i);
        if (flow < 0) {
            return assumedOr(Negotiated.unknown("no session: the stream has no addresses"));
        }
        int mine = lastOpenBefore(flow, i);
        int theirs = lastOpenBefore(flow ^ 1, i);
        if (mine < 0 || theirs < 0) {
            return assumedOr(Negotiated.unknown(mine < 0 && theirs < 0 ? "no OPEN seen for this session"
                    : "only one side's OPEN seen"));
        }
        long pair = ((long) mine << 32) | theirs;
        Negotiated cached = cache.get(pair);
        if (cached != null) {
            return cached;
        }
        Negotiated n = negotiate(mine, theirs);
        cache.put(pair, n);
        return n;
    }

    /** Sessions by (sender's OPEN, receiver's OPEN): a capture has few, and filters ask for every message. */
    private final java.util.Map<Long, Negotiated> cache = new java.util.concurrent.ConcurrentHashMap<>();

    private Negotiated negotiate(int mine, int theirs) {
        OpenCapabilities sender = capabilities(mine);
        OpenCapabilities receiver = capabilities(theirs);
        Set<Family> addPath = new HashSet<>();
        for (Map.Entry<Family, Integer> e : sender.addPath().entrySet()) {
            Integer r = receiver.addPath().get(e.getKey());
            if ((e.getValue() & OpenCapabilities.SEND) != 0 && r != null && (r & OpenCapabilities.RECEIVE) != 0) {
                addPath.add(e.getKey());
            }
        }
        Set<Family> enh = new HashSet<>(sender.extendedNextHop());
        enh.retainAll(receiver.extendedNextHop());
        return new Negotiated(sender.as4() && receiver.as4(), Set.copyOf(addPath), true,
                sender.extendedMessage() && receiver.extendedMessage(), Set.copyOf(enh), Negotiated.Source.OPENS,
                "from the OPENs in messages " + (Math.min(mine, theirs) + 1) + " and " + (Math.max(mine, theirs) + 1));
    }

    /** Parsed OPENs by message index: a capture has few, and every session and export asks for them. */
    private final java.util.Map<Integer, OpenCapabilities> opensRead = new java.util.concurrent.ConcurrentHashMap<>();

    /** What the OPEN at message {@code open} offers, read once. */
    public OpenCapabilities capabilities(int open) {
        return opensRead.computeIfAbsent(open, k -> OpenCapabilities.read(capture.bytes(k)));
    }

    /** The OPEN that {@code flow} sent last before message {@code i}, or -1. */
    public int openBefore(int flow, int i) {
        return flow < 0 ? -1 : lastOpenBefore(flow, i);
    }

    private Negotiated assumedOr(Negotiated guess) {
        return assumed != null ? assumed : guess;
    }

    /** Families an MRT *_ADDPATH subtype covers: all of them (RFC 8050 §3). */
    private static final Set<Family> ALL_PATH_FAMILIES = allFamilies();

    private static Set<Family> allFamilies() {
        Set<Family> s = new HashSet<>();
        for (int afi : new int[] {1, 2, 25, 16388}) {
            for (int safi = 1; safi < 256; safi++) {
                s.add(new Family(afi, safi));
            }
        }
        return Set.copyOf(s);
    }

    /** OPEN message indexes per flow, extended as the index grows (it may still be being built). */
    private int[][] opens = new int[0][];
    private int[] openCounts = new int[0];
    private int scanned;

    private synchronized int lastOpenBefore(int flow, int i) {
        MessageIndex m = capture.messages();
        int n = m.size();
        if (scanned < n && scanned < i) {
            int flows = capture.flows().size();
            if (opens.length < flows) {
                opens = java.util.Arrays.copyOf(opens, flows);
                openCounts = java.util.Arrays.copyOf(openCounts, flows);
            }
            for (int k = scanned; k < n; k++) {
                if (m.type(k) == MessageType.OPEN && m.kind(k) == MessageKind.BGP_MESSAGE) {
                    int f = m.flow(k);
                    if (f < 0 || f >= opens.length) {
                        continue;
                    }
                    if (opens[f] == null) {
                        opens[f] = new int[2];
                    } else if (openCounts[f] == opens[f].length) {
                        opens[f] = java.util.Arrays.copyOf(opens[f], openCounts[f] * 2);
                    }
                    opens[f][openCounts[f]++] = k;
                }
            }
            scanned = n;
        }
        if (flow >= opens.length || opens[flow] == null) {
            return -1;
        }
        int[] l = opens[flow];
        int lo = 0;
        int hi = openCounts[flow] - 1;
        int best = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (l[mid] < i) {
                best = l[mid];
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return best;
    }
}
