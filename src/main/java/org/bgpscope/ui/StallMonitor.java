package org.bgpscope.ui;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import javafx.application.Platform;

/**
 * Measures how long the UI thread takes to run a tiny task posted every 50 ms: any longer wait is
 * work that held the thread. Stalls over 100 ms are logged with what the window was doing (its
 * phase: cold start, indexing, idle; or a user's activity: scrolling, selecting), and the longest
 * and the count of each phase are kept.
 */
final class StallMonitor {
    static final long LIMIT_MS = 100;
    static final String COLD_START = "cold start";
    static final String INDEXING = "indexing";
    static final String IDLE = "idle";

    private final PrintStream log;
    private final AtomicLong longest = new AtomicLong();
    private final AtomicLong sinceMark = new AtomicLong(-1);
    private volatile String phase = COLD_START;
    private volatile String activity;
    /** Phase -> {stalls over the limit, longest wait}, in the order phases were first seen. */
    private final Map<String, long[]> byPhase = new LinkedHashMap<>();

    StallMonitor() {
        this(System.err);
    }

    StallMonitor(PrintStream log) {
        this.log = log;
    }

    void start() {
        Thread t = new Thread(() -> {
            while (true) {
                String during = label();
                long posted = System.nanoTime();
                CountDownLatch ran = new CountDownLatch(1);
                Platform.runLater(ran::countDown);
                try {
                    // One probe at a time, so one long task is one stall, however many probes it delays.
                    ran.await();
                    record((System.nanoTime() - posted) / 1_000_000, during);
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "ui-stall-monitor");
        t.setDaemon(true);
        t.start();
    }

    /** One probe waited {@code ms} while the window was in {@code during}. */
    void record(long ms, String during) {
        longest.accumulateAndGet(ms, Math::max);
        if (sinceMark.get() >= 0) {
            sinceMark.accumulateAndGet(ms, Math::max);
        }
        synchronized (byPhase) {
            long[] s = byPhase.computeIfAbsent(during, k -> new long[2]);
            s[1] = Math.max(s[1], ms);
            if (ms > LIMIT_MS) {
                s[0]++;
            }
        }
        if (ms > LIMIT_MS) {
            // When it ended, from the JVM's start: tells a stall from its neighbours in a benchmark's log.
            long at = System.currentTimeMillis() - java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
            log.println("bgpscope: warning: UI thread stalled " + ms + " ms (" + during + "), at "
                    + String.format(java.util.Locale.ROOT, "%.2f", at / 1000.0) + " s");
        }
    }

    /** What the window is doing: cold start (until the first rows), indexing, idle. */
    void phase(String now) {
        phase = now;
    }

    /** What the user is doing (scrolling, selecting), or null for nothing; it names the stalls while set. */
    void activity(String now) {
        activity = now;
    }

    /** The name stalls are logged under: the activity, "while indexing" when it overlaps indexing, or the phase. */
    String label() {
        String a = activity;
        String p = phase;
        return a == null ? p : p.equals(INDEXING) ? a + " while indexing" : a;
    }

    /** One line per phase seen: its stalls over the limit and its longest wait. */
    String summary() {
        StringBuilder b = new StringBuilder();
        synchronized (byPhase) {
            for (Map.Entry<String, long[]> e : byPhase.entrySet()) {
                b.append("bgpscope: ").append(e.getKey()).append(": ").append(e.getValue()[0]).append(" stalls over ")
                        .append(LIMIT_MS).append(" ms, longest wait ").append(e.getValue()[1]).append(" ms\n");
            }
        }
        return b.toString();
    }

    long longestMillis() {
        return longest.get();
    }

    /** From now on, also keep the longest stall separately (start-up excluded). */
    void mark() {
        sinceMark.compareAndSet(-1, 0);
    }

    long longestSinceMarkMillis() {
        return sinceMark.get();
    }
}
