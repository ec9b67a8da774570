package org.bgpscope.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bgpscope.capture.Progress;
import org.bgpscope.net.CaptureIndex;
import org.bgpscope.net.MessageIndex;
import org.bgpscope.net.TcpEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The teaching samples in assets/samples, as tools/samples/make-samples.sh cut them. */
class SamplesTest {
    static final Path FOLDER = Path.of("assets", "samples");

    @TempDir
    Path dir;

    @Test
    void eachSampleIsASmallCaptureThatShowsWhatItsDescriptionPromises() throws Exception {
        List<Samples.Sample> samples = Samples.read(FOLDER);
        assertEquals(List.of("session-start.pcap", "update-attributes.pcap", "malformed-flowspec.pcap", "extended-message.pcap",
                "flowspec.pcap"), samples.stream().map(s -> s.file().getFileName().toString()).toList());
        int broken = MessageIndex.F_INCOMPLETE | MessageIndex.F_BAD_MARKER | MessageIndex.F_BAD_LENGTH | MessageIndex.F_AFTER_GAP;
        for (Samples.Sample s : samples) {
            assertTrue(Files.size(s.file()) < 32 * 1024, s.file() + " is " + Files.size(s.file()) + " bytes");
            assertTrue(!s.description().isBlank() && s.description().length() < 130, s.description());
            // Cut at message boundaries, each direction without holes: no message is cut or follows lost bytes.
            try (CaptureIndex index = CaptureIndex.open(s.file(), Progress.NONE)) {
                assertTrue(index.messages().size() > 0, s.file().toString());
                for (int i = 0; i < index.messages().size(); i++) {
                    assertEquals(0, index.messages().flags(i) & broken, s.file() + " message " + (i + 1));
                }
                for (int e = 0; e < index.events().size(); e++) {
                    TcpEvent t = index.events().event(e);
                    assertTrue(t != TcpEvent.LOST && t != TcpEvent.OUT_OF_ORDER, s.file() + ": " + t);
                }
            }
        }
        // What each one is for, as the list reads it.
        assertEquals(List.of("OPEN", "OPEN", "KEEPALIVE", "KEEPALIVE"), types(samples.get(0).file()));
        try (CaptureIndex index = CaptureIndex.open(samples.get(3).file(), Progress.NONE)) {
            int longest = 0;
            for (int i = 0; i < index.messages().size(); i++) {
                longest = Math.max(longest, index.messages().length(i));
            }
            assertEquals(6696, longest, "the extended message is whole");
        }
    }

    private static List<String> types(Path file) throws Exception {
        try (CaptureIndex index = CaptureIndex.open(file, Progress.NONE)) {
            return java.util.stream.IntStream.range(0, index.messages().size())
                    .mapToObj(i -> org.bgpscope.bgp.MessageType.name(index.messages().type(i))).toList();
        }
    }

    @Test
    void aBrokenIndexNamesTheFileAndLine() throws Exception {
        Files.writeString(dir.resolve("index.txt"), "a.pcap\tA\tan a\nb.pcap only two\tfields\n");
        Files.write(dir.resolve("a.pcap"), new byte[0]);
        IOException e = assertThrows(IOException.class, () -> Samples.read(dir));
        assertEquals(dir.resolve("index.txt") + ": line 2: expected FILE<tab>TITLE<tab>DESCRIPTION", e.getMessage());
        Files.writeString(dir.resolve("index.txt"), "gone.pcap\tGone\tnot there\n");
        e = assertThrows(IOException.class, () -> Samples.read(dir));
        assertEquals(dir.resolve("index.txt") + ": line 1: " + dir.resolve("gone.pcap") + " is missing", e.getMessage());
    }
}
