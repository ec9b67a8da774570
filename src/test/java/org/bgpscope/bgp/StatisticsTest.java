package org.bgpscope.bgp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.bgpscope.capture.Progress;
import org.bgpscope.cli.Cli;
import org.bgpscope.export.StatisticsCsv;
import org.bgpscope.net.CaptureIndex;
import org.bgpscope.testing.TestCaptures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The statistics count what {@code bgpscope list} lists, capture by capture. */
class StatisticsTest {
    /** The rows of {@code list --no-tcp-events}, split at tabs. */
    private static String[][] list(String capture) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = new Cli(out, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                .run("list", TestCaptures.file(capture).toString(), "--no-tcp-events");
        assertEquals(0, code);
        return Arrays.stream(out.toString(StandardCharsets.UTF_8).split("\n")).filter(l -> !l.isBlank())
                .map(l -> l.split("\t", -1)).toArray(String[][]::new);
    }

    private static Statistics statistics(CaptureIndex index) {
        return Statistics.of(index, new Sessions(index), Progress.NONE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"bird-frr.pcap", "bird-frr-lossy.pcap", "exa-gobgp.pcap", "exa-gobgp.pcapng", "snaplen-200.pcap",
            "vxlan-fragments.pcap", "frr-rib.mrt", "frr-updates.mrt", "gobgp-updates.mrt", "ris/rrc00_2000.01_updates.20000102.2014.gz",
            "ris/rrc15_2010.02_updates.20100227.1610.gz"})
    void countsByTypeAreTheTypesListShows(String capture) throws Exception {
        Map<String, Long> listed = new TreeMap<>();
        for (String[] row : list(capture)) {
            listed.merge(row[4], 1L, Long::sum);
        }
        try (CaptureIndex index = CaptureIndex.open(TestCaptures.file(capture), Progress.NONE)) {
            Statistics s = statistics(index);
            assertEquals(listed, new TreeMap<>(s.byTypeName()));
            assertEquals(listed.values().stream().mapToLong(Long::longValue).sum(),
                    s.peers().stream().mapToLong(Statistics.Peer::messages).sum(), "every entry is some peer's");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"bird-frr.pcap", "exa-gobgp.pcap"})
    void countsByPeerAreTheSendersListShows(String capture) throws Exception {
        Map<String, long[]> listed = new HashMap<>();
        for (String[] row : list(capture)) {
            String sender = row[3].substring(0, row[3].indexOf(" → "));
            String address = sender.substring(0, sender.lastIndexOf(':'));
            long[] c = listed.computeIfAbsent(address, k -> new long[Statistics.TYPES.size()]);
            int t = Statistics.TYPES.indexOf(row[4]);
            c[t < 0 ? Statistics.TYPES.size() - 1 : t]++;
        }
        try (CaptureIndex index = CaptureIndex.open(TestCaptures.file(capture), Progress.NONE)) {
            Statistics s = statistics(index);
            assertEquals(listed.size(), s.peers().size());
            for (Statistics.Peer p : s.peers()) {
                long[] mine = new long[Statistics.TYPES.size()];
                for (int t = 0; t < mine.length; t++) {
                    mine[t] = p.count(t);
                }
                assertEquals(Arrays.toString(listed.get(p.name())), Arrays.toString(mine), p.name());
            }
        }
    }

