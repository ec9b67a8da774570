package org.bgpscope.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import org.bgpscope.bgp.Sessions;
import org.bgpscope.bgp.Summaries;
import org.bgpscope.capture.Progress;
import org.bgpscope.net.CaptureIndex;
import org.bgpscope.net.Flow;
import org.bgpscope.net.MessageIndex;
import org.bgpscope.net.MessageKind;
import org.bgpscope.testing.TestCaptures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Three real RIPE RIS update files: MRT type BGP (5) from January 2000, Zebra's BGP4MP with its
 * 8-byte state changes from November 2000, BGP4MP_MESSAGE_AS4 from 2010. Every line bgpdump -m prints
 * (announce, withdraw and state change, with time, peer, peer AS, prefix and AS path) is what our
 * decode says, in the same order, and no row has a problem.
 */
class RisArchivesTest {
    @ParameterizedTest
    @ValueSource(strings = {"rrc00_2000.01_updates.20000102.2014.gz", "rrc01_2000.11_updates.20001104.0124.gz",
            "rrc15_2010.02_updates.20100227.1610.gz"})
    void everyLineBgpdumpPrintsIsInOurDecode(String name) throws Exception {
        // bgpdump 1.6 is wrong on the withdrawals of type BGP (5) records: it prints the peer's address
        // with the withdrawn prefix's length ("W|946844092|192.65.184.1|513|192.65.184.1/28" where the
        // record withdraws 195.114.217.80/28, RFC 6396 Appendix B.2.1 and RFC 4271 §4.3), so for those
        // only the prefix length is compared.
        boolean typeFive = name.startsWith("rrc00_2000.01");
        List<String> theirs = new ArrayList<>();
        for (String line : TestCaptures.referenceLines(name + ".bgpdump.txt")) {
            String[] f = line.split("\\|", -1);
            theirs.add(switch (f[2]) {
                case "A" -> "A|" + f[1] + "|" + f[3] + "|" + f[4] + "|" + f[5] + "|" + f[6];
                case "W" -> "W|" + f[1] + "|" + f[3] + "|" + f[4] + "|" + (typeFive ? mask(f[5]) : f[5]);
                default -> f[2] + "|" + f[1] + "|" + f[3] + "|" + f[4] + "|" + f[5] + "|" + f[6];
            });
        }
        List<String> ours = new ArrayList<>();
        try (CaptureIndex index = CaptureIndex.open(TestCaptures.file("ris/" + name), Progress.NONE)) {
            assertEquals(List.of(), index.problems(), "no indexing problem");
            Sessions sessions = new Sessions(index);
            MessageIndex m = index.messages();
            for (int i = 0; i < m.size(); i++) {
                long time = m.time(i) / 1_000_000_000L;
                FieldNode root = MessageDecoder.decode(index, i, sessions).root();
                assertEquals(List.of(), problems(root), name + " row " + (i + 1) + ": " + root.text());
                Flow flow = m.flow(i) < 0 ? null : index.flows().flow(m.flow(i));
                String peer = flow == null ? "0.0.0.0|0" : flow.srcAddress() + "|" + flow.srcAs();
                if (m.kind(i) == MessageKind.MRT_STATE_CHANGE) {
                    ours.add("STATE|" + time + "|" + peer + "|" + state(root, "mrt.old_state") + "|" + state(root, "mrt.new_state"));
                    continue;
                }
                assertEquals(MessageKind.BGP_MESSAGE, m.kind(i), name + " row " + (i + 1));
                String path = first(root, "bgp.update.attr.as_path");
                for (FieldNode p : root.find("bgp.update.withdrawn.prefix")) {
                    ours.add("W|" + time + "|" + peer + "|" + (typeFive ? mask((String) p.value()) : p.value()));
                }
                for (FieldNode p : root.find("bgp.update.attr.mp_unreach.nlri.prefix")) {
                    ours.add("W|" + time + "|" + peer + "|" + p.value());
                }
                for (FieldNode p : root.find("bgp.update.nlri.prefix")) {
                    ours.add("A|" + time + "|" + peer + "|" + p.value() + "|" + path);
                }
                for (FieldNode p : root.find("bgp.update.attr.mp_reach.nlri.prefix")) {
                    ours.add("A|" + time + "|" + peer + "|" + p.value() + "|" + path);
                }
            }
        }
        // bgpdump prints an UPDATE's withdrawals before its announcements, as we list them.
        List<String> missing = new ArrayList<>(theirs);
        for (String o : ours) {
            missing.remove(o);
        }
        assertEquals(List.of(), missing.subList(0, Math.min(10, missing.size())), name + ": lines of bgpdump not in our decode");
        assertEquals(theirs.size(), ours.size(), name + ": as many routes and state changes as bgpdump");
        assertEquals(theirs, ours);
    }

