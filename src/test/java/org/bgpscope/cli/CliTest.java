package org.bgpscope.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bgpscope.capture.Progress;
import org.bgpscope.net.CaptureIndex;
import org.bgpscope.testing.TestCaptures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        int code = new Cli(o, new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
        o.flush();
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void listJsonGivesEveryPromisedFieldForEachMessage() throws Exception {
        Run r = run("list", TestCaptures.file("bird-frr.pcap").toString(), "--json");
        assertEquals(0, r.code(), r.err());
        List<JsonNode> rows = new ArrayList<>();
        List<String> events = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : r.out().split("\n")) {
            JsonNode row = json.readTree(line);
            if (row.has("event")) {
                assertEquals("TCP", row.get("kind").asText());
                events.add(row.get("frame").asInt() + " " + row.get("event").asText() + " " + row.get("src").asText());
            } else {
                rows.add(row);
            }
        }
        assertEquals(44, rows.size());
        // As tshark shows them: BIRD's first attempt is refused (FRR was not listening yet), the second carries the session.
        assertEquals(List.of("1 SYN 10.200.0.2:39602", "2 refused 10.200.0.1:179", "3 SYN 10.200.0.1:59189",
                "4 SYN-ACK 10.200.0.2:179", "82 FIN 10.200.0.1:59189", "83 FIN 10.200.0.2:179"), events);
        JsonNode first = rows.getFirst();
        assertEquals(1, first.get("index").asInt());
        assertEquals(6, first.get("frame").asInt());
        assertEquals("2026-11-24T15:40:54.228080Z", first.get("time").asText());
        assertEquals("10.200.0.1:59189", first.get("src").asText());
        assertEquals("10.200.0.2:179", first.get("dst").asText());
        assertEquals(1, first.get("type").asInt());
        assertEquals("OPEN", first.get("type_name").asText());
        assertEquals(97, first.get("length").asInt());
        assertTrue(first.get("summary").asText().contains("AS 65010"));
        JsonNode split = rows.get(14);
        assertEquals(3, split.get("pieces").size());
        long sum = 0;
        for (JsonNode p : split.get("pieces")) {
            sum += p.get(1).asLong();
        }
        assertEquals(split.get("length").asLong(), sum);
    }

    @Test
    void rawExportReopensToTheSameMessageBytes() throws Exception {
        Path out = dir.resolve("sel.bgp");
        Run r = run("export", TestCaptures.file("bird-frr.pcap").toString(), "--messages", "1,14-16,44", "--format", "raw", "-o", out.toString());
        assertEquals(0, r.code(), r.err());
        try (CaptureIndex original = CaptureIndex.open(TestCaptures.file("bird-frr.pcap"), Progress.NONE);
             CaptureIndex reopened = CaptureIndex.open(out, Progress.NONE)) {
            int[] chosen = {0, 13, 14, 15, 43};
            assertEquals(chosen.length, reopened.messages().size());
            for (int k = 0; k < chosen.length; k++) {
                assertArrayEquals(original.bytes(chosen[k]).toArray(ValueLayout.JAVA_BYTE),
                        reopened.bytes(k).toArray(ValueLayout.JAVA_BYTE), "message " + (chosen[k] + 1));
            }
        }
    }

    @Test
    void pcapExportWritesTheOriginalRecordsAndReopensToTheSameMessages() throws Exception {
        for (String name : List.of("bird-frr.pcap", "exa-gobgp.pcapng")) {
            Path out = dir.resolve(name + ".out.pcap");
            Run r = run("export", TestCaptures.file(name).toString(), "--format", "pcap", "-o", out.toString());
            assertEquals(0, r.code(), r.err());
            try (CaptureIndex original = CaptureIndex.open(TestCaptures.file(name), Progress.NONE);
                 CaptureIndex reopened = CaptureIndex.open(out, Progress.NONE)) {
                assertEquals(original.messages().size(), reopened.messages().size());
                for (int i = 0; i < original.messages().size(); i++) {
                    assertArrayEquals(original.bytes(i).toArray(ValueLayout.JAVA_BYTE), reopened.bytes(i).toArray(ValueLayout.JAVA_BYTE));
                    assertEquals(original.messages().time(i), reopened.messages().time(i));
                }
            }
        }
    }

    @Test
    void hexExportNamesEachMessageAndItsFileOffsets() throws Exception {
        Path out = dir.resolve("m.hex");
        assertEquals(0, run("export", TestCaptures.file("bird-frr.pcap").toString(), "--messages", "3", "--format", "hex", "-o", out.toString()).code());
        String text = Files.readString(out);
        assertTrue(text.startsWith("# message 3, frame 10, 19 bytes at file offsets "), text);
        assertTrue(text.contains("000000  ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff\n000010  00 13 04\n"), text);
    }

    @Test
    void mrtExportKeepsTheChosenRecords() throws Exception {
        Path out = dir.resolve("sel.mrt");
        assertEquals(0, run("export", TestCaptures.file("gobgp-updates.mrt").toString(), "--messages", "2-4", "--format", "mrt", "-o", out.toString()).code());
        try (CaptureIndex reopened = CaptureIndex.open(out, Progress.NONE)) {
            assertEquals(3, reopened.messages().size());
        }
    }

    @Test
    void unreadableFilesFailWithOneLineNamingFileAndOffset() throws Exception {
        Path empty = dir.resolve("empty.pcap");
        Files.write(empty, new byte[0]);
        Run r = run("list", empty.toString());
        assertEquals(1, r.code());
        assertEquals("bgpscope: " + empty + ": at offset 0: the file is empty; expected a pcap, pcapng or MRT capture\n", r.err());
        r = run("list", dir.resolve("nope.pcap").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("no such file"));
    }

    @Test
    void truncatedCaptureListsEveryCompleteMessageThenFails() throws Exception {
        byte[] all = Files.readAllBytes(TestCaptures.file("bird-frr.pcap"));
        Path cut = dir.resolve("cut.pcap");
        Files.write(cut, java.util.Arrays.copyOf(all, all.length - 30));
        Run r = run("list", cut.toString());
        assertEquals(1, r.code());
        assertEquals(44, java.util.Arrays.stream(r.out().split("\n")).filter(l -> !l.startsWith("-\t")).count(),
                "the last record holds only a FIN/ACK, so no message is lost");
        assertTrue(r.err().matches("bgpscope: .*cut.pcap: at offset \\d+: truncated record \\d+: header says \\d+ bytes, only \\d+ remain\\n"), r.err());
    }

    @Test
    void badUsageExitsTwo() {
        assertEquals(2, run("export", "x.pcap").code());
        assertEquals(2, run("list").code());
        assertEquals(2, run("export", "x.pcap", "--format", "png", "-o", "y").code());
    }

    @Test
    void decodeHexReadsPastedBytesAndSaysWhatIsNotHex() {
        Run r = run("decode", "--hex", "00 13 04");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("message 1, frame 1"), r.out());
        assertTrue(r.out().contains("KEEPALIVE"), r.out());
        Run bad = run("decode", "--hex", "ff ff zz");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--hex: line 1: \"z\" is not a hex digit"), bad.err());
        assertEquals(2, run("decode").code(), "a FILE or --hex");
    }

    @Test
    void diagramWritesTheSvgOfTheChosenFieldsStructure() throws Exception {
        Path out = dir.resolve("origin.svg");
        Run r = run("diagram", TestCaptures.file("exa-gobgp.pcap").toString(), "--messages", "10",
                "--field", "bgp.update.attr.origin", "-o", out.toString());
        assertEquals(0, r.code(), r.err());
        String svg = Files.readString(out);
        assertTrue(svg.startsWith("<svg"), svg);
        assertTrue(svg.contains(">type code</text>") && svg.contains(">origin</text>"), svg);
        assertTrue(r.err().contains("ORIGIN"), r.err());
        Run none = run("diagram", TestCaptures.file("exa-gobgp.pcap").toString(), "--messages", "10",
                "--field", "bgp.no.such.field", "-o", out.toString());
        assertEquals(1, none.code());
        assertTrue(none.err().contains("has no field bgp.no.such.field"), none.err());
        Run two = run("diagram", TestCaptures.file("exa-gobgp.pcap").toString(), "--messages", "1-2", "-o", out.toString());
        assertEquals(2, two.code(), two.err());
    }
}
