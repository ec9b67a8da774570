package org.bgpscope.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.Arrays;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.bgpscope.testing.TestCaptures;
import org.junit.jupiter.api.Test;

/** bzip2 decompressed block by block on several threads gives the bytes the one-thread decoder gives. */
class ParallelBzip2Test {
    /** The test captures end to end, about 1.5 MB: at block size 1 (100 kB) over a dozen blocks of real capture bytes. */
    private static byte[] capture() throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (String name : new String[] {"exa-gobgp.pcap", "exa-gobgp.pcapng", "bird-frr.pcap", "bird-frr-lossy.pcap",
                "frr-rib.mrt", "frr-updates.mrt", "gobgp-updates.mrt", "vxlan-fragments.pcap", "snaplen-200.pcap"}) {
            all.write(Files.readAllBytes(TestCaptures.file(name)));
        }
        return all.toByteArray();
    }

    private static byte[] bzip2(byte[] data, int level) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (BZip2CompressorOutputStream bz = new BZip2CompressorOutputStream(out, level)) {
            bz.write(data);
        }
        return out.toByteArray();
    }

    private static byte[] parallel(byte[] compressed, int threads) throws IOException {
        try (InputStream in = new ParallelBzip2(new ByteArrayInputStream(compressed), threads)) {
            return in.readAllBytes();
        }
    }

    @Test
    void manyBlocksOnThreeThreadsEqualTheOneThreadDecoder() throws IOException {
        byte[] data = capture();
        byte[] bz = bzip2(data, 1);
        byte[] sequential;
        try (InputStream in = new BZip2CompressorInputStream(new ByteArrayInputStream(bz), true)) {
            sequential = in.readAllBytes();
        }
        assertArrayEquals(data, sequential);
        assertArrayEquals(data, parallel(bz, 3));
        assertArrayEquals(data, parallel(bz, 1));
    }

    @Test
    void concatenatedStreamsOfDifferentBlockSizesAreReadOneAfterTheOther() throws IOException {
        byte[] data = capture();
        byte[] a = Arrays.copyOf(data, 300_000);
        byte[] b = Arrays.copyOfRange(data, 300_000, data.length);
        ByteArrayOutputStream cat = new ByteArrayOutputStream();
        cat.write(bzip2(a, 1));
        cat.write(bzip2(new byte[0], 9));
        cat.write(bzip2(b, 9));
        assertArrayEquals(data, parallel(cat.toByteArray(), 2));
    }

    @Test
    void aCorruptBlockEndsTheDataAfterEveryBlockBeforeItAndNamesItsOffset() throws IOException {
        byte[] data = capture();
        byte[] bz = bzip2(data, 1);
        byte[] broken = bz.clone();
        int middle = bz.length / 2;
        broken[middle] ^= 0x5A;
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        IOException e = assertThrows(IOException.class, () -> {
            try (InputStream in = new ParallelBzip2(new ByteArrayInputStream(broken), 3)) {
                in.transferTo(got);
            }
        });
        assertTrue(e.getMessage().startsWith("bzip2 block at offset "), e.getMessage());
        long blockOffset = Long.parseLong(e.getMessage().replaceAll("bzip2 block at offset (\\d+):.*", "$1"));
        assertTrue(blockOffset <= middle && blockOffset > middle - 100_000, e.getMessage());
        byte[] before = got.toByteArray();
        assertTrue(before.length > 0, "the blocks before it came");
        assertArrayEquals(Arrays.copyOf(data, before.length), before, "what came before the corrupt block is the data itself");
    }

    @Test
    void aCutFileEndsWithTheBlocksBeforeTheCut() throws IOException {
        byte[] data = capture();
        byte[] bz = bzip2(data, 1);
        byte[] cut = Arrays.copyOf(bz, bz.length * 3 / 4);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        IOException e = assertThrows(IOException.class, () -> {
            try (InputStream in = new ParallelBzip2(new ByteArrayInputStream(cut), 2)) {
                in.transferTo(got);
            }
        });
        assertTrue(e.getMessage().contains("cut short"), e.getMessage());
        byte[] before = got.toByteArray();
        assertTrue(before.length >= data.length / 2, "most blocks came before the cut: " + before.length);
        assertArrayEquals(Arrays.copyOf(data, before.length), before);
    }

    @Test
    void aBadCombinedCrcIsAnError() throws IOException {
        byte[] bz = bzip2(Arrays.copyOf(capture(), 50_000), 9);
        // The last 4 or 5 bytes hold the combined CRC (then padding): flip a bit of it.
        bz[bz.length - 3] ^= 0x10;
        IOException e = assertThrows(IOException.class, () -> parallel(bz, 2));
        assertTrue(e.getMessage().contains("combined CRC"), e.getMessage());
    }

    @Test
    void noHeaderIsNoBzip2() {
        IOException e = assertThrows(IOException.class, () -> parallel("BZx9 not bzip2".getBytes(), 2));
        assertEquals("not a bzip2 stream: no BZh header", e.getMessage());
    }
}
