package org.bgpscope.capture;

import static org.bgpscope.testing.Packets.concat;
import static org.bgpscope.testing.Packets.ethernet;
import static org.bgpscope.testing.Packets.ipv4Tcp;
import static org.bgpscope.testing.Packets.keepalive;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.bgpscope.net.CaptureIndex;
import org.bgpscope.net.Times;
import org.bgpscope.testing.Packets;
import org.bgpscope.testing.TempCaptures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CaptureReadersTest {
    @TempDir
    Path dir;

    static byte[] frame() {
        return ethernet(ipv4Tcp(0x0A000001, 0x0A000002, 40000, 179, 1000, 1, 0x18, keepalive()));
    }

    @ParameterizedTest
    @CsvSource({"BIG_ENDIAN,false", "LITTLE_ENDIAN,false", "BIG_ENDIAN,true", "LITTLE_ENDIAN,true"})
    void classicPcapReadsInBothByteOrdersAtBothPrecisions(String order, boolean nanos) throws Exception {
        ByteOrder bo = order.equals("BIG_ENDIAN") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        byte[] file = Packets.pcap(bo, nanos, 1, frame(), frame());
        try (CaptureIndex index = TempCaptures.index(dir, "t.pcap", file)) {
            assertEquals(CaptureFormat.PCAP, index.capture().format());
            // The second frame retransmits the first: one message.
            assertEquals(1, index.messages().size());
            assertEquals(nanos ? 9 : 6, index.timeDigits());
            assertEquals(nanos ? "2023-11-14T22:13:20.123456789Z" : "2023-11-14T22:13:20.123456Z",
                    Times.iso(index.messages().time(0), index.timeDigits()));
        }
    }

    @Test
    void truncatedLastRecordKeepsEveryCompleteOneAndSaysWhere() throws Exception {
        byte[] whole = Packets.pcap(frame(), frame());
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 10);
        try (CaptureIndex index = TempCaptures.index(dir, "cut.pcap", cut)) {
            assertEquals(1, index.messages().size());
            assertTrue(index.stoppedEarly().contains("truncated record 2"), index.stoppedEarly());
            assertEquals(24 + 16 + frame().length, index.stoppedAt());
        }
    }

    @Test
    void emptyAndUnknownFilesAreRefusedWithFileAndOffset() throws Exception {
        Path empty = TempCaptures.write(dir, "empty.pcap", new byte[0]);
        CaptureException e = assertThrows(CaptureException.class, () -> MappedCapture.open(empty));
        assertTrue(e.getMessage().startsWith(empty + ": at offset 0: the file is empty"), e.getMessage());
        Path text = TempCaptures.write(dir, "notes.pcap", "hello, this is not a capture".getBytes());
        e = assertThrows(CaptureException.class, () -> MappedCapture.open(text));
        assertTrue(e.getMessage().contains("unknown format"), e.getMessage());
        Path missing = dir.resolve("missing.pcap");
        e = assertThrows(CaptureException.class, () -> MappedCapture.open(missing));
        assertTrue(e.getMessage().contains("no such file"));
    }

    /** Block writer for pcapng in either byte order. */
    static final class Pcapng {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteOrder order;

        Pcapng section(ByteOrder o) {
            order = o;
            block(0x0A0D0D0A, ByteBuffer.allocate(16).order(o).putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0).putLong(-1).array());
            return this;
        }

        Pcapng iface(int linkType, int tsresol) {
            ByteBuffer b = ByteBuffer.allocate(20).order(order);
            b.putShort((short) linkType).putShort((short) 0).putInt(0);
            b.putShort((short) 9).putShort((short) 1).put((byte) tsresol).put(new byte[3]);
            b.putShort((short) 0).putShort((short) 0);
            block(1, b.array());
            return this;
        }

        Pcapng epb(int iface, long ts, byte[] data) {
            int pad = (4 - data.length % 4) % 4;
            ByteBuffer b = ByteBuffer.allocate(20 + data.length + pad).order(order);
            b.putInt(iface).putInt((int) (ts >>> 32)).putInt((int) ts).putInt(data.length).putInt(data.length).put(data);
            block(6, b.array());
            return this;
        }

        Pcapng spb(byte[] data) {
            int pad = (4 - data.length % 4) % 4;
            block(3, ByteBuffer.allocate(4 + data.length + pad).order(order).putInt(data.length).put(data).array());
            return this;
        }

        Pcapng unknown() {
            block(0x0BAD, new byte[8]);
            return this;
        }

        void block(int type, byte[] body) {
            int len = 12 + body.length;
            out.writeBytes(ByteBuffer.allocate(8).order(order).putInt(type).putInt(len).array());
            out.writeBytes(body);
            out.writeBytes(ByteBuffer.allocate(4).order(order).putInt(len).array());
        }
    }

    @Test
    void pcapngWithSectionsOfBothByteOrdersAndTimeResolutions() throws Exception {
        byte[] a = keepalive();
        byte[] second = ethernet(ipv4Tcp(0x0A000001, 0x0A000002, 40000, 179, 1019, 1, 0x18, Packets.bgp(2, 23, 0)));
        Pcapng ng = new Pcapng()
                .section(ByteOrder.LITTLE_ENDIAN).iface(1, 9).unknown()
                .epb(0, 1_700_000_000_123456789L, ethernet(ipv4Tcp(0x0A000001, 0x0A000002, 40000, 179, 1000, 1, 0x18, a)))
                .section(ByteOrder.BIG_ENDIAN).iface(1, 6).epb(0, 1_700_000_001_000_001L, second)
                .spb(ethernet(ipv4Tcp(0x0A000001, 0x0A000002, 40000, 179, 1042, 1, 0x18, keepalive())));
        try (CaptureIndex index = TempCaptures.index(dir, "t.pcapng", ng.out.toByteArray())) {
            assertEquals(CaptureFormat.PCAPNG, index.capture().format());
            assertNull(index.stoppedEarly());
            assertEquals(3, index.messages().size());
            assertEquals(9, index.timeDigits());
            assertEquals(1_700_000_000_123456789L, index.messages().time(0));
            assertEquals(1_700_000_001_000_001_000L, index.messages().time(1));
            assertEquals(2, index.messages().type(1));
            assertEquals(3, index.messages().frame(2), "the Simple Packet Block is frame 3");
        }
    }

    @Test
    void binaryTimeResolutionConvertsToNanoseconds() {
        // if_tsresol 0x80|20: 2^-20 s per tick; 1.5 s = 1.5 * 2^20 ticks.
        assertEquals(1_500_000_000L, PcapngReader.toNanos(3L << 19, (byte) (0x80 | 20)));
        assertEquals(1_000L, PcapngReader.toNanos(1, (byte) 6));
    }

    @Test
    void pcapngTruncatedBlockStopsWithItsOffset() throws Exception {
        Pcapng ng = new Pcapng().section(ByteOrder.LITTLE_ENDIAN).iface(1, 6).epb(0, 5, frame()).epb(0, 6, frame());
        byte[] all = ng.out.toByteArray();
        byte[] cut = java.util.Arrays.copyOf(all, all.length - 7);
        try (CaptureIndex index = TempCaptures.index(dir, "cut.pcapng", cut)) {
            assertEquals(1, index.messages().size());
            assertTrue(index.stoppedEarly().startsWith("truncated block of type 6"), index.stoppedEarly());
        }
    }

    @Test
    void gzipAndBzip2CapturesOpenToTheSameMessages() throws Exception {
        byte[] file = Packets.pcap(frame());
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (var g = new java.util.zip.GZIPOutputStream(gz)) {
            g.write(file);
        }
        ByteArrayOutputStream bz = new ByteArrayOutputStream();
        try (var b = new org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream(bz)) {
            b.write(file);
        }
        long[] progressSeen = {0};
        for (var entry : java.util.Map.of("t.pcap.gz", gz.toByteArray(), "t.pcap.bz2", bz.toByteArray()).entrySet()) {
            Path p = TempCaptures.write(dir, entry.getKey(), entry.getValue());
            try (MappedCapture c = MappedCapture.open(p, (done, total) -> {
                progressSeen[0] = done;
                return true;
            })) {
                assertEquals(CaptureFormat.PCAP, c.format());
                assertEquals(file.length, c.size());
                assertFalse(c.mappedFile().equals(p));
                CaptureIndex index = new CaptureIndex(c);
                index.build();
                assertEquals(1, index.messages().size());
                Path temp = c.mappedFile();
                c.close();
                assertFalse(java.nio.file.Files.exists(temp), "the decompressed copy is deleted on close");
            }
        }
        assertTrue(progressSeen[0] > 0);
    }

    @Test
    void corruptGzipNamesTheCompressedOffset() throws Exception {
        byte[] bad = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6};
        Path p = TempCaptures.write(dir, "bad.pcap.gz", bad);
        CaptureException e = assertThrows(CaptureException.class, () -> MappedCapture.open(p));
        assertTrue(e.getMessage().contains("corrupt gzip data"), e.getMessage());
    }

    @Test
    void mrtIsToldFromItsContentNotItsName() throws Exception {
        // A BGP4MP_MESSAGE_AS4 record (RFC 6396 §4.4.3) holding a KEEPALIVE, in a file named .pcap.
        byte[] msg = keepalive();
        ByteBuffer b = ByteBuffer.allocate(12 + 20 + msg.length);
        b.putInt(1_700_000_000).putShort((short) 16).putShort((short) 4).putInt(20 + msg.length);
        b.putInt(65001).putInt(65002).putShort((short) 0).putShort((short) 1).putInt(0x0A000001).putInt(0x0A000002).put(msg);
        try (CaptureIndex index = TempCaptures.index(dir, "looks-like.pcap", concat(b.array(), b.array()))) {
            assertEquals(CaptureFormat.MRT, index.capture().format());
            assertEquals(2, index.messages().size());
            assertEquals("10.0.0.1", index.flows().flow(index.messages().flow(0)).src());
            assertEquals(65001, index.flows().flow(index.messages().flow(0)).srcAs());
        }
    }
}
