package org.bgpscope.tree;

import java.lang.foreign.MemorySegment;
import org.bgpscope.bgp.Family;
import org.bgpscope.bgp.MessageType;
import org.bgpscope.bgp.MrtNames;
import org.bgpscope.bgp.Negotiated;
import org.bgpscope.bgp.Sessions;
import org.bgpscope.net.CaptureIndex;
import org.bgpscope.net.MessageIndex;
import org.bgpscope.net.MessageKind;

/**
 * Builds the field tree of one index entry: a BGP message (header, then the body decoder its type
 * selects), bytes that could not be framed, or an MRT record. It never throws: where decoding stops,
 * the node carries the reason and the range, and what is left shows as undecoded bytes.
 */
public final class MessageDecoder {
    private MessageDecoder() {}


    /** The tree of a message, the session state it was decoded with, and its bytes. */
    public record Decoded(FieldNode root, Negotiated session, MemorySegment bytes) {}

    public static Decoded decode(CaptureIndex capture, int i, Sessions sessions) {
        MemorySegment bytes = capture.bytes(i);
        MessageIndex m = capture.messages();
        MessageKind kind = m.kind(i);
        Negotiated session = sessions.forMessage(i);
        if (kind == MessageKind.BMP_MESSAGE) {
            // The BGP messages it carries follow it in the index; the tree names their rows.
            int first = i + 1 < m.size() && capture.bmpLinks().parent(i + 1) == i ? i + 1 : -1;
            FieldNode root = guarded(bytes, () -> Bmp.decode(new Wire(bytes), (int) bytes.byteSize(), first));
            return new Decoded(root, session, bytes);
        }
        return new Decoded(decode(bytes, kind, m.type(i), m.length(i), m.flags(i), session), session, bytes);
    }

    /** Decodes bytes as an index entry of {@code kind}; the form the tests and fuzzing call. */
    public static FieldNode decode(MemorySegment bytes, MessageKind kind, int type, int declaredLength, int flags, Negotiated session) {
        int size = (int) bytes.byteSize();
        Wire w = new Wire(bytes);
        FieldNode root;
        try {
            root = switch (kind) {
                case BGP_MESSAGE -> message(new Ctx(w, session, false), size, flags);
                case UNFRAMED -> unframed(w, size, flags);
                case MRT_RIB_ENTRY -> MrtRecords.ribEntry(w, size, session);
                case MRT_STATE_CHANGE -> MrtRecords.stateChange(w, size);
                case MRT_PEER_INDEX -> MrtRecords.peerIndex(w, size);
                case MRT_OTHER -> MrtRecords.other(w, size);
                case BMP_MESSAGE -> Bmp.decode(w, size, -1);
                case TCP_EVENT -> FrameHeaders.decode(bytes, org.bgpscope.net.LinkType.RAW); // events decode in TcpEventTree
            };
        } catch (RuntimeException e) {
            // Fuzzing sets this to see a decoder bug's stack trace rather than a problem on the message.
            if (Boolean.getBoolean("bgpscope.decoder.rethrow")) {
                throw e;
            }
            // A decoder bug must not take the window or an export down: show it on the message.
            root = new FieldNode("message", "bgp", 0, size);
            root.problem(Problem.error(0, "decoder failed: " + e));
        }
        root.fillGaps();
        return root;
    }

    private static final String ALL_ONES = "ff".repeat(16);

    private static FieldNode guarded(MemorySegment bytes, java.util.function.Supplier<FieldNode> d) {
        FieldNode root;
        try {
            root = d.get();
        } catch (RuntimeException e) {
            if (Boolean.getBoolean("bgpscope.decoder.rethrow")) {
                throw e;
            }
            root = new FieldNode("message", "bmp", 0, (int) bytes.byteSize());
            root.problem(Problem.error(0, "decoder failed: " + e));
        }
        root.fillGaps();
        return root;
    }

