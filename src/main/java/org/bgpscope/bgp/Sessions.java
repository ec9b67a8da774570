package org.bgpscope.bgp;

import java.lang.foreign.MemorySegment;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.bgpscope.net.CaptureIndex;
import org.bgpscope.net.MessageIndex;
import org.bgpscope.net.MessageKind;

/**
 * The one session model every decoder asks: for each direction of each session (a TCP connection,
 * an MRT peer, a raw stream) and each address family, whether NLRI carry ADD-PATH path identifiers
 * (RFC 7911), whether AS numbers have 4 octets (RFC 6793), and extended messages (RFC 8654). Decided
 * once per session and family, in this order, with the reason kept beside the decision:
 * <ol>
 * <li>what the user says ({@link Overrides});
 * <li>the OPENs both sides sent last (one OPEN alone is evidence, not a decision);
 * <li>the MRT subtype (RFC 6396 §4.4, RFC 8050 §3), unless the session's messages prove it wrong;
 * <li>inference: the reading under which every UPDATE of that family and direction parses cleanly
 *     ({@link Readings});
 * <li>a default: 4-octet AS, no ADD-PATH.
 * </ol>
 */
public final class Sessions {
    private final CaptureIndex capture;
    private final boolean mrt;
    private volatile Overrides overrides;

    public Sessions(CaptureIndex capture) {
        this(capture, Overrides.NONE);
    }

    /** @param overrides what the user says holds, over anything decided here (null for none) */
    public Sessions(CaptureIndex capture, Overrides overrides) {
        this.capture = capture;
        this.mrt = capture.capture().format() == org.bgpscope.capture.CaptureFormat.MRT;
        this.overrides = overrides == null ? Overrides.NONE : overrides;
    }

    /** Parses {@code --assume}; see {@link Overrides}. */
    public static Overrides parseAssume(String spec) {
        return Overrides.parse(spec);
    }

    public Overrides overrides() {
        return overrides;
    }

    /** Replaces the user's overrides; every decision is made again. */
    public void overrides(Overrides o) {
        overrides = o == null ? Overrides.NONE : o;
        generation.incrementAndGet();
        cache.clear();
    }

    /**
     * How the segments of message {@code i}'s connection are authenticated, when they are: the TCP
     * option seen on them, or null. The capture holds the digest but not the key, so it is named, not checked.
     */
    public String transport(int i) {
        int flow = capture.messages().flow(i);
        if (flow < 0 || capture.capture().format() == org.bgpscope.capture.CaptureFormat.MRT) {
            return null;
        }
        return switch (capture.flows().signature(flow)) {
            case 19 -> "the connection's segments carry the TCP MD5 signature option (RFC 2385 §2); the key is not in the capture, so the digests are not checked";
            case 29 -> "the connection's segments carry the TCP Authentication Option (TCP-AO, RFC 5925 §2.2); the keys are not in the capture, so the MACs are not checked";
            default -> null;
        };
    }

    /** Which way a flow's messages go, in the terms {@link Overrides} uses. */
    public Overrides.Direction direction(int flow) {
        if (mrt) {
            // MrtIndexer adds the peer-to-collector key first: even ids are what the collector received.
            return (flow & 1) == 0 ? Overrides.Direction.RX : Overrides.Direction.TX;
        }
        if (capture.flows().bmp(flow) != 0) {
            // BmpPeers adds the peer-to-router key first: even ids are what the monitored router received.
            return (flow & 1) == 0 ? Overrides.Direction.RX : Overrides.Direction.TX;
        }
        org.bgpscope.net.Flow f = capture.flows().flow(flow);
        return f.src().endsWith(":179") ? Overrides.Direction.RX : Overrides.Direction.TX;
    }