    @Test
    void typeFiveMessagesHaveTheirHeaderRebuiltAndTheirBodyInTheFile() throws Exception {
        try (CaptureIndex index = CaptureIndex.open(TestCaptures.file("ris/rrc00_2000.01_updates.20000102.2014.gz"), Progress.NONE)) {
            MessageIndex m = index.messages();
            int updates = 0;
            int keepalives = 0;
            for (int i = 0; i < m.size(); i++) {
                if (m.kind(i) != MessageKind.BGP_MESSAGE) {
                    continue;
                }
                assertTrue((m.flags(i) & MessageIndex.F_NO_HEADER) != 0);
                byte[] b = index.bytes(i).toArray(ValueLayout.JAVA_BYTE);
                assertEquals(m.length(i), b.length, "the rebuilt header's length is the message's");
                assertEquals(-1, index.fileOffsetOf(i, 18), "the header is not in the file");
                if (b.length > 19) {
                    assertEquals(b[19], index.capture().data().get(ValueLayout.JAVA_BYTE, index.fileOffsetOf(i, 19)),
                            "byte 19 is the body's first");
                }
                updates += m.type(i) == 2 ? 1 : 0;
                keepalives += m.type(i) == 4 ? 1 : 0;
            }
            assertTrue(updates > 1000 && keepalives > 0, updates + " updates, " + keepalives + " keepalives");
            int first = 0;
            while (m.type(first) != 2 || m.kind(first) != MessageKind.BGP_MESSAGE) {
                first++;
            }
            // The first record: peer AS 5409, 195.211.222.254, to the collector's AS 12654 at 193.0.0.1.
            assertEquals("195.211.222.254", index.flows().flow(m.flow(first)).srcAddress());
            assertTrue(Summaries.summary(index, first, new Sessions(index)).contains("203.154.93.0/24"),
                    Summaries.summary(index, first, new Sessions(index)));
        }
    }

    private static String mask(String prefix) {
        return prefix.substring(prefix.indexOf('/'));
    }

    private static List<String> problems(FieldNode n) {
        List<String> out = new ArrayList<>();
        collect(n, out);
        return out;
    }

    private static void collect(FieldNode n, List<String> out) {
        for (Problem p : n.problems()) {
            if (p.severity() != Problem.Severity.INFO) {
                out.add(n.key() + ": " + p.text());
            }
        }
        for (FieldNode c : n.children()) {
            collect(c, out);
        }
    }

    /** bgpdump prints the state's number. */
    private static String state(FieldNode root, String key) {
        FieldNode s = root.find(key).getFirst();
        return String.valueOf(stateNumber((String) s.value()));
    }

    private static int stateNumber(String name) {
        if (name.startsWith("state ")) {
            return Integer.parseInt(name.substring(6));
        }
        return List.of("Idle", "Connect", "Active", "OpenSent", "OpenConfirm", "Established").indexOf(name) + 1;
    }

    private static String first(FieldNode root, String key) {
        List<FieldNode> l = root.find(key);
        return l.isEmpty() ? "" : String.valueOf(l.getFirst().value());
    }
}
