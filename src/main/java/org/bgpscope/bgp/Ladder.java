package org.bgpscope.bgp;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import org.bgpscope.capture.Bytes;
import org.bgpscope.capture.CancelledException;
import org.bgpscope.capture.CaptureFormat;
import org.bgpscope.capture.Progress;
import org.bgpscope.net.CaptureIndex;
import org.bgpscope.net.Flow;
import org.bgpscope.net.MessageIndex;
import org.bgpscope.net.MessageKind;
import org.bgpscope.net.TcpEvent;
import org.bgpscope.net.TcpEvents;
import org.bgpscope.net.Times;

/**
 * One session as a ladder: its two speakers, and a row per message or TCP event in the order the
 * capture saw them, each with the sender's side and both sides' BGP FSM state after it (RFC 4271 §8).
 * A session is a conversation of the flow table: a TCP connection, or an MRT peer with its local side.
 * Runs of KEEPALIVEs exchanged while both sides are Established fold into one row. Rows are read from
 * the message index (flow, type, kind) and labelled from the bytes when drawn, so a session of millions
 * of messages costs a few arrays, never a field tree.
 */
public final class Ladder {
    /** FSM states as RFC 4271 §8.2.2 and RFC 6396 §4.4.1 number them; 0 is not known yet. */
    public static final int UNKNOWN = 0;
    public static final int IDLE = 1;
    public static final int CONNECT = 2;
    public static final int ACTIVE = 3;
    public static final int OPEN_SENT = 4;
    public static final int OPEN_CONFIRM = 5;
    public static final int ESTABLISHED = 6;

    private final CaptureIndex capture;
    private final Sessions sessions;
    private final int conversation;
    private final String[] names = new String[2];
    private final String[] speakers = new String[2];
    /** Per row: a message index (the first of a fold), or {@code -2 - e} for TCP event e. */
    private final int[] rows;
    /** Per row: messages folded into it (1 for most, more for a KEEPALIVE run, 0 for an event). */
    private final int[] counts;
    /** Per row: the two sides' FSM states after it, {@code side0 | side1 << 4}. */
    private final byte[] states;
    /** Per row: the side that sent it (0 or 1), and 2 in the second bit when both sides did (a KEEPALIVE fold). */
    private final byte[] senders;
    private final int size;
    private final int messagesSeen;
    private final boolean stateFromMrt;

    private Ladder(CaptureIndex capture, Sessions sessions, int conversation, int[] rows, int[] counts, byte[] states,
                   byte[] senders, int size, int messagesSeen, boolean stateFromMrt) {
        this.capture = capture;
        this.sessions = sessions;
        this.conversation = conversation;
        this.rows = rows;
        this.counts = counts;
        this.states = states;
        this.senders = senders;
        this.size = size;
        this.messagesSeen = messagesSeen;
        this.stateFromMrt = stateFromMrt;
    }

    /** The conversation (session) message {@code i} belongs to, or -1 when it has no flow. */
    public static int conversationOf(CaptureIndex capture, int i) {
        int f = capture.messages().flow(i);
        return f < 0 ? -1 : f >>> 1;
    }

    /**
     * Builds the ladder of a conversation from the index as it is now. {@code progress} counts
     * messages read and may cancel ({@link CancelledException}).
     */
    public static Ladder of(CaptureIndex capture, Sessions sessions, int conversation, Progress progress) {
        MessageIndex m = capture.messages();
        TcpEvents ev = capture.events();
        MemorySegment data = capture.capture().data();
        boolean mrt = capture.capture().format() == CaptureFormat.MRT;
        int n = m.size();
        // The conversation's events first (few), then its messages merged with them by frame as `list` does.
        int[] events = new int[16];
        int ne = 0;
        for (int e = 0; e < ev.size(); e++) {
            int f = ev.flowOf(data, capture.flows(), e);
            if (f >= 0 && f >>> 1 == conversation) {
                if (ne == events.length) {
                    events = Arrays.copyOf(events, ne * 2);
                }
                events[ne++] = e;
            }
        }
        Builder b = new Builder(capture, conversation, mrt);
        int nextEvent = 0;
        for (int i = 0; i < n; i++) {
            if ((i & 0xFFFF) == 0 && !progress.update(i, n)) {
                throw new CancelledException();
            }
            int f = m.flow(i);
            if (f < 0 || f >>> 1 != conversation) {
                continue;
            }
            while (nextEvent < ne && capture.eventFirst(events[nextEvent], i)) {
                b.event(events[nextEvent++]);
            }
            b.message(i);
        }
        while (nextEvent < ne) {
            b.event(events[nextEvent++]);
        }
        Ladder l = new Ladder(capture, sessions, conversation, b.rows, b.counts, b.states, b.senders, b.size, n, b.mrtStates);
        l.name(0, b.opens[0]);
        l.name(1, b.opens[1]);
        return l;
    }

