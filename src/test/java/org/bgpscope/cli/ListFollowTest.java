package org.bgpscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.bgpscope.testing.TestCaptures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bgpscope list --follow}: rows of records appended while it runs, like tail -f. */
class ListFollowTest {
    @TempDir
    Path dir;

    @Test
    void listFollowPrintsAppendedMessagesAndEndsWhenTheFileIsReplaced() throws Exception {
        byte[] whole = Files.readAllBytes(TestCaptures.file("bird-frr.pcap"));
        CliTest.Run full = CliTest.run("list", TestCaptures.file("bird-frr.pcap").toString());
        assertEquals(0, full.code(), full.err());
        Path growing = dir.resolve("growing.pcap");
        int half = whole.length / 2 + 7;
        Files.write(growing, Arrays.copyOf(whole, half));

        LiveCaptureTest.Running follow = new LiveCaptureTest.Running("list", "--follow", growing.toString());
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (follow.out().isEmpty() && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        long firstRows = follow.out().lines().count();
        assertTrue(firstRows > 0 && firstRows < full.out().lines().count(), follow.out());
        assertTrue(follow.thread.isAlive(), "it waits for more");
        try (OutputStream out = Files.newOutputStream(growing, StandardOpenOption.APPEND)) {
            out.write(whole, half, whole.length - half);
        }
        while (follow.out().lines().count() < full.out().lines().count() && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        assertEquals(full.out(), follow.out(), "every appended message is listed once, in order");
        assertTrue(follow.thread.isAlive());

        Path other = dir.resolve("other.pcap");
        Files.copy(TestCaptures.file("exa-gobgp.pcap"), other);
        Files.move(other, growing, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        follow.thread.join(TimeUnit.SECONDS.toMillis(20));
        assertFalse(follow.thread.isAlive(), "following ends when the file is replaced");
        assertEquals(0, follow.code, follow.err());
        assertTrue(follow.err().contains("replaced by another file of the same name while open; following stopped"), follow.err());
        assertEquals(full.out(), follow.out());
    }
}