    /**
     * Routes announced and withdrawn per sender equal the prefixes the list's summaries name
     * ("100.98.82.0/24 +255 more" is 256) on captures of unicast routes only.
     */
    @ParameterizedTest
    @ValueSource(strings = {"bird-frr.pcap", "bird-frr-lossy.pcap", "frr-updates.mrt"})
    void routesPerPeerAreThePrefixesTheSummariesName(String capture) throws Exception {
        Map<String, long[]> listed = new HashMap<>();
        for (String[] row : list(capture)) {
            if (!row[4].equals("UPDATE")) {
                continue;
            }
            String sender = row[3].substring(0, row[3].indexOf(" → "));
            String address = sender.contains("].") || sender.chars().filter(ch -> ch == ':').count() == 1
                    ? sender.substring(0, sender.lastIndexOf(':')) : sender;
            long[] c = listed.computeIfAbsent(address, k -> new long[2]);
            for (String part : row[6].replaceAll(" \\[.*\\]$", "").split("; ")) {
                boolean withdraw = part.startsWith("withdraw ");
                String p = withdraw ? part.substring(9) : part;
                if (p.matches("[0-9a-f:.]+/\\d+( \\+\\d+ more)?")) {
                    c[withdraw ? 1 : 0] += 1 + (p.contains(" +") ? Long.parseLong(p.replaceAll(".* \\+(\\d+) more", "$1")) : 0);
                }
            }
        }
        try (CaptureIndex index = CaptureIndex.open(TestCaptures.file(capture), Progress.NONE)) {
            Statistics s = statistics(index);
            long total = 0;
            for (Statistics.Peer p : s.peers()) {
                String address = p.name().replaceAll(" \\(AS \\d+\\)$", "");
                long[] c = listed.getOrDefault(address, new long[2]);
                assertEquals(c[0], p.announced(), p.name() + " announced");
                assertEquals(c[1], p.withdrawn(), p.name() + " withdrawn");
                total += p.announced() + p.withdrawn();
            }
            assertTrue(total > 0, "the capture announces routes");
        }
    }

    @Test
    void birdFrrSessionHasItsNotificationPathLengthsAndOrigins() throws Exception {
        try (CaptureIndex index = CaptureIndex.open(TestCaptures.file("bird-frr.pcap"), Progress.NONE)) {
            Statistics s = statistics(index);
            // Message 44: Cease / Administrative Shutdown (RFC 9003).
            assertEquals(Map.of(6 << 8 | 2, 1L), s.notifications());
            long[] lengths = s.pathLengths();
            // BIRD's UPDATEs carry "65010 65010", FRR's "65020 65010 65010" or "65020": every UPDATE with a path, by length.
            long withPath = 0;
            for (String[] row : list("bird-frr.pcap")) {
                if (row[4].equals("UPDATE") && row[6].contains("path ")) {
                    withPath++;
                    int len = row[6].replaceAll(".*path ([0-9 ]+);.*", "$1").trim().split(" ").length;
                    lengths[len]--;
                }
            }
            assertTrue(withPath > 0);
            assertEquals(0, Arrays.stream(lengths).filter(x -> x != 0).count(), "path lengths as the summaries show them");
            assertEquals(65010, s.topOrigins(1).getFirst()[0], "65010 originates BIRD's routes and FRR's re-announcements of them");
            String csv = StatisticsCsv.write(s.tables().get("notifications"));
            assertEquals("code,subcode,name,count\r\n6,2,Cease / Administrative Shutdown,1\r\n", csv);
        }
    }

    @Test
    void countingStopsWhenProgressSaysCancel() throws Exception {
        try (CaptureIndex index = CaptureIndex.open(TestCaptures.file("exa-gobgp.pcap"), Progress.NONE)) {
            long[] asked = {0};
            org.junit.jupiter.api.Assertions.assertThrows(org.bgpscope.capture.CancelledException.class,
                    () -> Statistics.of(index, new Sessions(index), (done, total) -> ++asked[0] < 1));
            assertEquals(1, asked[0], "it stops at the first no");
        }
    }

    @Test
    void updateRateSlotsAddUpToTheUpdates() throws Exception {
        try (CaptureIndex index = CaptureIndex.open(TestCaptures.file("exa-gobgp.pcap"), Progress.NONE)) {
            Statistics s = statistics(index);
            long all = 0;
            for (int k = 0; k < Statistics.SLOTS; k++) {
                all += s.updatesIn(k);
            }
            long updates = s.peers().stream().mapToLong(Statistics.Peer::updates).sum();
            assertEquals(updates, all);
            Statistics.Peer top = s.topPeersByUpdates(1).getFirst();
            long mine = 0;
            for (int k = 0; k < Statistics.SLOTS; k++) {
                mine += top.updatesIn(k);
            }
            assertEquals(top.updates(), mine);
            assertTrue(s.slotNanos() * Statistics.SLOTS > s.lastTime() - s.firstTime(), "the slots cover the capture");
        }
    }
}
