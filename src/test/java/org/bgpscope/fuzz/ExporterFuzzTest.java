package org.bgpscope.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import org.bgpscope.capture.CaptureException;
import org.bgpscope.capture.Progress;
import org.bgpscope.export.ExportFormat;
import org.bgpscope.export.Exporter;
import org.bgpscope.export.MessageSelection;
import org.bgpscope.net.CaptureIndex;

/**
 * Every exporter on arbitrary BGP messages: the message bytes are wrapped in a raw BGP stream, an
 * MRT BGP4MP record or a pcap with one TCP segment, indexed, and every format that container allows
 * is written to memory. No exporter may throw, and the JSON formats must write valid JSON, one
 * object per line.
 *
 * <p>Input: one byte (the MRT subtype and the TCP direction), then the BGP message bytes; seeds are
 * real messages.
 */
class ExporterFuzzTest {
    /** BGP4MP_MESSAGE, _AS4, _ADDPATH, _AS4_ADDPATH (RFC 6396, RFC 8050). */
    static final int[] MRT_SUBTYPES = {1, 4, 8, 9, 6, 7};

    @FuzzTest
    void raw(byte[] data) throws IOException {
        if (data.length < 1) {
            return;
        }
        try (CaptureIndex index = FuzzFiles.index("export.bgp", java.util.Arrays.copyOfRange(data, 1, data.length))) {
            if (index != null) {
                exportAll(index, ExportFormat.RAW, ExportFormat.HEX, ExportFormat.JSON, ExportFormat.EXABGP);
            }
        }
    }

    @FuzzTest
    void mrt(byte[] data) throws IOException {
        if (data.length < 1) {
            return;
        }
        try (CaptureIndex index = FuzzFiles.index("export.mrt", mrtRecord(data))) {
            if (index != null) {
                exportAll(index, ExportFormat.MRT, ExportFormat.JSON, ExportFormat.EXABGP);
            }
        }
    }

    @FuzzTest
    void pcap(byte[] data) throws IOException {
        if (data.length < 1) {
            return;
        }
        try (CaptureIndex index = FuzzFiles.index("export.pcap", pcapFrame(data))) {
            if (index != null) {
                exportAll(index, ExportFormat.PCAP, ExportFormat.JSON, ExportFormat.EXABGP, ExportFormat.HEX);
            }
        }
    }

    private static void exportAll(CaptureIndex index, ExportFormat... formats) throws IOException {
        int n = index.messages().size();
        BitSet all = new BitSet();
        all.set(0, n);
        for (ExportFormat f : formats) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                Exporter.export(index, MessageSelection.of(all), f, out, Progress.NONE);
            } catch (CaptureException e) {
                throw new AssertionError(f + " export of a " + index.capture().format() + " capture refused: " + e.getMessage(), e);
            }
            if (f == ExportFormat.JSON || f == ExportFormat.EXABGP) {
                checkJsonLines(f, out.toByteArray());
            }
        }
    }

    /** Each line is one complete JSON object. */
    static void checkJsonLines(ExportFormat f, byte[] out) throws IOException {
        String text = new String(out, StandardCharsets.UTF_8);
        JsonFactory json = new JsonFactory();
        for (String line : text.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            try (JsonParser p = json.createParser(line)) {
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    throw new AssertionError(f + ": a line is no JSON object: " + line);
                }
                p.skipChildren();
                if (p.nextToken() != null) {
                    throw new AssertionError(f + ": more than one value on a line: " + line);
                }
            }
        }
    }

    /** One BGP4MP message record (RFC 6396 §4.4.2, RFC 8050) from 192.0.2.1 AS 65001 to 192.0.2.2 AS 65002. */
    static byte[] mrtRecord(byte[] data) {
        int subtype = MRT_SUBTYPES[(data[0] & 0xFF) % MRT_SUBTYPES.length];
        boolean as4 = subtype == 4 || subtype == 9 || subtype == 7;
        int msgLen = data.length - 1;
        int body = (as4 ? 8 : 4) + 4 + 8 + msgLen;
        ByteBuffer b = ByteBuffer.allocate(12 + body);
        b.putInt(1_700_000_000).putShort((short) 16).putShort((short) subtype).putInt(body);
        if (as4) {
            b.putInt(65001).putInt(65002);
        } else {
            b.putShort((short) 65001).putShort((short) 65002);
        }
        b.putShort((short) 0).putShort((short) 1);
        b.put(new byte[] {(byte) 192, 0, 2, 1, (byte) 192, 0, 2, 2});
        b.put(data, 1, msgLen);
        return b.array();
    }

    /** A classic pcap with one Ethernet/IPv4/TCP frame carrying the message bytes, port 179 on one side. */
    static byte[] pcapFrame(byte[] data) {
        int payload = Math.min(data.length - 1, 65535 - 40);
        boolean fromServer = (data[0] & 1) != 0;
        int frameLen = 14 + 20 + 20 + payload;
        ByteBuffer b = ByteBuffer.allocate(24 + 16 + frameLen);
        b.order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putInt(0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(262144).putInt(1);
        b.putInt(1_700_000_000).putInt(0).putInt(frameLen).putInt(frameLen);
        b.order(java.nio.ByteOrder.BIG_ENDIAN);
        b.put(new byte[] {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1}).putShort((short) 0x0800);
        b.put((byte) 0x45).put((byte) 0).putShort((short) (40 + payload)).putShort((short) 1).putShort((short) 0x4000)
                .put((byte) 64).put((byte) 6).putShort((short) 0)
                .put(new byte[] {(byte) 192, 0, 2, 1, (byte) 192, 0, 2, 2});
        b.putShort((short) (fromServer ? 179 : 40000)).putShort((short) (fromServer ? 40000 : 179))
                .putInt(1000).putInt(2000).put((byte) 0x50).put((byte) 0x18).putShort((short) 65535)
                .putShort((short) 0).putShort((short) 0);
        b.put(data, 1, payload);
        return b.array();
    }
}
