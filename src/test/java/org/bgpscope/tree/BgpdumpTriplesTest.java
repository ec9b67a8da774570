package org.bgpscope.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.bgpscope.bgp.Sessions;
import org.bgpscope.capture.Progress;
import org.bgpscope.net.CaptureIndex;
import org.bgpscope.net.MessageKind;
import org.bgpscope.testing.TestCaptures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The MRT files' (prefix, path id, AS path, next hop) tuples equal bgpdump -m's lines. */
class BgpdumpTriplesTest {
    @ParameterizedTest
    @ValueSource(strings = {"gobgp-updates.mrt", "frr-rib.mrt"})
    void routesEqualBgpdumpsLines(String name) throws Exception {
        List<String> theirs = new ArrayList<>();
        for (String line : TestCaptures.referenceLines(name + ".bgpdump.txt")) {
            String[] f = line.split("\\|", -1);
            boolean ap = f[0].endsWith("_AP");
            int at = ap ? 7 : 6;
            theirs.add(f[5] + (ap ? " path " + f[6] : "") + " | " + f[at] + " | " + f[at + 2]);
        }
        List<String> ours = new ArrayList<>();
        try (CaptureIndex index = CaptureIndex.open(TestCaptures.file(name), Progress.NONE)) {
            Sessions sessions = new Sessions(index);
            for (int i = 0; i < index.messages().size(); i++) {
                MessageKind kind = index.messages().kind(i);
                if (kind == MessageKind.MRT_PEER_INDEX) {
                    continue;
                }
                FieldNode root = MessageDecoder.decode(index, i, sessions).root();
                String path = first(root, "bgp.update.attr.as_path");
                String nh = first(root, "bgp.update.attr.next_hop");
                List<FieldNode> mpNh = root.find("bgp.update.attr.mp_reach.next_hop");
                if (kind == MessageKind.MRT_RIB_ENTRY) {
                    String pathId = root.find("mrt.rib.path_id").isEmpty() ? "" : " path " + root.find("mrt.rib.path_id").getFirst().value();
                    String hop = mpNh.isEmpty() ? nh : (String) mpNh.getFirst().value();
                    ours.add(first(root, "mrt.rib.prefix") + pathId + " | " + path + " | " + hop);
                    continue;
                }
                for (FieldNode p : root.find("bgp.update.nlri.prefix")) {
                    ours.add(prefix(p) + " | " + path + " | " + nh);
                }
                for (FieldNode attr : root.find("bgp.update.attr.mp_reach")) {
                    List<FieldNode> safi = attr.find("bgp.update.attr.mp_reach.safi");
                    if (!safi.isEmpty() && (Long) safi.getFirst().value() == 1) {
                        for (FieldNode p : attr.find("bgp.update.attr.mp_reach.nlri.prefix")) {
                            ours.add(prefix(p) + " | " + path + " | " + mpNh.getFirst().value());
                        }
                    }
                }
            }
        }
        assertEquals(theirs.size(), ours.size());
        for (int k = 0; k < theirs.size(); k++) {
            assertEquals(theirs.get(k), ours.get(k), name + " route " + (k + 1));
        }
    }

    private static String prefix(FieldNode p) {
        for (FieldNode c : p.children()) {
            if (c.key().endsWith(".path_id")) {
                return p.value() + " path " + c.value();
            }
        }
        return String.valueOf(p.value());
    }

    private static String first(FieldNode root, String key) {
        List<FieldNode> l = root.find(key);
        return l.isEmpty() ? "" : String.valueOf(l.getFirst().value());
    }
}
