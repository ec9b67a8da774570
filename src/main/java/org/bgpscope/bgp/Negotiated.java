package org.bgpscope.bgp;

import java.util.Map;
import java.util.Set;

/**
 * What decoding a message depends on (ExaBGP's {@code Negotiated}): 4-octet AS numbers, the families
 * whose NLRI carry ADD-PATH path identifiers in this direction, extended messages and extended next
 * hop, and where that knowledge came from: for the AS number width and for each family, the reason
 * the session model decided as it did ({@link #as4Why}, {@link #addPathWhy(Family)}).
 */
public record Negotiated(Boolean as4, Set<Family> addPath, boolean addPathKnown, boolean extendedMessage,
                         Set<Family> extendedNextHop, Source source, String note, String as4Why,
                         Map<Family, String> addPathReasons) {
    public enum Source {
        /** Both OPENs of the session were seen. */
        OPENS,
        /** The MRT subtype says it (RFC 6396, RFC 8050). */
        MRT,
        /** Decided from what the session's messages parse as, or by default. */
        GUESSED,
        /** Given by the user ({@code --assume}, Decode as…). */
        ASSUMED
    }

    /** A state with one reason for everything (tests, fuzzing, MRT RIB entries). */
    public Negotiated(Boolean as4, Set<Family> addPath, boolean addPathKnown, boolean extendedMessage,
                      Set<Family> extendedNextHop, Source source, String note) {
        this(as4, addPath, addPathKnown, extendedMessage, extendedNextHop, source, note, note, Map.of());
    }

    /** Nothing known: decoders try both readings of each field and say so. */
    public static Negotiated unknown(String why) {
        return new Negotiated(null, Set.of(), false, true, Set.of(), Source.GUESSED, why);
    }

    public boolean addPath(Family f) {
        return addPath.contains(f);
    }

    /** Why ADD-PATH is on or off for {@code f} in this direction. */
    public String addPathWhy(Family f) {
        String why = addPathReasons.get(f);
        return why != null ? why : note;
    }

    /** "ADD-PATH for IPv6 unicast: on, inferred: ..." for the Details pane and {@code decode}. */
    public String describeAddPath(Family f) {
        return "ADD-PATH for " + f + ": " + (addPath(f) ? "on" : "off") + ", " + addPathWhy(f);
    }

    /** "4-octet AS numbers: from the OPENs in messages 1 and 2". */
    public String describeAs4() {
        return (as4 == null ? "AS number width unknown" : as4 ? "4-octet AS numbers" : "2-octet AS numbers") + ": " + as4Why;
    }
}
