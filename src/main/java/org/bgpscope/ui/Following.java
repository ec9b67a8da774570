package org.bgpscope.ui;

import java.util.function.Consumer;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.util.Duration;
import org.bgpscope.capture.LiveCapture;
import org.bgpscope.net.CaptureIndex;

/**
 * A tab whose file grows (another program's {@code tcpdump -w}, a collector's MRT dump, or our own
 * live capture): a thread of its own indexes what was appended ({@link CaptureIndex#follow()}) and
 * the rows and problems appear as they do. It ends when the user turns File ▸ Follow off, when a
 * live capture stops, when the tab closes, or by itself when the file is replaced or cut under us;
 * the rows read before stay (but for those a file cut shorter took with its bytes).
 */
final class Following {
    /** How often the file is looked at for new records when it did not grow last time. */
    static final long EVERY_MILLIS = 200;

    private final CaptureView view;
    private final CaptureIndex index;
    private final LiveCapture live;
    private final String name;
    private final Consumer<String> status;
    private final Runnable ended;
    private final Thread thread;
    private final Timeline poll;
    private final Label liveText = new Label();
    private volatile boolean on = true;
    private volatile boolean closeRequested;
    private boolean finished;
    private volatile boolean over;
    /** What the Problems tab has from the follower: indexing problems and messages looked at, message rows listed. */
    private int problemsSeen;
    private int messagesSeen;
    private int rowsListed;
    /** Messages indexed before the last look: more than there are after it when a cut took some. */
    private volatile int mostMessages;
    private long lastFilterRun;
    private int lastRows = -1;

    /**
     * Starts following {@code index}, already built with {@link CaptureIndex#buildFollowing}; with
     * {@code live}, until that capture stops. {@code status} sets the tab's status line, {@code ended}
     * runs on the UI thread when following has ended.
     */
    Following(CaptureView view, String name, LiveCapture live, Consumer<String> status, Runnable ended) {
        this.view = view;
        this.index = view.capture();
        this.live = live;
        this.name = name;
        this.status = status;
        this.ended = ended;
        messagesSeen = index.messages().size();
        problemsSeen = index.problems().size();
        if (live != null) {
            Button stop = new Button("Stop");
            stop.setId("capture-stop");
            stop.setOnAction(e -> stop());
            liveText.setId("capture-counts");
            Label dot = new Label("●");
            dot.getStyleClass().add("capture-dot");
            HBox bar = new HBox(10, dot, liveText, stop);
            HBox.setHgrow(liveText, Priority.ALWAYS);
            liveText.setMaxWidth(Double.MAX_VALUE);
            bar.setPadding(new Insets(3, 8, 3, 8));
            bar.getStyleClass().add("capture-bar");
            view.setBanner(bar);
        }
        poll = new Timeline(new KeyFrame(Duration.millis(150), e -> refresh()));
        poll.setCycleCount(Timeline.INDEFINITE);
        thread = Thread.ofPlatform().daemon(true).name("bgpscope-follow").unstarted(this::run);
    }

    void start() {
        refresh();
        poll.play();
        thread.start();
    }

    /** The capture this tab shows live, or null. */
    LiveCapture live() {
        return live;
    }

    /** Whether the file is still being followed. */
    boolean active() {
        return !over;
    }

    /**
     * Stops following (File ▸ Follow off, Capture ▸ Stop): a live capture stops first and its last
     * frames are read; then the capture ends where the file ends, as {@code list --follow} ends.
     */
    void stop() {
        if (live != null) {
            live.stop();
        } else {
            on = false;
        }
        thread.interrupt();
    }

    /** The tab closed: stop, and free the index once the follower is out of it. */
    void close() {
        closeRequested = true;
        if (live != null) {
            live.stop();
        }
        on = false;
        thread.interrupt();
        poll.stop();
        synchronized (this) {
            if (finished) {
                index.close();
            }
        }
    }

