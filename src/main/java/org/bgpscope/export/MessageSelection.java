package org.bgpscope.export;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * A set of 1-based message numbers written as "1,5-9,12-". Numbers past the last message are ignored
 * ({@link Spec#highestAsked()} tells the caller, so it can warn).
 */
public final class MessageSelection {
    private final BitSet chosen;

    private MessageSelection(BitSet chosen) {
        this.chosen = chosen;
    }

    /** @param spec the text of {@code --messages}, or null (or "all") for every message */
    public static MessageSelection parse(String spec, int count) {
        return spec(spec).resolve(count);
    }

    /**
     * Checks the syntax of a selection before the capture's message count is known.
     *
     * @throws IllegalArgumentException with a one-line reason naming the bad part
     */
    public static Spec spec(String spec) {
        if (spec == null || spec.trim().equalsIgnoreCase("all")) {
            return new Spec("all", new long[] {1}, new long[] {Spec.OPEN});
        }
        List<long[]> ranges = new ArrayList<>();
        for (String part : spec.split(",", -1)) {
            String p = part.trim();
            if (p.isEmpty()) {
                if (spec.trim().isEmpty()) {
                    throw new IllegalArgumentException("no message numbers given; expected numbers and ranges like 1,5-9,12-");
                }
                continue;
            }
            int dash = p.indexOf('-');
            long from;
            long to;
            if (dash < 0) {
                from = to = number(p, p);
            } else {
                from = number(p.substring(0, dash).trim(), p);
                to = dash == p.length() - 1 ? Spec.OPEN : number(p.substring(dash + 1).trim(), p);
            }
            if (from < 1 || (to != Spec.OPEN && to < 1)) {
                throw new IllegalArgumentException("'" + p + "': messages are numbered from 1");
            }
            if (to < from) {
                throw new IllegalArgumentException("'" + p + "': the range ends before it starts");
            }
            ranges.add(new long[] {from, to});
        }
        long[] f = new long[ranges.size()];
        long[] t = new long[ranges.size()];
        for (int k = 0; k < f.length; k++) {
            f[k] = ranges.get(k)[0];
            t[k] = ranges.get(k)[1];
        }
        return new Spec(spec.trim(), f, t);
    }

    /** A whole number; one too large for a long counts as "past every message". */
    private static long number(String s, String part) {
        if (s.isEmpty() || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("'" + part + "' is not a message number or range (like 1,5-9,12-)");
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE - 1;
        }
    }

    public static MessageSelection of(BitSet set) {
        return new MessageSelection((BitSet) set.clone());
    }

    /** 0-based indexes, ascending; -1 when done (BitSet.nextSetBit semantics). */
    public int next(int from) {
        return chosen.nextSetBit(from);
    }

    public int size() {
        return chosen.cardinality();
    }

    /** A checked selection: 1-based ranges, {@link #OPEN} where a range runs to the last message. */
    public static final class Spec {
        /** The end of a range written "12-". */
        public static final long OPEN = Long.MAX_VALUE;
        private final String text;
        private final long[] from;
        private final long[] to;

        private Spec(String text, long[] from, long[] to) {
            this.text = text;
            this.from = from;
            this.to = to;
        }

        /** Whether 1-based message {@code number} is chosen, whatever the count turns out to be. */
        public boolean contains(long number) {
            for (int k = 0; k < from.length; k++) {
                if (number >= from[k] && number <= to[k]) {
                    return true;
                }
            }
            return false;
        }

        /** The highest number written (the start of an open range), 0 for an empty selection. */
        public long highestAsked() {
            long h = 0;
            for (int k = 0; k < from.length; k++) {
                h = Math.max(h, to[k] == OPEN ? from[k] : to[k]);
            }
            return h;
        }

        /** The chosen messages of a capture of {@code count}; numbers past it are left out. */
        public MessageSelection resolve(int count) {
            BitSet set = new BitSet(count);
            for (int k = 0; k < from.length; k++) {
                if (from[k] <= count) {
                    set.set((int) from[k] - 1, (int) Math.min(to[k], count));
                }
            }
            return new MessageSelection(set);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
