package org.bgpscope.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.bgpscope.bgp.MessageType;
import org.bgpscope.bgp.Sessions;
import org.bgpscope.net.CaptureIndex;
import org.bgpscope.net.Flow;
import org.bgpscope.net.FlowTable;
import org.bgpscope.net.MessageIndex;
import org.bgpscope.net.MessageKind;

/**
 * What the filter bar offers to complete the word being typed: the filter's keys
 * ({@code type: peer: asn: origin: prefix: community:}), and after a key the values this capture
 * has: the message types present, the addresses of its peers, and the AS numbers its OPENs and MRT
 * records name. Values are gathered from the index (no field trees) on the thread that asks
 * (ControlsFX asks off the UI thread), and kept once indexing has ended.
 */
final class FilterCompletions {
    static final List<String> KEYS = List.of("type:", "peer:", "asn:", "origin:", "prefix:", "community:");

    /** At most this many suggestions: the popup is a hint, not a listing. */
    static final int MAX = 12;

    /** OPENs read for AS numbers: enough for the sessions of any capture a user filters by hand. */
    private static final int OPENS = 64;

    /** Flows read for peer addresses (a capture of a connection flood has millions). */
    private static final int FLOWS = 10_000;

    private final CaptureIndex capture;
    private final Sessions sessions;
    private int seenSize = -1;
    private List<String> types = List.of();
    private List<String> peers = List.of();
    private List<String> asns = List.of();

    FilterCompletions(CaptureIndex capture, Sessions sessions) {
        this.capture = capture;
        this.sessions = sessions;
    }

    /** Completions of the last word of {@code text} (each a whole word), or none. */
    synchronized List<String> suggest(String text) {
        String word = lastWord(text);
        if (word.isEmpty()) {
            return List.of();
        }
        String lower = word.toLowerCase(Locale.ROOT);
        int colon = lower.indexOf(':');
        List<String> out = new ArrayList<>();
        if (colon < 0) {
            for (String k : KEYS) {
                if (k.startsWith(lower)) {
                    out.add(k);
                }
            }
            return out;
        }
        String key = lower.substring(0, colon);
        String typed = lower.substring(colon + 1);
        refresh();
        List<String> values = switch (key) {
            case "type" -> types;
            case "peer" -> peers;
            case "asn", "as", "origin" -> asns;
            default -> List.of();
        };
        for (String v : values) {
            if (v.toLowerCase(Locale.ROOT).startsWith(typed) && !v.equalsIgnoreCase(typed)) {
                out.add(word.substring(0, colon + 1) + v);
                if (out.size() == MAX) {
                    break;
                }
            }
        }
        return out;
    }

    /** The word the caret is at the end of: text after the last space. */
    static String lastWord(String text) {
        if (text == null || text.isEmpty() || Character.isWhitespace(text.charAt(text.length() - 1))) {
            return "";
        }
        int space = Math.max(text.lastIndexOf(' '), text.lastIndexOf('\t'));
        return text.substring(space + 1);
    }

    /** {@code text} with its last word replaced by {@code completion}, and a space after a whole value. */
    static String complete(String text, String completion) {
        String word = lastWord(text);
        String head = text.substring(0, text.length() - word.length());
        return head + completion + (completion.endsWith(":") ? "" : " ");
    }

    private void refresh() {
        MessageIndex m = capture.messages();
        boolean complete = capture.complete();
        int n = m.size();
        if (complete && n == seenSize) {
            return;
        }
        boolean[] type = new boolean[256];
        Set<Long> as = new TreeSet<>();
        int opens = 0;
        for (int i = 0; i < n; i++) {
            if (m.kind(i) != MessageKind.BGP_MESSAGE) {
                continue;
            }
            int t = m.type(i) & 0xff;
            type[t] = true;
            if (t == 1 && opens < OPENS) {
                opens++;
                long a = sessions.capabilities(i).asn();
                if (a > 0) {
                    as.add(a);
                }
            }
        }
        List<String> ts = new ArrayList<>();
        for (int t = 1; t < type.length; t++) {
            if (type[t]) {
                // The names the filter reads (MessageFilter: type:route-refresh as well as type:5).
                ts.add(t <= MessageType.ROUTE_REFRESH ? MessageType.name(t).toLowerCase(Locale.ROOT) : Integer.toString(t));
            }
        }
        Set<String> addresses = new TreeSet<>();
        // The flow table is read once indexing has ended: until then the indexer is adding to it.
        FlowTable table = capture.flows();
        for (int id = 0, flows = complete ? Math.min(table.size(), FLOWS) : 0; id < flows; id++) {
            Flow f = table.flow(id);
            addresses.add(f.srcAddress());
            addresses.add(f.dstAddress());
            if (f.srcAs() > 0) {
                as.add(f.srcAs());
            }
            if (f.dstAs() > 0) {
                as.add(f.dstAs());
            }
        }
        addresses.removeIf(a -> a == null || a.isEmpty());
        List<String> asList = new ArrayList<>();
        for (long a : as) {
            asList.add(Long.toString(a));
        }
        types = List.copyOf(ts);
        peers = List.copyOf(addresses);
        asns = List.copyOf(asList);
        seenSize = complete ? n : -1;
    }
}
