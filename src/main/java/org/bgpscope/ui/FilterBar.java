package org.bgpscope.ui;

import java.util.concurrent.atomic.AtomicReference;
import javafx.animation.PauseTransition;
import javafx.concurrent.Task;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.util.Duration;
import org.controlsfx.control.textfield.AutoCompletionBinding;
import org.bgpscope.bgp.MessageFilter;
import org.bgpscope.bgp.Sessions;
import org.bgpscope.net.CaptureIndex;

/**
 * The filter bar: the filter applies as you type, off the UI thread, and sets the selection's rows to
 * the matching messages. Its status shows what the last filter or sort did.
 */
public final class FilterBar extends HBox {
    private final CaptureIndex capture;
    private final Sessions sessions;
    private final Selection selection;
    private final TextField filter = new TextField();
    private final Label status = new Label();
    private final AtomicReference<Task<?>> filterTask = new AtomicReference<>();

    public FilterBar(CaptureIndex capture, Sessions sessions, Selection selection) {
        super(8);
        this.capture = capture;
        this.sessions = sessions;
        this.selection = selection;
        filter.setPromptText("Filter: type:update  asn:65001  prefix:10.0.0.0/8+  community:65001:100  peer:10.0.0.1  or any text");
        filter.setId("filter");
        HBox.setHgrow(filter, Priority.ALWAYS);
        status.getStyleClass().add("filter-status");
        status.textProperty().bind(selection.rowsNote());
        getChildren().addAll(new Label("Filter"), filter, status);
        setPadding(new Insets(4, 6, 4, 6));
        setAlignment(Pos.CENTER_LEFT);
        PauseTransition debounce = new PauseTransition(Duration.millis(200));
        debounce.setOnFinished(e -> apply(filter.getText()));
        filter.textProperty().addListener((o, a, b) -> debounce.playFromStart());
        completion = completion(new FilterCompletions(capture, sessions));
        // A message the filter hides is wanted: the filter goes, and every row is shown.
        selection.onReveal(i -> {
            MessageRows rows = selection.rows().get();
            if (rows != null && rows.rowOf(i) < 0) {
                filter.setText("");
            }
        });
    }

    public TextField field() {
        return filter;
    }

    /** What the popup offered last (for tests), or an empty list. */
    public java.util.List<String> offered() {
        return offered;
    }

    private volatile java.util.List<String> offered = java.util.List.of();
    private final AutoCompletionBinding<String> completion;
    private static boolean completionOffNoted;

    /**
     * Autocompletion of the word being typed (ControlsFX): keys, then the capture's values. Picking
     * one replaces only that word. ControlsFX's binding needs javafx.base's com.sun.javafx.event
     * exported to it (the launcher and the installer do so); without that the bar works as before,
     * with no completion, and says so once on standard error.
     */
    private AutoCompletionBinding<String> completion(FilterCompletions completions) {
        try {
            AutoCompletionBinding<String> b = new AutoCompletionBinding<>(filter, request -> {
                java.util.List<String> s = completions.suggest(request.getUserText());
                offered = s;
                return s;
            }, new javafx.util.StringConverter<>() {
                @Override
                public String toString(String s) {
                    return s;
                }

                @Override
                public String fromString(String s) {
                    return s;
                }
            }) {
                @Override
                protected void completeUserInput(String chosen) {
                    String text = FilterCompletions.complete(filter.getText(), chosen);
                    filter.setText(text);
                    filter.positionCaret(text.length());
                }

                @Override
                public void dispose() {
                }
            };
            b.setDelay(100);
            b.setVisibleRowCount(FilterCompletions.MAX);
            filter.textProperty().addListener((o, was, now) -> {
                if (filter.isFocused()) {
                    b.setUserInput(now);
                }
            });
            return b;
        } catch (IllegalAccessError e) {
            if (!completionOffNoted) {
                completionOffNoted = true;
                System.err.println("bgpscope: filter autocompletion is off: " + e.getMessage());
            }
            return null;
        }
    }

    /** Runs the filter over every message again (indexing ended while it was typed). */
    void reapply() {
        if (!filter.getText().isBlank()) {
            apply(filter.getText());
        }
    }

    private void apply(String text) {
        Task<?> old = filterTask.getAndSet(null);
        if (old != null) {
            old.cancel();
        }
        MessageFilter f;
        try {
            f = MessageFilter.parse(text);
        } catch (IllegalArgumentException e) {
            selection.rowsNote().set(e.getMessage());
            filter.getStyleClass().add("invalid");
            return;
        }
        filter.getStyleClass().remove("invalid");
        if (f.isEmpty()) {
            selection.rows().set(selection.allRows());
            selection.rowsNote().set("");
            return;
        }
        int n = capture.messages().size();
        Task<int[]> task = new Task<>() {
            @Override
            protected int[] call() {
                int[] out = new int[Math.min(n, 1 << 16)];
                int count = 0;
                for (int i = 0; i < n; i++) {
                    if ((i & 4095) == 0 && isCancelled()) {
                        return null;
                    }
                    if (f.matches(capture, sessions, i)) {
                        if (count == out.length) {
                            out = java.util.Arrays.copyOf(out, Math.min(n, out.length * 2));
                        }
                        out[count++] = i;
                    }
                }
                return java.util.Arrays.copyOf(out, count);
            }
        };
        task.setOnSucceeded(e -> {
            int[] r = task.getValue();
            if (r == null || filterTask.get() != task) {
                return;
            }
            // The message list keeps the message the user was on, if it matches; else it shows the first match.
            selection.rows().set(new MessageRows(r, r.length));
            selection.rowsNote().set(String.format("%,d of %,d messages", r.length, n));
        });
        filterTask.set(task);
        selection.rowsNote().set("filtering…");
        Thread t = new Thread(task, "filter");
        t.setDaemon(true);
        t.start();
    }

    public void focus() {
        filter.requestFocus();
    }
}
