package org.bgpscope.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.bgpscope.bgp.Sessions;
import org.bgpscope.capture.Progress;
import org.bgpscope.net.CaptureIndex;
import org.bgpscope.testing.TestCaptures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * For every UPDATE tshark decodes whole, the prefixes, withdrawn prefixes, AS path, next hop, MED,
 * LOCAL_PREF, origin, communities and large communities we decode equal Wireshark 4.0's.
 */
class TsharkUpdateFieldsTest {
    private static final Pattern PREFIX = Pattern.compile("^([0-9a-fA-F:.]+/\\d+)( PathId (\\d+))?\\s*$");

    @ParameterizedTest
    @ValueSource(strings = {"exa-gobgp.pcap", "bird-frr.pcap", "bird-frr-lossy.pcap"})
    void everyUpdateTsharkDecodesHasTheSameFields(String name) throws Exception {
        JsonNode frames;
        try (InputStream in = TestCaptures.openReference(name + ".tshark.json")) {
            frames = new ObjectMapper().readTree(in);
        }
        List<String> lines = TestCaptures.referenceLines(name + ".tshark-fields.txt");
        assertEquals(lines.size(), frames.size());
        int updates = 0;
        try (CaptureIndex index = CaptureIndex.open(TestCaptures.file(name), Progress.NONE)) {
            Sessions sessions = new Sessions(index);
            Map<Integer, List<Integer>> byFrame = new TreeMap<>();
            for (int i = 0; i < index.messages().size(); i++) {
                byFrame.computeIfAbsent(index.messages().frame(i), k -> new ArrayList<>()).add(i);
            }
            for (int f = 0; f < frames.size(); f++) {
                int frame = Integer.parseInt(lines.get(f).split("\\|")[0]);
                JsonNode bgp = frames.get(f).get("_source").get("layers").get("bgp");
                List<JsonNode> theirs = new ArrayList<>();
                if (bgp.isArray()) {
                    bgp.forEach(theirs::add);
                } else {
                    theirs.add(bgp);
                }
                List<Integer> ours = byFrame.getOrDefault(frame, List.of());
                if (theirs.size() != ours.size()) {
                    continue; // a frame tshark does not decode whole (lost or >4096-byte messages)
                }
                for (int k = 0; k < ours.size(); k++) {
                    JsonNode t = theirs.get(k);
                    if (t.get("bgp.type") == null || !t.get("bgp.type").asText().equals("2")) {
                        continue;
                    }
                    FieldNode root = MessageDecoder.decode(index, ours.get(k), sessions).root();
                    compare(name + " frame " + frame + " message " + (ours.get(k) + 1), t, root);
                    updates++;
                }
            }
        }
        assertTrue(updates > (name.startsWith("exa") ? 1000 : 20), updates + " UPDATEs compared");
    }

    private static void compare(String where, JsonNode t, FieldNode root) {
        Map<String, List<String>> theirs = new TreeMap<>();
        collect(t, "", theirs);
        assertEquals(sorted(theirs.get("nlri")), sorted(values(root, "bgp.update.nlri.prefix", true)), where + " NLRI");
        assertEquals(sorted(theirs.get("withdrawn")), sorted(values(root, "bgp.update.withdrawn.prefix", true)), where + " withdrawn");
        assertEquals(sorted(theirs.get("mp_reach")), sorted(unicast(root, "bgp.update.attr.mp_reach.nlri.prefix")), where + " MP_REACH");
        assertEquals(sorted(theirs.get("mp_unreach")), sorted(unicast(root, "bgp.update.attr.mp_unreach.nlri.prefix")), where + " MP_UNREACH");
        assertEquals(list(theirs.get("asn")), values(root, "bgp.update.attr.as_path.asn", false), where + " AS_PATH");
        assertEquals(list(theirs.get("next_hop")), values(root, "bgp.update.attr.next_hop", false), where + " NEXT_HOP");
        assertEquals(list(theirs.get("med")), values(root, "bgp.update.attr.med", false), where + " MED");
        assertEquals(list(theirs.get("local_pref")), values(root, "bgp.update.attr.local_pref", false), where + " LOCAL_PREF");
        assertEquals(list(theirs.get("origin")), values(root, "bgp.update.attr.origin", false), where + " ORIGIN");
        assertEquals(sorted(theirs.get("community")), sorted(values(root, "bgp.update.attr.community", false)), where + " COMMUNITIES");
        assertEquals(sorted(theirs.get("large")), sorted(values(root, "bgp.update.attr.large_community", false)), where + " LARGE_COMMUNITY");
    }

