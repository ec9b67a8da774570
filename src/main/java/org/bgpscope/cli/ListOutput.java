package org.bgpscope.cli;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.io.PrintStream;
import org.bgpscope.bgp.Sessions;
import org.bgpscope.bgp.Summaries;
import org.bgpscope.net.CaptureIndex;
import org.bgpscope.net.Flow;
import org.bgpscope.net.MessageIndex;
import org.bgpscope.net.MessageKind;
import org.bgpscope.net.TcpEvent;
import org.bgpscope.net.TcpEvents;
import org.bgpscope.net.Times;
import org.bgpscope.tree.MessageProblems;

/**
 * {@code bgpscope list}: one line per indexed message, as text or JSON Lines, written row by row so
 * that rows can go out while the capture is still being indexed. Most rows read only their own
 * message, its flow and the OPENs before it, and read the same on a partial index as on a complete
 * one; {@link #settled} tells the others.
 *
 * <p>Rows are queued and written in batches: each batch is cut into one run per core, the runs are
 * formatted to bytes at once on their own threads (summaries and problem checks read the mapped
 * bytes, which is most of the work), and written in order. The output is the same, byte for byte,
 * as writing one row after another.
 */
final class ListOutput implements AutoCloseable {
    /** Rows queued before they are formatted; a flush formats fewer. */
    private static final int BATCH = 16_384;
    /** A run shorter than this is not worth a thread. */
    private static final int MIN_RUN = 512;
    private final int minRun;

    private final CaptureIndex index;
    private final MessageIndex m;
    private final PrintStream out;
    private final Sessions sessions;
    private final boolean json;
    private final Formatter[] formatters;
    private final ExecutorService pool;
    /** Queued rows: a message index, or {@code -1 - e} for TCP event {@code e}. */
    private int[] pending = new int[BATCH];
    /** Only the messages this matches are written, or all when null. */
    private org.bgpscope.bgp.MessageFilter filter;
    private final java.util.concurrent.atomic.AtomicLong matched = new java.util.concurrent.atomic.AtomicLong();
    private int queued;
    private long rows;

    ListOutput(CaptureIndex index, PrintStream out, boolean json) throws IOException {
        this(index, out, json, Runtime.getRuntime().availableProcessors(), MIN_RUN);
    }

    /** With {@code threads} formatting at once, each run at least {@code minRun} rows (tests set both). */
    ListOutput(CaptureIndex index, PrintStream out, boolean json, int threads, int minRun) throws IOException {
        this.minRun = minRun;
        this.index = index;
        this.m = index.messages();
        this.out = out;
        this.json = json;
        this.sessions = new Sessions(index);
        int cores = Math.max(1, Math.min(8, threads));
        formatters = new Formatter[cores];
        for (int k = 0; k < cores; k++) {
            formatters[k] = new Formatter();
        }
        pool = cores == 1 ? null : Executors.newFixedThreadPool(cores - 1, r -> {
            Thread t = new Thread(r, "bgpscope-list");
            t.setDaemon(true);
            return t;
        });
    }

    /** Writes the row of message {@code i} (0-based); the index must already hold it. */
    void row(int i) throws IOException {
        queue(i);
    }

    /** Writes the row of TCP event {@code e} (0-based in {@link CaptureIndex#events()}). */
    void event(int e) throws IOException {
        queue(-1 - e);
    }

    private void queue(int row) throws IOException {
        rows++;
        pending[queued++] = row;
        if (queued == pending.length) {
            drain();
        }
    }

    /**
     * While {@code may} says no, writing a row reads no more UPDATEs into the inference than
     * {@link #settled} has: the rows written then are settled, so they read the same either way, and
     * the first of them need not wait for every UPDATE indexed by then to be read.
     */
    void inferOnlyWhen(java.util.function.BooleanSupplier may) {
        sessions.catchUpOnlyWhere(may);
    }

    /**
     * Whether row {@code i} reads the same now as on the complete index. An UPDATE's summary follows
     * the session's reading of AS numbers and ADD-PATH: from both OPENs (seen before it, so fixed), or
     * when they were not both seen, from the MRT subtype and the UPDATEs so far once they settle it, or
     * else inferred from every UPDATE of the session, later ones included ({@link Sessions#settled}).
     * Such a row must wait until the capture is indexed to the end.
     */
    boolean settled(int i) {
        if (m.kind(i) != MessageKind.BGP_MESSAGE || m.type(i) != org.bgpscope.bgp.MessageType.UPDATE) {
            return true;
        }
        return sessions.settled(i);
    }

