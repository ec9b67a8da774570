package org.bgpscope.net;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** ISO-8601 UTC times at the capture's own precision. */
public final class Times {
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private Times() {}

    public static String iso(long nanos, int digits) {
        long sec = Math.floorDiv(nanos, 1_000_000_000L);
        long frac = Math.floorMod(nanos, 1_000_000_000L);
        StringBuilder sb = new StringBuilder(32).append(SECONDS.format(Instant.ofEpochSecond(sec)));
        if (digits > 0) {
            String f = String.format("%09d", frac);
            sb.append('.').append(f, 0, Math.min(9, digits));
        }
        return sb.append('Z').toString();
    }
}
