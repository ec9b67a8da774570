package org.bgpscope.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.util.HashSet;
import java.util.Set;
import org.bgpscope.bgp.Family;
import org.bgpscope.bgp.Negotiated;
import org.bgpscope.export.TreeJson;
import org.bgpscope.net.MessageIndex;
import org.bgpscope.net.MessageKind;
import org.bgpscope.tree.FieldNode;
import org.bgpscope.tree.MessageDecoder;
import org.bgpscope.tree.Problem;

/**
 * The field-tree decoder on arbitrary bytes under arbitrary session state. It must never throw (the
 * decoder's own catch-all turns an exception into a "decoder failed" problem, which counts as a
 * finding here), and the tree must keep the invariants {@code TreeInvariantsTest} checks on real
 * captures: the root spans the message, every child lies inside its parent, every byte lies in
 * exactly one leaf. Every node's text and the tree's JSON must be writable too.
 *
 * <p>Input: 4 header bytes, then the message (see {@link #input}).
 */
class MessageDecoderFuzzTest {
    /** The families ADD-PATH and extended next hop bits select from. */
    static final Family[] FAMILIES = {new Family(1, 1), new Family(2, 1), new Family(1, 2), new Family(1, 4),
        new Family(1, 128), new Family(2, 128), new Family(25, 70), new Family(1, 133)};
    static final MessageKind[] KINDS = MessageKind.values();

    @FuzzTest
    void decode(byte[] data) {
        if (data.length < 4) {
            return;
        }
        Negotiated session = session(data);
        MessageKind kind = KINDS[(data[3] & 7) % KINDS.length];
        int fb = (data[3] & 0xFF) >>> 3;
        int flags = (fb & 15) | ((fb & 16) != 0 ? MessageIndex.F_NO_HEADER : 0);
        byte[] message = java.util.Arrays.copyOfRange(data, 4, data.length);
        int type = message.length > 18 ? message[18] & 0xFF : 0;
        int length = message.length > 17 ? (message[16] & 0xFF) << 8 | (message[17] & 0xFF) : 0;
        FieldNode root = MessageDecoder.decode(MemorySegment.ofArray(message), kind, type, length, flags, session);
        if (decoderFailed(root)) {
            // Decode again with the decoder's catch-all off, so the finding carries the stack trace.
            System.setProperty("bgpscope.decoder.rethrow", "true");
            try {
                MessageDecoder.decode(MemorySegment.ofArray(message), kind, type, length, flags, session);
            } finally {
                System.clearProperty("bgpscope.decoder.rethrow");
            }
        }
        checkTree(root, message.length);
    }

    static boolean decoderFailed(FieldNode n) {
        for (Problem p : n.problems()) {
            if (p.text().startsWith("decoder failed")) {
                return true;
            }
        }
        for (FieldNode c : n.children()) {
            if (decoderFailed(c)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Byte 0: bits 0-1 4-octet AS (0 unknown, 1 no, 2-3 yes), bit 2 ADD-PATH known, bit 3 extended
     * messages, bits 4-5 where the state came from; byte 1: ADD-PATH families, byte 2: extended next
     * hop families (bits over {@link #FAMILIES}); byte 3: bits 0-2 the entry kind, bits 3-6 the index
     * flags F_INCOMPLETE to F_AFTER_GAP, bit 7 F_NO_HEADER.
     */
    static Negotiated session(byte[] d) {
        int b0 = d[0] & 0xFF;
        Boolean as4 = switch (b0 & 3) {
            case 0 -> null;
            case 1 -> false;
            default -> true;
        };
        Negotiated.Source source = Negotiated.Source.values()[(b0 >>> 4) & 3];
        return new Negotiated(as4, families(d[1]), (b0 & 4) != 0, (b0 & 8) != 0, families(d[2]), source, "fuzz");
    }

    private static Set<Family> families(byte bits) {
        Set<Family> s = new HashSet<>();
        for (int k = 0; k < 8; k++) {
            if ((bits >> k & 1) != 0) {
                s.add(FAMILIES[k]);
            }
        }
        return Set.copyOf(s);
    }

    /** The header bytes that {@link #session} and {@link #decode} read back. */
    static byte[] header(Negotiated n, MessageKind kind, int flags) {
        int b0 = (n.as4() == null ? 0 : n.as4() ? 2 : 1) | (n.addPathKnown() ? 4 : 0) | (n.extendedMessage() ? 8 : 0)
                | n.source().ordinal() << 4;
        return new byte[] {(byte) b0, bits(n.addPath()), bits(n.extendedNextHop()), (byte) (kind.ordinal() | ((flags & 15) | ((flags & MessageIndex.F_NO_HEADER) != 0 ? 16 : 0)) << 3)};
    }

    private static byte bits(Set<Family> s) {
        int b = 0;
        for (int k = 0; k < 8; k++) {
            if (s.contains(FAMILIES[k])) {
                b |= 1 << k;
            }
        }
        return (byte) b;
    }

    /** The invariants of a decoded tree; throws AssertionError naming the node that breaks one. */
    static void checkTree(FieldNode root, int size) {
        if (root.offset() != 0 || root.length() != size) {
            throw new AssertionError("the root " + root + " does not span the " + size + " bytes");
        }
        int[] cover = new int[size];
        walk(root, cover);
        for (int k = 0; k < size; k++) {
            if (cover[k] != 1) {
                throw new AssertionError("byte " + k + " lies in " + cover[k] + " leaves\n" + root);
            }
        }
        try {
            JsonGenerator g = new JsonFactory().createGenerator(OutputStream.nullOutputStream());
            TreeJson.node(g, root);
            g.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void walk(FieldNode n, int[] cover) {
        for (Problem p : n.problems()) {
            if (p.text().startsWith("decoder failed")) {
                throw new AssertionError(n.name() + ": " + p.text());
            }
        }
        if (n.text() == null) {
            throw new AssertionError(n.name() + " has no text");
        }
        boolean leaf = true;
        for (FieldNode c : n.children()) {
            if (c.offset() < n.offset() || c.end() > n.end() || c.length() < 0) {
                throw new AssertionError(c + " lies outside its parent " + n);
            }
            if (!c.isBitField()) {
                leaf = false;
                walk(c, cover);
            }
        }
        if (leaf) {
            for (int k = n.offset(); k < n.end(); k++) {
                cover[k]++;
            }
        }
    }
}