    /** Walks the session in order: folds KEEPALIVE runs and follows each side's FSM. */
    private static final class Builder {
        final CaptureIndex capture;
        final int conversation;
        final boolean mrt;
        int[] rows = new int[64];
        int[] counts = new int[64];
        byte[] states = new byte[64];
        byte[] senders = new byte[64];
        int size;
        final int[] state = {UNKNOWN, UNKNOWN};
        /** Whether each side has received the other's OPEN since it last went Idle. */
        final boolean[] openReceived = new boolean[2];
        final int[] opens = {-1, -1};
        boolean mrtStates;

        Builder(CaptureIndex capture, int conversation, boolean mrt) {
            this.capture = capture;
            this.conversation = conversation;
            this.mrt = mrt;
        }

        void row(int value, int count, int sender) {
            if (size == rows.length) {
                int k = size * 2;
                rows = Arrays.copyOf(rows, k);
                counts = Arrays.copyOf(counts, k);
                states = Arrays.copyOf(states, k);
                senders = Arrays.copyOf(senders, k);
            }
            rows[size] = value;
            counts[size] = count;
            senders[size] = (byte) sender;
            size++;
        }

        void stamp() {
            states[size - 1] = (byte) (state[0] | state[1] << 4);
        }

        void event(int e) {
            TcpEvents ev = capture.events();
            int f = ev.flowOf(capture.capture().data(), capture.flows(), e);
            int side = f & 1;
            int other = side ^ 1;
            row(-2 - e, 0, side);
            switch (ev.event(e)) {
                // §8.2.2: the side that opens the connection waits in Connect; the one that listens, in Active.
                case SYN -> {
                    set(side, CONNECT);
                    set(other, ACTIVE);
                }
                case SYN_ACK -> set(side, ACTIVE);
                // §8.2.2 Event 18 (TcpConnectionFails): every state goes back to Idle.
                case FIN, RST -> {
                    idle(side);
                    idle(other);
                }
                case REFUSED -> idle(other);
                default -> { }
            }
            stamp();
        }

        void message(int i) {
            MessageIndex m = capture.messages();
            int side = m.flow(i) & 1;
            int other = side ^ 1;
            MessageKind kind = m.kind(i);
            if (kind == MessageKind.MRT_STATE_CHANGE) {
                // RFC 6396 §4.4.1: the collector's (local side's) FSM for this peer, old state then new.
                MemorySegment b = capture.bytes(i);
                mrtStates = true;
                row(i, 1, 1);
                if (b.byteSize() >= 4) {
                    state[1] = Math.min(15, Bytes.u16(b, b.byteSize() - 2));
                    if (state[1] == IDLE) {
                        openReceived[1] = false;
                    }
                }
                stamp();
                return;
            }
            int type = m.type(i);
            boolean bgp = kind == MessageKind.BGP_MESSAGE;
            boolean fold = bgp && type == MessageType.KEEPALIVE && state[0] == ESTABLISHED && state[1] == ESTABLISHED
                    && size > 0 && rows[size - 1] >= 0 && counts[size - 1] >= 1 && isKeepalive(rows[size - 1])
                    && (senders[size - 1] & 4) != 0;
            if (fold) {
                counts[size - 1]++;
                if ((senders[size - 1] & 1) != side) {
                    senders[size - 1] |= 2;
                }
                return;
            }
            row(i, 1, side);
            if (bgp) {
                transition(i, type, side, other);
            }
            // A KEEPALIVE exchanged while both sides were already Established may start a fold.
            if (bgp && type == MessageType.KEEPALIVE && state[0] == ESTABLISHED && state[1] == ESTABLISHED && !changed()) {
                senders[size - 1] |= 4;
            }
            stamp();
        }

        private boolean changed() {
            int before = size >= 2 ? states[size - 2] & 0xFF : 0;
            return before != (state[0] | state[1] << 4);
        }

        private boolean isKeepalive(int i) {
            MessageIndex m = capture.messages();
            return m.kind(i) == MessageKind.BGP_MESSAGE && m.type(i) == MessageType.KEEPALIVE;
        }

