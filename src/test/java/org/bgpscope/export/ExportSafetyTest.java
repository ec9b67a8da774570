package org.bgpscope.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.bgpscope.capture.CaptureException;
import org.bgpscope.capture.Progress;
import org.bgpscope.net.CaptureIndex;
import org.bgpscope.net.MessageIndex;
import org.bgpscope.net.MessageKind;
import org.bgpscope.testing.Packets;
import org.bgpscope.testing.TestCaptures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exports never harm their input or an existing file, and what they write re-opens to the same messages. */
class ExportSafetyTest {
    @TempDir
    Path dir;

    private Path copyOf(String name) throws IOException {
        return Files.copy(TestCaptures.file(name), dir.resolve(name));
    }

    private static List<Path> leftovers(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".part")).toList();
        }
    }

    @Test
    void exportOntoItsOwnInputIsRefusedAndTheInputKeepsEveryByte() throws Exception {
        Path in = copyOf("bird-frr.pcap");
        byte[] before = Files.readAllBytes(in);
        Path link = Files.createSymbolicLink(dir.resolve("link.pcap"), in);
        try (CaptureIndex index = CaptureIndex.open(in, Progress.NONE)) {
            for (Path out : List.of(in, link, dir.resolve("./bird-frr.pcap"))) {
                IOException e = assertThrows(IOException.class,
                        () -> Exporter.export(index, MessageSelection.parse(null, index.messages().size()), ExportFormat.RAW, out, Progress.NONE));
                assertTrue(e.getMessage().contains("it is the capture being exported"), e.getMessage());
            }
        }
        assertArrayEquals(before, Files.readAllBytes(in));
        assertEquals(List.of(), leftovers(dir));
    }

    @Test
    void exportOntoItsOwnCompressedInputIsRefused() throws Exception {
        Path gz = dir.resolve("frr.mrt.gz");
        try (GZIPOutputStream z = new GZIPOutputStream(Files.newOutputStream(gz))) {
            z.write(Files.readAllBytes(TestCaptures.file("gobgp-updates.mrt")));
        }
        byte[] before = Files.readAllBytes(gz);
        try (CaptureIndex index = CaptureIndex.open(gz, Progress.NONE)) {
            assertThrows(IOException.class, () -> Exporter.export(index, MessageSelection.parse(null, index.messages().size()),
                    ExportFormat.MRT, gz, Progress.NONE));
        }
        assertArrayEquals(before, Files.readAllBytes(gz));
    }

    @Test
    void aRefusedExportLeavesTheExistingFileUntouchedAndNoPartialFile() throws Exception {
        Path existing = dir.resolve("existing.mrt");
        Files.writeString(existing, "precious");
        try (CaptureIndex index = CaptureIndex.open(TestCaptures.file("bird-frr.pcap"), Progress.NONE)) {
            CaptureException e = assertThrows(CaptureException.class, () -> Exporter.export(index,
                    MessageSelection.parse(null, index.messages().size()), ExportFormat.MRT, existing, Progress.NONE));
            assertTrue(e.getMessage().contains("cannot be exported as mrt"), e.getMessage());
        }
        assertEquals("precious", Files.readString(existing));
        assertEquals(List.of(), leftovers(dir));
    }

    @Test
    void aCancelledExportLeavesTheExistingFileUntouchedAndNoPartialFile() throws Exception {
        Path existing = dir.resolve("existing.jsonl");
        Files.writeString(existing, "precious");
        try (CaptureIndex index = CaptureIndex.open(TestCaptures.file("exa-gobgp.pcap"), Progress.NONE)) {
            assertThrows(org.bgpscope.capture.CancelledException.class, () -> Exporter.export(index,
                    MessageSelection.parse(null, index.messages().size()), ExportFormat.JSON, existing, (done, total) -> done < 1024));
        }
        assertEquals("precious", Files.readString(existing));
        assertEquals(List.of(), leftovers(dir));
    }

    @Test
    void exportIntoAMissingFolderNamesTheFolder() throws Exception {
        Path out = dir.resolve("no/such/folder/out.bgp");
        try (CaptureIndex index = CaptureIndex.open(TestCaptures.file("bird-frr.pcap"), Progress.NONE)) {
            IOException e = assertThrows(IOException.class, () -> Exporter.export(index,
                    MessageSelection.parse("1", index.messages().size()), ExportFormat.RAW, out, Progress.NONE));
            assertTrue(e.getMessage().contains("the folder " + dir.resolve("no/such/folder") + " does not exist"), e.getMessage());
        }
    }

    /** Every complete message of {@code index}, as bytes, in order. */
    private static List<byte[]> completeMessages(CaptureIndex index) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < index.messages().size(); i++) {
            if (Exporter.isCompleteMessage(index.messages(), i)) {
                out.add(index.bytes(i).toArray(ValueLayout.JAVA_BYTE));
            }
        }
        return out;
    }

    private static void assertSameMessages(List<byte[]> expected, CaptureIndex reopened) {
        MessageIndex m = reopened.messages();
        assertEquals(expected.size(), m.size());
        for (int i = 0; i < m.size(); i++) {
            assertEquals(MessageKind.BGP_MESSAGE, m.kind(i));
            assertEquals(0, m.flags(i), "message " + (i + 1) + " re-frames cleanly");
            assertArrayEquals(expected.get(i), reopened.bytes(i).toArray(ValueLayout.JAVA_BYTE), "message " + (i + 1));
        }
    }

    @Test
    void rawExportOfEveryCaptureReopensToItsCompleteMessagesByteForByte() throws Exception {
        for (String name : List.of("exa-gobgp.pcap", "exa-gobgp.pcapng", "exa-gobgp-nanosec.pcap", "bird-frr.pcap",
                "bird-frr-lossy.pcap", "gobgp-updates.mrt", "frr-rib.mrt")) {
            Path out = dir.resolve(name + ".bgp");
            try (CaptureIndex index = CaptureIndex.open(TestCaptures.file(name), Progress.NONE)) {
                List<byte[]> expected = completeMessages(index);
                if (expected.isEmpty()) {
                    // frr-rib.mrt holds RIB entries only: there is nothing a raw export could write.
                    assertThrows(CaptureException.class, () -> Exporter.export(index,
                            MessageSelection.parse(null, index.messages().size()), ExportFormat.RAW, out, Progress.NONE));
                    assertFalse(Files.exists(out), name);
                    continue;
                }
                ExportResult r = Exporter.export(index, MessageSelection.parse(null, index.messages().size()), ExportFormat.RAW, out, Progress.NONE);
                assertEquals(expected.size(), r.written(), name);
                assertEquals(index.messages().size() - expected.size(), r.skipped(), name);
                try (CaptureIndex reopened = CaptureIndex.open(out, Progress.NONE)) {
                    assertSameMessages(expected, reopened);
                    assertEquals(null, reopened.stoppedEarly(), name);
                }
            }
        }
    }

    @Test
    void rawExportOfALossyCaptureLeavesOutTheIncompleteMessagesAndSaysSo() throws Exception {
        // Two keepalives, an UPDATE whose middle was lost (the receiver acknowledged past it), a keepalive.
        byte[] update = Packets.bgp(2, 100, 7);
        byte[] pcap = new Packets.Session().syn().send(Packets.keepalive()).send(Packets.keepalive())
                .send(Packets.slice(update, 0, 40)).sendAt(38 + 60, Packets.slice(update, 60, 100)).ackFromPeer(38 + 100)
                .sendAt(38 + 100, Packets.keepalive()).pcap();
        Path in = Files.write(dir.resolve("lossy.pcap"), pcap);
        Path out = dir.resolve("lossy.bgp");
        try (CaptureIndex index = CaptureIndex.open(in, Progress.NONE)) {
            List<byte[]> expected = completeMessages(index);
            assertEquals(3, expected.size());
            assertTrue(index.messages().size() > 3, "the cut UPDATE is indexed as incomplete");
            ExportResult r = Exporter.export(index, MessageSelection.parse(null, index.messages().size()), ExportFormat.RAW, out, Progress.NONE);
            assertEquals(3, r.written());
            assertTrue(r.describe(out).contains("left out " + r.skipped()), r.describe(out));
            try (CaptureIndex reopened = CaptureIndex.open(out, Progress.NONE)) {
                assertSameMessages(expected, reopened);
            }
        }
    }

    @Test
    void rawExportOfAnMrtWithStateChangesHoldsOnlyTheBgpMessages() throws Exception {
        byte[] mrt = Files.readAllBytes(TestCaptures.file("gobgp-updates.mrt"));
        // A BGP4MP_STATE_CHANGE_AS4 (RFC 6396 §4.4.1): Established (6) to Idle (1), between the first records.
        ByteBuffer state = ByteBuffer.allocate(12 + 24);
        state.putInt(1_700_000_000).putShort((short) 16).putShort((short) 5).putInt(24)
                .putInt(65002).putInt(65001).putShort((short) 0).putShort((short) 1).putInt(0x0A000002).putInt(0x0A000001)
                .putShort((short) 6).putShort((short) 1);
        int firstRecord = 12 + ByteBuffer.wrap(mrt, 8, 4).getInt();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(mrt, 0, firstRecord);
        b.writeBytes(state.array());
        b.write(mrt, firstRecord, mrt.length - firstRecord);
        Path in = Files.write(dir.resolve("with-state.mrt"), b.toByteArray());
        Path out = dir.resolve("with-state.bgp");
        try (CaptureIndex index = CaptureIndex.open(in, Progress.NONE)) {
            assertEquals(MessageKind.MRT_STATE_CHANGE, index.messages().kind(1));
            List<byte[]> expected = completeMessages(index);
            assertEquals(index.messages().size() - 1, expected.size());
            ExportResult r = Exporter.export(index, MessageSelection.parse(null, index.messages().size()), ExportFormat.RAW, out, Progress.NONE);
            assertEquals(1, r.skipped());
            try (CaptureIndex reopened = CaptureIndex.open(out, Progress.NONE)) {
                assertSameMessages(expected, reopened);
            }
        }
    }

    @Test
    void pcapExportKeepsTheRecordOfAMessageHeldOutOfOrder() throws Exception {
        byte[] a = Packets.keepalive();
        byte[] b = Packets.bgp(2, 30, 1);
        byte[] c = Packets.bgp(2, 40, 2);
        // C arrives before B and waits; B's frame fills the hole and releases C.
        byte[] pcap = new Packets.Session().syn().send(a).sendAt(19 + 30, c).sendAt(19, b).pcap();
        Path in = Files.write(dir.resolve("reordered.pcap"), pcap);
        try (CaptureIndex index = CaptureIndex.open(in, Progress.NONE)) {
            assertEquals(3, index.messages().size());
            assertEquals(4, index.messages().frame(2), "C is completed by B's frame");
            assertEquals(3, index.messages().pieces(2).getFirst().frame(), "but its bytes came in frame 3");

            Path onlyC = dir.resolve("c.pcap");
            assertEquals(1, Exporter.export(index, MessageSelection.parse("3", 3), ExportFormat.PCAP, onlyC, Progress.NONE).written());
            try (CaptureIndex reopened = CaptureIndex.open(onlyC, Progress.NONE)) {
                assertEquals(1, reopened.messages().size());
                assertArrayEquals(c, reopened.bytes(0).toArray(ValueLayout.JAVA_BYTE));
            }

            Path all = dir.resolve("all.pcap");
            Exporter.export(index, MessageSelection.parse(null, 3), ExportFormat.PCAP, all, Progress.NONE);
            try (CaptureIndex reopened = CaptureIndex.open(all, Progress.NONE)) {
                assertEquals(3, reopened.messages().size());
                for (int i = 0; i < 3; i++) {
                    assertArrayEquals(index.bytes(i).toArray(ValueLayout.JAVA_BYTE), reopened.bytes(i).toArray(ValueLayout.JAVA_BYTE));
                }
            }
        }
    }
}
