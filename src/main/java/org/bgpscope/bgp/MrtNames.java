package org.bgpscope.bgp;

/** Names of MRT subtypes (RFC 6396 §4, RFC 8050) for index entries that are not BGP messages. */
public final class MrtNames {
    private MrtNames() {}

    public static String tableDumpV2(int subtype) {
        return switch (subtype) {
            case 1 -> "PEER_INDEX_TABLE";
            case 2 -> "RIB_IPV4_UNICAST";
            case 3 -> "RIB_IPV4_MULTICAST";
            case 4 -> "RIB_IPV6_UNICAST";
            case 5 -> "RIB_IPV6_MULTICAST";
            case 6 -> "RIB_GENERIC";
            case 7 -> "GEO_PEER_TABLE";
            case 8 -> "RIB_IPV4_UNICAST_ADDPATH";
            case 9 -> "RIB_IPV4_MULTICAST_ADDPATH";
            case 10 -> "RIB_IPV6_UNICAST_ADDPATH";
            case 11 -> "RIB_IPV6_MULTICAST_ADDPATH";
            case 12 -> "RIB_GENERIC_ADDPATH";
            default -> "TABLE_DUMP_V2 subtype " + subtype;
        };
    }

    public static String bgp4mp(int subtype) {
        return switch (subtype) {
            case 0 -> "STATE_CHANGE";
            case 1 -> "MESSAGE";
            case 4 -> "MESSAGE_AS4";
            case 5 -> "STATE_CHANGE_AS4";
            case 6 -> "MESSAGE_LOCAL";
            case 7 -> "MESSAGE_AS4_LOCAL";
            case 8 -> "MESSAGE_ADDPATH";
            case 9 -> "MESSAGE_AS4_ADDPATH";
            case 10 -> "MESSAGE_LOCAL_ADDPATH";
            case 11 -> "MESSAGE_AS4_LOCAL_ADDPATH";
            default -> "BGP4MP subtype " + subtype;
        };
    }

    /** RFC 6396 §4.4.1 BGP FSM states. */
    public static String state(int state) {
        return switch (state) {
            case 1 -> "Idle";
            case 2 -> "Connect";
            case 3 -> "Active";
            case 4 -> "OpenSent";
            case 5 -> "OpenConfirm";
            case 6 -> "Established";
            default -> "state " + state;
        };
    }
}