    public Negotiated forMessage(int i) {
        // A row asks twice (its summary, then its problems): the second time is answered from here.
        Last[] mine = last.get();
        Last l = mine[0];
        if (l != null && l.message() == i && l.generation() == generation.get()) {
            return l.decision();
        }
        // Read before deciding: a decision the inference moved on under is kept under the older generation, so never used.
        int gen = generation.get();
        Negotiated n = decideFor(i);
        mine[0] = new Last(i, gen, n);
        return n;
    }

    /** The message last asked about, and what was said for it under which generation. */
    private record Last(int message, int generation, Negotiated decision) {}

    /** Per thread: the list formats rows on several at once, each asking twice about its own row. */
    private final ThreadLocal<Last[]> last = ThreadLocal.withInitial(() -> new Last[1]);

    private Negotiated decideFor(int i) {
        MessageIndex m = capture.messages();
        int flags = m.flags(i);
        if (mrt && m.kind(i) != MessageKind.BGP_MESSAGE) {
            // RIB entries and state changes: the MRT type says it (TABLE_DUMP_V2 is always 4-octet, RFC 6396 §4.3.4).
            boolean as4 = (flags & MessageIndex.F_AS4) != 0;
            Set<Family> ap = (flags & MessageIndex.F_ADDPATH) != 0 ? ALL_PATH_FAMILIES : Set.of();
            return new Negotiated(as4, ap, true, true, Set.of(), Negotiated.Source.MRT,
                    "from the MRT subtype: " + (as4 ? "4-octet AS" : "2-octet AS") + (ap.isEmpty() ? "" : ", ADD-PATH"));
        }
        if (m.kind(i) == MessageKind.BMP_MESSAGE || (flags & MessageIndex.F_BMP) != 0 && m.kind(i) == MessageKind.UNFRAMED) {
            return BMP_ROW;
        }
        int flow = m.flow(i);
        if (flow < 0) {
            return decide(-1, -1, -1, flags, null);
        }
        // A BMP view takes its state from the OPENs of its peer's Peer Up (RFC 7854 §4.10).
        int sf = capture.flows().sessionFlow(flow);
        int mine = lastOpenBefore(sf, i);
        int theirs = lastOpenBefore(sf ^ 1, i);
        // A BMP view other than its peer's pre-policy Adj-RIB-In may encode paths its own way: its
        // messages are tallied even when the Peer Up's OPENs are known.
        boolean derived = sf != flow;
        Tally t = mine >= 0 && theirs >= 0 && !derived ? null : tally(flow, mine);
        long key = ((long) flow << 40) ^ ((long) (mine + 1) << 20) ^ (theirs + 1)
                ^ ((long) (flags & (MessageIndex.F_AS4 | MessageIndex.F_ADDPATH | MessageIndex.F_BMP_AS | MessageIndex.F_LOC_RIB | MessageIndex.F_NO_HEADER)) << 48);
        // Read after the tally: a decision made while the inference moved on is not kept past it.
        int gen = generation.get();
        Cached cached = cache.get(key);
        if (cached != null && cached.generation() == gen) {
            return cached.decision();
        }
        Negotiated n = decide(flow, mine, theirs, flags | (derived ? DERIVED_VIEW : 0), t);
        cache.put(key, new Cached(gen, n));
        return n;
    }

    /**
     * Whether what {@link #forMessage} says for UPDATE {@code i} can no longer change as more of the
     * capture is indexed, so a row may be written before the end. True when both OPENs were seen before
     * it; otherwise when the UPDATEs its reading is inferred from already settle every part of it that
     * more UPDATEs could overturn: the MRT subtype's AS width once one UPDATE parses only that way
     * (RFC 6396 §4.4), ADD-PATH per family once one parses only without path identifiers (or, under an
     * _ADDPATH subtype, only with them, RFC 8050 §3). A message carries only families its tally holds.
     * It reads UPDATEs indexed so far, whichever thread asks ({@code list}'s own, which waits for the
     * answer), but only until they settle it.
     */
    public boolean settled(int i) {
        MessageIndex m = capture.messages();
        int flow = m.flow(i);
        int flags = m.flags(i);
        if (flow < 0 || m.kind(i) != MessageKind.BGP_MESSAGE) {
            return true;
        }
        int sf = capture.flows().sessionFlow(flow);
        int mine = lastOpenBefore(sf, i);
        int theirs = lastOpenBefore(sf ^ 1, i);
        boolean derived = sf != flow;
        boolean both = mine >= 0 && theirs >= 0;
        if (both && !derived) {
            return true;
        }
        // Read the UPDATEs indexed so far a chunk at a time, and stop as soon as they settle it: more
        // UPDATEs only add evidence, never take it away. Message i itself must be read first (its families).
        int target = m.size();
        while (true) {
            if (inferred > i) {
                if (settledBy(tallySoFar(flow, mine), flow, flags, mine, theirs, both)) {
                    return true;
                }
            }
            if (!catchUpChunk(target)) {
                return false;
            }
        }
    }

