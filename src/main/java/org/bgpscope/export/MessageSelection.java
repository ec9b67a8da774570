package org.bgpscope.export;

import java.util.BitSet;

/** A set of 1-based message numbers written as "1,5-9,12-". Numbers past the last message are ignored. */
public final class MessageSelection {
    private final BitSet chosen;

    private MessageSelection(BitSet chosen) {
        this.chosen = chosen;
    }

    public static MessageSelection parse(String spec, int count) {
        BitSet set = new BitSet(count);
        if (spec == null || spec.equals("all")) {
            set.set(0, count);
            return new MessageSelection(set);
        }
        for (String part : spec.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int dash = p.indexOf('-');
            try {
                int from;
                int to;
                if (dash < 0) {
                    from = to = Integer.parseInt(p);
                } else {
                    from = Integer.parseInt(p.substring(0, dash));
                    to = dash == p.length() - 1 ? count : Integer.parseInt(p.substring(dash + 1));
                }
                if (from < 1 || to < from) {
                    throw new IllegalArgumentException("bad range \"" + p + "\": messages are numbered from 1");
                }
                set.set(from - 1, Math.min(to, count));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad message number \"" + p + "\" in --messages " + spec);
            }
        }
        return new MessageSelection(set);
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
}
