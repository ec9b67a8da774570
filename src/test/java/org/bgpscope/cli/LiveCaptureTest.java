package org.bgpscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bgpscope.testing.TestCaptures;
import org.bgpscope.capture.Progress;
import org.bgpscope.net.CaptureIndex;
import org.bgpscope.testing.ScriptedSpeaker;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bgpscope capture} on real traffic: a BGP session over loopback (port 179 of 127.0.0.179),
 * captured by bgpscope and by tcpdump at once. Where this machine cannot capture (no libpcap, no
 * right to capture), the test checks the error says what to do instead, and says it skipped the
 * live part.
 */
class LiveCaptureTest {
    private static final String PASSIVE = "127.0.0.179";
    private static final String FILTER = "tcp port 179 and host " + PASSIVE;

    @TempDir
    Path dir;

    /** A command run on its own thread, its output readable while it runs. */
    static final class Running {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        volatile int code = -1;
        final Thread thread;

        Running(String... args) {
            PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
            PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
            thread = Thread.ofPlatform().start(() -> code = new Cli(o, e).run(args));
        }

        String err() {
            return err.toString(StandardCharsets.UTF_8);
        }

        String out() {
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void aLiveBgpSessionIsListedWhileCapturedAndMatchesTcpdumpAndWhatWasSent() throws Exception {
        Path ours = dir.resolve("bgpscope.pcapng");
        Path theirs = dir.resolve("tcpdump.pcap");
        Running capture = new Running("capture", "lo", "-w", ours.toString(), "--filter", FILTER, "--duration", "5");
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!capture.err().contains("capturing on") && capture.thread.isAlive() && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        if (!capture.err().contains("capturing on")) {
            capture.thread.join();
            String why = capture.err();
            assertEquals(1, capture.code, why);
            assertTrue(why.contains("libpcap is not installed") && why.contains("apt install libpcap0.8")
                    || why.contains("no permission to capture on lo") && why.contains("setcap cap_net_raw,cap_net_admin=eip"),
                    "a capture that cannot start says what to do: " + why);
            Assumptions.abort("live capture is impossible here, its error was checked instead; skipped the live part: " + why.strip());
        }
        Assumptions.assumeTrue(TestCaptures.tool("tcpdump") != null, "tcpdump is not installed: skipped the comparison with it");
        Path tcpdumpLog = dir.resolve("tcpdump.log");
        List<byte[]> sent;
        Process dump = new ProcessBuilder(TestCaptures.tool("tcpdump"), "-i", "lo", "-U", "-s", "0", "-w", theirs.toString(), FILTER)
                .redirectErrorStream(true).redirectOutput(tcpdumpLog.toFile()).start();
        try {
            while (!Files.readString(tcpdumpLog).contains("listening on") && dump.isAlive() && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            assertTrue(Files.readString(tcpdumpLog).contains("listening on"), Files.readString(tcpdumpLog));

            sent = ScriptedSpeaker.exchange(InetAddress.getByName("127.0.0.1"), InetAddress.getByName(PASSIVE));
            capture.thread.join(TimeUnit.SECONDS.toMillis(30));
            assertEquals(0, capture.code, capture.err());
        } finally {
            Thread.sleep(300);
            dump.destroy();
            dump.waitFor(10, TimeUnit.SECONDS);
        }

        List<String> expected = new ArrayList<>();
        for (byte[] m : sent) {
            expected.add(HexFormat.of().formatHex(m));
        }
        List<String> captured = messages(ours);
        assertEquals(expected.size(), captured.size(), "every message sent is captured once: " + capture.out());
        assertEquals(sorted(expected), sorted(captured));
        assertEquals(captured, messages(theirs), "bgpscope's file and tcpdump's hold the same BGP messages, in the same order");
        assertEquals(listedMessages(theirs), listedMessages(ours), "and `bgpscope list` gives the same message rows for both");

        // What was printed while capturing is what listing the saved file prints.
        CliTest.Run listed = CliTest.run("list", ours.toString());
        assertEquals(0, listed.code(), listed.err());
        assertEquals(listed.out(), capture.out());
        assertEquals(expected.size(), capture.out().lines().filter(l -> !l.startsWith("-\t")).count(), "a row per message, "
                + "besides the TCP events (handshake, close)");
        assertTrue(capture.err().contains("BGP messages"), capture.err());
    }

    @Test
    void captureWithoutTheRightToCaptureSaysHowToGetIt() throws Exception {
        String setpriv = Files.isExecutable(Path.of("/usr/bin/setpriv")) ? "/usr/bin/setpriv" : null;
        Assumptions.assumeTrue(setpriv != null, "setpriv (util-linux) is not installed: cannot drop the right to capture");
        String java = ProcessHandle.current().info().command().orElseThrow();
        // The bounding set without CAP_NET_RAW and CAP_NET_ADMIN: even root cannot open a capture.
        Process p = new ProcessBuilder(setpriv, "--bounding-set", "-net_raw,-net_admin", "--inh-caps=-all", java,
                "-cp", System.getProperty("java.class.path"), "--enable-native-access=ALL-UNNAMED", "org.bgpscope.Main",
                "capture", "lo", "-w", dir.resolve("x.pcapng").toString(), "--duration", "1")
                .redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        Assumptions.assumeFalse(said.contains("setpriv:"), "setpriv cannot change capabilities here: " + said);
        assertEquals(1, p.exitValue(), said);
        if (said.contains("libpcap is not installed")) {
            assertTrue(said.contains("apt install libpcap0.8"), said);
            Assumptions.abort("no libpcap here, its error was checked instead: " + said.strip());
        }
        assertTrue(said.startsWith("bgpscope: no permission to capture on lo"), said);
        assertTrue(said.contains("sudo setcap cap_net_raw,cap_net_admin=eip /"), said);
        assertTrue(said.contains("run it as root (sudo)"), said);
        assertEquals(1, said.lines().count(), "one line, no stack trace: " + said);
    }

    @Test
    void aFilterLibpcapCannotCompileIsNamedWithAnExample() {
        CliTest.Run r = CliTest.run("capture", "lo", "-w", dir.resolve("x.pcapng").toString(), "--filter", "tcp port",
                "--duration", "1");
        assertEquals(1, r.code());
        Assumptions.assumeFalse(r.err().contains("libpcap is not installed") || r.err().contains("no permission"),
                "cannot open a capture here: " + r.err());
        assertTrue(r.err().startsWith("bgpscope: the capture filter 'tcp port' is not valid on lo: "), r.err());
        assertTrue(r.err().contains("e.g. 'tcp port 179'"), r.err());
    }

    @Test
    void anInterfaceThatDoesNotExistPointsToTheList() {
        CliTest.Run r = CliTest.run("capture", "nosuch0", "-w", dir.resolve("x.pcapng").toString(), "--duration", "1");
        assertEquals(1, r.code());
        Assumptions.assumeFalse(r.err().contains("libpcap is not installed"), "no libpcap here: " + r.err());
        assertTrue(r.err().contains("nosuch0") && r.err().contains("bgpscope capture --list"), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }

    /**
     * The message rows `bgpscope list` prints, without their times: each capture stamps a frame itself
     * (tcpdump's file in microseconds, ours in nanoseconds), and TCP event rows, which the closing
     * frames make: libpcap on loopback now and then never delivers the last FIN and ACK, to tcpdump too.
     */
    private static List<String> listedMessages(Path file) {
        CliTest.Run r = CliTest.run("list", file.toString());
        assertEquals(0, r.code(), r.err());
        return r.out().lines().filter(l -> !l.startsWith("-\t")).map(l -> l.replaceFirst("\t[^\t]*Z\t", "\tTIME\t")).toList();
    }

    private static List<String> sorted(List<String> l) {
        List<String> s = new ArrayList<>(l);
        s.sort(null);
        return s;
    }

    private static List<String> messages(Path file) throws Exception {
        try (CaptureIndex index = CaptureIndex.open(file, Progress.NONE)) {
            return TestCaptures.messageHex(index);
        }
    }
}
