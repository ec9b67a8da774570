package org.bgpscope.bgp;

/** BGP message types (IANA "BGP Message Types"; RFC 4271 §4.1, RFC 2918 for ROUTE-REFRESH). */
public final class MessageType {
    public static final int OPEN = 1;
    public static final int UPDATE = 2;
    public static final int NOTIFICATION = 3;
    public static final int KEEPALIVE = 4;
    public static final int ROUTE_REFRESH = 5;

    private MessageType() {}

    public static String name(int type) {
        return switch (type) {
            case OPEN -> "OPEN";
            case UPDATE -> "UPDATE";
            case NOTIFICATION -> "NOTIFICATION";
            case KEEPALIVE -> "KEEPALIVE";
            case ROUTE_REFRESH -> "ROUTE-REFRESH";
            default -> "TYPE " + type;
        };
    }
}
