package org.bgpscope.tree;

import org.bgpscope.bgp.Negotiated;

/**
 * What a decoder needs besides the bytes: the session's negotiated state, and whether the bytes come
 * from a TABLE_DUMP_V2 RIB entry (where MP_REACH_NLRI is abbreviated, RFC 6396 §4.3.4).
 */
public record Ctx(Wire w, Negotiated session, boolean ribEntry) {
    /** 4-octet AS numbers in AS_PATH and AGGREGATOR; null when the session is unknown. */
    public Boolean as4() {
        return session.as4();
    }
}
