package org.bgpscope.capture;

import static org.bgpscope.testing.Packets.ethernet;
import static org.bgpscope.testing.Packets.ipv4Tcp;
import static org.bgpscope.testing.Packets.keepalive;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.bgpscope.cli.Cli;
import org.bgpscope.net.CaptureIndex;
import org.bgpscope.net.MessageIndex;
import org.bgpscope.net.MessageKind;
import org.bgpscope.testing.Packets;
import org.bgpscope.testing.TestCaptures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile and damaged files, each as the user meets it on the command line: the rows listed, the
 * problem named (file, offset, reason) and the exit code. Nothing throws, nothing is silently empty.
 */
class HostileFilesTest {
    @TempDir
    Path dir;
    @TempDir
    Path tmp;
    private String savedTmp;

    @BeforeEach
    void ownTemporaryFolder() {
        // Decompressed copies go to a folder of this test's own, so that leftovers can be counted.
        savedTmp = System.getProperty("java.io.tmpdir");
        System.setProperty("java.io.tmpdir", tmp.toString());
    }

    @AfterEach
    void restoreTemporaryFolder() {
        System.setProperty("java.io.tmpdir", savedTmp);
        System.clearProperty("bgpscope.tmp.reserve");
    }

    record Run(int code, List<String> rows, String err) {}