        /** The sender's and receiver's FSM after a message, as RFC 4271 §8.2.2 says for each state. */
        private void transition(int i, int type, int side, int other) {
            switch (type) {
                case MessageType.OPEN -> {
                    opens[side] = i;
                    // Sending OPEN: Connect or Active → OpenSent; a side that already has the other's OPEN goes on to OpenConfirm.
                    set(side, openReceived[side] ? OPEN_CONFIRM : OPEN_SENT);
                    openReceived[other] = true;
                    // Receiving OPEN in OpenSent: it is answered with a KEEPALIVE, → OpenConfirm.
                    if (state[other] == OPEN_SENT) {
                        set(other, OPEN_CONFIRM);
                    }
                }
                case MessageType.KEEPALIVE -> {
                    // Receiving KEEPALIVE in OpenConfirm → Established.
                    if (state[other] == OPEN_CONFIRM) {
                        set(other, ESTABLISHED);
                    }
                    midSession(side);
                }
                case MessageType.UPDATE, MessageType.ROUTE_REFRESH -> {
                    // Only an Established speaker sends these: where the capture missed how it got there, it shows here.
                    if (state[side] != ESTABLISHED) {
                        set(side, ESTABLISHED);
                    }
                    midSession(other);
                }
                case MessageType.NOTIFICATION -> {
                    // Sending or receiving NOTIFICATION: the connection is dropped, both → Idle.
                    idle(side);
                    idle(other);
                }
                default -> { }
            }
        }

        /** A side seen only in Established traffic (a capture that starts mid-session) is shown Established. */
        private void midSession(int side) {
            if (state[side] == UNKNOWN) {
                set(side, ESTABLISHED);
            }
        }

        private void idle(int side) {
            set(side, IDLE);
            openReceived[side] = false;
        }

        private void set(int side, int s) {
            // With MRT STATE_CHANGE records the local side's state is the collector's own word.
            if (side == 1 && mrtStates) {
                return;
            }
            state[side] = s;
        }
    }

    private void name(int side, int open) {
        Flow f = capture.flows().flow(conversation * 2 + side);
        boolean mrt = capture.capture().format() == CaptureFormat.MRT;
        String who = f.src().isEmpty() ? (side == 0 ? "peer" : "local") : f.src();
        names[side] = who;
        StringBuilder sb = new StringBuilder();
        if (open >= 0) {
            MemorySegment b = capture.bytes(open);
            OpenCapabilities c = sessions.capabilities(open);
            if (c.asn() >= 0) {
                sb.append("AS ").append(c.asn());
            }
            if (b.byteSize() >= 28) {
                sb.append(sb.isEmpty() ? "" : ", ").append("id ").append(Bytes.u8(b, 24)).append('.').append(Bytes.u8(b, 25))
                        .append('.').append(Bytes.u8(b, 26)).append('.').append(Bytes.u8(b, 27));
            }
        } else if (mrt && f.srcAs() >= 0) {
            sb.append("AS ").append(f.srcAs());
        }
        speakers[side] = sb.toString();
    }

    public int conversation() { return conversation; }

    /** Rows: messages (KEEPALIVE runs folded) and TCP events. */
    public int size() { return size; }

    /** Messages the index held when the ladder was built: a later, larger index may add rows. */
    public int messagesSeen() { return messagesSeen; }

    /** Side {@code s}'s address and port (an MRT peer's address, or the local side's). */
    public String endpoint(int s) { return names[s]; }

    /** "AS 65010, id 10.200.0.1" from the side's last OPEN (or the MRT record's AS), or "". */
    public String speaker(int s) { return speakers[s]; }

    /** Whether the right-hand (local) side's states come from MRT STATE_CHANGE records. */
    public boolean statesFromMrt() { return stateFromMrt; }

    /** The message of row {@code r} (the first of a fold), or -1 for a TCP event. */
    public int message(int r) { return rows[r] >= 0 ? rows[r] : -1; }

    /**
     * Whether row {@code r} is a note on the right-hand (local) lifeline rather than an arrow: an MRT
     * STATE_CHANGE record, which the collector wrote about itself, not a message either side sent.
     */
    public boolean note(int r) {
        return rows[r] >= 0 && capture.messages().kind(rows[r]) == MessageKind.MRT_STATE_CHANGE;
    }

    /** The TCP event of row {@code r}, or -1. */
    public int event(int r) { return rows[r] <= -2 ? -2 - rows[r] : -1; }

    /** Messages folded into row {@code r}. */
    public int count(int r) { return counts[r]; }

    /** The side that sent row {@code r}: 0 (left) or 1 (right). */
    public int sender(int r) { return senders[r] & 1; }

    /** Whether a fold holds KEEPALIVEs sent both ways. */
    public boolean bothWays(int r) { return (senders[r] & 2) != 0; }

    /** Side {@code s}'s FSM state after row {@code r} ({@link #UNKNOWN} before anything shows it). */
    public int state(int r, int s) {
        return s == 0 ? states[r] & 0x0F : (states[r] >>> 4) & 0x0F;
    }

    /** Whether side {@code s}'s state changed at row {@code r}. */
    public boolean stateChanged(int r, int s) {
        return r == 0 ? state(0, s) != UNKNOWN : state(r, s) != state(r - 1, s);
    }

    public static String stateName(int s) {
        return s == UNKNOWN ? "?" : MrtNames.state(s);
    }

