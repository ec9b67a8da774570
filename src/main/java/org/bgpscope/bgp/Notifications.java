package org.bgpscope.bgp;

/** NOTIFICATION error codes and subcodes by name (IANA "BGP Error (Notification) Codes" and subcodes). */
public final class Notifications {
    private Notifications() {}

    public static String code(int code) {
        return switch (code) {
            case 1 -> "Message Header Error";
            case 2 -> "OPEN Message Error";
            case 3 -> "UPDATE Message Error";
            case 4 -> "Hold Timer Expired";
            case 5 -> "Finite State Machine Error";
            case 6 -> "Cease";
            case 7 -> "ROUTE-REFRESH Message Error";
            case 8 -> "Send Hold Timer Expired";
            default -> "error code " + code;
        };
    }

    public static String subcode(int code, int sub) {
        String s = switch (code) {
            case 1 -> switch (sub) {
                case 1 -> "Connection Not Synchronized";
                case 2 -> "Bad Message Length";
                case 3 -> "Bad Message Type";
                default -> null;
            };
            case 2 -> switch (sub) {
                case 1 -> "Unsupported Version Number";
                case 2 -> "Bad Peer AS";
                case 3 -> "Bad BGP Identifier";
                case 4 -> "Unsupported Optional Parameter";
                case 6 -> "Unacceptable Hold Time";
                case 7 -> "Unsupported Capability";
                case 8 -> "Deprecated (8)";
                case 9 -> "Deprecated (9)";
                case 10 -> "Deprecated (10)";
                case 11 -> "Role Mismatch";
                default -> null;
            };
            case 3 -> switch (sub) {
                case 1 -> "Malformed Attribute List";
                case 2 -> "Unrecognized Well-known Attribute";
                case 3 -> "Missing Well-known Attribute";
                case 4 -> "Attribute Flags Error";
                case 5 -> "Attribute Length Error";
                case 6 -> "Invalid ORIGIN Attribute";
                case 8 -> "Invalid NEXT_HOP Attribute";
                case 9 -> "Optional Attribute Error";
                case 10 -> "Invalid Network Field";
                case 11 -> "Malformed AS_PATH";
                default -> null;
            };
            case 5 -> switch (sub) {
                case 1 -> "Receive Unexpected Message in OpenSent State";
                case 2 -> "Receive Unexpected Message in OpenConfirm State";
                case 3 -> "Receive Unexpected Message in Established State";
                default -> null;
            };
            case 6 -> switch (sub) {
                case 1 -> "Maximum Number of Prefixes Reached";
                case 2 -> "Administrative Shutdown";
                case 3 -> "Peer De-configured";
                case 4 -> "Administrative Reset";
                case 5 -> "Connection Rejected";
                case 6 -> "Other Configuration Change";
                case 7 -> "Connection Collision Resolution";
                case 8 -> "Out of Resources";
                case 9 -> "Hard Reset";
                case 10 -> "BFD Down";
                default -> null;
            };
            case 7 -> sub == 1 ? "Invalid Message Length" : null;
            default -> null;
        };
        if (s != null) {
            return s;
        }
        return sub == 0 ? "Unspecific" : "subcode " + sub;
    }

    public static String describe(int code, int sub) {
        return code(code) + " / " + subcode(code, sub);
    }
}
