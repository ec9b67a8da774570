package org.bgpscope.export;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import org.bgpscope.net.CaptureIndex;
import org.bgpscope.net.Flow;
import org.bgpscope.net.MessageIndex;
import org.bgpscope.net.Piece;
import org.bgpscope.net.Times;
import org.bgpscope.tree.FieldNode;
import org.bgpscope.tree.MessageDecoder;
import org.bgpscope.tree.Problem;

/**
 * One message as a JSON object: where it is (index, frame, time, endpoints, pieces in the file) and
 * its field tree, each node {@code {name, key, offset, length, value, text, children}} (offset and
 * length within the message), with {@code bitmask}, {@code problems} and {@code reference} where
 * present.
 */
public final class TreeJson {
    private TreeJson() {}

    public static void message(JsonGenerator g, CaptureIndex capture, int i, MessageDecoder.Decoded d) throws IOException {
        MessageIndex m = capture.messages();
        g.writeStartObject();
        g.writeNumberField("index", i + 1);
        g.writeNumberField("frame", m.frame(i));
        g.writeStringField("time", Times.iso(m.time(i), capture.timeDigits()));
        int fid = m.flow(i);
        if (fid >= 0) {
            Flow f = capture.flows().flow(fid);
            g.writeStringField("src", f.src());
            g.writeStringField("dst", f.dst());
        }
        pieces(g, m, i);
        g.writeObjectFieldStart("session");
        g.writeStringField("source", d.session().source().name().toLowerCase());
        if (d.session().as4() != null) {
            g.writeBooleanField("as4", d.session().as4());
        }
        g.writeStringField("note", d.session().note());
        int auth = fid >= 0 && capture.capture().format() != org.bgpscope.capture.CaptureFormat.MRT ? capture.flows().signature(fid) : 0;
        if (auth != 0) {
            // RFC 2385 (option 19) or RFC 5925 (option 29) on the connection's segments.
            g.writeStringField("tcp_auth", auth == 19 ? "md5" : "ao");
        }
        g.writeEndObject();
        g.writeFieldName("tree");
        node(g, d.root());
        g.writeEndObject();
    }

    /** {@code "pieces": [[file_offset, length], ...]}: where message {@code i}'s bytes lie in the file. */
    public static void pieces(JsonGenerator g, MessageIndex m, int i) throws IOException {
        g.writeArrayFieldStart("pieces");
        for (Piece p : m.pieces(i)) {
            g.writeStartArray();
            g.writeNumber(p.fileOffset());
            g.writeNumber(p.length());
            g.writeEndArray();
        }
        g.writeEndArray();
    }

    // Field names written as pre-encoded bytes: a tree is mostly these, and Jackson escapes a plain
    // String again at every write.
    private static final SerializedString NAME = new SerializedString("name"), KEY = new SerializedString("key"),
            OFFSET = new SerializedString("offset"), LENGTH = new SerializedString("length"),
            BITMASK = new SerializedString("bitmask"), VALUE = new SerializedString("value"),
            TEXT = new SerializedString("text"), REFERENCE = new SerializedString("reference"),
            SESSION = new SerializedString("session"), PROBLEMS = new SerializedString("problems"),
            CHILDREN = new SerializedString("children");

    /**
     * Names, keys and references come from the decoders' constants, a few hundred strings written
     * millions of times: each is encoded and escaped once. Bounded, for names a decoder builds.
     */
    private static final java.util.concurrent.ConcurrentHashMap<String, SerializedString> ENCODED =
            new java.util.concurrent.ConcurrentHashMap<>();
    private static final int ENCODED_MAX = 8192;

    private static void writeKnown(JsonGenerator g, String s) throws IOException {
        SerializedString e = ENCODED.get(s);
        if (e == null) {
            if (ENCODED.size() >= ENCODED_MAX) {
                g.writeString(s);
                return;
            }
            e = new SerializedString(s);
            ENCODED.putIfAbsent(s, e);
        }
        g.writeString(e);
    }

    public static void node(JsonGenerator g, FieldNode n) throws IOException {
        g.writeStartObject();
        g.writeFieldName(NAME);
        writeKnown(g, n.name());
        g.writeFieldName(KEY);
        writeKnown(g, n.key());
        g.writeFieldName(OFFSET);
        g.writeNumber(n.offset());
        g.writeFieldName(LENGTH);
        g.writeNumber(n.length());
        if (n.isBitField()) {
            g.writeFieldName(BITMASK);
            g.writeNumber(n.bitMask());
        }
        Object v = n.value();
        g.writeFieldName(VALUE);
        switch (v) {
            case null -> g.writeNull();
            case Long l -> g.writeNumber(l.longValue());
            case Boolean b -> g.writeBoolean(b);
            default -> g.writeString(v.toString());
        }
        g.writeFieldName(TEXT);
        g.writeString(n.text());
        if (n.reference() != null) {
            g.writeFieldName(REFERENCE);
            writeKnown(g, n.reference());
        }
        if (n.session() != null) {
            g.writeFieldName(SESSION);
            g.writeString(n.session());
        }
        if (!n.problems().isEmpty()) {
            g.writeFieldName(PROBLEMS);
            g.writeStartArray();
            for (Problem p : n.problems()) {
                g.writeStartObject();
                g.writeStringField("severity", p.severity().name().toLowerCase());
                g.writeStringField("text", p.text());
                g.writeNumberField("offset", p.offset());
                if (p.action() != null) {
                    g.writeStringField("rfc7606", p.action());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        g.writeFieldName(CHILDREN);
        g.writeStartArray();
        for (int k = 0, count = n.childCount(); k < count; k++) {
            node(g, n.child(k));
        }
        g.writeEndArray();
        g.writeEndObject();
    }
}