    private boolean settledBy(Tally t, int flow, int flags, int mine, int theirs, boolean both) {
        Overrides o = overrides;
        boolean mrtAs4 = (flags & MessageIndex.F_AS4) != 0;
        boolean as4Settled = o.as4() != null || (flags & MessageIndex.F_BMP_AS) != 0 || both
                || (mrt ? (mrtAs4 ? t.only4 > 0 : t.only2 > 0) : t.only2 > 0 && t.only4 > 0);
        if (!as4Settled) {
            return false;
        }
        if (legacy(flags, both)) {
            return true;
        }
        Overrides.Direction dir = direction(flow);
        boolean mrtAddPath = (flags & MessageIndex.F_ADDPATH) != 0;
        for (Map.Entry<Family, int[]> e : t.addPath.entrySet()) {
            Family f = e.getKey();
            int with = e.getValue()[Tally.ONLY_WITH];
            int without = e.getValue()[Tally.ONLY_WITHOUT];
            if (o.addPath(f, dir) != null) {
                continue;
            }
            boolean stable;
            if (both) {
                // (A derived BMP view.) Its own reading overrides its Peer Up's OPENs only while all its UPDATEs agree.
                stable = opensSay(capabilities(mine), capabilities(theirs), f, flags) ? with > 0 : without > 0;
            } else if (mrt && mrtAddPath) {
                stable = with > 0;
            } else {
                stable = without > 0;
            }
            if (!stable) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether a message is an MRT record of the deprecated type BGP (5), with no OPENs to say more: it
     * carries no path identifiers by rule. ADD-PATH came long after the type was retired, and RFC 8050
     * §3 signals path identifiers in MRT only by the _ADDPATH subtypes of BGP4MP and TABLE_DUMP_V2; so
     * its UPDATEs are not read for them, and its rows need not wait for more of the file.
     */
    private boolean legacy(int flags, boolean both) {
        return mrt && !both && (flags & MessageIndex.F_NO_HEADER) != 0;
    }

    private static final String LEGACY_ADD_PATH = "off: an MRT record of the deprecated type BGP (5), which predates ADD-PATH;"
            + " MRT signals path identifiers only by the _ADDPATH subtypes of BGP4MP and TABLE_DUMP_V2 (RFC 8050 §3)";

    private static final Negotiated BMP_ROW = new Negotiated(true, Set.of(), true, true, Set.of(), Negotiated.Source.GUESSED,
            "a BMP message (RFC 7854 §4): no BGP session state applies to it; the BGP messages it carries are decoded on their own rows");

    /** Not an index flag: the message is of a BMP view whose OPENs are those of another view. */
    private static final int DERIVED_VIEW = 1 << 20;

    /** Decisions by (flow, OPENs, MRT subtype flags); cleared when overrides change or inference learns more. */
    private final java.util.Map<Long, Cached> cache = new java.util.concurrent.ConcurrentHashMap<>();

    /** A decision and the generation of the inference and overrides it was made under. */
    private record Cached(int generation, Negotiated decision) {}

    /** Moves on each time the tallies or the overrides change: decisions of an older one are made again. */
    private final java.util.concurrent.atomic.AtomicInteger generation = new java.util.concurrent.atomic.AtomicInteger();

    private Negotiated decide(int flow, int mine, int theirs, int flags, Tally t) {
        Overrides o = overrides;
        OpenCapabilities snd = mine >= 0 ? capabilities(mine) : null;
        OpenCapabilities rcv = theirs >= 0 ? capabilities(theirs) : null;
        boolean both = snd != null && rcv != null;
        String opens = both ? "from the OPENs in messages " + (Math.min(mine, theirs) + 1) + " and " + (Math.max(mine, theirs) + 1) : null;
        String one = snd != null ? "the OPEN in message " + (mine + 1) + " (the sender's)" : rcv != null ? "the OPEN in message " + (theirs + 1) + " (the receiver's)" : null;
        boolean mrtAs4 = (flags & MessageIndex.F_AS4) != 0;
        boolean mrtAddPath = (flags & MessageIndex.F_ADDPATH) != 0;
        String user = "set by the user (" + o.spec() + ")";

        // 4-octet AS (RFC 6793 §4: both sides must offer capability 65).
        Boolean as4;
        String as4Why;
        int only2 = t == null ? 0 : t.only2;
        int only4 = t == null ? 0 : t.only4;
        if (o.as4() != null) {
            as4 = o.as4();
            as4Why = user;
        } else if ((flags & MessageIndex.F_BMP_AS) != 0) {
            // RFC 7854 §4.2: the speaker may rewrite AS_PATHs to 4 octets whatever the session used; A says which.
            as4 = mrtAs4;
            as4Why = "from the BMP per-peer header's A flag (" + (as4 ? "clear: 4-octet" : "set: 2-octet") + " AS_PATH, RFC 7854 §4.2)";
        } else if (both) {
            as4 = snd.as4() && rcv.as4();
            as4Why = opens + (as4 ? "" : !snd.as4() && !rcv.as4() ? " (neither offers 4-octet AS)"
                    : snd.as4() ? " (message " + (theirs + 1) + " does not offer 4-octet AS)" : " (message " + (mine + 1) + " does not offer 4-octet AS)");
        } else if (mrt && flow >= 0) {
            boolean proof = mrtAs4 ? only2 > 0 && only4 == 0 : only4 > 0 && only2 == 0;
            as4 = proof != mrtAs4;
            as4Why = proof ? "inferred: the MRT subtype says " + (mrtAs4 ? "4" : "2") + "-octet, but " + (mrtAs4 ? only2 : only4)
                    + " UPDATEs parse only with " + (as4 ? "4" : "2") + "-octet AS numbers"
                    : "from the MRT subtype (" + (mrtAs4 ? "an AS4 subtype" : "a 2-octet subtype") + ", RFC 6396 §4.4)";
        } else if (only4 > 0 && only2 == 0) {
            as4 = true;
            as4Why = "inferred: " + only4 + " UPDATE" + (only4 == 1 ? "" : "s") + " parse only with 4-octet AS numbers" + (one == null ? "" : "; " + one + " was seen");
        } else if (only2 > 0 && only4 == 0) {
            as4 = false;
            as4Why = "inferred: " + only2 + " UPDATE" + (only2 == 1 ? "" : "s") + " parse only with 2-octet AS numbers" + (one == null ? "" : "; " + one + " was seen");
        } else if (one != null && !(snd != null ? snd : rcv).as4()) {
            as4 = false;
            as4Why = one + " does not offer 4-octet AS, so the session cannot use them (RFC 6793 §4)";
        } else {
            as4 = true;
            as4Why = "default: 4-octet (" + (one == null ? "no OPEN seen" : "only " + one + " seen")
                    + (only2 > 0 && only4 > 0 ? "; the UPDATEs disagree" : t != null && t.asBoth > 0 ? "; " + t.asBoth + " UPDATEs parse either way" : "") + ")";
        }

        // ADD-PATH per family, in this direction (RFC 7911 §5: the sender sends, the receiver receives).
        Overrides.Direction dir = flow < 0 ? Overrides.Direction.RX : direction(flow);
        Set<Family> families = new HashSet<>();
        if (t != null) {
            families.addAll(t.addPath.keySet());
        }
        if (snd != null) {
            families.addAll(snd.addPath().keySet());
        }
        if (rcv != null) {
            families.addAll(rcv.addPath().keySet());
        }
        Set<Family> on = new HashSet<>();
        Map<Family, String> why = new java.util.HashMap<>();
        for (Family f : families) {
            Boolean said = o.addPath(f, dir);
            int sends = snd == null ? -1 : snd.addPath().getOrDefault(f, 0) & OpenCapabilities.SEND;
            int receives = rcv == null ? -1 : rcv.addPath().getOrDefault(f, 0) & OpenCapabilities.RECEIVE;
            int[] c = t == null ? null : t.addPath.get(f);
            int onlyWith = c == null ? 0 : c[Tally.ONLY_WITH];
            int onlyWithout = c == null ? 0 : c[Tally.ONLY_WITHOUT];
            String evidence = one == null ? "" : "; " + one + (snd != null ? (sends != 0 ? " offers to send it" : " does not offer to send it")
                    : (receives != 0 ? " offers to receive it" : " does not offer to receive it"));
            boolean v;
            String w;
            if (said != null) {
                v = said;
                w = user;
            } else if (both && (flags & DERIVED_VIEW) != 0 && (opensSay(snd, rcv, f, flags)
                    ? onlyWithout > 0 && onlyWith == 0 : onlyWith > 0 && onlyWithout == 0)) {
                // RFC 7854 §4.6 says a post-policy or Adj-RIB-Out view holds routes as the speaker has
                // them, not how it encodes their paths: what every UPDATE of the view parses as decides.
                v = onlyWith > 0;
                int proof = v ? onlyWith : onlyWithout;
                w = "inferred: " + opens.substring("from ".length()) + " (the Peer Up's) say " + (v ? "off" : "on") + " for the peer's session, but " + proof + " UPDATE"
                        + (proof == 1 ? "" : "s") + " of this BMP view parse only " + (v ? "with" : "without") + " path identifiers";
            } else if (both && (flags & MessageIndex.F_LOC_RIB) != 0) {
                v = opensSay(snd, rcv, f, flags);
                w = opens + " (the Loc-RIB's OPENs " + (v ? "list" : "do not list") + " ADD-PATH for it, RFC 9069 §5.3)";
            } else if (both) {
                v = sends != 0 && receives != 0;
                w = opens + (v ? "" : sends == 0 ? " (the sender does not offer to send it)" : " (the receiver does not offer to receive it)");
            } else if (legacy(flags, both)) {
                v = false;
                w = LEGACY_ADD_PATH;
            } else if (mrt && mrtAddPath && !(onlyWithout > 0 && onlyWith == 0)) {
                v = true;
                w = "from the MRT subtype (an _ADDPATH subtype, RFC 8050 §3)";
            } else if (onlyWith > 0 && onlyWithout == 0) {
                v = true;
                w = "inferred: " + (mrt ? "the MRT subtype says no, but " : "") + onlyWith + " UPDATE" + (onlyWith == 1 ? "" : "s")
                        + " parse only with path identifiers" + evidence;
            } else if (onlyWithout > 0 && onlyWith == 0) {
                v = false;
                w = "inferred: " + onlyWithout + " UPDATE" + (onlyWithout == 1 ? "" : "s") + " parse only without path identifiers"
                        + (mrt && mrtAddPath ? ", though the MRT subtype says ADD-PATH" : "") + evidence;
            } else {
                v = false;
                int either = c == null ? 0 : c[Tally.BOTH];
                w = (mrt ? "from the MRT subtype (no _ADDPATH subtype)" : one != null && (snd != null ? sends == 0 : receives == 0)
                        ? one + (snd != null ? " does not offer to send it" : " does not offer to receive it") : "default: off")
                        + (onlyWith > 0 && onlyWithout > 0 ? "; the UPDATEs disagree" : either > 0 ? "; " + either + " UPDATEs parse either way" : "");
            }
            if (v) {
                on.add(f);
            }
            why.put(f, w);
        }
        // Families the user turned on that no message or OPEN showed.
        for (Map.Entry<String, Boolean> e : o.addPath().entrySet()) {
            if (e.getValue() && e.getKey().endsWith(":" + dir.name().toLowerCase())) {
                Family f = Family.parse(e.getKey().substring(0, e.getKey().indexOf(':')));
                on.add(f);
                why.put(f, user);
            }
        }
        if (mrt && mrtAddPath && o.addPath().isEmpty() && !both) {
            // RFC 8050 §3: an _ADDPATH subtype says every NLRI of the record carries a path identifier.
            for (Family f : ALL_PATH_FAMILIES) {
                if (!why.containsKey(f)) {
                    on.add(f);
                }
            }
        }
        boolean ext = o.extendedMessage() != null ? o.extendedMessage() : !both || (snd.extendedMessage() && rcv.extendedMessage());
        Set<Family> enh = new HashSet<>();
        if (both) {
            enh.addAll(snd.extendedNextHop());
            enh.retainAll(rcv.extendedNextHop());
        }
        Negotiated.Source source = !o.isEmpty() ? Negotiated.Source.ASSUMED : both ? Negotiated.Source.OPENS
                : mrt ? Negotiated.Source.MRT : Negotiated.Source.GUESSED;
        String note = both ? opens : flow < 0 ? "no session: the stream has no addresses"
                : (one == null ? "no OPEN seen for this session" : "only " + one + " seen")
                + (legacy(flags, both) ? "; the MRT type decides, and the messages where they prove otherwise; ADD-PATH is " + LEGACY_ADD_PATH
                : (mrt ? "; the MRT subtype and the messages decide" : "; the messages decide") + ", and ADD-PATH is off where nothing says otherwise");
        if (!o.isEmpty()) {
            note = user + "; otherwise " + note;
        }
        return new Negotiated(as4, Set.copyOf(on), true, ext, Set.copyOf(enh), source, note, as4Why, Map.copyOf(why));
    }

    /**
     * Whether two OPENs put path identifiers on {@code f} in this direction: the sender offers to send
     * and the receiver to receive (RFC 7911 §5); for the Loc-RIB, whose Peer Up carries one made-up OPEN
     * twice, the capability's presence whatever its send/receive value (RFC 9069 §5.3).
     */
    private static boolean opensSay(OpenCapabilities snd, OpenCapabilities rcv, Family f, int flags) {
        if ((flags & MessageIndex.F_LOC_RIB) != 0) {
            return snd.addPath().containsKey(f) || rcv.addPath().containsKey(f);
        }
        return (snd.addPath().getOrDefault(f, 0) & OpenCapabilities.SEND) != 0
                && (rcv.addPath().getOrDefault(f, 0) & OpenCapabilities.RECEIVE) != 0;
    }

    /** What a session's UPDATEs parse as, one direction between two of its OPENs. */
    private static final class Tally {
        static final int ONLY_WITH = 0;
        static final int ONLY_WITHOUT = 1;
        static final int BOTH = 2;
        int only2;
        int only4;
        int asBoth;
        final Map<Family, int[]> addPath = new java.util.HashMap<>(4);

        /** @param widthOnly read only the AS width: the message cannot carry path identifiers ({@link #legacy}) */
        void add(MemorySegment b, boolean widthOnly) {
            int w = Readings.asWidth(b);
            if (w == Readings.AS2) {
                only2++;
            } else if (w == Readings.AS4) {
                only4++;
            } else if (w == (Readings.AS2 | Readings.AS4)) {
                asBoth++;
            }
            if (widthOnly) {
                return;
            }
            Readings.addPath(b, (f, v) -> {
                int[] c = addPath.computeIfAbsent(f, k -> new int[3]);
                if (v == Readings.WITH) {
                    c[ONLY_WITH]++;
                } else if (v == Readings.WITHOUT) {
                    c[ONLY_WITHOUT]++;
                } else if (v != 0) {
                    c[BOTH]++;
                }
            });
        }
    }

    /** Tallies by (flow, the OPEN it sent last), for sessions whose OPENs are not both seen. */
    private final Map<Long, Tally> tallies = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile int inferred;

    /** UPDATEs read into the tallies per hold of the lock, so that a reader never waits long for it. */
    private static final int CHUNK = 2048;

    /** Whether the calling thread may read the UPDATEs indexed since the last look itself. */
    private volatile java.util.function.BooleanSupplier mayCatchUp = () -> true;

    /**
     * Says which threads may bring the inference up to the index themselves when they ask; the others
     * take it as it stands. The window's UI thread must not read a million UPDATEs to draw one row:
     * its indexing thread calls {@link #catchUp} as it goes, and the rows are redrawn.
     */
    public void catchUpOnlyWhere(java.util.function.BooleanSupplier may) {
        mayCatchUp = may;
    }

    /** Whether UPDATEs were indexed since the inference last read them. */
    public boolean behind() {
        return inferred < capture.messages().size();
    }

    /**
     * Reads every UPDATE indexed so far into the tallies, a chunk at a time. Only those indexed when it
     * is called: chasing an index that grows faster than UPDATEs are read would keep the caller (the
     * first row of {@code list}, waiting to know whether it is settled) until the end of the file.
     */
    public void catchUp() {
        int n = capture.messages().size();
        while (catchUpChunk(n)) {
            // a chunk at a time, so that a reader never waits long for the lock
        }
    }

    /** Reads the next chunk of UPDATEs below {@code target} into the tallies; false when there is none. */
    private boolean catchUpChunk(int target) {
        synchronized (this) {
            MessageIndex m = capture.messages();
            if (inferred >= target) {
                return false;
            }
            int to = (int) Math.min(target, (long) inferred + CHUNK);
            for (int k = inferred; k < to; k++) {
                if (m.type(k) != MessageType.UPDATE || m.kind(k) != MessageKind.BGP_MESSAGE || m.flow(k) < 0
                        || (m.flags(k) & MessageIndex.F_INCOMPLETE) != 0) {
                    continue;
                }
                int f = m.flow(k);
                int sf = capture.flows().sessionFlow(f);
                int openK = lastOpenBefore(sf, k);
                if (asked(f, sf, openK, k)) {
                    tallies.computeIfAbsent(tallyKey(f, openK), x -> new Tally()).add(capture.bytes(k), mrt && (m.flags(k) & MessageIndex.F_NO_HEADER) != 0);
                }
            }
            inferred = to;
            generation.incrementAndGet();
            return true;
        }
    }

    /** The tally of {@code flow}'s messages after its OPEN {@code mine}, reading what was indexed since last asked. */
    private Tally tally(int flow, int mine) {
        if (mayCatchUp.getAsBoolean()) {
            catchUp();
        }
        return tallySoFar(flow, mine);
    }

    /** The same from the UPDATEs read so far, reading no more. */
    private Tally tallySoFar(int flow, int mine) {
        Tally t = tallies.get(tallyKey(flow, mine));
        return t != null ? t : new Tally();
    }

    /** A tally's key: the flow, and the OPEN it sent last (-1 for none). */
    private static long tallyKey(int flow, int open) {
        return ((long) flow << 32) | (open + 1);
    }

    /**
     * Keys (flow, its OPEN) no message will ask a tally of: every message of that flow after the OPEN
     * comes after the other side's first OPEN too, so both OPENs decide. Most of a capture with its
     * OPENs, whose UPDATEs then need not be read twice.
     */
    private final Set<Long> unasked = new HashSet<>();

    /** Whether a message of flow {@code f} may ask for the tally that UPDATE {@code k} (after OPEN {@code open}) goes into. */
    private boolean asked(int f, int sf, int open, int k) {
        if (open < 0 || sf != f) {
            return true;
        }
        long key = tallyKey(f, open);
        if (unasked.contains(key)) {
            return false;
        }
        int first = firstOpen(sf ^ 1, k);
        if (first < 0) {
            return true;
        }
        MessageIndex m = capture.messages();
        for (int j = open + 1; j < first; j++) {
            if (m.flow(j) == f) {
                return true;
            }
        }
        unasked.add(key);
        return false;
    }

    /** The first OPEN {@code flow} sent, when it comes before message {@code k}; else -1. */
    private int firstOpen(int flow, int k) {
        lastOpenBefore(flow, k);
        int[][] opens = openTable.opens();
        return flow < opens.length && opens[flow] != null && opens[flow][0] < k ? opens[flow][0] : -1;
    }

    /** Parsed OPENs by message index: a capture has few, and every session and export asks for them. */
    private final java.util.Map<Integer, OpenCapabilities> opensRead = new java.util.concurrent.ConcurrentHashMap<>();

    /** What the OPEN at message {@code open} offers, read once. */
    public OpenCapabilities capabilities(int open) {
        return opensRead.computeIfAbsent(open, k -> OpenCapabilities.read(capture.bytes(k)));
    }

    /** The OPEN that {@code flow} sent last before message {@code i}, or -1. */
    public int openBefore(int flow, int i) {
        return flow < 0 ? -1 : lastOpenBefore(capture.flows().sessionFlow(flow), i);
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

    /**
     * OPEN message indexes per flow among the first {@code scanned} messages. A table is never changed
     * once published: the scan that extends it publishes a new one, so readers take no lock and never
     * wait for the inference pass, which holds this object's lock while it reads UPDATEs.
     * Slots past a published count may be written by a later scan; readers of that table never read them.
     */
    private record OpenTable(int[][] opens, int[] counts, int scanned) {
        /** The last OPEN {@code flow} sent before message {@code i}, or -1. */
        int before(int flow, int i) {
            if (flow >= opens.length || opens[flow] == null) {
                return -1;
            }
            int[] l = opens[flow];
            int lo = 0;
            int hi = counts[flow] - 1;
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

    private volatile OpenTable openTable = new OpenTable(new int[0][], new int[0], 0);
    private final Object openScan = new Object();

    private int lastOpenBefore(int flow, int i) {
        OpenTable t = openTable;
        if (t.scanned() < i && t.scanned() < capture.messages().size()) {
            t = scanOpens();
        }
        return t.before(flow, i);
    }

    /** Extends the OPEN table to every message indexed so far (the index may still be being built). */
    private OpenTable scanOpens() {
        synchronized (openScan) {
            OpenTable t = openTable;
            MessageIndex m = capture.messages();
            int n = m.size();
            if (t.scanned() >= n) {
                return t;
            }
            int flows = Math.max(capture.flows().size(), t.opens().length);
            int[][] opens = java.util.Arrays.copyOf(t.opens(), flows);
            int[] counts = java.util.Arrays.copyOf(t.counts(), flows);
            for (int k = t.scanned(); k < n; k++) {
                if (m.type(k) == MessageType.OPEN && m.kind(k) == MessageKind.BGP_MESSAGE) {
                    int f = m.flow(k);
                    if (f < 0 || f >= flows) {
                        continue;
                    }
                    if (opens[f] == null) {
                        opens[f] = new int[2];
                    } else if (counts[f] == opens[f].length) {
                        opens[f] = java.util.Arrays.copyOf(opens[f], counts[f] * 2);
                    }
                    opens[f][counts[f]++] = k;
                }
            }
            t = new OpenTable(opens, counts, n);
            openTable = t;
            return t;
        }
    }
}