    private void run() {
        String endedBy = null;
        try {
            while (on && index.following()) {
                boolean capturing = live != null && live.running();
                mostMessages = index.messages().size();
                int added = index.follow();
                if (added > 0) {
                    problemsGrew();
                }
                if (live != null && !capturing) {
                    break; // the capture has stopped and its file is complete: that last look read the rest
                }
                if (added == 0) {
                    try {
                        Thread.sleep(EVERY_MILLIS);
                    } catch (InterruptedException e) {
                        // stopped, or closed: the loop's condition says which
                    }
                }
            }
            endedBy = index.followEnded();
            if (live != null && endedBy != null) {
                live.stop(); // the file being written is gone or cut: capturing on into it shows nothing
            }
            if (!closeRequested) {
                index.stopFollowing();
                ProblemsPane.IndexingReport all = ProblemsPane.indexingProblems(index, view.sessions());
                String why = endedBy;
                Platform.runLater(() -> done(all, why));
            }
        } finally {
            synchronized (this) {
                finished = true;
                if (closeRequested) {
                    index.close();
                }
            }
        }
    }

    /** Lists the problems of what the file added since the last look (on the follower's thread). */
    private void problemsGrew() {
        int messages = index.messages().size();
        ProblemsPane.IndexingReport more = ProblemsPane.indexingProblems(index, view.sessions(), problemsSeen, messagesSeen,
                messages, rowsListed);
        problemsSeen = index.problems().size();
        messagesSeen = messages;
        rowsListed += more.problemMessages().cardinality();
        if (more.count() > 0) {
            Platform.runLater(() -> {
                if (!over) {
                    view.problemsGrew(more);
                }
            });
        }
    }

    /** On the UI thread: new rows, the counts, and a filter run again at most once a second. */
    private void refresh() {
        if (closeRequested) {
            return;
        }
        int before = view.table().rowCount();
        view.refreshRows();
        int rows = index.messages().size();
        if (rows != lastRows) {
            lastRows = rows;
            long now = System.nanoTime();
            if (view.filtered() && now - lastFilterRun > 1_000_000_000L) {
                lastFilterRun = now;
                view.reapplyFilter();
            }
            // Keep the newest row in view while the user watches the end (as Wireshark scrolls a live capture).
            int lead = view.table().leadRow();
            if (live != null && (lead < 0 || lead == before - 1) && view.table().rowCount() > before && !view.filtered()) {
                view.table().select(view.table().rowCount() - 1);
            }
        }
        status.accept(liveStatus(live != null ? "Capturing" : "Following"));
    }

    private String liveStatus(String doing) {
        if (live == null) {
            return String.format("%s: %,d messages in %,d records; following the file as it grows (File ▸ Follow)", name,
                    index.messages().size(), index.records());
        }
        LiveCapture.Stats s = live.stats();
        String counts = String.format("%,d frames (%,d bytes), %,d BGP messages, %,d dropped (%,d by the interface)",
                s.frames(), s.bytes(), index.messages().size(), s.dropped(), s.droppedByInterface());
        String text = doing + " on " + live.settings().device() + " to " + live.output() + ": " + counts;
        liveText.setText(text);
        return text;
    }

    /** Following has ended: every problem listed once, the tab's last status, and why it ended if it ended by itself. */
    private void done(ProblemsPane.IndexingReport all, String endedBy) {
        over = true;
        poll.stop();
        if (closeRequested) {
            return;
        }
        if (index.messages().size() < mostMessages) {
            view.messagesDropped();
        }
        view.refreshRows();
        view.problemsReplaced(all);
        if (view.filtered()) {
            view.reapplyFilter();
        }
        String text;
        if (live != null) {
            text = liveStatus("Captured") + (live.failure() != null ? "; " + live.failure() : "; saved");
            view.setBanner(note(text, live.failure() != null));
        } else if (endedBy != null) {
            text = name + ": following stopped: " + endedBy;
            view.setBanner(note(text, true));
        } else {
            text = String.format("%s: %,d messages in %,d records; not followed any more", name, index.messages().size(),
                    index.records());
        }
        if (index.stoppedEarly() != null && endedBy == null) {
            text += "; " + index.stoppedEarly();
        }
        status.accept(text);
        ended.run();
    }

    private static HBox note(String text, boolean warning) {
        Label l = new Label(text);
        l.setId("follow-note");
        l.setWrapText(true);
        HBox bar = new HBox(l);
        bar.setPadding(new Insets(3, 8, 3, 8));
        bar.getStyleClass().add(warning ? "follow-warning" : "capture-bar");
        return bar;
    }
}
