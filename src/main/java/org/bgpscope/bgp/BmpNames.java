package org.bgpscope.bgp;

/** Names of BMP codes (RFC 7854 §4 and the IANA "BGP Monitoring Protocol (BMP) Parameters" registries). */
public final class BmpNames {
    private BmpNames() {}

    /** Message types, RFC 7854 §4.1, §10.1. */
    public static String type(int t) {
        return switch (t) {
            case 0 -> "Route Monitoring";
            case 1 -> "Statistics Report";
            case 2 -> "Peer Down";
            case 3 -> "Peer Up";
            case 4 -> "Initiation";
            case 5 -> "Termination";
            case 6 -> "Route Mirroring";
            default -> "BMP type " + t;
        };
    }

    /** Peer types, RFC 7854 §4.2, RFC 9069 §4.1. */
    public static String peerType(int t) {
        return switch (t) {
            case 0 -> "Global Instance Peer";
            case 1 -> "RD Instance Peer";
            case 2 -> "Local Instance Peer";
            case 3 -> "Loc-RIB Instance Peer";
            default -> "peer type " + t;
        };
    }

    /** Statistics types, RFC 7854 §4.8 and the later IANA registrations (RFC 8671 §5, RFC 9069 §6.1, draft-ietf-grow-bmp-bgp-rib-stats). */
    public static String stat(int t) {
        return switch (t) {
            case 0 -> "prefixes rejected by inbound policy";
            case 1 -> "known duplicate prefix advertisements";
            case 2 -> "known duplicate withdraws";
            case 3 -> "updates invalidated by a CLUSTER_LIST loop";
            case 4 -> "updates invalidated by an AS_PATH loop";
            case 5 -> "updates invalidated by ORIGINATOR_ID";
            case 6 -> "updates invalidated by an AS_CONFED loop";
            case 7 -> "routes in Adj-RIBs-In";
            case 8 -> "routes in Loc-RIB";
            case 9 -> "routes in per-AFI/SAFI Adj-RIB-In";
            case 10 -> "routes in per-AFI/SAFI Loc-RIB";
            case 11 -> "updates treated as withdraw";
            case 12 -> "prefixes treated as withdraw";
            case 13 -> "duplicate update messages received";
            case 14 -> "routes in pre-policy Adj-RIB-Out";
            case 15 -> "routes in post-policy Adj-RIB-Out";
            case 16 -> "routes in per-AFI/SAFI pre-policy Adj-RIB-Out";
            case 17 -> "routes in per-AFI/SAFI post-policy Adj-RIB-Out";
            case 18 -> "routes in per-AFI/SAFI Adj-RIB-In rejected by the route limit";
            case 19 -> "routes in per-AFI/SAFI Adj-RIB-In accepted";
            case 20 -> "routes in per-AFI/SAFI Adj-RIB-In rejected by the maximum-prefix limit";
            default -> "statistics type " + t;
        };
    }

    /** Peer Down reasons, RFC 7854 §4.9, RFC 9069 §4.4. */
    public static String peerDownReason(int r) {
        return switch (r) {
            case 1 -> "local system closed the session, NOTIFICATION follows";
            case 2 -> "local system closed the session, FSM event follows";
            case 3 -> "remote system closed the session with a NOTIFICATION";
            case 4 -> "remote system closed the session without a NOTIFICATION";
            case 5 -> "peer de-configured";
            case 6 -> "Loc-RIB closed, information TLVs follow";
            default -> "reason " + r;
        };
    }

    /** Information TLV types of Initiation and Peer Up, RFC 7854 §4.4, RFC 9069 §5.1. */
    public static String infoTlv(int t) {
        return switch (t) {
            case 0 -> "String";
            case 1 -> "sysDescr";
            case 2 -> "sysName";
            case 3 -> "VRF/Table Name";
            case 4 -> "Admin Label";
            default -> "information type " + t;
        };
    }

    /** Termination TLV types, RFC 7854 §4.5. */
    public static String terminationTlv(int t) {
        return switch (t) {
            case 0 -> "String";
            case 1 -> "Reason";
            default -> "termination type " + t;
        };
    }

    /** Termination reasons, RFC 7854 §4.5. */
    public static String terminationReason(int r) {
        return switch (r) {
            case 0 -> "session administratively closed";
            case 1 -> "unspecified reason";
            case 2 -> "out of resources";
            case 3 -> "redundant connection";
            case 4 -> "session permanently administratively closed";
            default -> "reason " + r;
        };
    }

    /** Route Mirroring TLV types and information codes, RFC 7854 §4.7. */
    public static String mirroringTlv(int t) {
        return switch (t) {
            case 0 -> "BGP Message";
            case 1 -> "Information";
            default -> "mirroring type " + t;
        };
    }

    public static String mirroringInfo(int c) {
        return switch (c) {
            case 0 -> "errored PDU";
            case 1 -> "messages lost";
            default -> "code " + c;
        };
    }
}