    private static FieldNode message(Ctx c, int size, int flags) {
        Wire w = c.w();
        FieldNode root = new FieldNode("BGP message", "bgp", 0, size).reference("RFC 4271 §4.1");
        if (size < 19) {
            root.problem(Problem.error(0, "only " + size + " bytes; a BGP header needs 19"));
            return root;
        }
        int type = w.u8(18);
        int length = w.u16(16);
        String typeName = MessageType.name(type);
        FieldNode header = root.add("header", "bgp.header", 0, 19).reference("RFC 4271 §4.1");
        boolean ones = w.u32(0) == 0xFFFFFFFFL && w.u32(4) == 0xFFFFFFFFL && w.u32(8) == 0xFFFFFFFFL && w.u32(12) == 0xFFFFFFFFL;
        FieldNode marker = header.leaf("marker", "bgp.marker", 0, 16, ones ? ALL_ONES : w.hex(0, 16));
        if (!ones) {
            marker.problem(Problem.error(0, "marker is not all ones (RFC 4271 §4.1: Connection Not Synchronized)"));
        }
        FieldNode len = header.leaf("length", "bgp.length", 16, 2, (long) length);
        header.leaf("type", "bgp.type", 18, 1, (long) type).text("type: " + type + " (" + typeName + ")");
        header.value(typeName).text("header: " + typeName + ", " + length + " bytes");
        if ((flags & MessageIndex.F_NO_HEADER) != 0) {
            // MRT type BGP (5) records hold the message without marker, length and type.
            header.reference("RFC 6396 Appendix B.2.1").text("header: " + typeName + ", " + length
                    + " bytes, not in the file: rebuilt from the MRT record's subtype and length");
        }
        int end = size;
        if (length > size) {
            len.problem(Problem.error(16, "the message is " + length + " bytes long but only " + size + " were captured"
                    + ((flags & MessageIndex.F_INCOMPLETE) != 0 ? " (bytes lost in the capture)" : "")));
        } else if (length < size) {
            len.problem(Problem.error(16, "length " + length + " is less than the " + size + " bytes of the record"));
            end = Math.max(19, length);
        }
        if (length > 4096 && c.session().source() == Negotiated.Source.OPENS && !c.session().extendedMessage()) {
            len.problem(Problem.warning(16, "over 4096 bytes without the Extended Message capability on both sides (RFC 8654 §4)"));
        }
        String summary;
        Messages.Decoder d = Messages.REGISTRY.get(type);
        root.reference(Messages.reference(type));
        try {
            if (d == null) {
                root.problem(Problem.error(18, "unknown message type " + type + " (RFC 4271 §6.1: Bad Message Type)"));
                summary = "";
            } else {
                summary = d.decode(c, root, end);
            }
        } catch (Wire.Short e) {
            root.problem(Problem.error(e.offset, typeName + ": " + e.what));
            summary = "malformed";
        }
        root.value(typeName).text(typeName + (summary.isEmpty() ? "" : ": " + summary));
        return root;
    }

    private static FieldNode unframed(Wire w, int size, int flags) {
        if ((flags & MessageIndex.F_BMP) != 0) {
            FieldNode root = new FieldNode("bytes not framed as BMP", "bmp.unframed", 0, size).reference("RFC 7854 §4.1");
            String why = (flags & MessageIndex.F_BAD_MARKER) != 0 ? "no BMP version 3 where a common header should start"
                    : (flags & MessageIndex.F_BAD_LENGTH) != 0 ? "the common header's length or type is not plausible"
                    : (flags & MessageIndex.F_AFTER_GAP) != 0 ? "the tail of a message whose start was lost in the capture"
                    : "the stream was joined in the middle of a message, or it ends inside one";
            root.problem(Problem.error(0, why));
            root.value(size + " bytes").text(size + " bytes not framed as BMP: " + why);
            return root;
        }
        FieldNode root = new FieldNode("bytes not framed as BGP", "bgp.unframed", 0, size).reference("RFC 4271 §4.1");
        String why = (flags & MessageIndex.F_BAD_MARKER) != 0 ? "no marker where a BGP header should start"
                : (flags & MessageIndex.F_BAD_LENGTH) != 0 ? "the header's length is below 19"
                : (flags & MessageIndex.F_AFTER_GAP) != 0 ? "the tail of a message whose start was lost in the capture"
                : "the stream was joined in the middle of a message";
        root.problem(Problem.error(0, why));
        root.value(size + " bytes").text(size + " bytes not framed as BGP: " + why);
        return root;
    }

    static Family ribFamily(int subtype) {
        int base = subtype >= 8 ? subtype - 6 : subtype;
        return switch (base) {
            case 2 -> new Family(1, 1);
            case 3 -> new Family(1, 2);
            case 4 -> new Family(2, 1);
            case 5 -> new Family(2, 2);
            default -> null;
        };
    }

    static String mrtTypeName(int type, int subtype) {
        return switch (type) {
            case 5 -> "BGP " + switch (subtype) {
                case 1 -> "UPDATE";
                case 3 -> "STATE_CHANGE";
                case 5 -> "OPEN";
                case 6 -> "NOTIFY";
                case 7 -> "KEEPALIVE";
                default -> "subtype " + subtype;
            };
            case 12 -> "TABLE_DUMP";
            case 13 -> "TABLE_DUMP_V2 " + MrtNames.tableDumpV2(subtype);
            case 16 -> "BGP4MP " + MrtNames.bgp4mp(subtype);
            case 17 -> "BGP4MP_ET " + MrtNames.bgp4mp(subtype);
            default -> "MRT type " + type + " subtype " + subtype;
        };
    }
}