    /** The row showing message {@code i} (a fold holding it), or -1 when it is not in this session. */
    public int rowOf(int i) {
        int lo = 0;
        int hi = size - 1;
        int best = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int r = mid;
            // Events carry no message index: step to the nearest message row at or before mid.
            while (r >= lo && rows[r] < 0) {
                r--;
            }
            if (r < lo) {
                lo = mid + 1;
                continue;
            }
            if (rows[r] <= i) {
                best = r;
                lo = mid + 1;
            } else {
                hi = r - 1;
            }
        }
        if (best < 0) {
            return -1;
        }
        if (rows[best] == i) {
            return best;
        }
        // Inside a fold: the run's messages lie between its first and the next row's.
        return counts[best] > 1 && inFold(best, i) ? best : -1;
    }

    private boolean inFold(int r, int i) {
        MessageIndex m = capture.messages();
        int seen = 1;
        for (int k = rows[r] + 1; k <= i && seen < counts[r]; k++) {
            if (m.flow(k) >>> 1 == conversation && m.flow(k) >= 0) {
                if (k == i) {
                    return true;
                }
                seen++;
            }
        }
        return false;
    }

    /** "UPDATE +256 −0", "KEEPALIVE ×12", "NOTIFICATION Cease / Administrative Shutdown", "TCP SYN": what row {@code r} carries. */
    public String label(int r) {
        int e = event(r);
        if (e >= 0) {
            return "TCP " + capture.events().event(e).label();
        }
        int i = rows[r];
        MessageIndex m = capture.messages();
        if (m.kind(i) != MessageKind.BGP_MESSAGE) {
            String t = Summaries.typeName(capture, i);
            return m.kind(i) == MessageKind.MRT_STATE_CHANGE ? t + " " + Summaries.summary(capture, i) : t;
        }
        int type = m.type(i);
        String name = MessageType.name(type);
        if (counts[r] > 1) {
            return name + " ×" + counts[r];
        }
        try {
            MemorySegment b = capture.bytes(i);
            return switch (type) {
                case MessageType.UPDATE -> {
                    UpdateCounts c = UpdateCounts.of(b, sessions.forMessage(i));
                    yield c.endOfRib() ? "UPDATE End-of-RIB" : name + " +" + c.announced() + " −" + c.withdrawn() + (c.uncounted() ? " +?" : "");
                }
                case MessageType.OPEN -> {
                    OpenCapabilities oc = sessions.capabilities(i);
                    yield name + (oc.asn() >= 0 ? " AS " + oc.asn() : "") + (b.byteSize() >= 24 ? ", hold " + Bytes.u16(b, 22) + " s" : "");
                }
                case MessageType.NOTIFICATION -> b.byteSize() >= 21 ? name + " " + Notifications.describe(Bytes.u8(b, 19), Bytes.u8(b, 20)) : name;
                case MessageType.ROUTE_REFRESH -> b.byteSize() >= 23 ? name + " " + new Family(Bytes.u16(b, 19), Bytes.u8(b, 22))
                        + (Bytes.u8(b, 21) == 1 ? " BoRR" : Bytes.u8(b, 21) == 2 ? " EoRR" : "") : name;
                default -> name;
            };
        } catch (IndexOutOfBoundsException ex) {
            return name + " (cut short)";
        }
    }

    /** Whether row {@code r} is a problem to draw red: a broken connection, lost bytes, a NOTIFICATION, a damaged message. */
    public boolean alarming(int r) {
        int e = event(r);
        if (e >= 0) {
            TcpEvent t = capture.events().event(e);
            return t == TcpEvent.RST || t == TcpEvent.REFUSED || t == TcpEvent.LOST || t == TcpEvent.RETRANSMISSION_DIFFERENT;
        }
        MessageIndex m = capture.messages();
        int i = rows[r];
        return m.kind(i) == MessageKind.BGP_MESSAGE && m.type(i) == MessageType.NOTIFICATION
                || (m.flags(i) & (MessageIndex.F_INCOMPLETE | MessageIndex.F_BAD_LENGTH | MessageIndex.F_BAD_MARKER)) != 0;
    }

    /** The time of row {@code r}, nanoseconds since the epoch. */
    public long time(int r) {
        int e = event(r);
        return e >= 0 ? capture.events().time(e) : capture.messages().time(rows[r]);
    }

    /** "12  15:40:54.228080": the message number (or "-" for an event, "12–40" for a fold's first) and the time of day. */
    public String stamp(int r) {
        String iso = Times.iso(time(r), capture.timeDigits());
        int t = iso.indexOf('T');
        String clock = t >= 0 ? iso.substring(t + 1, iso.length() - (iso.endsWith("Z") ? 1 : 0)) : iso;
        int i = message(r);
        return (i < 0 ? "-" : String.valueOf(i + 1)) + "  " + clock;
    }
}
