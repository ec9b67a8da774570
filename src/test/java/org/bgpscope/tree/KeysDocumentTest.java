package org.bgpscope.tree;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.bgpscope.bgp.Sessions;
import org.bgpscope.capture.Progress;
import org.bgpscope.net.CaptureIndex;
import org.bgpscope.testing.TestCaptures;
import org.junit.jupiter.api.Test;

/**
 * docs/keys.md lists every key the decoder gives the test captures and the keys tools rely on
 * (DecoderUnitTest proves the ones no test capture carries, such as LOCAL_PREF).
 */
class KeysDocumentTest {
    static final String[] PROMISED = {"bgp.type", "bgp.update.withdrawn.prefix", "bgp.update.nlri.prefix",
        "bgp.update.nlri.prefix.path_id", "bgp.update.attr.origin", "bgp.update.attr.as_path.asn", "bgp.update.attr.next_hop",
        "bgp.update.attr.med", "bgp.update.attr.local_pref", "bgp.update.attr.community", "bgp.update.attr.large_community",
        "bgp.update.attr.mp_reach.nlri.prefix", "bgp.update.attr.mp_unreach.nlri.prefix", "bgp.notification.code",
        "bgp.notification.subcode", "bgp.notification.shutdown_message"};

    @Test
    void everyKeyTheDecoderGivesIsDocumented() throws Exception {
        Set<String> keys = new TreeSet<>();
        java.util.Map<String, String> about = new java.util.TreeMap<>();
        for (String name : new String[] {"exa-gobgp.pcap", "bird-frr.pcap", "gobgp-updates.mrt", "frr-rib.mrt", "bmp.pcap"}) {
            try (CaptureIndex index = CaptureIndex.open(TestCaptures.file(name), Progress.NONE)) {
                Sessions s = new Sessions(index);
                for (int i = 0; i < index.messages().size(); i++) {
                    collect(MessageDecoder.decode(index, i, s).root(), keys, about);
                }
            }
        }
        Path doc = Path.of("docs/keys.md");
        {
            // target/keys-seen.md: the table below, to refresh docs/keys.md from.
            StringBuilder sb = new StringBuilder();
            for (String k : keys) {
                sb.append("| `").append(k).append("` | ").append(about.get(k)).append(" |\n");
            }
            Files.writeString(Path.of("target/keys-seen.md"), sb);
        }
        String text = Files.readString(doc);
        for (String k : keys) {
            assertTrue(text.contains("`" + k + "`"), "docs/keys.md does not list " + k);
        }
        for (String k : PROMISED) {
            assertTrue(text.contains("`" + k + "`"), "docs/keys.md does not list " + k);
        }
    }

    private static void collect(FieldNode n, Set<String> keys, java.util.Map<String, String> about) {
        keys.add(n.key());
        String type = n.value() == null ? "—" : n.value() instanceof Long ? "number" : n.value() instanceof Boolean ? "flag" : "text";
        about.putIfAbsent(n.key(), n.name().replace("|", "/") + " | " + type);
        for (FieldNode c : n.children()) {
            collect(c, keys, about);
        }
    }
}
