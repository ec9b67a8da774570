package org.bgpscope.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.util.zip.CRC32;
import java.util.zip.InflaterInputStream;
import org.junit.jupiter.api.Test;

class PngWriterTest {
    @Test
    void pixelsComeBackFromTheChunksWithValidChecksums() throws Exception {
        int[] argb = {0xffff0000, 0x8000ff00, 0xff0000ff, 0x00000000, 0xff123456, 0xffffffff};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PngWriter.write(argb, 3, 2, out);
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(out.toByteArray()));
        byte[] magic = new byte[8];
        in.readFully(magic);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, magic);
        byte[] idat = null;
        int width = 0, height = 0;
        while (true) {
            int len = in.readInt();
            byte[] type = new byte[4];
            in.readFully(type);
            byte[] body = new byte[len];
            in.readFully(body);
            CRC32 crc = new CRC32();
            crc.update(type);
            crc.update(body);
            assertEquals((int) crc.getValue(), in.readInt(), new String(type) + " checksum");
            String t = new String(type);
            if (t.equals("IHDR")) {
                DataInputStream h = new DataInputStream(new ByteArrayInputStream(body));
                width = h.readInt();
                height = h.readInt();
            } else if (t.equals("IDAT")) {
                idat = body;
            } else if (t.equals("IEND")) {
                break;
            }
        }
        assertEquals(3, width);
        assertEquals(2, height);
        byte[] raw = new InflaterInputStream(new ByteArrayInputStream(idat)).readAllBytes();
        assertEquals(2 * (1 + 3 * 4), raw.length);
        // Second row, second pixel (0xff123456): filter byte, then RGBA.
        int at = 13 + 1 + 4;
        assertArrayEquals(new byte[] {0x12, 0x34, 0x56, (byte) 0xff}, java.util.Arrays.copyOfRange(raw, at, at + 4));
        assertEquals((byte) 0x80, raw[1 + 4 + 3], "the alpha of the half-transparent pixel");
    }
}
