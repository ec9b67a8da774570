package org.bgpscope.ui;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.event.Event;
import javafx.geometry.Point2D;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.stage.Stage;

/**
 * A user's session with the message list, driven from a thread of its own for
 * {@code tools/bench/stalls.sh} ({@code -Dbgpscope.exercise=true}): it pages through the rows while
 * the capture is indexed; then pages, jumps to the end and back, turns the wheel and drags the scroll
 * bar; then clicks rows across the capture so the tree, hex view and details follow; then closes the
 * window. Input is posted to the UI thread at a person's pace, as the system's events would be, and
 * the stall monitor names the stalls after the activity.
 */
final class StallExercise {
    private static final long KEY_REPEAT_MS = 33;
    private static final long DRAG_MS = 16;

    private final MainWindow window;
    private final Stage stage;
    private final StallMonitor stalls;

    private StallExercise(MainWindow window, Stage stage) {
        this.window = window;
        this.stage = stage;
        this.stalls = window.stalls();
    }

    static void start(MainWindow window, Stage stage) {
        StallExercise x = new StallExercise(window, stage);
        Thread t = new Thread(() -> {
            try {
                x.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "stall-exercise");
        t.setDaemon(true);
        t.start();
    }

    private void run() throws InterruptedException {
        CaptureView v;
        while ((v = call(() -> window.view().filter(c -> c.table().rowCount() > 0).orElse(null))) == null) {
            Thread.sleep(20);
        }
        CaptureView view = v;
        MessageTable t = view.table();
        Platform.runLater(t::requestFocus);
        // While indexing: a page down every 150 ms, as someone reading the rows as they arrive.
        stalls.activity("scrolling");
        while (!call(() -> view.capture().complete())) {
            key(t, KeyCode.PAGE_DOWN);
            Thread.sleep(150);
        }
        stalls.activity(null);
        Thread.sleep(1500);

        System.err.println("bgpscope: exercise: scrolling");
        stalls.activity("scrolling");
        Platform.runLater(() -> t.select(0));
        keys(t, KeyCode.PAGE_DOWN, 40);
        keys(t, KeyCode.END, 1);
        Thread.sleep(300);
        keys(t, KeyCode.PAGE_UP, 40);
        keys(t, KeyCode.HOME, 1);
        Thread.sleep(300);
        keys(t, KeyCode.DOWN, 60);
        for (int i = 0; i < 60; i++) {
            wheel(t, i < 30 ? -40 : 40);
            Thread.sleep(DRAG_MS);
        }
        // Dragging the scroll bar's thumb to the end and back, one step per mouse event.
        double max = call(() -> t.bar.getMax());
        for (int i = 0; i <= 240; i++) {
            double at = max * (i <= 120 ? i : 240 - i) / 120.0;
            Platform.runLater(() -> t.bar.setValue(at));
            Thread.sleep(DRAG_MS);
        }
        stalls.activity(null);
        Thread.sleep(1000);

        System.err.println("bgpscope: exercise: selecting");
        stalls.activity("selecting");
        for (int i = 0; i < 20; i++) {
            double at = max * i / 19.0;
            int row = i % 10;
            Platform.runLater(() -> t.bar.setValue(at));
            Thread.sleep(100);
            Platform.runLater(() -> click(t, row));
            Thread.sleep(400);
        }
        for (int i = 0; i < 20; i++) {
            key(t, KeyCode.DOWN);
            Thread.sleep(250);
        }
        stalls.activity(null);
        Thread.sleep(1000);
        System.err.println("bgpscope: exercise: done");
        Platform.runLater(stage::close);
    }

    private static void keys(MessageTable t, KeyCode code, int times) throws InterruptedException {
        for (int i = 0; i < times; i++) {
            key(t, code);
            Thread.sleep(KEY_REPEAT_MS);
        }
    }

    private static void key(MessageTable t, KeyCode code) {
        Platform.runLater(() -> Event.fireEvent(t, new KeyEvent(KeyEvent.KEY_PRESSED, "", "", code, false, false, false, false)));
    }

    private static void wheel(MessageTable t, double deltaY) {
        Platform.runLater(() -> Event.fireEvent(t, new ScrollEvent(ScrollEvent.SCROLL, 10, 40, 10, 40, false, false, false, false,
                false, false, 0, deltaY, 0, deltaY, ScrollEvent.HorizontalTextScrollUnits.NONE, 0,
                ScrollEvent.VerticalTextScrollUnits.NONE, 0, 0, null)));
    }

    /** A press and release of the primary button on the {@code visible}-th row in view. */
    private static void click(MessageTable t, int visible) {
        double[] p = t.pointOfRow(t.firstVisibleRow() + visible);
        Point2D s = t.canvas().localToScene(p[0], p[1]);
        for (javafx.event.EventType<MouseEvent> type : java.util.List.of(MouseEvent.MOUSE_PRESSED, MouseEvent.MOUSE_RELEASED)) {
            Event.fireEvent(t.canvas(), new MouseEvent(type, s.getX(), s.getY(), 0, 0, MouseButton.PRIMARY, 1,
                    false, false, false, false, type == MouseEvent.MOUSE_PRESSED, false, false, false, false, true, null));
        }
    }

    /** Runs {@code f} on the UI thread and waits for its value. */
    private static <T> T call(Supplier<T> f) throws InterruptedException {
        CompletableFuture<T> r = new CompletableFuture<>();
        Platform.runLater(() -> r.complete(f.get()));
        try {
            return r.get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }
}
