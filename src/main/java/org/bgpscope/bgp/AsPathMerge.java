package org.bgpscope.bgp;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.bgpscope.capture.Bytes;

/**
 * The AS path a route really has when a 2-octet session carries AS4_PATH (RFC 6793 §4.2.3): AS_PATH
 * holds AS_TRANS (23456) for every 4-octet number, and AS4_PATH the true numbers of its tail. The
 * merged path is the leading ASNs of AS_PATH that AS4_PATH does not cover, then AS4_PATH; AS4_PATH
 * is ignored when it is longer than AS_PATH. An AS_SET counts as one, confederation segments as
 * none. On a 4-octet session AS4_PATH is not used (RFC 6793 §4.1).
 */
public final class AsPathMerge {
    private AsPathMerge() {}

    public static final long AS_TRANS = 23456;

    /** One segment: its type (1 AS_SET, 2 AS_SEQUENCE, 3 and 4 confederation) and AS numbers. */
    public record Segment(int type, long[] asns) {
        boolean set() {
            return type == 1 || type == 4;
        }
    }

    /** The segments of an AS_PATH or AS4_PATH value; null when they do not fill it exactly. */
    public static List<Segment> segments(MemorySegment b, long p, long end, int width) {
        if (!Readings.pathFits(b, p, end, width)) {
            return null;
        }
        List<Segment> out = new ArrayList<>();
        while (p < end) {
            int type = Bytes.u8(b, p);
            int count = Bytes.u8(b, p + 1);
            long[] asns = new long[count];
            for (int i = 0; i < count; i++) {
                long q = p + 2 + (long) i * width;
                asns[i] = width == 4 ? Bytes.u32(b, q) : Bytes.u16(b, q);
            }
            out.add(new Segment(type, asns));
            p += 2 + (long) count * width;
        }
        return out;
    }

    /** RFC 6793 §4.2.3's count: each ASN of a sequence, one per AS_SET, none for confederation segments. */
    static int length(List<Segment> path) {
        int n = 0;
        for (Segment s : path) {
            n += s.type() == 2 ? s.asns().length : s.type() == 1 ? 1 : 0;
        }
        return n;
    }

    /** The merged path of {@code asPath} (2-octet) and {@code as4Path}; {@code asPath} itself when AS4_PATH must be ignored. */
    public static List<Segment> merge(List<Segment> asPath, List<Segment> as4Path) {
        if (as4Path == null || asPath == null) {
            return asPath;
        }
        int keep = length(asPath) - length(as4Path);
        if (keep < 0) {
            return asPath;
        }
        List<Segment> out = new ArrayList<>();
        for (Segment s : asPath) {
            if (keep == 0 && s.type() != 3 && s.type() != 4) {
                break;
            }
            if (s.type() == 3 || s.type() == 4) {
                out.add(s);
            } else if (s.type() == 1) {
                out.add(s);
                keep--;
            } else {
                int take = Math.min(keep, s.asns().length);
                out.add(new Segment(s.type(), java.util.Arrays.copyOf(s.asns(), take)));
                keep -= take;
            }
        }
        out.addAll(as4Path);
        return out;
    }

    /** "65001 64512 {64999,64998}", as the summaries and the tree write a path. */
    public static String text(List<Segment> path) {
        return appendText(new StringBuilder(), path).toString();
    }

    public static StringBuilder appendText(StringBuilder sb, List<Segment> path) {
        int start = sb.length();
        for (Segment s : path) {
            sb.append(sb.length() == start ? "" : " ").append(open(s.type()));
            for (int i = 0; i < s.asns().length; i++) {
                sb.append(i == 0 ? "" : s.set() ? "," : " ").append(s.asns()[i]);
            }
            sb.append(close(s.type()));
        }
        return sb;
    }

    /**
     * The same text for a path that fills {@code [p, end)} exactly ({@link Readings#pathFits}), read
     * from its bytes: no segment list is built.
     */
    static StringBuilder appendText(StringBuilder sb, MemorySegment b, long p, long end, int width) {
        int start = sb.length();
        while (p < end) {
            int type = Bytes.u8(b, p);
            int count = Bytes.u8(b, p + 1);
            boolean set = type == 1 || type == 4;
            sb.append(sb.length() == start ? "" : " ").append(open(type));
            for (int i = 0; i < count; i++) {
                long q = p + 2 + (long) i * width;
                sb.append(i == 0 ? "" : set ? "," : " ").append(width == 4 ? Bytes.u32(b, q) : Bytes.u16(b, q));
            }
            sb.append(close(type));
            p += 2 + (long) count * width;
        }
        return sb;
    }

    private static String open(int type) {
        return type == 1 ? "{" : type == 3 ? "(" : type == 4 ? "[" : "";
    }

    private static String close(int type) {
        return type == 1 ? "}" : type == 3 ? ")" : type == 4 ? "]" : "";
    }

    /**
     * The path of an UPDATE's attributes, merged where the session is 2-octet and AS4_PATH is present;
     * null when the UPDATE has no AS_PATH that parses.
     */
    public static List<Segment> effective(MemorySegment b, long attrs, long end, boolean as4) {
        long[] at = {-1, 0, -1, 0};
        UpdateWalk.attributes(b, attrs, end, (code, v, len) -> {
            if (code == 2) {
                at[0] = v;
                at[1] = len;
            } else if (code == 17) {
                at[2] = v;
                at[3] = len;
            }
            return false;
        });
        if (at[0] < 0) {
            return null;
        }
        List<Segment> path = segments(b, at[0], at[0] + at[1], as4 ? 4 : 2);
        if (as4 || at[2] < 0) {
            return path;
        }
        return merge(path, segments(b, at[2], at[2] + at[3], 4));
    }
}
