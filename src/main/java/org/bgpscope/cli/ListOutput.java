package org.bgpscope.cli;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
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
 */
final class ListOutput implements AutoCloseable {
    private final CaptureIndex index;
    private final MessageIndex m;
    private final PrintStream out;
    private final Sessions sessions;
    private final JsonGenerator g;
    private final StringBuilder sb = new StringBuilder(160);
    private long rows;

    ListOutput(CaptureIndex index, PrintStream out, boolean json) throws IOException {
        this.index = index;
        this.m = index.messages();
        this.out = out;
        this.sessions = new Sessions(index);
        if (json) {
            // JSON Lines: a newline between root values, and no pretty printer on the way of every field.
            JsonFactory f = new JsonFactory();
            f.setRootValueSeparator("\n");
            g = f.createGenerator(out, JsonEncoding.UTF8);
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        } else {
            g = null;
        }
    }

    /** Writes the row of message {@code i} (0-based); the index must already hold it. */
    void row(int i) throws IOException {
        rows++;
        if (g != null) {
            json(i);
        } else {
            text(i);
        }
    }

    /**
     * Whether row {@code i} reads the same now as on the complete index. An UPDATE's summary follows
     * the session's reading of AS numbers and ADD-PATH: from both OPENs (seen before it, so fixed), or
     * when they were not both seen, inferred from every UPDATE of the session ({@link Sessions}), later
     * ones included. Such a row must wait until the capture is indexed to the end.
     */
    boolean settled(int i) {
        if (m.kind(i) != MessageKind.BGP_MESSAGE || m.type(i) != org.bgpscope.bgp.MessageType.UPDATE) {
            return true;
        }
        int flow = m.flow(i);
        return flow < 0 || sessions.openBefore(flow, i) >= 0 && sessions.openBefore(flow ^ 1, i) >= 0;
    }

    /** Writes the row of TCP event {@code e} (0-based in {@link CaptureIndex#events()}). */
    void event(int e) throws IOException {
        rows++;
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
                    .append(ends == null ? "-" : ends[0]).append(" → ").append(ends == null ? "-" : ends[1]).append('\t')
                    .append("TCP ").append(what.label()).append('\t').append(ev.length(e)).append('\t').append(summary);
            out.println(sb);
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

    /**
     * Whether event {@code e} goes before message {@code i} in the list: events of earlier frames do,
     * and of the same frame all but the closing ones (a FIN or RST can end the segment that completed
     * the message).
     */
    boolean eventFirst(int e, int i) {
        TcpEvents ev = index.events();
        int fe = ev.frame(e);
        int fm = m.frame(i);
        if (fe != fm) {
            return fe < fm;
        }
        TcpEvent what = ev.event(e);
        return what != TcpEvent.FIN && what != TcpEvent.RST && what != TcpEvent.REFUSED;
    }

    /**
     * Writes every row of a complete index in list order: the messages, and unless {@code withEvents}
     * is false, the TCP events between them ({@link #eventFirst}). What {@code list} writes while indexing
     * must equal this.
     */
    void all(boolean withEvents) throws IOException {
        int n = m.size();
        int ne = withEvents ? index.events().size() : 0;
        int i = 0;
        int e = 0;
        while (i < n || e < ne) {
            if (e < ne && (i >= n || eventFirst(e, i))) {
                event(e++);
            } else {
                row(i++);
            }
        }
    }

    long rows() {
        return rows;
    }

    /** Pushes the rows written so far to the output (the JSON generator keeps its own buffer). */
    void flush() throws IOException {
        if (g != null) {
            g.flush();
        } else {
            out.flush();
        }
    }

    /** Ends the output (JSON Lines end with a newline); call only when every row is written. */
    void finish() throws IOException {
        if (g != null) {
            if (rows > 0) {
                g.writeRaw('\n');
            }
            g.flush();
        }
        out.flush();
    }

    @Override
    public void close() throws IOException {
        if (g != null) {
            g.close();
        }
    }

    private void text(int i) {
        sb.setLength(0);
        Flow f = flow(index, i);
        sb.append(i + 1).append('\t').append(m.frame(i)).append('\t').append(Times.iso(m.time(i), index.timeDigits())).append('\t')
                .append(f == null ? "-" : f.src()).append(" → ").append(f == null ? "-" : f.dst()).append('\t')
                .append(Summaries.typeName(index, i)).append('\t').append(m.length(i)).append('\t')
                .append(Summaries.summary(index, i, sessions));
        java.util.List<String> found = MessageProblems.of(index, i, sessions);
        if (!found.isEmpty()) {
            sb.append(" [problem: ").append(found.getFirst()).append(found.size() > 1 ? "; +" + (found.size() - 1) + " more" : "").append(']');
        }
        out.println(sb);
    }

    static Flow flow(CaptureIndex index, int i) {
        int id = index.messages().flow(i);
        return id < 0 ? null : index.flows().flow(id);
    }

    private void json(int i) throws IOException {
        Flow f = flow(index, i);
        g.writeStartObject();
        g.writeNumberField("index", i + 1);
        g.writeNumberField("frame", m.frame(i));
        g.writeStringField("time", Times.iso(m.time(i), index.timeDigits()));
        g.writeStringField("src", f == null ? null : f.src());
        g.writeStringField("dst", f == null ? null : f.dst());
        MessageKind kind = m.kind(i);
        if (kind == MessageKind.BGP_MESSAGE) {
            g.writeNumberField("type", m.type(i));
        } else {
            g.writeNullField("type");
        }
        g.writeStringField("type_name", Summaries.typeName(index, i));
        g.writeStringField("kind", kind.label());
        if (kind == MessageKind.BMP_MESSAGE) {
            g.writeNumberField("bmp_type", m.type(i));
        }
        g.writeNumberField("length", m.length(i));
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
        java.util.List<String> decoded = (flags & MessageIndex.F_INCOMPLETE) != 0 ? java.util.List.of() : MessageProblems.of(index, i, sessions);
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
        g.writeStringField("summary", Summaries.summary(index, i, sessions));
        g.writeEndObject();
    }
}
