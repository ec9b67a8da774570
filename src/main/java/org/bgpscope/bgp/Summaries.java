package org.bgpscope.bgp;

import java.lang.foreign.MemorySegment;
import org.bgpscope.capture.Bytes;
import org.bgpscope.net.CaptureIndex;
import org.bgpscope.net.MessageIndex;
import org.bgpscope.net.MessageKind;

/**
 * One-line summaries and type names for index entries, read straight from the bytes without
 * building a field tree (the message list and {@code bgpscope list} call this for every row).
 */
public final class Summaries {
    private Summaries() {}

    public static String typeName(CaptureIndex capture, int i) {
        MessageIndex m = capture.messages();
        return switch (m.kind(i)) {
            case BGP_MESSAGE -> MessageType.name(m.type(i));
            case UNFRAMED -> "UNFRAMED";
            case MRT_STATE_CHANGE -> "STATE_CHANGE";
            case MRT_PEER_INDEX -> "PEER_INDEX_TABLE";
            case MRT_RIB_ENTRY -> isTableDumpV1(capture, i) ? "TABLE_DUMP" : MrtNames.tableDumpV2(m.type(i));
            case MRT_OTHER -> "MRT";
            case BMP_MESSAGE -> "BMP " + BmpNames.type(m.type(i));
            case TCP_EVENT -> "TCP"; // never in the message index
        };
    }

    private static boolean isTableDumpV1(CaptureIndex capture, int i) {
        MessageIndex m = capture.messages();
        return !m.hasPieces(i) && Bytes.u16(capture.capture().data(), m.rawOffset(i) + 4) == 12;
    }

    public static String summary(CaptureIndex capture, int i) {
        return summary(capture, i, null);
    }

    /** With {@code sessions}, UPDATE summaries read ADD-PATH and 4-octet AS as the session negotiated. */
    public static String summary(CaptureIndex capture, int i, Sessions sessions) {
        return append(new StringBuilder(), capture, i, sessions).toString();
    }

    /** Appends what {@link #summary} returns to {@code out}, with no String on the way (the list writes millions). */
    public static StringBuilder append(StringBuilder out, CaptureIndex capture, int i, Sessions sessions) {
        MessageIndex m = capture.messages();
        int flags = m.flags(i);
        int start = out.length();
        MessageKind kind = m.kind(i);
        try {
            if (kind == MessageKind.MRT_RIB_ENTRY && m.pieceCount(i) == 2) {
                // A TABLE_DUMP_V2 entry: its record's header and prefix, and its peer's entry, read in place.
                UpdateSummary.ribEntry(capture.piece(i, 0), capture.piece(i, 1), out);
                return trim(out, start);
            }
            MemorySegment b = capture.bytes(i);
            switch (kind) {
                case BGP_MESSAGE -> {
                    if (m.type(i) == MessageType.UPDATE && b.byteSize() >= 23) {
                        UpdateSummary.of(b, sessions == null ? Negotiated.unknown("") : sessions.forMessage(i), out);
                    } else {
                        message(b, m.type(i), out);
                    }
                }
                case UNFRAMED -> out.append(b.byteSize()).append((flags & MessageIndex.F_BMP) != 0 ? " bytes that are not a BMP message"
                        : " bytes that are not a BGP message");
                case BMP_MESSAGE -> bmp(capture, i, b, start, out);
                case MRT_STATE_CHANGE -> stateChange(b, out);
                case MRT_RIB_ENTRY -> out.append(isTableDumpV1(capture, i) ? UpdateSummary.tableDump(b) : b.byteSize() + " bytes");
                case MRT_PEER_INDEX -> peerIndex(b, out);
                case MRT_OTHER ->
                        out.append(b.byteSize()).append(" bytes");
            }
        } catch (IndexOutOfBoundsException e) {
            out.append("(cut short)");
        }
        if ((flags & MessageIndex.F_INCOMPLETE) != 0) {
            out.append(" [incomplete: ").append(m.bytesPresent(i)).append(" of ").append(m.length(i)).append(" bytes captured]");
        }
        if ((flags & MessageIndex.F_BAD_MARKER) != 0) {
            out.append(" [bad marker]");
        }
        if ((flags & MessageIndex.F_BAD_LENGTH) != 0) {
            out.append(" [bad length]");
        }
        if ((flags & MessageIndex.F_AFTER_GAP) != 0) {
            out.append(" [after lost bytes]");
        }
        return trim(out, start);
    }

    /** Trims white space, as {@link String#trim} does, from what was appended after {@code start}. */
    private static StringBuilder trim(StringBuilder sb, int start) {
        int end = sb.length();
        while (end > start && sb.charAt(end - 1) <= ' ') {
            end--;
        }
        sb.setLength(end);
        int first = start;
        while (first < end && sb.charAt(first) <= ' ') {
            first++;
        }
        if (first > start) {
            sb.delete(start, first);
        }
        return sb;
    }

    /** "collector 192.0.2.1, 3 peers" (RFC 6396 §4.3.1: collector BGP ID, view name, peer count). */
    private static void peerIndex(MemorySegment b, StringBuilder sb) {
        int nameLength = Bytes.u16(b, 16);
        int peers = Bytes.u16(b, 18L + nameLength);
        sb.append("collector ").append(org.bgpscope.net.Addresses.format(b, 12, 4));
        if (nameLength > 0) {
            sb.append(", view \"").append(new String(Bytes.copy(b, 18, nameLength), java.nio.charset.StandardCharsets.UTF_8)).append('"');
        }
        sb.append(", ").append(peers).append(peers == 1 ? " peer" : " peers");
    }

