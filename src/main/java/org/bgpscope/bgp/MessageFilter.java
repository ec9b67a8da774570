package org.bgpscope.bgp;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bgpscope.capture.Bytes;
import org.bgpscope.net.CaptureIndex;
import org.bgpscope.net.Flow;
import org.bgpscope.net.MessageIndex;
import org.bgpscope.net.MessageKind;

/**
 * The search bar's filter, read straight from the bytes (no field tree): words are ANDed.
 * <pre>
 *   type:update  type:2        message type by name or number
 *   peer:10.0.0.1              source or destination address
 *   asn:65001                  anywhere in AS_PATH or AS4_PATH (AS_SET members too)
 *   prefix:192.0.2.0/24        announced or withdrawn, exact
 *   prefix:10.0.0.0/8+         announced or withdrawn inside 10.0.0.0/8 (covering)
 *   community:65001:100        standard community; large ones as a:b:c
 *   anything else              free text in the summary, type name or endpoints
 * </pre>
 */
public final class MessageFilter {
    sealed interface Term permits TypeTerm, PeerTerm, AsnTerm, OriginTerm, PrefixTerm, CommunityTerm, TextTerm {}

    record TypeTerm(int type) implements Term {}

    record PeerTerm(String address) implements Term {}

    record AsnTerm(long asn) implements Term {}

    /** The AS that originated the route: the last AS of the path's last AS_SEQUENCE (RFC 4271 §5.1.2). */
    record OriginTerm(long asn) implements Term {}

    /** Prefix as address bytes (16 for IPv6), bit length, and whether more specifics match. */
    record PrefixTerm(byte[] address, int bits, boolean covering) implements Term {}

    record CommunityTerm(long[] parts) implements Term {}

    record TextTerm(String text) implements Term {}

    private final List<Term> terms;

    private MessageFilter(List<Term> terms) {
        this.terms = terms;
    }

    public boolean isEmpty() {
        return terms.isEmpty();
    }

    public static MessageFilter parse(String text) {
        List<Term> terms = new ArrayList<>();
        for (String w : text.trim().split("\\s+")) {
            if (w.isEmpty()) {
                continue;
            }
            int colon = w.indexOf(':');
            String k = colon > 0 ? w.substring(0, colon).toLowerCase(Locale.ROOT) : "";
            String v = colon > 0 ? w.substring(colon + 1) : w;
            switch (k) {
                case "type" -> terms.add(new TypeTerm(type(v)));
                case "peer" -> terms.add(new PeerTerm(v));
                case "asn", "as" -> terms.add(new AsnTerm(asn(v)));
                case "origin" -> terms.add(new OriginTerm(asn(v)));
                case "prefix" -> terms.add(prefix(v));
                case "community" -> {
                    String[] p = v.split(":");
                    long[] parts = new long[p.length];
                    for (int i = 0; i < p.length; i++) {
                        parts[i] = Long.parseLong(p[i]);
                    }
                    if (parts.length != 2 && parts.length != 3) {
                        throw new IllegalArgumentException("community:A:B or community:A:B:C, not " + v);
                    }
                    terms.add(new CommunityTerm(parts));
                }
                default -> terms.add(new TextTerm(w.toLowerCase(Locale.ROOT)));
            }
        }
        return new MessageFilter(List.copyOf(terms));
    }

    private static long asn(String v) {
        try {
            return Long.parseLong(v.toUpperCase(Locale.ROOT).replace("AS", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("an AS number, as in asn:65001 or origin:AS65001, not " + v);
        }
    }

    private static int type(String v) {
        return switch (v.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "")) {
            case "open" -> 1;
            case "update" -> 2;
            case "notification" -> 3;
            case "keepalive" -> 4;
            case "routerefresh", "refresh" -> 5;
            default -> Integer.parseInt(v);
        };
    }

    private static PrefixTerm prefix(String v) {
        boolean covering = v.endsWith("+");
        String p = covering ? v.substring(0, v.length() - 1) : v;
        int slash = p.indexOf('/');
        String addr = slash < 0 ? p : p.substring(0, slash);
        try {
            byte[] a = java.net.InetAddress.ofLiteral(addr).getAddress();
            int bits = slash < 0 ? a.length * 8 : Integer.parseInt(p.substring(slash + 1));
            return new PrefixTerm(a, bits, covering);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("prefix:ADDRESS/LENGTH (with + for more specifics), not " + v);
        }
    }

    /** Whether message {@code i} matches every word. */
    public boolean matches(CaptureIndex capture, Sessions sessions, int i) {
        MessageIndex m = capture.messages();
        for (Term t : terms) {
            boolean ok = switch (t) {
                case TypeTerm tt -> m.kind(i) == MessageKind.BGP_MESSAGE && m.type(i) == tt.type();
                case PeerTerm pt -> {
                    Flow f = m.flow(i) < 0 ? null : capture.flows().flow(m.flow(i));
                    yield f != null && (f.srcAddress().equals(pt.address()) || f.dstAddress().equals(pt.address()));
                }
                case TextTerm tt -> text(capture, i).contains(tt.text());
                case AsnTerm at -> update(capture, sessions, i, new UpdateScan.Want(at, null, null, null));
                case OriginTerm ot -> update(capture, sessions, i, new UpdateScan.Want(null, ot, null, null));
                case PrefixTerm pt -> update(capture, sessions, i, new UpdateScan.Want(null, null, pt, null));
                case CommunityTerm ct -> update(capture, sessions, i, new UpdateScan.Want(null, null, null, ct));
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static String text(CaptureIndex capture, int i) {
        Flow f = capture.messages().flow(i) < 0 ? null : capture.flows().flow(capture.messages().flow(i));
        return (Summaries.typeName(capture, i) + " " + Summaries.summary(capture, i) + (f == null ? "" : " " + f.src() + " " + f.dst()))
                .toLowerCase(Locale.ROOT);
    }

    private static boolean update(CaptureIndex capture, Sessions sessions, int i, UpdateScan.Want want) {
        MessageIndex m = capture.messages();
        MessageKind kind = m.kind(i);
        if (kind == MessageKind.BGP_MESSAGE && m.type(i) == MessageType.UPDATE) {
            MemorySegment b = capture.bytes(i);
            return UpdateScan.update(b, sessions.forMessage(i), want);
        }
        if (kind == MessageKind.MRT_RIB_ENTRY && m.pieceCount(i) == 2) {
            // TABLE_DUMP_V2: read in place, not copied (a RIB dump has tens of millions of entries).
            return UpdateScan.ribEntry(capture.piece(i, 0), capture.piece(i, 1), want);
        }
        return false;
    }

    static boolean prefixMatches(PrefixTerm t, MemorySegment b, long off, int bits, int addressBytes) {
        if (t.address().length != addressBytes) {
            return false;
        }
        if (t.covering() ? bits < t.bits() : bits != t.bits()) {
            return false;
        }
        int whole = t.bits() / 8;
        for (int k = 0; k < whole; k++) {
            if ((byte) Bytes.u8(b, off + k) != t.address()[k]) {
                return false;
            }
        }
        int rest = t.bits() % 8;
        if (rest > 0) {
            int mask = 0xFF << (8 - rest) & 0xFF;
            return (Bytes.u8(b, off + whole) & mask) == (t.address()[whole] & mask);
        }
        return true;
    }
}
