package org.bgpscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bgpscope.capture.Bytes;
import org.bgpscope.capture.Progress;
import org.bgpscope.net.CaptureIndex;
import org.bgpscope.testing.Packets;
import org.bgpscope.testing.TempCaptures;
import org.bgpscope.testing.TestCaptures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's errors: one line each, the right exit code, never a trace, never ignored. */
class CliErrorsTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {}

    static Run run(Cli cli, ByteArrayOutputStream out, ByteArrayOutputStream err, String... args) {
        int code = cli.run(args);
        return new Run(code, out == null ? "" : out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Run run(String... args) {
        CliTest.Run r = CliTest.run(args);
        return new Run(r.code(), r.out(), r.err());
    }

    static String bird() {
        return TestCaptures.file("bird-frr.pcap").toString();
    }

    static void assertOneLine(String err) {
        assertTrue(err.startsWith("bgpscope: "), err);
        assertTrue(err.endsWith("\n") && err.indexOf('\n') == err.length() - 1, "one line: " + err);
        assertFalse(err.contains("For input string"), err);
        assertFalse(err.contains("Exception"), err);
    }

    // 1. A real parser: every command has its own --help, and --version, help COMMAND.

    @Test
    void everyCommandHasItsOwnHelpDescribingEveryOption() {
        var options = java.util.Map.of(
                "list", List.of("FILE", "--json", "--messages"),
                "decode", List.of("FILE", "--json", "--messages", "--assume"),
                "export", List.of("FILE", "--messages", "--format", "-o", "--output", "exabgp"),
                "bench", List.of("FILE", "--runs", "--tshark", "--decode"));
        options.forEach((command, names) -> {
            Run r = run(command, "--help");
            assertEquals(0, r.code(), command + ": " + r.err());
            assertTrue(r.out().contains("Usage: bgpscope " + command + " "), r.out());
            for (String name : names) {
                assertTrue(r.out().contains(name), command + " --help names " + name + ":\n" + r.out());
            }
            assertEquals(r.out(), run("help", command).out());
        });
        Run top = run("--help");
        assertEquals(0, top.code());
        for (String command : options.keySet()) {
            assertTrue(top.out().contains(command), top.out());
        }
        assertEquals("bgpscope " + Cli.VERSION + "\n", run("--version").out());
        assertEquals(0, run("--version").code());
    }

    // 2. Unknown options are errors; list takes --messages.

    @Test
    void unknownOptionIsAnErrorNamingItWithAHintToHelp() {
        Run r = run("list", bird(), "--frobnicate", "5");
        assertEquals(2, r.code());
        assertOneLine(r.err());
        assertTrue(r.err().contains("'--frobnicate'") && r.err().contains("bgpscope list --help"), r.err());
        assertEquals("", r.out());
        r = run("decode", bird(), "--mesages", "5");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("'--mesages'") && r.err().contains("did you mean --messages?"), r.err());
    }

    @Test
    void listMessagesListsOnlyTheChosenMessages() {
        Run r = run("list", bird(), "--messages", "5,7-8");
        assertEquals(0, r.code(), r.err());
        String[] rows = r.out().split("\n");
        assertEquals(3, rows.length, r.out());
        assertTrue(rows[0].startsWith("5\t") && rows[1].startsWith("7\t") && rows[2].startsWith("8\t"), r.out());
        Run json = run("list", bird(), "--messages", "43-", "--json");
        assertEquals(2, json.out().split("\n").length, json.out());
        assertTrue(json.out().startsWith("{\"index\":43,"), json.out());
    }

    // 3. Files named like options.

    @Test
    void aFileNamedLikeAnOptionOpensAfterDoubleDash() throws IOException {
        // The name must start with '-' as typed, so the file lives in the working directory.
        Path odd = Path.of("-bgpscope-test-" + ProcessHandle.current().pid() + ".pcap");
        Files.copy(TestCaptures.file("bird-frr.pcap"), odd);
        try {
            Run r = run("list", "--no-tcp-events", "--", odd.toString());
            assertEquals(0, r.code(), r.err());
            assertEquals(44, r.out().split("\n").length);
            r = run("list", odd.toString());
            assertEquals(2, r.code());
            assertOneLine(r.err());
            assertTrue(r.err().contains("bgpscope list -- " + odd), r.err());
        } finally {
            Files.deleteIfExists(odd);
        }
    }

    @Test
    void anUnknownCommandIsBadUsage() {
        Run r = run("lsit", bird());
        assertEquals(2, r.code());
        assertOneLine(r.err());
        assertTrue(r.err().contains("unknown command or file: lsit"), r.err());
    }

    // 5. --messages past the end, 0 and garbage.

    @Test
    void messagesPastTheLastAreIgnoredWithAWarningNamingTheLast() throws IOException {
        Run r = run("decode", bird(), "--messages", "44,999999");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("message 44, frame"), r.out());
        assertOneLine(r.err());
        assertTrue(r.err().contains("warning") && r.err().contains("past the last message, 44"), r.err());
        r = run("list", bird(), "--messages", "999999");
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.out());
        assertTrue(r.err().contains("past the last message, 44"), r.err());
        Path out = dir.resolve("x.bgp");
        r = run("export", bird(), "--messages", "44-99999999999999999999", "--format", "raw", "-o", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("past the last message, 44") && r.err().contains("wrote 1 messages"), r.err());
        r = run("decode", bird(), "--messages", "45-");
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.out());
        assertTrue(r.err().contains("past the last message, 44"), r.err());
    }

    @Test
    void messagesZeroAndGarbageAreRejectedClearly() {
        for (String bad : List.of("0", "abc", "5-3", "-5", "1,,x", "1.5", "")) {
            Run r = run("decode", bird(), "--messages", bad);
            assertEquals(2, r.code(), bad);
            assertOneLine(r.err());
            assertTrue(r.err().contains("--messages"), r.err());
        }
        assertTrue(run("list", bird(), "--messages", "0").err().contains("numbered from 1"));
        assertTrue(run("list", bird(), "--messages", "abc").err().contains("'abc' is not a message number"));
    }

    // 6. bench --runs.

    @Test
    void benchRunsMustBeAWholeNumberAtLeastOne() {
        Run r = run("bench", bird(), "--runs", "0");
        assertEquals(2, r.code());
        assertOneLine(r.err());
        assertTrue(r.err().contains("--runs") && r.err().contains("at least 1"), r.err());
        assertFalse(r.out().contains("e308"), r.out());
        r = run("bench", bird(), "--runs", "abc");
        assertEquals(2, r.code());
        assertOneLine(r.err());
        assertTrue(r.err().contains("--runs") && r.err().contains("'abc' is not a whole number"), r.err());
    }

    // 7. Output errors.

    @Test
    void aFullDiskFailsWithNoSpaceLeftOnDevice() throws IOException {
        assumeTrue(Files.exists(Path.of("/dev/full")), "needs /dev/full");
        for (String[] args : List.of(new String[] {"list", bird()}, new String[] {"list", bird(), "--json"},
                new String[] {"decode", bird()}, new String[] {"decode", bird(), "--json"}, new String[] {"--help"})) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            try (FileOutputStream full = new FileOutputStream("/dev/full")) {
                Cli cli = new Cli(full, new PrintStream(err, true, StandardCharsets.UTF_8));
                Run r = run(cli, null, err, args);
                assertEquals(1, r.code(), String.join(" ", args));
                assertEquals("bgpscope: cannot write the output: No space left on device\n", r.err(), String.join(" ", args));
            }
        }
    }

    /** Standard output whose reader goes away after {@code limit} bytes, as `| head` does. */
    static final class ClosingPipe extends OutputStream {
        private final long limit;
        long written;
        int failedWrites;

        ClosingPipe(long limit) {
            this.limit = limit;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (written + len > limit) {
                failedWrites++;
                throw new IOException("Broken pipe");
            }
            written += len;
        }
    }

    /** Slows indexing so that a whole file would take seconds, and records how far it got. */
    static final class SlowProgress implements Progress {
        final AtomicLong furthest = new AtomicLong();
        final AtomicLong updates = new AtomicLong();
        private final long sleepMs;

        SlowProgress(long sleepMs) {
            this.sleepMs = sleepMs;
        }

        @Override
        public boolean update(long done, long total) {
            furthest.accumulateAndGet(done, Math::max);
            updates.incrementAndGet();
            try {
                Thread.sleep(sleepMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return true;
        }
    }

    @Test
    void aClosedPipeStopsIndexingAndExits141() throws IOException {
        // 200,000 frames of one session (PacketIndexer asks its Progress every 16,384 frames).
        Packets.Session session = new Packets.Session().syn();
        for (int k = 0; k < 200_000; k++) {
            session.send(Packets.keepalive());
        }
        Path big = TempCaptures.write(dir, "big.pcap", session.pcap());
        long size = Files.size(big);
        for (boolean json : new boolean[] {false, true}) {
            ClosingPipe pipe = new ClosingPipe(2000);
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Cli cli = new Cli(pipe, new PrintStream(err, true, StandardCharsets.UTF_8));
            SlowProgress slow = new SlowProgress(30);
            cli.observer = slow;
            long t0 = System.nanoTime();
            Run r = json ? run(cli, null, err, "list", big.toString(), "--json") : run(cli, null, err, "list", big.toString());
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(141, r.code(), r.err());
            assertEquals("", r.err(), "nothing more is printed");
            assertEquals(1, pipe.failedWrites, "no write after the first that failed");
            assertTrue(slow.furthest.get() < size / 2, "indexing stopped early: " + slow.furthest.get() + " of " + size
                    + " bytes, " + slow.updates.get() + " progress updates, " + ms + " ms");
        }
    }

    @Test
    void aClosedPipeStopsDecodeQuietly() {
        for (String[] args : List.of(new String[] {"decode", bird()}, new String[] {"decode", bird(), "--json"})) {
            ClosingPipe pipe = new ClosingPipe(300);
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Run r = run(new Cli(pipe, new PrintStream(err, true, StandardCharsets.UTF_8)), null, err, args);
            assertEquals(141, r.code(), r.err());
            assertEquals("", r.err());
            assertEquals(1, pipe.failedWrites);
        }
    }

    @Test
    void listWhileIndexingWritesTheRowsOfACompleteIndex() throws Exception {
        for (String name : List.of("bird-frr.pcap", "bird-frr-lossy.pcap", "exa-gobgp.pcap", "exa-gobgp-nanosec.pcap",
                "exa-gobgp.pcapng", "frr-rib.mrt", "gobgp-updates.mrt", "frr-updates.mrt", "ris/rrc00_2000.01_updates.20000102.2014.gz")) {
            Path file = TestCaptures.file(name);
            for (boolean json : new boolean[] {false, true}) {
                ByteArrayOutputStream expected = new ByteArrayOutputStream();
                try (CaptureIndex index = CaptureIndex.open(file, Progress.NONE);
                     PrintStream ps = new PrintStream(expected, false, StandardCharsets.UTF_8);
                     ListOutput rows = new ListOutput(index, ps, json)) {
                    rows.all(true);
                    rows.finish();
                }
                Run r = json ? run("list", file.toString(), "--json") : run("list", file.toString());
                assertEquals(0, r.code(), r.err());
                assertEquals(expected.toString(StandardCharsets.UTF_8), r.out(), name + (json ? " --json" : ""));
            }
        }
    }

    @Test
    void listWaitsForTheEndOnlyWhereLaterUpdatesCouldStillChangeASessionsReading() throws Exception {
        // Neither MRT file has OPENs. The RIS file's BGP records are 2-octet (RFC 6396 §4.4): once one
        // UPDATE parses only with 2-octet AS numbers and one only without path identifiers, no later
        // UPDATE can overturn its reading, so rows go out. gobgp-updates.mrt's _ADDPATH subtype (RFC 8050
        // §3) is contradicted for IPv6 unicast, and a later UPDATE parsing only with path identifiers
        // would turn ADD-PATH back on: its rows wait for the end.
        try (CaptureIndex ris = CaptureIndex.open(TestCaptures.file("ris/rrc00_2000.01_updates.20000102.2014.gz"), Progress.NONE);
             CaptureIndex mrt = CaptureIndex.open(TestCaptures.file("gobgp-updates.mrt"), Progress.NONE);
             CaptureIndex pcap = CaptureIndex.open(TestCaptures.file("bird-frr.pcap"), Progress.NONE);
             ListOutput risRows = new ListOutput(ris, new PrintStream(OutputStream.nullOutputStream()), false);
             ListOutput mrtRows = new ListOutput(mrt, new PrintStream(OutputStream.nullOutputStream()), false);
             ListOutput pcapRows = new ListOutput(pcap, new PrintStream(OutputStream.nullOutputStream()), false)) {
            assertTrue(risRows.settled(firstUpdate(ris)), "an UPDATE of a RIS peer whose subtype the UPDATEs confirm");
            assertFalse(mrtRows.settled(firstUpdate(mrt)), "an UPDATE whose session's ADD-PATH reading later UPDATEs may overturn");
            assertTrue(pcapRows.settled(0), "an OPEN");
            assertTrue(pcapRows.settled(14), "an UPDATE after both OPENs");
            // The same session joined after its OPENs: any later UPDATE may still overturn what these prove.
            byte[] payload = new byte[0];
            for (int i = 0; i < pcap.messages().size(); i++) {
                if (pcap.messages().type(i) == 2 && pcap.messages().flow(i) == pcap.messages().flow(14)) {
                    payload = Packets.concat(payload, Bytes.copy(pcap.bytes(i), 0, (int) pcap.bytes(i).byteSize()));
                }
            }
            byte[] joined = Packets.pcap(Packets.ethernet(Packets.ipv4Tcp(0x0A000001, 0x0A000002, 179, 40000, 1000, 1, 0x18, payload)));
            try (CaptureIndex late = TempCaptures.index(dir, "joined.pcap", joined);
                 ListOutput lateRows = new ListOutput(late, new PrintStream(OutputStream.nullOutputStream()), false)) {
                assertTrue(late.messages().size() > 0);
                assertFalse(lateRows.settled(0), "an UPDATE of a session whose OPENs the capture missed");
            }
        }
        // Indexed slowly, so that rows and indexing overlap: still the rows of the complete index, for a
        // file whose rows wait and one whose rows go out as they are indexed.
        byte[] ris;
        try (java.io.InputStream in = new java.util.zip.GZIPInputStream(Files.newInputStream(TestCaptures.file("ris/rrc00_2000.01_updates.20000102.2014.gz")))) {
            ris = in.readAllBytes();
        }
        for (byte[] one : List.of(Files.readAllBytes(TestCaptures.file("gobgp-updates.mrt")), ris)) {
            Path big = dir.resolve("big.mrt");
            try (OutputStream o = Files.newOutputStream(big)) {
                for (int k = 0; k < 20; k++) {
                    o.write(one);
                }
            }
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            try (CaptureIndex index = CaptureIndex.open(big, Progress.NONE);
                 PrintStream ps = new PrintStream(expected, false, StandardCharsets.UTF_8);
                 ListOutput rows = new ListOutput(index, ps, false)) {
                for (int i = 0; i < index.messages().size(); i++) {
                    rows.row(i);
                }
                rows.finish();
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Cli cli = new Cli(out, new PrintStream(err, true, StandardCharsets.UTF_8));
            cli.observer = new SlowProgress(20);
            Run r = run(cli, out, err, "list", big.toString());
            assertEquals(0, r.code(), r.err());
            assertTrue(expected.toString(StandardCharsets.UTF_8).equals(r.out()), "streamed rows differ from the complete index's");
        }
    }

    private static int firstUpdate(CaptureIndex index) {
        for (int i = 0; i < index.messages().size(); i++) {
            if (index.messages().type(i) == 2 && index.messages().kind(i) == org.bgpscope.net.MessageKind.BGP_MESSAGE) {
                return i;
            }
        }
        throw new AssertionError("no UPDATE");
    }

    // 8. One line per error, internal errors included.

    @Test
    void errorsNameTheFileAndTheReasonNeverABarePath() {
        Path out = dir.resolve("no-such-dir").resolve("x.bgp");
        Run r = run("export", bird(), "--format", "raw", "-o", out.toString());
        assertEquals(1, r.code());
        assertOneLine(r.err());
        String why = r.err().toLowerCase();
        assertTrue(r.err().contains("no-such-dir") && (why.contains("no such file") || why.contains("does not exist")), r.err());
        r = run("export", bird(), "--format", "raw", "-o", dir.toString());
        assertEquals(1, r.code());
        assertOneLine(r.err());
        assertTrue(r.err().contains(dir.toString()) && r.err().length() > ("bgpscope: " + dir + "\n").length(), r.err());
        r = run("bench", dir.resolve("nope.pcap").toString());
        assertEquals(1, r.code());
        assertOneLine(r.err());
        assertTrue(r.err().contains("nope.pcap") && r.err().contains("no such file"), r.err());
    }

    @Test
    void fileErrorsWhoseMessageIsABarePathSayWhy() {
        assertEquals("/x/y.pcap: no such file or folder", Errors.describe(new java.nio.file.NoSuchFileException("/x/y.pcap")));
        assertEquals("/x: permission denied", Errors.describe(new java.nio.file.AccessDeniedException("/x")));
        assertEquals("No space left on device", Errors.describe(new IOException("No space left on device")));
    }

    @Test
    void anInternalErrorIsOneLineAskingForAReportNotAStackTrace() {
        for (boolean debug : new boolean[] {false, true}) {
            for (String command : List.of("list", "decode")) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ByteArrayOutputStream err = new ByteArrayOutputStream();
                Cli cli = new Cli(out, new PrintStream(err, true, StandardCharsets.UTF_8));
                cli.debug = debug;
                cli.observer = (done, total) -> {
                    throw new IllegalStateException("a bug");
                };
                Run r = run(cli, out, err, command, bird());
                assertEquals(1, r.code());
                String first = r.err().lines().findFirst().orElse("");
                assertTrue(first.startsWith("bgpscope: internal error: java.lang.IllegalStateException: a bug at ")
                        && first.endsWith(" (please report)"), r.err());
                if (debug) {
                    assertTrue(r.err().contains("\tat "), "BGPSCOPE_DEBUG=1 keeps the trace: " + r.err());
                } else {
                    assertOneLine(r.err().replace("IllegalStateException", "ISE"));
                }
            }
        }
    }
}
