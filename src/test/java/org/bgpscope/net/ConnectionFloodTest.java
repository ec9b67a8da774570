package org.bgpscope.net;

import static org.bgpscope.testing.Packets.ethernet;
import static org.bgpscope.testing.Packets.ipv4Tcp;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import org.bgpscope.testing.Packets;
import org.bgpscope.testing.TempCaptures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Floods of connections cost bounded memory, and what was cut short is said. */
class ConnectionFloodTest {
    @TempDir
    Path dir;

    private static byte[] segment(int i, int flags, byte[] payload) {
        // Distinct source address and port per connection.
        return ethernet(ipv4Tcp(0x0A000000 | (i >>> 8), 0x0A640001, 1024 + (i & 0xFF), 179, i * 7919, 0, flags, payload));
    }

    @Test
    void synFloodWithNoBgpKeepsNoPerConnectionStateAndSaysWhyTheListIsEmpty() throws Exception {
        byte[][] frames = new byte[50_000][];
        for (int i = 0; i < frames.length; i++) {
            frames[i] = segment(i, Packets.SYN, new byte[0]);
        }
        try (CaptureIndex index = TempCaptures.index(dir, "syn.pcap", Packets.pcap(frames))) {
            assertEquals(0, index.messages().size());
            assertEquals(0, index.flows().size(), "a SYN with no data opens no flow");
            assertTrue(index.problems().stream().anyMatch(p -> p.text().equals(
                    "no BGP message in 50,000 frames: 50,000 TCP segments, 50,000 of them on port 179 (0 connections with data)")),
                    index.problems().toString());
        }
    }

    @Test
    void aSynSeenBeforeTheFirstDataStillAnchorsTheStream() throws Exception {
        // The first data segment is lost in the capture order: the second message arrives first. Knowing
        // the SYN, the stream waits for the first message instead of joining at the second.
        byte[] a = Packets.keepalive();
        byte[] b = Packets.bgp(2, 30, 1);
        byte[] pcap = new Packets.Session().syn().sendAt(19, b).sendAt(0, a).pcap();
        try (CaptureIndex index = TempCaptures.index(dir, "late.pcap", pcap)) {
            assertEquals(2, index.messages().size());
            assertArrayEquals(a, index.bytes(0).toArray(ValueLayout.JAVA_BYTE));
            assertArrayEquals(b, index.bytes(1).toArray(ValueLayout.JAVA_BYTE));
            assertEquals(0, index.messages().flags(0) | index.messages().flags(1));
        }
    }

    @Test
    void moreOpenStreamsThanTheLimitAreClosedEarlyAndSaidSo() throws Exception {
        int n = TcpReassembler.MAX_LIVE + 10_000;
        byte[][] frames = new byte[n][];
        byte[] partialMarker = new byte[10];
        java.util.Arrays.fill(partialMarker, (byte) 0xFF);
        for (int i = 0; i < n; i++) {
            frames[i] = segment(i, Packets.ACK | Packets.PSH, partialMarker);
        }
        try (CaptureIndex index = TempCaptures.index(dir, "partial.pcap", Packets.pcap(frames))) {
            MessageIndex m = index.messages();
            assertEquals(n, m.size(), "every connection's ten bytes are listed");
            for (int i = 0; i < m.size(); i++) {
                assertTrue((m.flags(i) & MessageIndex.F_INCOMPLETE) != 0);
                assertEquals(10, m.bytesPresent(i));
            }
            assertTrue(index.problems().stream().anyMatch(p -> p.text().matches(
                    "[0-9,]+ TCP streams were closed early because more than 100,000 had bytes in flight at once; "
                            + "their pending bytes are listed as incomplete")), index.problems().toString());
        }
    }
}
