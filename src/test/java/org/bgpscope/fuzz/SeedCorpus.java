package org.bgpscope.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.bgpscope.bgp.Negotiated;
import org.bgpscope.bgp.Sessions;
import org.bgpscope.capture.MappedCapture;
import org.bgpscope.capture.MrtReader;
import org.bgpscope.capture.PacketCursor;
import org.bgpscope.capture.Progress;
import org.bgpscope.net.CaptureIndex;
import org.bgpscope.net.MessageKind;
import org.bgpscope.testing.TestCaptures;

/**
 * Makes the seed corpora in src/test/resources/org/bgpscope/fuzz from the real captures: readers get
 * the captures cut to their first records (valid files, a few KB each), the frame target the first
 * frames of real sessions, the decoder and the exporters single real messages. Run once by hand
 * (the corpus is committed; findings are added next to the seeds):
 * {@code java -cp target/test-classes:target/classes:DEPS org.bgpscope.fuzz.SeedCorpus} from the project folder.
 */
public final class SeedCorpus {
    private static Path out;

    public static void main(String[] args) throws Exception {
        out = Path.of("src/test/resources/org/bgpscope/fuzz");
        Path caps = TestCaptures.dir();

        // Readers: real files cut after their first records.
        byte[] pcap = cutPackets(caps.resolve("exa-gobgp.pcap"), 24);
        seed("CaptureReaderFuzzTestInputs/pcap", "exa-gobgp-24", pcap);
        seed("CaptureReaderFuzzTestInputs/pcap", "exa-gobgp-nanosec-12", cutPackets(caps.resolve("exa-gobgp-nanosec.pcap"), 12));
        seed("CaptureReaderFuzzTestInputs/pcap", "bird-frr-lossy-16", cutPackets(caps.resolve("bird-frr-lossy.pcap"), 16));
        seed("CaptureReaderFuzzTestInputs/pcapng", "exa-gobgp-20", cutPackets(caps.resolve("exa-gobgp.pcapng"), 20));
        byte[] mrt = cutMrt(Files.readAllBytes(caps.resolve("gobgp-updates.mrt")), 12);
        seed("CaptureReaderFuzzTestInputs/mrt", "gobgp-updates-12", mrt);
        seed("CaptureReaderFuzzTestInputs/mrt", "frr-rib-8", cutMrt(Files.readAllBytes(caps.resolve("frr-rib.mrt")), 8));
        for (String ris : new String[] {"rrc00_2000.01_updates.20000102.2014.gz", "rrc01_2000.11_updates.20001104.0124.gz",
            "rrc15_2010.02_updates.20100227.1610.gz"}) {
            byte[] raw;
            try (InputStream in = new GZIPInputStream(Files.newInputStream(caps.resolve("ris").resolve(ris)))) {
                raw = in.readAllBytes();
            }
            seed("CaptureReaderFuzzTestInputs/mrt", ris.substring(0, 5) + "-12", cutMrt(raw, 12));
        }
        seed("CaptureReaderFuzzTestInputs/compressed", "rrc01-whole-file.gz", Files.readAllBytes(caps.resolve("ris/rrc01_2000.11_updates.20001104.0124.gz")));
        seed("CaptureReaderFuzzTestInputs/compressed", "exa-gobgp-8.pcap.gz", gzip(cutPackets(caps.resolve("exa-gobgp.pcap"), 8)));
        seed("CaptureReaderFuzzTestInputs/compressed", "gobgp-updates-4.mrt.bz2", bzip2(cutMrt(Files.readAllBytes(caps.resolve("gobgp-updates.mrt")), 4)));

        // Frames: runs of real frames, as Ethernet and with the Ethernet header taken off (raw IP).
        for (String[] f : new String[][] {{"exa-gobgp.pcap", "1", "14"}, {"exa-gobgp.pcap", "40", "10"},
            {"bird-frr.pcap", "30", "12"}, {"bird-frr-lossy.pcap", "1", "24"}, {"bird-frr-lossy.pcap", "60", "20"}}) {
            List<byte[]> frames = frames(caps.resolve(f[0]), Integer.parseInt(f[1]), Integer.parseInt(f[2]));
            String name = f[0].replace(".pcap", "") + "-" + f[1] + "+" + f[2];
            seed("FramesFuzzTestInputs/frames", name + "-ethernet", FramesFuzzTest.input(1, frames));
            if (f[1].equals("1")) {
                seed("FramesFuzzTestInputs/frames", name + "-rawip",
                        FramesFuzzTest.input(101, frames.stream().map(b -> java.util.Arrays.copyOfRange(b, 14, b.length)).toList()));
            }
        }

        // Single messages: a few of each kind and type from every capture, the decoder with the
        // session state they were decoded with, the exporters with the container byte.
        for (String name : new String[] {"exa-gobgp.pcap", "bird-frr.pcap", "gobgp-updates.mrt", "frr-rib.mrt",
            "ris/rrc00_2000.01_updates.20000102.2014.gz", "ris/rrc01_2000.11_updates.20001104.0124.gz"}) {
            try (CaptureIndex index = CaptureIndex.open(caps.resolve(name), Progress.NONE)) {
                Sessions sessions = new Sessions(index);
                Map<String, Integer> taken = new HashMap<>();
                for (int i = 0; i < index.messages().size(); i++) {
                    MessageKind kind = index.messages().kind(i);
                    byte[] b = index.bytes(i).toArray(ValueLayout.JAVA_BYTE);
                    String group = kind + "-" + index.messages().type(i) + "-" + (b.length / 64);
                    int limit = b.length > 4096 ? 1 : kind == MessageKind.BGP_MESSAGE ? 3 : 2;
                    if (taken.merge(group, 1, Integer::sum) > limit || b.length > 16384) {
                        continue;
                    }
                    Negotiated s = sessions.forMessage(i);
                    String id = name.replaceAll("^ris/(rrc..).*", "$1").replaceAll("\\.(pcap|mrt)$", "") + "-" + (i + 1);
                    seed("MessageDecoderFuzzTestInputs/decode", id,
                            concat(MessageDecoderFuzzTest.header(s, kind, index.messages().flags(i)), b));
                    if (kind == MessageKind.BGP_MESSAGE && b.length <= 4096 && taken.get(group) == 1) {
                        byte mrtSubtype = (byte) (s.as4() == Boolean.FALSE ? 0 : 1);
                        seed("ExporterFuzzTestInputs/raw", id, concat(new byte[] {0}, b));
                        seed("ExporterFuzzTestInputs/mrt", id, concat(new byte[] {mrtSubtype}, b));
                        seed("ExporterFuzzTestInputs/pcap", id, concat(new byte[] {(byte) (i & 1)}, b));
                    }
                }
            }
        }
    }

