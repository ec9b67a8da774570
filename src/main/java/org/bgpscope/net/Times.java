package org.bgpscope.net;

import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** ISO-8601 UTC times at the capture's own precision. */
public final class Times {
    private Times() {}

    /**
     * "2026-11-24T15:36:12.982708Z". Called for every row of {@code list}: the text of the last
     * whole second is kept (per thread), so consecutive messages only format their fraction.
     */
    public static String iso(long nanos, int digits) {
        return append(new StringBuilder(32), nanos, digits).toString();
    }

    /** Appends what {@link #iso} returns. */
    public static StringBuilder append(StringBuilder out, long nanos, int digits) {
        long sec = Math.floorDiv(nanos, 1_000_000_000L);
        long frac = Math.floorMod(nanos, 1_000_000_000L);
        Last last = LAST.get();
        if (last.second != sec || last.text == null) {
            LocalDateTime t = LocalDateTime.ofEpochSecond(sec, 0, ZoneOffset.UTC);
            StringBuilder sb = new StringBuilder(20);
            int y = t.getYear();
            if (y < 0 || y > 9999) {
                sb.append(y < 0 ? '-' : '+');
                y = Math.abs(y);
            }
            pad(sb, y, 4).append('-');
            pad(sb, t.getMonthValue(), 2).append('-');
            pad(sb, t.getDayOfMonth(), 2).append('T');
            pad(sb, t.getHour(), 2).append(':');
            pad(sb, t.getMinute(), 2).append(':');
            pad(sb, t.getSecond(), 2);
            last.second = sec;
            last.text = sb.toString();
        }
        StringBuilder sb = out.append(last.text);
        if (digits > 0) {
            sb.append('.');
            long f = frac;
            int n = Math.min(9, digits);
            // The first n of the fraction's nine digits.
            for (int k = 0; k < 9 - n; k++) {
                f /= 10;
            }
            pad(sb, f, n);
        }
        return sb.append('Z');
    }

    private static final class Last {
        long second = Long.MIN_VALUE;
        String text;
    }

    private static final ThreadLocal<Last> LAST = ThreadLocal.withInitial(Last::new);

    private static StringBuilder pad(StringBuilder sb, long v, int width) {
        // v is never negative here: years are written without their sign, fractions come from floorMod.
        for (; width > 1 && v < pow10(width - 1); width--) {
            sb.append('0');
        }
        return sb.append(v);
    }

    private static long pow10(int n) {
        long p = 1;
        for (int k = 0; k < n; k++) {
            p *= 10;
        }
        return p;
    }
}
