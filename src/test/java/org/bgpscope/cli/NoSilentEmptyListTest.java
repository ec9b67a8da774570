package org.bgpscope.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.bgpscope.testing.Packets;
import org.bgpscope.testing.TestCaptures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Over hostile inputs (every short prefix of each kind of capture, damaged bytes, link types we do not
 * read, frames of noise, captures with no BGP at all), {@code list} never prints an empty list without
 * saying why on standard error, naming the file, and never shows a stack trace.
 */
class NoSilentEmptyListTest {
    @TempDir
    Path dir;

    private final List<String> failures = new ArrayList<>();
    private int inputs;

    private void check(String name, byte[] content) throws Exception {
        Path f = dir.resolve(name);
        Files.write(f, content);
        inputs++;
        CliTest.Run r = CliTest.run("list", f.toString());
        String err = r.err();
        if (err.contains("Exception") || err.contains("\tat ")) {
            failures.add(name + ": stack trace: " + err);
        } else if (r.out().isBlank() && !(err.contains(f.toString()) && err.length() > f.toString().length() + 20)) {
            failures.add(name + ": empty list, exit " + r.code() + ", and no reason: '" + err.strip() + "'");
        }
        Files.delete(f);
    }

    private static byte[] pcapHeader(int linkType) {
        return ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN).putInt(0xA1B2C3D4).putShort((short) 2).putShort((short) 4)
                .putInt(0).putInt(0).putInt(65535).putInt(linkType).array();
    }

    @Test
    void noHostileInputGivesAnEmptyListWithoutAProblemThatSaysWhy() throws Exception {
        List<String> captures = List.of("bird-frr.pcap", "exa-gobgp.pcapng", "frr-updates.mrt", "frr-rib.mrt",
                "ris/rrc00_2000.01_updates.20000102.2014.gz", "vxlan-fragments.pcap");
        Random random = new Random(7606);
        for (String c : captures) {
            byte[] all = Files.readAllBytes(TestCaptures.file(c));
            String base = c.replace('/', '_');
            // Every cut in the first 160 bytes (headers, first records), then a few further in.
            for (int n = 0; n <= Math.min(160, all.length); n++) {
                check(n + "-" + base, Arrays.copyOf(all, n));
            }
            for (int k = 0; k < 24; k++) {
                int n = 160 + random.nextInt(Math.max(1, Math.min(all.length, 20_000) - 160));
                check("cut" + n + "-" + base, Arrays.copyOf(all, n));
            }
            // One damaged byte at a time in the first 4 KiB (headers, lengths, types).
            for (int k = 0; k < 48; k++) {
                byte[] b = all.clone();
                int at = random.nextInt(Math.min(b.length, 4096));
                b[at] = (byte) random.nextInt(256);
                check("flip" + at + "-" + base, b);
            }
        }
        // A real Ethernet capture relabelled with link types whose frames it does not hold.
        byte[] bird = Files.readAllBytes(TestCaptures.file("bird-frr.pcap"));
        for (int link : new int[] {0, 9, 12, 50, 101, 104, 113, 147, 178, 228, 229, 276, 999, 65535}) {
            byte[] b = bird.clone();
            ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(20, link);
            check("link" + link + ".pcap", b);
        }
        // Frames of noise; frames that are Ethernet but no IP; IP but UDP; TCP on other ports.
        byte[][] noise = new byte[40][];
        for (int k = 0; k < noise.length; k++) {
            noise[k] = new byte[random.nextInt(200)];
            random.nextBytes(noise[k]);
        }
        check("noise.pcap", Packets.pcap(noise));
        check("arp.pcap", Packets.pcap(Packets.ethernet(new byte[28], 0x0806)));
        byte[] udp = Packets.ipv4Tcp(0x0A000001, 0x0A000002, 53, 53, 0, 0, 0, new byte[8]);
        udp[9] = 17;
        check("udp.pcap", Packets.pcap(Packets.ethernet(udp)));
        check("http.pcap", Packets.pcap(Packets.ethernet(Packets.ipv4Tcp(0x0A000001, 0x0A000002, 40000, 80, 1, 1, Packets.ACK,
                "GET / HTTP/1.1\r\n\r\n".getBytes()))));
        check("syn-only.pcap", Packets.pcap(Packets.ethernet(Packets.ipv4Tcp(0x0A000001, 0x0A000002, 40000, 179, 1, 0, Packets.SYN,
                new byte[0]))));
        check("header-only.pcap", pcapHeader(1));
        // Not captures at all.
        check("text.pcap", "this is not a capture\n".getBytes());
        check("zeros.mrt", new byte[4096]);
        byte[] junk = new byte[8192];
        random.nextBytes(junk);
        check("junk.bin", junk);
        assertTrue(inputs > 1200, "only " + inputs + " inputs were tried");
        assertFalse(!failures.isEmpty(), failures.size() + " of " + inputs + " inputs:\n  " + String.join("\n  ", failures.subList(0,
                Math.min(20, failures.size()))));
    }
}