    private static void seed(String dir, String name, byte[] bytes) throws IOException {
        Path d = out.resolve(dir);
        Files.createDirectories(d);
        Files.write(d.resolve("seed-" + name), bytes);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    /** The file up to the end of its {@code n}th packet record. */
    private static byte[] cutPackets(Path file, int n) throws Exception {
        try (MappedCapture c = MappedCapture.open(file)) {
            PacketCursor p = c.packets();
            long end = 0;
            while (p.next() && p.number() <= n) {
                end = p.recordOffset() + p.recordLength();
            }
            return c.data().asSlice(0, end).toArray(ValueLayout.JAVA_BYTE);
        }
    }

    private static byte[] cutMrt(byte[] raw, int n) {
        MrtReader r = new MrtReader(MemorySegment.ofArray(raw));
        long end = 0;
        while (r.next() && r.number() <= n) {
            end = r.recordOffset() + r.recordLength();
        }
        return java.util.Arrays.copyOf(raw, (int) end);
    }

    /** Frames {@code first} .. {@code first + count - 1}, their captured bytes. */
    private static List<byte[]> frames(Path file, int first, int count) throws Exception {
        List<byte[]> l = new ArrayList<>();
        try (MappedCapture c = MappedCapture.open(file)) {
            PacketCursor p = c.packets();
            while (p.next() && p.number() < first + count) {
                if (p.number() >= first) {
                    l.add(c.data().asSlice(p.dataOffset(), p.capturedLength()).toArray(ValueLayout.JAVA_BYTE));
                }
            }
        }
        return l;
    }

    private static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(o)) {
            z.write(b);
        }
        return o.toByteArray();
    }

    private static byte[] bzip2(byte[] b) throws IOException {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        try (BZip2CompressorOutputStream z = new BZip2CompressorOutputStream(o)) {
            z.write(b);
        }
        return o.toByteArray();
    }

    static String sha1(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(b));
    }
}