    /**
     * A BMP message: its peer and view, and what it carries (RFC 7854 §4). Appends to {@code sb}
     * after its first {@code start} characters, which are not this summary's.
     */
    private static void bmp(CaptureIndex capture, int i, MemorySegment b, int start, StringBuilder sb) {
        long n = b.byteSize();
        int type = capture.messages().type(i);
        if (type != 4 && type != 5 && n >= 48) {
            int peerType = Bytes.u8(b, 6);
            int flags = Bytes.u8(b, 7);
            if (peerType == 3) {
                sb.append("Loc-RIB");
            } else {
                sb.append((flags & 0x80) != 0 ? org.bgpscope.net.Addresses.format(b, 16, 16) : org.bgpscope.net.Addresses.format(b, 28, 4))
                        .append(" AS ").append(Bytes.u32(b, 32)).append((flags & 0x10) != 0 ? " Adj-RIB-Out" : " Adj-RIB-In")
                        .append((flags & 0x40) != 0 ? " post-policy" : " pre-policy");
            }
        }
        switch (type) {
            case 4, 5 -> strings(b, start, sb);
            case 1 -> {
                if (n >= 52) {
                    sb.append(", ").append(Bytes.u32(b, 48)).append(" counters");
                }
            }
            case 2 -> {
                if (n >= 49) {
                    sb.append(", ").append(BmpNames.peerDownReason(Bytes.u8(b, 48)));
                }
            }
            default -> { }
        }
        int carried = 0;
        org.bgpscope.net.BmpLinks links = capture.bmpLinks();
        for (int k = i + 1; k < capture.messages().size() && links.parent(k) == i; k++) {
            carried++;
        }
        if (carried > 0) {
            sb.append(sb.length() == start ? "" : ", ").append(carried == 1 ? "carries message " + (i + 2)
                    : "carries messages " + (i + 2) + "-" + (i + 1 + carried));
        }
        if (sb.length() == start) {
            sb.append(n).append(" bytes");
        }
    }

    /** The string TLVs of an Initiation or Termination (RFC 7854 §4.4, §4.5), joined. */
    private static void strings(MemorySegment b, int start, StringBuilder sb) {
        long n = b.byteSize();
        for (long p = 6; p + 4 <= n; ) {
            int t = Bytes.u16(b, p);
            int l = Bytes.u16(b, p + 2);
            if (p + 4 + l > n) {
                break;
            }
            boolean reason = Bytes.u8(b, 5) == 5 && t == 1;
            if (reason && l == 2) {
                sb.append(sb.length() == start ? "" : ", ").append(BmpNames.terminationReason(Bytes.u16(b, p + 4)));
            } else if (!reason && l > 0) {
                byte[] s = b.asSlice(p + 4, l).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
                sb.append(sb.length() == start ? "" : ", ").append(new String(s, java.nio.charset.StandardCharsets.UTF_8).replaceAll("\\p{Cntrl}", " "));
            }
            p += 4 + l;
        }
    }

    private static void message(MemorySegment b, int type, StringBuilder sb) {
        long n = b.byteSize();
        switch (type) {
            case MessageType.OPEN -> {
                if (n >= 29) {
                    sb.append("version ").append(Bytes.u8(b, 19)).append(", AS ").append(Bytes.u16(b, 20))
                            .append(", hold ").append(Bytes.u16(b, 22)).append(" s, id ")
                            .append(Bytes.u8(b, 24)).append('.').append(Bytes.u8(b, 25)).append('.')
                            .append(Bytes.u8(b, 26)).append('.').append(Bytes.u8(b, 27));
                }
            }
            case MessageType.UPDATE -> {
                if (n >= 23) {
                    int withdrawn = Bytes.u16(b, 19);
                    long attrsAt = 21L + withdrawn;
                    if (attrsAt + 2 <= n) {
                        int attrs = Bytes.u16(b, attrsAt);
                        long nlri = n - attrsAt - 2 - attrs;
                        if (withdrawn == 0 && attrs == 0) {
                            sb.append("End-of-RIB IPv4 unicast");
                        } else {
                            sb.append("withdrawn ").append(withdrawn).append(" B, attributes ").append(attrs)
                                    .append(" B, NLRI ").append(Math.max(0, nlri)).append(" B");
                        }
                    }
                }
            }
            case MessageType.NOTIFICATION -> {
                if (n >= 21) {
                    int code = Bytes.u8(b, 19);
                    int sub = Bytes.u8(b, 20);
                    sb.append(Notifications.describe(code, sub));
                    // RFC 9003 §2: Cease subcodes 2 and 4 may carry a UTF-8 shutdown communication.
                    if (code == 6 && (sub == 2 || sub == 4) && n > 21 && 22 + Bytes.u8(b, 21) <= n && Bytes.u8(b, 21) > 0) {
                        byte[] text = b.asSlice(22, Bytes.u8(b, 21)).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
                        sb.append(": \"").append(new String(text, java.nio.charset.StandardCharsets.UTF_8)).append('"');
                    }
                }
            }
            case MessageType.ROUTE_REFRESH -> {
                if (n >= 23) {
                    sb.append("AFI ").append(Bytes.u16(b, 19)).append(", SAFI ").append(Bytes.u8(b, 22));
                    int sub = Bytes.u8(b, 21);
                    if (sub == 1) {
                        sb.append(", BoRR");
                    } else if (sub == 2) {
                        sb.append(", EoRR");
                    }
                }
            }
            default -> { }
        }
    }

    private static void stateChange(MemorySegment record, StringBuilder sb) {
        long n = record.byteSize();
        if (n >= 4) {
            int oldState = Bytes.u16(record, n - 4);
            int newState = Bytes.u16(record, n - 2);
            sb.append(MrtNames.state(oldState)).append(" → ").append(MrtNames.state(newState));
        }
    }
}
