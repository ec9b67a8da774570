package org.bgpscope.tree;

import org.bgpscope.bgp.Negotiated;

/**
 * What a decoder needs besides the bytes: the session's negotiated state, whether the bytes come
 * from a TABLE_DUMP_V2 RIB entry (where MP_REACH_NLRI is abbreviated, RFC 6396 §4.3.4), and whether
 * the route's encapsulation makes EVPN label fields VNIs (RFC 8365 §5.1.3).
 */
public record Ctx(Wire w, Negotiated session, boolean ribEntry, boolean vxlan) {
    public Ctx(Wire w, Negotiated session, boolean ribEntry) {
        this(w, session, ribEntry, false);
    }

    /** The same context for a message whose extended communities name a VXLAN-like encapsulation. */
    public Ctx withVxlan(boolean v) {
        return new Ctx(w, session, ribEntry, v);
    }

    /** 4-octet AS numbers in AS_PATH and AGGREGATOR; null when the session is unknown. */
    public Boolean as4() {
        return session.as4();
    }
}