    /**
     * Writes every row of a complete index in list order: the messages, and unless {@code withEvents}
     * is false, the TCP events between them ({@link CaptureIndex#eventFirst}). What {@code list} writes while indexing
     * must equal this.
     */
    void all(boolean withEvents) throws IOException {
        int n = m.size();
        int ne = withEvents ? index.events().size() : 0;
        int i = 0;
        int e = 0;
        while (i < n || e < ne) {
            if (e < ne && (i >= n || index.eventFirst(e, i))) {
                event(e++);
            } else {
                row(i++);
            }
        }
    }

    long rows() {
        return rows;
    }

    /** Writes only the messages that {@code f} matches (null: every message); each is tested on the formatting threads. */
    void filter(org.bgpscope.bgp.MessageFilter f) {
        filter = f;
    }

    /** How many messages the filter let through so far. */
    long matched() {
        return matched.get();
    }

    /** Pushes the rows written so far to the output. */
    void flush() throws IOException {
        drain();
        out.flush();
    }

    /** Ends the output; call only when every row is written. */
    void finish() throws IOException {
        flush();
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    /** Formats the queued rows, one run per core at once, and writes them in order. */
    private void drain() throws IOException {
        int n = queued;
        if (n == 0) {
            return;
        }
        int runs = pool == null ? 1 : Math.max(1, Math.min(formatters.length, n / minRun));
        int[] rowsNow = pending;
        List<Future<?>> started = new ArrayList<>(runs - 1);
        int per = (n + runs - 1) / runs;
        for (int k = 1; k < runs; k++) {
            int from = k * per;
            int to = Math.min(n, from + per);
            Formatter f = formatters[k];
            started.add(pool.submit(() -> {
                f.format(rowsNow, from, to);
                return null;
            }));
        }
        formatters[0].format(rowsNow, 0, Math.min(n, per));
        for (Future<?> fu : started) {
            try {
                fu.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new org.bgpscope.capture.CancelledException();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                if (e.getCause() instanceof Error r) {
                    throw r;
                }
                throw new IOException(e.getCause());
            }
        }
        for (int k = 0; k < runs; k++) {
            formatters[k].writeTo(out);
        }
        queued = 0;
    }

    static Flow flow(CaptureIndex index, int i) {
        int id = index.messages().flow(i);
        return id < 0 ? null : index.flows().flow(id);
    }

    /** Formats runs of rows into bytes; one per thread, each with its own buffers. */
    private final class Formatter {
        private StringBuilder sb = new StringBuilder(160);
        private char[] chars = new char[256];
        private final Bytes bytes = new Bytes();
        private final JsonGenerator g;

        Formatter() {
            try {
                // JSON Lines: each row an object and a newline, with no pretty printer on the way of every field.
                JsonFactory f = new JsonFactory();
                f.setRootValueSeparator(null);
                g = json ? f.createGenerator(bytes, JsonEncoding.UTF8) : null;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        void format(int[] rowIds, int from, int to) throws IOException {
            bytes.reset();
            for (int k = from; k < to; k++) {
                int r = rowIds[k];
                if (r >= 0 && filter != null) {
                    if (!filter.matches(index, sessions, r)) {
                        continue;
                    }
                    matched.incrementAndGet();
                }
                if (r < 0) {
                    event(-1 - r);
                } else if (g != null) {
                    json(r);
                } else {
                    text(r);
                }
                if (g != null) {
                    g.writeRaw('\n');
                }
            }
            if (g != null) {
                g.flush();
            }
        }

        void writeTo(PrintStream to) {
            to.write(bytes.buffer(), 0, bytes.size());
        }

        /**
         * Writes the row so far, then " → " as UTF-8 bytes, and empties the builder: the arrow is the only
         * character of most rows above Latin-1, and in the builder it would turn it (and every number
         * appended after) into two bytes a character for good.
         */
        private void arrow() {
            bytes.utf8(sb);
            bytes.raw(ARROW);
            sb.setLength(0);
        }

        private void line() {
            sb.append('\n');
            if (bytes.utf8(sb)) {
                // This row held a character above Latin-1 (a state change's arrow, a shutdown message's text).
                sb = new StringBuilder(160);
            }
        }

        private void event(int e) throws IOException {
            TcpEvents ev = index.events();
            String[] ends = endpoints(e);
            TcpEvent what = ev.event(e);
            String detail = ev.detail(e);
            String summary = detail == null ? what.meaning() : what.meaning() + ": " + detail;
            if (g != null) {
                g.writeStartObject();
                g.writeStringField("event", what.label());
                g.writeNumberField("frame", ev.frame(e));
                g.writeStringField("time", Times.iso(ev.time(e), index.timeDigits()));
                g.writeStringField("src", ends == null ? null : ends[0]);
                g.writeStringField("dst", ends == null ? null : ends[1]);
                g.writeStringField("type_name", "TCP " + what.label());
                g.writeStringField("kind", MessageKind.TCP_EVENT.label());
                g.writeNumberField("length", ev.length(e));
                g.writeArrayFieldStart("pieces");
                if (ev.length(e) > 0) {
                    g.writeStartArray();
                    g.writeNumber(ev.offset(e));
                    g.writeNumber(ev.length(e));
                    g.writeEndArray();
                }
                g.writeEndArray();
                g.writeStringField("summary", summary);
                g.writeEndObject();
            } else {
                sb.setLength(0);
                sb.append('-').append('\t').append(ev.frame(e)).append('\t').append(Times.iso(ev.time(e), index.timeDigits())).append('\t')
                        .append(ends == null ? "-" : ends[0]);
                arrow();
                sb.append(ends == null ? "-" : ends[1]).append('\t')
                        .append("TCP ").append(what.label()).append('\t').append(ev.length(e)).append('\t').append(summary);
                line();
            }
        }

        /** Source and destination of an event: its flow's, or read from its packet when the connection carried no data. */
        private String[] endpoints(int e) {
            TcpEvents ev = index.events();
            int flow = ev.flow(e);
            if (flow >= 0) {
                Flow f = index.flows().flow(flow);
                return new String[] {f.src(), f.dst()};
            }
            return ev.endpoints(index.capture().data(), e);
        }

        private void text(int i) {
            sb.setLength(0);
            Flow f = flow(index, i);
            Times.append(sb.append(i + 1).append('\t').append(m.frame(i)).append('\t'), m.time(i), index.timeDigits()).append('\t')
                    .append(f == null ? "-" : f.src());
            arrow();
            sb.append(f == null ? "-" : f.dst()).append('\t')
                    .append(Summaries.typeName(index, i)).append('\t').append(m.length(i)).append('\t');
            Summaries.append(sb, index, i, sessions);
            List<String> found = MessageProblems.of(index, i, sessions);
            if (!found.isEmpty()) {
                sb.append(" [problem: ").append(found.getFirst()).append(found.size() > 1 ? "; +" + (found.size() - 1) + " more" : "").append(']');
            }
            line();
        }

        /** Writes what {@code sb} holds as a JSON string, and empties it. */
        private void writeBuilt() throws IOException {
            int n = sb.length();
            if (chars.length < n) {
                chars = new char[Math.max(n, chars.length * 2)];
            }
            sb.getChars(0, n, chars, 0);
            sb.setLength(0);
            g.writeString(chars, 0, n);
        }

        private void json(int i) throws IOException {
            Flow f = flow(index, i);
            sb.setLength(0);
            g.writeStartObject();
            g.writeFieldName(K_INDEX);
            g.writeNumber(i + 1);
            g.writeFieldName(K_FRAME);
            g.writeNumber(m.frame(i));
            g.writeFieldName(K_TIME);
            Times.append(sb, m.time(i), index.timeDigits());
            writeBuilt();
            g.writeFieldName(K_SRC);
            g.writeString(f == null ? null : f.src());
            g.writeFieldName(K_DST);
            g.writeString(f == null ? null : f.dst());
            MessageKind kind = m.kind(i);
            g.writeFieldName(K_TYPE);
            if (kind == MessageKind.BGP_MESSAGE) {
                g.writeNumber(m.type(i));
            } else {
                g.writeNull();
            }
            g.writeFieldName(K_TYPE_NAME);
            g.writeString(Summaries.typeName(index, i));
            g.writeFieldName(K_KIND);
            g.writeString(kind.label());
            if (kind == MessageKind.BMP_MESSAGE) {
                g.writeNumberField("bmp_type", m.type(i));
            }
            g.writeFieldName(K_LENGTH);
            g.writeNumber(m.length(i));
            org.bgpscope.export.TreeJson.pieces(g, m, i);
            int parent = index.bmpLinks().parent(i);
            if (parent >= 0) {
                // The BMP message (RFC 7854 §4) this BGP message was taken out of.
                g.writeObjectFieldStart("bmp");
                g.writeNumberField("index", parent + 1);
                g.writeNumberField("type", m.type(parent));
                g.writeStringField("type_name", org.bgpscope.bgp.BmpNames.type(m.type(parent)));
                g.writeNumberField("offset", m.firstOffset(parent));
                g.writeEndObject();
            }
            if (f != null && f.srcAs() >= 0) {
                g.writeNumberField("peer_as", f.srcAs());
            }
            int flags = m.flags(i);
            // Framing problems by name, then what decoding finds ("byte N: text (RFC 7606: action)").
            List<String> decoded = (flags & MessageIndex.F_INCOMPLETE) != 0 ? List.of() : MessageProblems.of(index, i, sessions);
            if ((flags & (MessageIndex.F_INCOMPLETE | MessageIndex.F_BAD_MARKER | MessageIndex.F_BAD_LENGTH | MessageIndex.F_AFTER_GAP)) != 0
                    || !decoded.isEmpty()) {
                g.writeArrayFieldStart("problems");
                if ((flags & MessageIndex.F_INCOMPLETE) != 0) g.writeString("incomplete");
                if ((flags & MessageIndex.F_BAD_MARKER) != 0) g.writeString("bad_marker");
                if ((flags & MessageIndex.F_BAD_LENGTH) != 0) g.writeString("bad_length");
                if ((flags & MessageIndex.F_AFTER_GAP) != 0) g.writeString("after_gap");
                for (String d : decoded) {
                    g.writeString(d);
                }
                g.writeEndArray();
            }
            g.writeFieldName(K_SUMMARY);
            Summaries.append(sb, index, i, sessions);
            writeBuilt();
            g.writeEndObject();
        }
    }

    // The keys of every row, encoded once (Jackson escapes a String key at each write).
    private static final SerializedString K_INDEX = new SerializedString("index"), K_FRAME = new SerializedString("frame"),
            K_TIME = new SerializedString("time"), K_SRC = new SerializedString("src"), K_DST = new SerializedString("dst"),
            K_TYPE = new SerializedString("type"), K_TYPE_NAME = new SerializedString("type_name"),
            K_KIND = new SerializedString("kind"), K_LENGTH = new SerializedString("length"),
            K_SUMMARY = new SerializedString("summary");

    /** A byte buffer that also takes text as UTF-8, without an encoder or a String on the way. */
    private static final class Bytes extends ByteArrayOutputStream {
        Bytes() {
            super(1 << 16);
        }

        byte[] buffer() {
            return buf;
        }

        /** The text's characters, read out of the builder in one copy rather than one call each. */
        private char[] chars = new char[256];

        /** Appends bytes as they are (ByteArrayOutputStream's own write takes a lock each time). */
        void raw(byte[] a) {
            if (buf.length - count < a.length) {
                buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, count + a.length));
            }
            System.arraycopy(a, 0, buf, count, a.length);
            count += a.length;
        }

        /** Appends the builder's text; says whether it held a character above Latin-1. */
        boolean utf8(StringBuilder s) {
            int n = s.length();
            if (buf.length - count < n * 3) {
                buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, count + n * 3));
            }
            if (chars.length < n) {
                chars = new char[Math.max(n, chars.length * 2)];
            }
            s.getChars(0, n, chars, 0);
            char[] in = chars;
            byte[] b = buf;
            int c = count;
            char wide = 0;
            for (int k = 0; k < n; k++) {
                char ch = in[k];
                wide |= ch;
                if (ch < 0x80) {
                    b[c++] = (byte) ch;
                } else if (ch < 0x800) {
                    b[c++] = (byte) (0xC0 | ch >> 6);
                    b[c++] = (byte) (0x80 | ch & 0x3F);
                } else if (Character.isHighSurrogate(ch) && k + 1 < n && Character.isLowSurrogate(in[k + 1])) {
                    int cp = Character.toCodePoint(ch, in[++k]);
                    b[c++] = (byte) (0xF0 | cp >> 18);
                    b[c++] = (byte) (0x80 | cp >> 12 & 0x3F);
                    b[c++] = (byte) (0x80 | cp >> 6 & 0x3F);
                    b[c++] = (byte) (0x80 | cp & 0x3F);
                } else if (Character.isSurrogate(ch)) {
                    b[c++] = '?'; // a lone surrogate, as the UTF-8 encoder replaces it
                } else {
                    b[c++] = (byte) (0xE0 | ch >> 12);
                    b[c++] = (byte) (0x80 | ch >> 6 & 0x3F);
                    b[c++] = (byte) (0x80 | ch & 0x3F);
                }
            }
            count = c;
            return wide > 0xFF;
        }
    }

    /** " → " in UTF-8. */
    private static final byte[] ARROW = " → ".getBytes(java.nio.charset.StandardCharsets.UTF_8);
}