    static Run list(Path file) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new Cli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(new String[] {"list", file.toString()});
        String o = out.toString(StandardCharsets.UTF_8);
        return new Run(code, o.isEmpty() ? List.of() : List.of(o.split("\n")), err.toString(StandardCharsets.UTF_8));
    }

    private Path write(String name, byte[] bytes) throws Exception {
        return Files.write(dir.resolve(name), bytes);
    }

    private static byte[] gzip(byte[] data) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(b)) {
            z.write(data);
        }
        return b.toByteArray();
    }

    private List<Path> leftovers() throws Exception {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.toList();
        }
    }

    private static int count(Path capture) throws Exception {
        try (CaptureIndex index = CaptureIndex.open(capture, Progress.NONE)) {
            return index.messages().size();
        }
    }

    @Test
    void zeroBytesAreNoMrtFile() throws Exception {
        Run r = list(write("zeros.bin", new byte[36]));
        assertEquals(1, r.code());
        assertEquals(List.of(), r.rows());
        assertTrue(r.err().contains("zeros.bin: at offset 0: unknown format"), r.err());
    }

    @Test
    void zerosAfterRealMrtRecordsAreOneProblemNotMillionsOfRows() throws Exception {
        byte[] mrt = Files.readAllBytes(TestCaptures.file("gobgp-updates.mrt"));
        Path f = write("padded.mrt", Arrays.copyOf(mrt, mrt.length + (4 << 20)));
        Run r = list(f);
        assertEquals(count(TestCaptures.file("gobgp-updates.mrt")), r.rows().size());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("padded.mrt: at offset " + mrt.length + ": no MRT record header here (type 0, subtype 0, length 0)"), r.err());
    }

    /** Sets the length field of MRT record {@code k} (1-based) of {@code mrt}; returns its offset. */
    private static int setRecordLength(byte[] mrt, int k, long length) {
        int off = 0;
        for (int i = 1; i < k; i++) {
            off += 12 + ByteBuffer.wrap(mrt, off + 8, 4).getInt();
        }
        ByteBuffer.wrap(mrt, off + 8, 4).putInt((int) length);
        return off;
    }

    @Test
    void mrtRecordLengthsOfTwoAndFourGibibytesAreDamageAndReadingResumesAtTheNextRecord() throws Exception {
        Path original = TestCaptures.file("gobgp-updates.mrt");
        int n = count(original);
        for (long claim : new long[] {0x8000_0010L, 0xFFFF_FFFFL}) {
            byte[] mrt = Files.readAllBytes(original);
            int at = setRecordLength(mrt, 2, claim);
            int next = at + 12 + ByteBuffer.wrap(Files.readAllBytes(original), at + 8, 4).getInt();
            Path f = write("long-" + claim + ".mrt", mrt);
            try (CaptureIndex index = CaptureIndex.open(f, Progress.NONE)) {
                MessageIndex m = index.messages();
                assertEquals(n - 1, m.size(), "only the damaged record is lost");
                for (int i = 0; i < m.size(); i++) {
                    assertTrue(m.length(i) >= 19 && m.length(i) <= 65535, "message " + (i + 1) + " length " + m.length(i));
                }
                assertNull(index.stoppedEarly());
                assertTrue(index.problems().stream().anyMatch(p -> p.text().contains("bytes " + at + " to " + (next - 1)
                        + " are no MRT record") && p.text().contains("length " + claim) && p.text().contains("at offset " + next)),
                        index.problems().toString());
            }
            Run r = list(f);
            assertEquals(0, r.code(), r.err());
            assertEquals(n - 1, r.rows().size());
        }
    }

    @Test
    void mrtCutInsideItsSecondRecordListsTheFirstAndSaysWhere() throws Exception {
        byte[] rib = Files.readAllBytes(TestCaptures.file("frr-rib.mrt"));
        Run r = list(write("cut.mrt", Arrays.copyOf(rib, 102)));
        assertEquals(1, r.code());
        assertEquals(1, r.rows().size(), "the PEER_INDEX_TABLE");
        assertTrue(r.err().contains("cut.mrt: at offset") && r.err().contains("truncated MRT record 2"), r.err());
    }

    @Test
    void pcapngInterfaceIdOfTwoToThe31IsAProblemFrameAndTheRestIsRead() throws Exception {
        byte[] second = ethernet(ipv4Tcp(0x0A000001, 0x0A000002, 40000, 179, 1019, 1, 0x18, keepalive()));
        CaptureReadersTest.Pcapng ng = new CaptureReadersTest.Pcapng().section(ByteOrder.LITTLE_ENDIAN).iface(1, 6)
                .epb(0, 5, CaptureReadersTest.frame()).epb(0x8000_0000, 6, second).epb(0, 7, second);
        Path f = write("iface.pcapng", ng.out.toByteArray());
        try (CaptureIndex index = CaptureIndex.open(f, Progress.NONE)) {
            assertEquals(2, index.messages().size());
            assertEquals(3, index.messages().frame(1), "frame numbers count the unreadable block");
            assertNull(index.stoppedEarly());
            assertTrue(index.problems().stream().anyMatch(p -> p.frame() == 2
                    && p.text().equals("packet block names interface 2147483648, but its section describes only interface 0")),
                    index.problems().toString());
        }
        assertEquals(0, list(f).code());
    }

    @Test
    void rawBgpCutInsideAMessageFailsLikeACutPcap() throws Exception {
        byte[] update = Packets.bgp(2, 60, 1);
        Run r = list(write("cut.bgp", Packets.concat(keepalive(), Arrays.copyOf(update, 30))));
        assertEquals(1, r.code());
        assertEquals(2, r.rows().size(), "the keepalive, then the cut UPDATE");
        assertTrue(r.err().contains("cut.bgp: at offset 19: the file ends inside a BGP message: 30 of its 60 bytes are here"), r.err());
    }

    @Test
    void truncatedGzipListsWhatCameBeforeTheCut() throws Exception {
        Path mrt = TestCaptures.file("gobgp-updates.mrt");
        byte[] gz = gzip(Files.readAllBytes(mrt));
        Path f = write("cut.mrt.gz", Arrays.copyOf(gz, gz.length * 2 / 3));
        Run r = list(f);
        assertEquals(1, r.code());
        assertTrue(r.rows().size() > count(mrt) / 2 && r.rows().size() < count(mrt), r.rows().size() + " rows");
        assertTrue(r.err().contains("cut.mrt.gz: at offset") && r.err().contains("the gzip data is cut or corrupt here"), r.err());
        assertEquals(List.of(), leftovers());
    }

    @Test
    void aLargeGzipIsIndexedWhileItIsDecompressedAndListsWhatThePlainFileLists() throws Exception {
        // About 60 MB of real MRT records: open returns after the first 64 KiB, and indexing follows the copy.
        byte[] mrt = Files.readAllBytes(TestCaptures.file("gobgp-updates.mrt"));
        int copies = (60 << 20) / mrt.length;
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(b, 1 << 16)) {
            for (int k = 0; k < copies; k++) {
                z.write(mrt);
            }
        }
        Path f = write("big.mrt.gz", b.toByteArray());
        try (MappedCapture c = MappedCapture.open(f, Progress.NONE)) {
            assertTrue(c.streaming(), "open returned before the whole file was decompressed");
            assertTrue(c.size() < (long) copies * mrt.length, "only a prefix is mapped at first: " + c.size());
            try (org.bgpscope.net.CaptureIndex index = new org.bgpscope.net.CaptureIndex(c)) {
                index.build();
                assertFalse(c.streaming());
                assertEquals((long) copies * mrt.length, c.size());
                assertEquals((long) copies * count(TestCaptures.file("gobgp-updates.mrt")), index.messages().size());
                assertEquals(List.of(), index.problems());
                int last = index.messages().size() - 1;
                try (org.bgpscope.net.CaptureIndex plain = org.bgpscope.net.CaptureIndex.open(TestCaptures.file("gobgp-updates.mrt"), Progress.NONE)) {
                    int n = plain.messages().size();
                    assertArrayEquals(plain.bytes(n - 1).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE),
                            index.bytes(last).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE), "the last message of the last copy");
                }
            }
        }
        assertEquals(List.of(), leftovers(), "the copy is removed once mapped whole");
    }

    @Test
    void gzipWithABadChecksumListsEveryMessageAndSaysSo() throws Exception {
        Path mrt = TestCaptures.file("gobgp-updates.mrt");
        byte[] gz = gzip(Files.readAllBytes(mrt));
        gz[gz.length - 8] ^= 0x55; // the CRC-32 of RFC 1952 §2.3.1
        Run r = list(write("crc.mrt.gz", gz));
        assertEquals(1, r.code());
        assertEquals(count(mrt), r.rows().size());
        assertTrue(r.err().contains("Corrupt GZIP trailer"), r.err());
    }

    @Test
    void emptyGzipNamesTheInputFile() throws Exception {
        Path f = write("empty.pcap.gz", gzip(new byte[0]));
        Run r = list(f);
        assertEquals(1, r.code());
        assertTrue(r.err().contains(f + ": at offset 0: it decompresses to nothing"), r.err());
        assertFalse(r.err().contains(tmp.toString()), r.err());
        assertEquals(List.of(), leftovers());
    }

    @Test
    void bzip2BombOfZerosStopsAtOnceAndLeavesNoTemporaryFile() throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (OutputStream z = new BZip2CompressorOutputStream(b)) {
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 256; i++) {
                z.write(zeros);
            }
        }
        assertTrue(b.size() < 1024, "256 MiB of zeros in " + b.size() + " bytes");
        Path f = write("bomb.mrt.bz2", b.toByteArray());
        long start = System.nanoTime();
        Run r = list(f);
        assertEquals(1, r.code());
        assertTrue(r.err().contains("bomb.mrt.bz2: at offset 0: inside the bzip2 data: unknown format"), r.err());
        assertTrue(System.nanoTime() - start < 20_000_000_000L, "stopped at the first look, not after 256 MiB");
        assertEquals(List.of(), leftovers());
    }

    @Test
    void decompressionStopsWithAClearErrorBeforeTheDiskFills() throws Exception {
        Path mrt = TestCaptures.file("gobgp-updates.mrt");
        Path f = write("big.mrt.gz", gzip(Files.readAllBytes(mrt)));
        // Ask for more free space than the disk has: the first check stops it.
        System.setProperty("bgpscope.tmp.reserve", Long.toString(Long.MAX_VALUE / 2));
        Run r = list(f);
        assertEquals(1, r.code());
        assertTrue(r.err().contains("big.mrt.gz: at offset") && r.err().contains("decompressing needs more room than " + tmp)
                && r.err().contains("set TMPDIR"), r.err());
        assertEquals(List.of(), leftovers());
    }

    @Test
    void temporaryCopiesGoWhereTmpdirSaysUnlessJavaIoTmpdirIsSet() {
        assertEquals(tmp, Decompressor.tempDir("/tmp", tmp.toString()), "TMPDIR when java.io.tmpdir is the default");
        assertEquals(dir, Decompressor.tempDir(dir.toString(), tmp.toString()), "-Djava.io.tmpdir when it is set");
        assertEquals(Path.of("/tmp"), Decompressor.tempDir("/tmp", dir.resolve("missing").toString()), "not a folder that is not there");
        assertEquals(Path.of("/tmp"), Decompressor.tempDir("/tmp", null));
    }

    @Test
    void copiesLeftByDeadProcessesAreRemovedAtTheNextDecompression() throws Exception {
        long dead = 4_000_000;
        while (ProcessHandle.of(dead).isPresent()) {
            dead++;
        }
        Path stale = Files.writeString(tmp.resolve("bgpscope-" + dead + "-123-old.mrt"), "left by a killed process");
        Path live = Files.writeString(tmp.resolve("bgpscope-" + ProcessHandle.current().pid() + "-456-mine.mrt"), "in use");
        Path other = Files.writeString(tmp.resolve("someone-else.txt"), "not ours");
        list(write("a.mrt.gz", gzip(Files.readAllBytes(TestCaptures.file("gobgp-updates.mrt")))));
        assertFalse(Files.exists(stale));
        assertTrue(Files.exists(live));
        assertTrue(Files.exists(other));
    }

    @Test
    void fileCutShorterWhileBeingIndexedKeepsWhatCameBeforeTheCut() throws Exception {
        byte[][] frames = new byte[4000][];
        for (int i = 0; i < frames.length; i++) {
            frames[i] = ethernet(ipv4Tcp(0x0A000001, 0x0A000002, 40000, 179, 1000 + 19 * i, 1, 0x18, keepalive()));
        }
        Path f = write("shrinking.pcap", Packets.pcap(frames));
        long size = Files.size(f);
        try (CaptureIndex index = new CaptureIndex(MappedCapture.open(f))) {
            try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
                ch.truncate(size / 2);
            }
            index.build(Progress.NONE);
            MessageIndex m = index.messages();
            assertTrue(index.stoppedEarly().startsWith("the file changed while being read: it is now " + size / 2 + " bytes, it was "
                    + size + " when opened"), index.stoppedEarly());
            assertTrue(m.size() > 1000 && m.size() < 2000, m.size() + " messages kept");
            for (int i = 0; i < m.size(); i++) {
                assertEquals(MessageKind.BGP_MESSAGE, m.kind(i));
                assertEquals(19, index.bytes(i).toArray(ValueLayout.JAVA_BYTE).length);
            }
        }
    }
}
