package org.bgpscope.export;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.DeflaterOutputStream;

/**
 * Pixels as a PNG file (8-bit RGBA, no filtering), so the window can save its drawings without the
 * AWT image classes.
 */
public final class PngWriter {
    private PngWriter() {}

    /** Writes {@code argb} ({@code width × height} pixels, row by row, as JavaFX reads them) as a PNG. */
    public static void write(int[] argb, int width, int height, OutputStream to) throws IOException {
        if (argb.length < (long) width * height || width <= 0 || height <= 0) {
            throw new IllegalArgumentException(width + "×" + height + " pixels, " + argb.length + " given");
        }
        DataOutputStream out = new DataOutputStream(to);
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        DataOutputStream h = new DataOutputStream(header);
        h.writeInt(width);
        h.writeInt(height);
        h.write(new byte[] {8, 6, 0, 0, 0}); // 8 bits a sample, RGBA, deflate, adaptive filters, no interlace
        chunk(out, "IHDR", header.toByteArray());
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(data)) {
            byte[] row = new byte[1 + width * 4];
            for (int y = 0; y < height; y++) {
                row[0] = 0; // filter: none
                for (int x = 0; x < width; x++) {
                    int p = argb[y * width + x];
                    row[1 + x * 4] = (byte) (p >>> 16);
                    row[2 + x * 4] = (byte) (p >>> 8);
                    row[3 + x * 4] = (byte) p;
                    row[4 + x * 4] = (byte) (p >>> 24);
                }
                z.write(row);
            }
        }
        chunk(out, "IDAT", data.toByteArray());
        chunk(out, "IEND", new byte[0]);
        out.flush();
    }

    private static void chunk(DataOutputStream out, String type, byte[] body) throws IOException {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.writeInt(body.length);
        out.write(t);
        out.write(body);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(body);
        out.writeInt((int) crc.getValue());
    }
}
