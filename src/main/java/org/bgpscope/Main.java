package org.bgpscope;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import org.bgpscope.cli.Cli;
import org.bgpscope.cli.Launch;

/**
 * Entry point: {@code bgpscope COMMAND ...} runs the command line; no arguments, or files, open the
 * window ({@link Launch} decides). Nothing here ends in a stack trace.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        String training = System.getProperty("bgpscope.training");
        if (training != null) {
            train(training);
            return;
        }
        Launch launch = Launch.decide(args, Main::isFile, System.getenv(), System.getProperty("os.name"),
                "headless".equalsIgnoreCase(System.getProperty("glass.platform")));
        switch (launch.kind()) {
            case CLI -> System.exit(Cli.main(args));
            case UNKNOWN -> {
                System.err.println("bgpscope: unknown command or file: " + launch.word());
                Cli.usage(System.err);
                System.exit(2);
            }
            case NO_DISPLAY -> {
                System.err.println(Launch.NO_DISPLAY_TEXT);
                System.exit(1);
            }
            case WINDOW -> window(launch.files().toArray(String[]::new));
        }
    }

    /**
     * The training run of the start-up cache (JDK 25's AOT cache, JEP 483/514/515; the launchers make
     * it once): what a user runs, on the bundled sample, so that the classes it loads and the methods
     * it compiles are ready at the next start. The command line lists, decodes and exports it; the
     * window opens it on JavaFX's headless platform (no display needed) and closes after its first rows.
     * With {@code -Dbgpscope.trainingParts=cli}, the command line only.
     */
    private static void train(String sample) {
        java.io.PrintStream err = System.err;
        java.io.OutputStream none = java.io.OutputStream.nullOutputStream();
        for (String[] command : new String[][] {
                {"list", sample}, {"list", "--json", sample}, {"decode", sample}, {"decode", "--json", sample}}) {
            new Cli(none, new java.io.PrintStream(none)).run(command);
        }
        // The archives users open: an MRT file, plain, gzip and bzip2, made from the sample's messages.
        Path dir = null;
        try {
            dir = Files.createTempDirectory("bgpscope-training");
            for (Path p : mrtCopies(sample, dir)) {
                new Cli(none, new java.io.PrintStream(none)).run(new String[] {"list", p.toString()});
            }
        } catch (java.io.IOException | org.bgpscope.capture.CaptureException e) {
            debug(e);
        } finally {
            if (dir != null) {
                try (var files = Files.list(dir)) {
                    for (Path p : files.toList()) {
                        Files.deleteIfExists(p);
                    }
                    Files.deleteIfExists(dir);
                } catch (java.io.IOException e) {
                    debug(e);
                }
            }
        }
        if ("cli".equals(System.getProperty("bgpscope.trainingParts"))) {
            // A cache for the command line alone: every class a cache holds is loaded at start-up, and
            // the window's 4,000 would cost each command 140 ms.
            return;
        }
        System.setProperty("glass.platform", "Headless");
        System.setProperty("prism.order", "sw");
        if (System.getProperty("bgpscope.exitAfterFirstRows") == null) {
            System.setProperty("bgpscope.exitAfterFirstRows", "500");
        }
        System.setErr(new java.io.PrintStream(none));
        try {
            org.bgpscope.ui.DesktopApp.start(new String[] {sample});
        } catch (Throwable t) {
            debug(t);
        } finally {
            System.setErr(err);
        }
    }

    /**
     * The sample's BGP messages as BGP4MP_MESSAGE_AS4 records (RFC 6396 §4.4.3), in {@code dir}, and
     * its gzip and bzip2 copies.
     */
    private static java.util.List<Path> mrtCopies(String sample, Path dir) throws java.io.IOException, org.bgpscope.capture.CaptureException {
        Path mrt = dir.resolve("sample.mrt");
        try (org.bgpscope.net.CaptureIndex index = org.bgpscope.net.CaptureIndex.open(Path.of(sample), org.bgpscope.capture.Progress.NONE);
             java.io.OutputStream o = new java.io.BufferedOutputStream(Files.newOutputStream(mrt))) {
            org.bgpscope.net.MessageIndex m = index.messages();
            for (int i = 0; i < m.size(); i++) {
                if (m.kind(i) != org.bgpscope.net.MessageKind.BGP_MESSAGE || (m.flags(i) & org.bgpscope.net.MessageIndex.F_INCOMPLETE) != 0) {
                    continue;
                }
                byte[] msg = index.bytes(i).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
                int side = m.flow(i) & 1;
                java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(12 + 20 + msg.length);
                b.putInt((int) (m.time(i) / 1_000_000_000L)).putShort((short) 16).putShort((short) 4).putInt(20 + msg.length);
                b.putInt(65001 + side).putInt(65002 - side).putShort((short) 0).putShort((short) 1)
                        .putInt(0x0A000001 + side).putInt(0x0A000002 - side).put(msg);
                o.write(b.array());
            }
        }
        Path gz = dir.resolve("sample.mrt.gz");
        Path bz2 = dir.resolve("sample.mrt.bz2");
        try (java.io.OutputStream o = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
            Files.copy(mrt, o);
        }
        try (java.io.OutputStream o = new org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream(Files.newOutputStream(bz2))) {
            Files.copy(mrt, o);
        }
        return java.util.List.of(mrt, gz, bz2);
    }

    private static boolean isFile(String arg) {
        try {
            return Files.isRegularFile(Path.of(arg));
        } catch (InvalidPathException e) {
            return false;
        }
    }

    /** Starts JavaFX; a toolkit that cannot start (no display, missing libraries) is one line, exit 1. */
    private static void window(String[] files) {
        try {
            org.bgpscope.ui.DesktopApp.start(files);
        } catch (Throwable t) {
            debug(t);
            System.err.println(Launch.windowFailure(t));
            System.exit(1);
        }
    }

    private static void debug(Throwable t) {
        if ("1".equals(System.getenv("BGPSCOPE_DEBUG"))) {
            t.printStackTrace();
        }
    }
}
