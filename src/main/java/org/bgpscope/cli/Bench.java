package org.bgpscope.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.bgpscope.bgp.Summaries;
import org.bgpscope.capture.CaptureException;
import org.bgpscope.capture.Progress;
import org.bgpscope.net.CaptureIndex;

/**
 * {@code bgpscope bench FILE}: index every BGP message of FILE several times and report MB/s,
 * messages/s and memory; with {@code --tshark}, time {@code tshark -Y bgp -T fields -e bgp.type}
 * on the same file in the same run.
 */
final class Bench {
    private Bench() {}

    static int run(Cli.BenchCommand a, PrintStream out, PrintStream err) throws CaptureException, IOException {
        Path file = a.file;
        int runs = a.runs;
        if (!Files.isRegularFile(file)) {
            throw new CaptureException(file, 0, Files.exists(file) ? "not a regular file" : "no such file");
        }
        long size = Files.size(file);
        out.printf("file %s, %.1f MiB%n", file, size / 1048576.0);
        // Read once so that every timed run finds the file in page cache.
        try (var ch = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 20];
            while (ch.read(buf) > 0) {
                // warm the page cache
            }
        }
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        double best = Double.MAX_VALUE;
        int messages = 0;
        long nativeBytes = 0;
        long heapPeak = 0;
        for (int r = 0; r <= runs; r++) {
            System.gc();
            long heapBefore = mem.getHeapMemoryUsage().getUsed();
            long t0 = System.nanoTime();
            try (CaptureIndex index = CaptureIndex.open(file, Progress.NONE)) {
                double s = (System.nanoTime() - t0) / 1e9;
                messages = index.messages().size();
                nativeBytes = index.messages().nativeBytes();
                heapPeak = Math.max(heapPeak, mem.getHeapMemoryUsage().getUsed() - heapBefore);
                if (r > 0) {
                    best = Math.min(best, s);
                    out.printf("run %d: %.3f s, %.0f MB/s, %.0f messages/s%n", r, s, size / s / 1e6, messages / s);
                } else {
                    out.printf("warm-up: %.3f s%n", s);
                }
                if (r == runs && (a.summaries || a.decode)) {
                    org.bgpscope.bgp.Sessions sessions = new org.bgpscope.bgp.Sessions(index);
                    long t1 = System.nanoTime();
                    long chars = 0;
                    for (int i = 0; i < messages; i++) {
                        chars += Summaries.summary(index, i, sessions).length();
                    }
                    double ss = (System.nanoTime() - t1) / 1e9;
                    out.printf("summary decode (no trees): %d messages in %.3f s, %.0f messages/s (%d chars)%n", messages, ss, messages / ss, chars);
                }
                if (r == runs && a.decode) {
                    org.bgpscope.bgp.Sessions sessions = new org.bgpscope.bgp.Sessions(index);
                    long t1 = System.nanoTime();
                    long nodes = 0;
                    for (int i = 0; i < messages; i++) {
                        nodes += count(org.bgpscope.tree.MessageDecoder.decode(index, i, sessions).root());
                    }
                    double ds = (System.nanoTime() - t1) / 1e9;
                    out.printf("full decode (field trees built): %d messages in %.3f s, %.0f messages/s, %d nodes%n", messages, ds, messages / ds, nodes);
                    if (a.tshark) {
                        long t2 = System.nanoTime();
                        long lines = run(out, err, "tshark", "-r", file.toString(), "-Y", "bgp", "-V");
                        double ts = (System.nanoTime() - t2) / 1e9;
                        out.printf("tshark -Y bgp -V (full decode): %.3f s, %.0f messages/s (%d lines); bgpscope full decode is %.0fx faster%n",
                                ts, messages / ts, lines, ts / ds);
                    }
                }
            }
        }
        out.printf("bgpscope list: %d messages, best %.3f s = %.0f MB/s, %.0f messages/s; "
                        + "index %.1f MiB native (%.1f B/message), heap growth while indexing %.1f MiB, max heap %d MiB%n",
                messages, best, size / best / 1e6, messages / best, nativeBytes / 1048576.0,
                (double) nativeBytes / Math.max(1, messages), heapPeak / 1048576.0, Runtime.getRuntime().maxMemory() >> 20);
        if (a.tshark && !a.decode) {
            tshark(file, size, messages, best, out, err);
        }
        return Cli.OK;
    }

    private static long count(org.bgpscope.tree.FieldNode n) {
        long c = 1;
        for (org.bgpscope.tree.FieldNode k : n.children()) {
            c += count(k);
        }
        return c;
    }

    /** Runs a command, counting its output lines; -1 when it cannot start. */
    private static long run(PrintStream out, PrintStream err, String... cmd) throws IOException {
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            err.println("bgpscope: bench: " + cmd[0] + " not found: " + Errors.oneLine(e.getMessage()));
            return -1;
        }
        long lines = 0;
        try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream()), 1 << 16)) {
            while (in.readLine() != null) {
                lines++;
            }
        }
        try {
            p.waitFor(2, TimeUnit.HOURS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return lines;
    }

    private static void tshark(Path file, long size, int messages, double ours, PrintStream out, PrintStream err) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("tshark", "-r", file.toString(), "-Y", "bgp", "-T", "fields", "-e", "bgp.type")
                .redirectErrorStream(false);
        long t0 = System.nanoTime();
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            err.println("bgpscope: bench: tshark not found (apt-get install tshark): " + Errors.oneLine(e.getMessage()));
            return;
        }
        long types = 0;
        try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream()))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.isEmpty()) {
                    types += line.split(",").length;
                }
            }
        }
        try {
            p.waitFor(1, TimeUnit.HOURS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        double s = (System.nanoTime() - t0) / 1e9;
        out.printf("tshark -Y bgp -T fields -e bgp.type: %d types in %.3f s = %.1f MB/s, %.0f messages/s%n",
                types, s, size / s / 1e6, types / s);
        out.printf("speed-up over tshark: %.0fx (tshark saw %d messages, bgpscope %d)%n", s / ours, types, messages);
    }
}
