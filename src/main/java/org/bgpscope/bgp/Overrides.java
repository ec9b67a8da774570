package org.bgpscope.bgp;

import java.util.HashMap;
import java.util.Map;

/**
 * What the user says holds, over anything the session model would decide: 4-octet AS, ADD-PATH per
 * family and direction, extended messages. Written as {@code --assume} takes it:
 * {@code addpath=ipv6-unicast:rx+ipv4-unicast,no-addpath=ipv4-unicast:tx,as4,extended-message}.
 * <p>
 * Directions: for MRT and BMP, {@code rx} is what the collector received from the peer and {@code tx}
 * what the local side sent (the *_LOCAL subtypes); for a TCP capture, {@code rx} is what the side
 * listening on port 179 sent and {@code tx} what the side that connected to it sent. A family with no
 * direction applies to both.
 */
public record Overrides(Boolean as4, Map<String, Boolean> addPath, Boolean extendedMessage, String spec) {
    public enum Direction { RX, TX }

    public static final Overrides NONE = new Overrides(null, Map.of(), null, "");

    public boolean isEmpty() {
        return as4 == null && addPath.isEmpty() && extendedMessage == null;
    }

    /** The user's word on ADD-PATH for {@code f} in {@code d}, or null. */
    public Boolean addPath(Family f, Direction d) {
        return addPath.get(f.id() + ":" + d.name().toLowerCase());
    }

    public static Overrides parse(String spec) {
        if (spec == null || spec.isBlank()) {
            return NONE;
        }
        Boolean as4 = null;
        Boolean ext = null;
        Map<String, Boolean> ap = new HashMap<>();
        for (String part : spec.split(",")) {
            String p = part.trim().toLowerCase();
            switch (p) {
                case "" -> { }
                case "as4" -> as4 = true;
                case "as2" -> as4 = false;
                case "extended-message", "extmsg" -> ext = true;
                case "no-extended-message", "no-extmsg" -> ext = false;
                default -> {
                    boolean on = p.startsWith("addpath=");
                    if (!on && !p.startsWith("no-addpath=")) {
                        throw new IllegalArgumentException("--assume takes addpath=FAMILY[:rx|:tx][+FAMILY...], no-addpath=..., "
                                + "as4, as2, extended-message or no-extended-message; not \"" + part.trim() + "\"");
                    }
                    for (String f : p.substring(p.indexOf('=') + 1).split("\\+")) {
                        String[] fd = f.split(":", 2);
                        Family family = Family.parse(fd[0]);
                        if (fd.length == 1) {
                            ap.put(family.id() + ":rx", on);
                            ap.put(family.id() + ":tx", on);
                        } else if (fd[1].equals("rx") || fd[1].equals("tx")) {
                            ap.put(family.id() + ":" + fd[1], on);
                        } else {
                            throw new IllegalArgumentException("direction \"" + fd[1] + "\" in --assume: rx or tx");
                        }
                    }
                }
            }
        }
        return new Overrides(as4, Map.copyOf(ap), ext, spec.trim());
    }

    /** The same overrides with {@code f} in {@code d} set to {@code on} (null removes the user's word). */
    public Overrides withAddPath(Family f, Direction d, Boolean on) {
        Map<String, Boolean> m = new HashMap<>(addPath);
        if (on == null) {
            m.remove(f.id() + ":" + d.name().toLowerCase());
        } else {
            m.put(f.id() + ":" + d.name().toLowerCase(), on);
        }
        return new Overrides(as4, Map.copyOf(m), extendedMessage, null).respelled();
    }

    public Overrides withAs4(Boolean v) {
        return new Overrides(v, addPath, extendedMessage, null).respelled();
    }

    public Overrides withExtendedMessage(Boolean v) {
        return new Overrides(as4, addPath, v, null).respelled();
    }

    /** The canonical {@code --assume} spelling, for the status bar and to remember per file. */
    private Overrides respelled() {
        StringBuilder sb = new StringBuilder();
        if (as4 != null) {
            sb.append(as4 ? "as4" : "as2");
        }
        if (extendedMessage != null) {
            sb.append(sb.isEmpty() ? "" : ",").append(extendedMessage ? "extended-message" : "no-extended-message");
        }
        for (boolean on : new boolean[] {true, false}) {
            StringBuilder fams = new StringBuilder();
            addPath.entrySet().stream().filter(e -> e.getValue() == on).map(Map.Entry::getKey).sorted()
                    .forEach(k -> fams.append(fams.isEmpty() ? "" : "+").append(k));
            if (!fams.isEmpty()) {
                sb.append(sb.isEmpty() ? "" : ",").append(on ? "addpath=" : "no-addpath=").append(fams);
            }
        }
        return new Overrides(as4, addPath, extendedMessage, sb.toString());
    }
}
