package org.bgpscope.ui;

import java.util.concurrent.atomic.AtomicLong;
import javafx.application.Platform;

/**
 * Measures how long the UI thread takes to run a tiny task posted every 50 ms: any longer wait is
 * work that held the thread. Stalls over 100 ms are logged, and the longest is kept.
 */
final class StallMonitor {
    static final long LIMIT_MS = 100;
    private final AtomicLong longest = new AtomicLong();
    private final AtomicLong sinceMark = new AtomicLong(-1);

    void start() {
        Thread t = new Thread(() -> {
            while (true) {
                long posted = System.nanoTime();
                java.util.concurrent.CountDownLatch ran = new java.util.concurrent.CountDownLatch(1);
                Platform.runLater(ran::countDown);
                try {
                    // One probe at a time, so one long task is one stall, however many probes it delays.
                    ran.await();
                    long ms = (System.nanoTime() - posted) / 1_000_000;
                    longest.accumulateAndGet(ms, Math::max);
                    if (sinceMark.get() >= 0) {
                        sinceMark.accumulateAndGet(ms, Math::max);
                    }
                    if (ms > LIMIT_MS) {
                        System.err.println("bgpscope: warning: UI thread stalled " + ms + " ms");
                    }
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "ui-stall-monitor");
        t.setDaemon(true);
        t.start();
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
