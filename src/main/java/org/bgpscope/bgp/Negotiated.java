package org.bgpscope.bgp;

import java.util.Set;

/**
 * What decoding a message depends on (ExaBGP's {@code Negotiated}): 4-octet AS numbers, the families
 * whose NLRI carry ADD-PATH path identifiers in this direction, extended messages and extended next
 * hop, and where that knowledge came from.
 */
public record Negotiated(Boolean as4, Set<Family> addPath, boolean addPathKnown, boolean extendedMessage,
                         Set<Family> extendedNextHop, Source source, String note) {
    public enum Source {
        /** Both OPENs of the session were seen. */
        OPENS,
        /** The MRT subtype says it (RFC 6396, RFC 8050). */
        MRT,
        /** No OPEN seen: decoders try both readings and keep the one that parses cleanly. */
        GUESSED,
        /** Given by the user ({@code --assume}). */
        ASSUMED
    }

    public static Negotiated unknown(String why) {
        return new Negotiated(null, Set.of(), false, true, Set.of(), Source.GUESSED, why);
    }

    public boolean addPath(Family f) {
        return addPath.contains(f);
    }
}