    private static List<String> list(List<String> l) {
        return l == null ? List.of() : l;
    }

    private static List<String> sorted(List<String> l) {
        List<String> s = new ArrayList<>(list(l));
        s.sort(null);
        return s;
    }

    /** Values of every node with {@code key}; prefixes with their ADD-PATH path id as tshark prints it. */
    private static List<String> values(FieldNode root, String key, boolean pathIds) {
        List<String> out = new ArrayList<>();
        for (FieldNode n : root.find(key)) {
            String v = String.valueOf(n.value());
            if (pathIds) {
                for (FieldNode c : n.children()) {
                    if (c.key().endsWith(".path_id")) {
                        v += " path " + c.value();
                    }
                }
            }
            out.add(v);
        }
        return out;
    }

    /** MP prefixes of unicast and multicast families (SAFI 1, 2): tshark names labelled and VPN ones "BGP Prefix". */
    private static List<String> unicast(FieldNode root, String key) {
        List<String> out = new ArrayList<>();
        String attrKey = key.substring(0, key.indexOf(".nlri"));
        for (FieldNode attr : root.find(attrKey)) {
            List<FieldNode> safi = attr.find(attrKey + ".safi");
            if (!safi.isEmpty() && ((Long) safi.getFirst().value() == 1 || (Long) safi.getFirst().value() == 2)) {
                out.addAll(values(attr, key, true));
            }
        }
        return out;
    }

    private static final Map<String, String> WELL_KNOWN = Map.of(
            "0xffffff01", "no-export", "0xffffff02", "no-advertise", "0xffffff03", "no-export-subconfed",
            "0xffffff04", "no-peer", "0xffff0000", "graceful-shutdown", "0xffff029a", "blackhole",
            "0xffff0006", "llgr-stale", "0xffff0007", "no-llgr");

    /** Flattens tshark's JSON of one message into the lists we compare. */
    private static void collect(JsonNode n, String context, Map<String, List<String>> out) {
        if (n.isArray()) {
            for (JsonNode c : n) {
                collect(c, context, out);
            }
            return;
        }
        if (!n.isObject()) {
            return;
        }
        JsonNode cas = n.get("bgp.update.path_attribute.community_as");
        if (cas != null) {
            add(out, "community", cas.asText() + ":" + n.get("bgp.update.path_attribute.community_value").asText());
        }
        JsonNode ga = n.get("bgp.large_communities.ga");
        if (ga != null) {
            add(out, "large", ga.asText() + ":" + n.get("bgp.large_communities.ldp1").asText() + ":" + n.get("bgp.large_communities.ldp2").asText());
        }
        Iterator<Map.Entry<String, JsonNode>> it = n.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String k = e.getKey();
            JsonNode v = e.getValue();
            var m = PREFIX.matcher(k);
            if (m.matches()) {
                String which = context.endsWith("bgp.update.nlri") ? "nlri" : context.endsWith("withdrawn_routes") ? "withdrawn"
                        : context.endsWith("mp_reach_nlri") ? "mp_reach" : context.endsWith("mp_unreach_nlri") ? "mp_unreach" : null;
                if (which != null) {
                    add(out, which, m.group(1) + (m.group(3) != null ? " path " + m.group(3) : ""));
                }
                continue;
            }
            switch (k) {
                case "bgp.update.path_attribute.as_path_segment.as4", "bgp.update.path_attribute.as_path_segment.as2" ->
                        forEach(v, s -> add(out, "asn", s));
                case "bgp.update.path_attribute.next_hop" -> add(out, "next_hop", v.asText());
                case "bgp.update.path_attribute.multi_exit_disc" -> add(out, "med", v.asText());
                case "bgp.update.path_attribute.local_pref" -> add(out, "local_pref", v.asText());
                case "bgp.update.path_attribute.origin" -> add(out, "origin", switch (v.asText()) {
                    case "0" -> "IGP";
                    case "1" -> "EGP";
                    default -> "INCOMPLETE";
                });
                case "bgp.update.path_attribute.community_wellknown" -> forEach(v, s -> add(out, "community", WELL_KNOWN.getOrDefault(s, s)));
                default -> collect(v, k, out);
            }
        }
    }

    private static void forEach(JsonNode v, java.util.function.Consumer<String> f) {
        if (v.isArray()) {
            v.forEach(x -> f.accept(x.asText()));
        } else {
            f.accept(v.asText());
        }
    }

    private static void add(Map<String, List<String>> out, String k, String v) {
        out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
    }
}
