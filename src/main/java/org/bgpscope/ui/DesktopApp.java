package org.bgpscope.ui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.application.Application;
import javafx.stage.Stage;

/** The JavaFX application: opens the files given, or the bundled sample capture when there are none. */
public final class DesktopApp extends Application {
    public static void start(String[] args) {
        Application.launch(DesktopApp.class, args);
    }

    /**
     * Runs on the launcher thread before the window exists: loads the fonts (fontconfig is slow the
     * first time) and the decoder classes, work that would otherwise stall the UI thread at start-up.
     */
    @Override
    public void init() {
        long t0 = System.nanoTime();
        for (javafx.scene.text.Font f : new javafx.scene.text.Font[] {
                javafx.scene.text.Font.font("Monospaced", 13), javafx.scene.text.Font.font("Monospaced", 12.5),
                javafx.scene.text.Font.getDefault()}) {
            javafx.scene.text.Text t = new javafx.scene.text.Text("0123456789 abcdef ABCDEF ·→");
            t.setFont(f);
            t.getLayoutBounds();
        }
        byte[] keepalive = new byte[19];
        java.util.Arrays.fill(keepalive, 0, 16, (byte) 0xFF);
        keepalive[17] = 19;
        keepalive[18] = 4;
        org.bgpscope.tree.MessageDecoder.decode(java.lang.foreign.MemorySegment.ofArray(keepalive),
                org.bgpscope.net.MessageKind.BGP_MESSAGE, 4, 19, 0, org.bgpscope.bgp.Negotiated.unknown("warm-up"));
        System.err.println("bgpscope: warm-up " + (System.nanoTime() - t0) / 1_000_000 + " ms (off the UI thread)");
    }

    @Override
    public void start(Stage stage) {
        MainWindow window = new MainWindow(stage);
        window.setBrowser(url -> getHostServices().showDocument(url));
        List<String> files = getParameters().getRaw();
        if (files.isEmpty()) {
            String sample = System.getProperty("bgpscope.sample");
            if (sample != null && Files.isRegularFile(Path.of(sample))) {
                window.open(Path.of(sample));
            }
        }
        for (String f : files) {
            window.open(Path.of(f));
        }
        // Shown after the files are opened: their mapping and indexing run while show() lays out the
        // window (140-200 ms here), and their views are in the window's first pulse rather than a
        // second one: the table has the sample's rows 0.91-0.99 s after the JVM starts (was 1.08-1.13 s).
        window.show();
        // -Dbgpscope.tour=N opens Help ▸ Tour at step N (screenshots, demos); it waits for the sample itself.
        Integer step = Integer.getInteger("bgpscope.tour");
        if (step != null) {
            TourPanel tour = window.tour();
            for (int i = 1; i < step; i++) {
                tour.next();
            }
        }
        // -Dbgpscope.capture=IFACE starts capturing at once, as Capture ▸ Start… with its defaults would (demos, screenshots).
        String device = System.getProperty("bgpscope.capture");
        if (device != null && !device.isBlank()) {
            window.startCapture(device, System.getProperty("bgpscope.captureFilter", org.bgpscope.capture.LiveCapture.DEFAULT_FILTER));
        }
        // -Dbgpscope.exercise=true scrolls and selects as a user would, then quits (tools/bench/stalls.sh).
        if (Boolean.getBoolean("bgpscope.exercise")) {
            StallExercise.start(window, stage);
        }
    }
}
