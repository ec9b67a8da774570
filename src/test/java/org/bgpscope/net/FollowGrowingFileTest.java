package org.bgpscope.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.bgpscope.capture.MappedCapture;
import org.bgpscope.capture.Progress;
import org.bgpscope.testing.TestCaptures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A capture another program is still writing: the test captures are written out in pieces cut at
 * arbitrary bytes (inside record headers, inside records), and the open index follows the file as
 * it grows. At the end it must hold exactly what indexing the whole file gives: no message lost,
 * none twice, and no cut record reported on the way.
 */
class FollowGrowingFileTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"exa-gobgp.pcap", "exa-gobgp.pcapng", "bird-frr-lossy.pcap", "gobgp-updates.mrt", "frr-rib.mrt"})
    void recordsAppendedWhileOpenAreIndexedOnceEach(String name) throws Exception {
        byte[] whole = Files.readAllBytes(TestCaptures.file(name));
        List<String> expected;
        int expectedProblems;
        try (CaptureIndex full = CaptureIndex.open(TestCaptures.file(name), Progress.NONE)) {
            expected = rows(full);
            expectedProblems = full.problems().size();
        }
        assertTrue(expected.size() > 10, name + " has messages to follow");

        Path growing = dir.resolve(name);
        Random random = new Random(name.hashCode());
        int written = 40 + random.nextInt(200);
        Files.write(growing, java.util.Arrays.copyOf(whole, written));
        try (CaptureIndex index = new CaptureIndex(MappedCapture.open(growing))) {
            index.buildFollowing(Progress.NONE);
            assertTrue(index.following());
            int steps = 0;
            int seen = index.messages().size();
            try (OutputStream out = Files.newOutputStream(growing, StandardOpenOption.APPEND)) {
                while (written < whole.length) {
                    int n = Math.min(whole.length - written, 1 + random.nextInt(3000));
                    out.write(whole, written, n);
                    out.flush();
                    written += n;
                    int added = index.follow();
                    assertEquals(seen + added, index.messages().size(), "follow() says how many messages it added");
                    seen += added;
                    steps++;
                    assertNull(index.stoppedEarly(), "a record cut by the end of a growing file is waited for, not reported");
                    assertTrue(index.following());
                }
            }
            assertTrue(steps > 20, "the file grew in many steps");
            index.stopFollowing();
            assertFalse(index.following());
            assertEquals(expected, rows(index), "the followed file indexes to the same messages as the whole file");
            assertEquals(expectedProblems, index.problems().size());
        }
    }

    @Test
    void aRecordStillCutWhenFollowingStopsIsReportedAsTruncated() throws Exception {
        byte[] whole = Files.readAllBytes(TestCaptures.file("gobgp-updates.mrt"));
        Path growing = dir.resolve("cut.mrt");
        Files.write(growing, java.util.Arrays.copyOf(whole, 1000));
        try (CaptureIndex index = new CaptureIndex(MappedCapture.open(growing))) {
            index.buildFollowing(Progress.NONE);
            int before = index.messages().size();
            assertNull(index.stoppedEarly());
            index.stopFollowing();
            assertNotNull(index.stoppedEarly());
            assertTrue(index.stoppedEarly().startsWith("truncated MRT"), index.stoppedEarly());
            assertEquals(before, index.messages().size());
        }
    }

    @Test
    void aFileCutShorterWhileFollowedIsReportedAndTheRowsAreKept() throws Exception {
        Path growing = dir.resolve("cut.pcap");
        Files.copy(TestCaptures.file("exa-gobgp.pcap"), growing);
        try (CaptureIndex index = new CaptureIndex(MappedCapture.open(growing))) {
            index.buildFollowing(Progress.NONE);
            int rows = index.messages().size();
            String first = Summary.of(index, 0);
            try (FileChannel ch = FileChannel.open(growing, StandardOpenOption.WRITE)) {
                ch.truncate(ch.size() / 2);
            }
            assertEquals(0, index.follow());
            assertFalse(index.following());
            assertNotNull(index.followEnded());
            assertTrue(index.followEnded().contains("was cut from 137527 to 68763 bytes while open"), index.followEnded());
            assertTrue(index.problems().stream().anyMatch(p -> p.text().equals(index.followEnded())), "listed as a problem");
            int kept = index.messages().size();
            assertTrue(kept > 0 && kept < rows, "the rows before the cut stay, those past it went with its bytes: " + kept);
            assertTrue(index.followEnded().contains("the " + kept + " messages read before the cut are kept ("
                    + (rows - kept) + " after it are gone with its bytes)"), index.followEnded());
            for (int i = 0; i < kept; i++) {
                assertTrue(index.fileOffsetOf(i, index.messages().length(i) - 1) < 68763);
                Summary.of(index, i); // every row kept can still be read
            }
            assertEquals(first, Summary.of(index, 0));
        }
    }

    @Test
    void aFileReplacedWhileFollowedIsReportedAndItsRowsStayReadable() throws Exception {
        Path growing = dir.resolve("replaced.mrt");
        Files.copy(TestCaptures.file("gobgp-updates.mrt"), growing);
        try (CaptureIndex index = new CaptureIndex(MappedCapture.open(growing))) {
            index.buildFollowing(Progress.NONE);
            List<String> before = rows(index);
            String last = Summary.of(index, index.messages().size() - 1);
            // What a log rotation does: a new file takes the name.
            Path other = dir.resolve("new.mrt");
            Files.copy(TestCaptures.file("frr-updates.mrt"), other);
            Files.move(other, growing, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            assertEquals(0, index.follow());
            assertFalse(index.following());
            assertTrue(index.followEnded().contains("replaced by another file"), index.followEnded());
            assertEquals(before, rows(index));
            assertEquals(last, Summary.of(index, index.messages().size() - 1), "the old file's bytes are still mapped");
        }
    }

    @Test
    void aCompressedFileIsIndexedWholeAndNotFollowed() throws Exception {
        Path gz = dir.resolve("updates.mrt.gz");
        try (OutputStream out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
            Files.copy(TestCaptures.file("frr-updates.mrt"), out);
        }
        try (CaptureIndex index = new CaptureIndex(MappedCapture.open(gz))) {
            index.buildFollowing(Progress.NONE);
            assertFalse(index.following());
            assertTrue(index.messages().size() > 0);
        }
    }

    /** Each message as its frame, file offset, length, type, kind, flags and flow. */
    private static List<String> rows(CaptureIndex index) throws IOException {
        MessageIndex m = index.messages();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < m.size(); i++) {
            out.add(m.frame(i) + " " + index.fileOffsetOf(i, 0) + " " + m.length(i) + " " + m.type(i) + " " + m.kind(i)
                    + " " + m.flags(i) + " " + m.flow(i) + " " + m.time(i));
        }
        return out;
    }

    /** The message's bytes as hex: reading them proves they are still mapped. */
    private static final class Summary {
        static String of(CaptureIndex index, int i) {
            return java.util.HexFormat.of().formatHex(index.bytes(i).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
        }
    }
}
