package org.bgpscope.cli;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import org.bgpscope.bgp.Summaries;
import org.bgpscope.net.CaptureIndex;
import org.bgpscope.net.Flow;
import org.bgpscope.net.MessageIndex;
import org.bgpscope.net.MessageKind;
import org.bgpscope.net.Times;

/** {@code bgpscope list}: one line per indexed message, as text or JSON Lines. */
final class ListOutput {
    private ListOutput() {}

    static void text(CaptureIndex index, PrintStream out) {
        MessageIndex m = index.messages();
        org.bgpscope.bgp.Sessions sessions = new org.bgpscope.bgp.Sessions(index);
        int digits = index.timeDigits();
        StringBuilder sb = new StringBuilder(160);
        for (int i = 0; i < m.size(); i++) {
            sb.setLength(0);
            Flow f = flow(index, i);
            sb.append(i + 1).append('\t').append(m.frame(i)).append('\t').append(Times.iso(m.time(i), digits)).append('\t')
                    .append(f == null ? "-" : f.src()).append(" → ").append(f == null ? "-" : f.dst()).append('\t')
                    .append(Summaries.typeName(index, i)).append('\t').append(m.length(i)).append('\t')
                    .append(Summaries.summary(index, i, sessions));
            out.println(sb);
        }
    }

    static Flow flow(CaptureIndex index, int i) {
        int id = index.messages().flow(i);
        return id < 0 ? null : index.flows().flow(id);
    }

    static void json(CaptureIndex index, PrintStream out) {
        MessageIndex m = index.messages();
        org.bgpscope.bgp.Sessions sessions = new org.bgpscope.bgp.Sessions(index);
        int digits = index.timeDigits();
        try (JsonGenerator g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)) {
            g.setPrettyPrinter(new MinimalPrettyPrinter("\n"));
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            for (int i = 0; i < m.size(); i++) {
                Flow f = flow(index, i);
                g.writeStartObject();
                g.writeNumberField("index", i + 1);
                g.writeNumberField("frame", m.frame(i));
                g.writeStringField("time", Times.iso(m.time(i), digits));
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
                g.writeNumberField("length", m.length(i));
                org.bgpscope.export.TreeJson.pieces(g, m, i);
                if (f != null && f.srcAs() >= 0) {
                    g.writeNumberField("peer_as", f.srcAs());
                }
                int flags = m.flags(i);
                if ((flags & (MessageIndex.F_INCOMPLETE | MessageIndex.F_BAD_MARKER | MessageIndex.F_BAD_LENGTH | MessageIndex.F_AFTER_GAP)) != 0) {
                    g.writeArrayFieldStart("problems");
                    if ((flags & MessageIndex.F_INCOMPLETE) != 0) g.writeString("incomplete");
                    if ((flags & MessageIndex.F_BAD_MARKER) != 0) g.writeString("bad_marker");
                    if ((flags & MessageIndex.F_BAD_LENGTH) != 0) g.writeString("bad_length");
                    if ((flags & MessageIndex.F_AFTER_GAP) != 0) g.writeString("after_gap");
                    g.writeEndArray();
                }
                g.writeStringField("summary", Summaries.summary(index, i, sessions));
                g.writeEndObject();
            }
            if (m.size() > 0) {
                g.writeRaw('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
