package org.bgpscope.net;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Puts IP fragments back together, IPv4 by RFC 791 §3.2 (source, destination, protocol and
 * identification name a datagram; offsets count 8-byte units) and IPv6 by RFC 8200 §4.5 (source,
 * destination and the Fragment header's identification), as Wireshark does. Fragments are held as
 * file offsets, never copied; a complete datagram is handed back as its pieces in datagram order,
 * each with its frame and file offset, so that every byte of a message found in it keeps its place
 * in the file. Bytes two fragments both carry are taken from the first; when they differ, that is a
 * problem naming both frames. At most {@link #MAX_HELD} fragments wait at once: past it the oldest
 * datagram is dropped and reported, as are datagrams still missing fragments at the end.
 */
final class IpReassembler {
    /** Fragments waiting for the rest of their datagram, in all datagrams together. */
    static final int MAX_HELD = 10_000;

    /** The fragment in the current frame, filled by {@link FrameParser}. */
    static final class Fragment {
        int version;
        /** Where {@link #src} and {@link #dst} lie: the mapped file unless the fragment was inside a copy. */
        MemorySegment source;
        long src;
        long dst;
        long id;
        int protocol;
        /** Byte offset of the fragment's data in the datagram's payload. */
        int offset;
        boolean more;
        /** File offset and captured length of the fragment's data. */
        long payload;
        int length;
        /** Bytes of the fragment the capture cut off (snap length). */
        int missing;
        /** Encapsulations around it, so that the datagram's contents are read with the same bound. */
        int depth;
    }

    /** Where a reassembler reports what went wrong. */
    interface Problems {
        void problem(int frame, long fileOffset, String text);
    }

    /**
     * A complete datagram: a copy of the two addresses then the payload ({@code bytes}), its upper
     * protocol, and the file runs holding its payload in order.
     */
    record Datagram(MemorySegment bytes, int version, int addressLength, int protocol, int depth, long ipOffset,
                    long[] runDatagramOffset, long[] runFileOffset, int[] runLength, int[] runFrame) {
        /** Offset of the payload in {@link #bytes}. */
        int payloadStart() {
            return 2 * addressLength;
        }
    }

    private static final class Part {
        final int offset;
        final int length;
        final long file;
        final int frame;

        Part(int offset, int length, long file, int frame) {
            this.offset = offset;
            this.length = length;
            this.file = file;
            this.frame = frame;
        }
    }

    private static final class Pending {
        final int version;
        final int protocol;
        final byte[] src;
        final byte[] dst;
        final long ipOffset;
        final int firstFrame;
        final int depth;
        final List<Part> parts = new ArrayList<>(4);
        /** Payload length once the last fragment (no "more fragments") has been seen, else -1. */
        int total = -1;
        int totalFrame;
        /** Fragments added, for the bound on what is held. */
        int count;
        long cut = -1;
        int cutFrame;

        Pending(int version, int protocol, byte[] src, byte[] dst, long ipOffset, int frame, int depth) {
            this.version = version;
            this.protocol = protocol;
            this.src = src;
            this.dst = dst;
            this.ipOffset = ipOffset;
            this.firstFrame = frame;
            this.depth = depth;
        }
    }

    private record Key(int version, int protocol, long id, String addresses) {}

    private MemorySegment data;
    private final Problems problems;
    private final LinkedHashMap<Key, Pending> pending = new LinkedHashMap<>();
    private int held;
    private long dropped;
    private long reassembled;

    IpReassembler(MemorySegment data, Problems problems) {
        this.data = data;
        this.problems = problems;
    }

    long reassembled() { return reassembled; }

    /** The file grew and was mapped again: held fragments keep their offsets, read from the longer mapping. */
    void grow(MemorySegment longer) {
        data = longer;
    }

    /**
     * Adds the fragment of frame {@code frame} whose IP header starts at {@code ipOffset}; returns the
     * datagram when this fragment completes it, else null.
     */
    Datagram add(Fragment f, int frame, long ipOffset) {
        int alen = f.version == 4 ? 4 : 16;
        byte[] src = f.source.asSlice(f.src, alen).toArray(ValueLayout.JAVA_BYTE);
        byte[] dst = f.source.asSlice(f.dst, alen).toArray(ValueLayout.JAVA_BYTE);
        Key key = new Key(f.version, f.version == 4 ? f.protocol : 0, f.id, Arrays.toString(src) + Arrays.toString(dst));
        Pending p = pending.get(key);
        if (p == null) {
            p = new Pending(f.version, f.protocol, src, dst, ipOffset, frame, f.depth);
            pending.put(key, p);
        }
        if (!f.more) {
            int total = f.offset + f.length + f.missing;
            if (p.total >= 0 && p.total != total) {
                problems.problem(frame, f.payload, "IP fragment ends the datagram at " + total + " bytes where frame "
                        + p.totalFrame + " ended it at " + p.total + "; the first is kept");
            } else {
                p.total = total;
                p.totalFrame = frame;
            }
        }
        if (f.missing > 0 && p.cut < 0) {
            p.cut = f.offset + (long) f.length;
            p.cutFrame = frame;
        }
        if (f.length > 0) {
            addPart(p, new Part(f.offset, f.length, f.payload, frame));
        }
        p.count++;
        if (++held > MAX_HELD) {
            dropOldest();
        }
        if (p.total < 0 || p.cut >= 0 || covered(p) < p.total) {
            return null;
        }
        pending.remove(key);
        held -= p.count;
        reassembled++;
        return assemble(p, alen);
    }

    /** Adds a part, trimming the bytes earlier parts already hold and checking that they agree. */
    private void addPart(Pending p, Part part) {
        int start = part.offset;
        int end = part.offset + part.length;
        List<int[]> free = new ArrayList<>();
        free.add(new int[] {start, end});
        for (Part q : p.parts) {
            int qs = q.offset;
            int qe = q.offset + q.length;
            int os = Math.max(start, qs);
            int oe = Math.min(end, qe);
            if (os < oe) {
                for (int k = os; k < oe; k++) {
                    if (data.get(ValueLayout.JAVA_BYTE, part.file + (k - start)) != data.get(ValueLayout.JAVA_BYTE, q.file + (k - qs))) {
                        problems.problem(part.frame, part.file + (k - start), "IP fragment overlaps the fragment of frame " + q.frame
                                + " with different bytes at datagram offset " + k + " (file offsets " + (part.file + (k - start))
                                + " and " + (q.file + (k - qs)) + "); the earlier bytes are kept");
                        break;
                    }
                }
                List<int[]> next = new ArrayList<>();
                for (int[] r : free) {
                    if (r[1] <= qs || r[0] >= qe) {
                        next.add(r);
                        continue;
                    }
                    if (r[0] < qs) {
                        next.add(new int[] {r[0], qs});
                    }
                    if (r[1] > qe) {
                        next.add(new int[] {qe, r[1]});
                    }
                }
                free = next;
            }
        }
        for (int[] r : free) {
            p.parts.add(new Part(r[0], r[1] - r[0], part.file + (r[0] - start), part.frame));
        }
        p.parts.sort(Comparator.comparingInt(x -> x.offset));
    }

    /** How far the parts cover the payload from its start without a hole. */
    private static long covered(Pending p) {
        long at = 0;
        for (Part q : p.parts) {
            if (q.offset > at) {
                break;
            }
            at = Math.max(at, q.offset + (long) q.length);
        }
        return at;
    }

    private Datagram assemble(Pending p, int alen) {
        int n = p.parts.size();
        byte[] bytes = new byte[2 * alen + p.total];
        System.arraycopy(p.src, 0, bytes, 0, alen);
        System.arraycopy(p.dst, 0, bytes, alen, alen);
        long[] dOff = new long[n];
        long[] fOff = new long[n];
        int[] len = new int[n];
        int[] frames = new int[n];
        int k = 0;
        for (Part q : p.parts) {
            int take = Math.min(q.length, p.total - q.offset);
            if (take <= 0) {
                continue;
            }
            MemorySegment.copy(data, ValueLayout.JAVA_BYTE, q.file, bytes, 2 * alen + q.offset, take);
            dOff[k] = q.offset;
            fOff[k] = q.file;
            len[k] = take;
            frames[k] = q.frame;
            k++;
        }
        return new Datagram(MemorySegment.ofArray(bytes), p.version, alen, p.protocol, p.depth, p.ipOffset,
                Arrays.copyOf(dOff, k), Arrays.copyOf(fOff, k), Arrays.copyOf(len, k), Arrays.copyOf(frames, k));
    }

    private void dropOldest() {
        Iterator<Map.Entry<Key, Pending>> it = pending.entrySet().iterator();
        Pending p = it.next().getValue();
        it.remove();
        held -= p.count;
        dropped++;
        report(p, "dropped: more than " + String.format("%,d", MAX_HELD) + " IP fragments were waiting at once");
    }

    /** End of the capture: every datagram still waiting is missing fragments. */
    void finish() {
        for (Pending p : pending.values()) {
            report(p, "incomplete at the end of the capture");
        }
        pending.clear();
        held = 0;
    }

    private void report(Pending p, String why) {
        StringBuilder sb = new StringBuilder();
        sb.append("IP datagram from ").append(Addresses.format(MemorySegment.ofArray(p.src), 0, p.src.length))
                .append(" to ").append(Addresses.format(MemorySegment.ofArray(p.dst), 0, p.dst.length))
                .append(" (first fragment in frame ").append(p.firstFrame).append(") ").append(why).append(": ");
        if (p.cut >= 0) {
            sb.append("frame ").append(p.cutFrame).append(" was cut by the capture's snap length at payload byte ").append(p.cut).append("; ");
        }
        long at = 0;
        List<String> holes = new ArrayList<>();
        for (Part q : p.parts) {
            if (q.offset > at) {
                holes.add(at + "–" + (q.offset - 1));
            }
            at = Math.max(at, q.offset + (long) q.length);
        }
        if (p.total < 0) {
            holes.add(at + "–(last fragment never seen)");
        } else if (at < p.total) {
            holes.add(at + "–" + (p.total - 1));
        }
        sb.append("payload bytes ").append(String.join(", ", holes)).append(" missing; held: ");
        List<String> held = new ArrayList<>();
        for (Part q : p.parts) {
            held.add("frame " + q.frame + " bytes " + q.offset + "–" + (q.offset + q.length - 1) + " at file offset " + q.file);
        }
        sb.append(held.isEmpty() ? "nothing" : String.join(", ", held));
        long offset = p.parts.isEmpty() ? p.ipOffset : p.parts.getFirst().file;
        problems.problem(p.firstFrame, offset, sb.toString());
    }
}
