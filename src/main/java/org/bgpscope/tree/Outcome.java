package org.bgpscope.tree;

import java.util.ArrayList;
import java.util.List;

/**
 * What a receiving router does with a message, read from its decoded tree: accept it, or the error
 * handling RFC 4271 §6 and RFC 7606 prescribe for the worst error found: a NOTIFICATION with its code
 * and subcode (the session is reset), disabling the AFI/SAFI, treat-as-withdraw, or discarding one
 * attribute. The byte editor shows it after every edit.
 *
 * @param action   "accept", "notification", "afi-safi-disable or session-reset", "treat-as-withdraw" or "attribute-discard"
 * @param code     the NOTIFICATION error code (RFC 4271 §4.5), 0 when none is sent
 * @param subcode  its subcode
 * @param reason   the problem that decided it, or null when the message is accepted
 * @param text     one sentence for the user
 */
public record Outcome(String action, int code, int subcode, Problem reason, String text) {
    public static final String ACCEPT = "accept";
    public static final String NOTIFICATION = "notification";

    /** The outcome for a BGP message's tree (as {@link MessageDecoder} builds it). */
    public static Outcome of(FieldNode root) {
        List<FieldNode> nodes = new ArrayList<>();
        List<Problem> errors = new ArrayList<>();
        collect(root, nodes, errors);
        if (errors.isEmpty()) {
            return new Outcome(ACCEPT, 0, 0, null, "accepted: no error a router acts on");
        }
        int type = messageType(root);
        Outcome worst = null;
        for (int k = 0; k < errors.size(); k++) {
            Outcome o = one(nodes.get(k), errors.get(k), type);
            if (worst == null || rank(o) > rank(worst)) {
                worst = o;
            }
        }
        return worst;
    }

    private static void collect(FieldNode n, List<FieldNode> nodes, List<Problem> errors) {
        for (Problem p : n.problems()) {
            if (p.severity() == Problem.Severity.ERROR) {
                nodes.add(n);
                errors.add(p);
            }
        }
        for (FieldNode c : n.children()) {
            collect(c, nodes, errors);
        }
    }

    private static int messageType(FieldNode root) {
        for (FieldNode h : root.children()) {
            if (h.key().equals("bgp.header")) {
                for (FieldNode f : h.children()) {
                    if (f.key().equals("bgp.type") && f.value() instanceof Long t) {
                        return t.intValue();
                    }
                }
            }
        }
        return -1;
    }

    private static int rank(Outcome o) {
        return switch (o.action) {
            case NOTIFICATION -> 4;
            case "afi-safi-disable or session-reset" -> 3;
            case Attributes.TREAT_AS_WITHDRAW -> 2;
            case Attributes.ATTRIBUTE_DISCARD -> 1;
            default -> 0;
        };
    }

    private static Outcome notification(int code, int subcode, Problem p, String why) {
        return new Outcome(NOTIFICATION, code, subcode, p, "NOTIFICATION " + code + "/" + subcode + " ("
                + org.bgpscope.bgp.Notifications.describe(code, subcode) + ") and the session is reset: " + why);
    }

    /** The handling of one error found in node {@code n} of a message of {@code type}. */
    private static Outcome one(FieldNode n, Problem p, int type) {
        String key = n.key();
        // RFC 4271 §6.1: the header.
        if (key.equals("bgp.marker")) {
            return notification(1, 1, p, "the marker is not all ones (RFC 4271 §6.1)");
        }
        if (key.equals("bgp.length") || key.equals("bgp.header") || key.equals("bgp") && p.offset() < 19 && type < 0) {
            return notification(1, 2, p, "the length is wrong for the message (RFC 4271 §6.1)");
        }
        if (key.equals("bgp.type") || type < 1 || type > 5) {
            return notification(1, 3, p, "the type is not one the speaker knows (RFC 4271 §6.1)");
        }
        switch (type) {
            case 1 -> {
                // RFC 4271 §6.2, RFC 5492 §5.
                if (key.equals("bgp.open.version")) {
                    return notification(2, 1, p, "unsupported version (RFC 4271 §6.2)");
                }
                if (key.equals("bgp.open.my_as")) {
                    return notification(2, 2, p, "bad peer AS (RFC 4271 §6.2)");
                }
                if (key.equals("bgp.open.bgp_id")) {
                    return notification(2, 3, p, "bad BGP identifier (RFC 4271 §6.2)");
                }
                if (key.equals("bgp.open.hold_time")) {
                    return notification(2, 6, p, "unacceptable hold time (RFC 4271 §6.2)");
                }
                if (key.startsWith("bgp.open.param") || key.equals("bgp.open.opt_params_length")) {
                    return notification(2, 0, p, "its optional parameters cannot be read (RFC 4271 §6.2: no more specific subcode fits)");
                }
                return notification(2, 0, p, "the OPEN is malformed (RFC 4271 §6.2)");
            }
            case 2 -> {
                // RFC 7606 §2 and §3: the attribute's own action; errors that leave the message unreadable reset.
                String a = p.action();
                if (Attributes.TREAT_AS_WITHDRAW.equals(a)) {
                    return new Outcome(a, 0, 0, p, "treat-as-withdraw: the routes of this UPDATE are withdrawn, the session stays up (RFC 7606 §2)");
                }
                if (Attributes.ATTRIBUTE_DISCARD.equals(a)) {
                    return new Outcome(a, 0, 0, p, "attribute discard: the attribute is dropped, the routes are kept (RFC 7606 §2)");
                }
                if (a != null && a.startsWith("afi-safi-disable")) {
                    return new Outcome("afi-safi-disable or session-reset", 3, 9, p, "the AFI/SAFI is disabled (RFC 4760 §7), or the "
                            + "session reset with NOTIFICATION 3/9 (Optional Attribute Error): the MP NLRI cannot be delimited (RFC 7606 §7.11)");
                }
                if (key.startsWith("bgp.update.nlri") || key.startsWith("bgp.update.withdrawn")) {
                    return notification(3, 10, p, "the NLRI or withdrawn routes field cannot be read (RFC 7606 §5.3)");
                }
                return notification(3, 1, p, "the attributes cannot be delimited (RFC 7606 §4)");
            }
            case 3 -> {
                // RFC 4271 §6.4: a NOTIFICATION closes the connection whatever it holds.
                return new Outcome(ACCEPT, 0, 0, p, "nothing more: the connection closes after any NOTIFICATION (RFC 4271 §6.4)");
            }
            case 4 -> {
                return notification(1, 2, p, "a KEEPALIVE is exactly 19 bytes (RFC 4271 §4.4)");
            }
            default -> {
                return notification(7, 1, p, "a malformed ROUTE-REFRESH (RFC 7313 §5)");
            }
        }
    }
}
