package org.bgpscope.ui;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javafx.concurrent.Task;
import javafx.geometry.Insets;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.StackedBarChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import org.bgpscope.bgp.Statistics;
import org.bgpscope.bgp.Sessions;
import org.bgpscope.capture.CancelledException;
import org.bgpscope.export.StatisticsCsv;
import org.bgpscope.net.CaptureIndex;

/**
 * Statistics ▸ Capture Statistics: a window of charts over one capture ({@link Statistics}), computed
 * off the UI thread with progress and Cancel. Each chart exports as PNG and its table as CSV. The UPDATE
 * rate's time axis zooms: drag across a span, or scroll over the chart; double-click shows it whole.
 */
public final class StatisticsWindow {
    /** Peers a bar chart names; the CSV holds every one. */
    static final int PEERS_SHOWN = 12;

    private final Stage stage = new Stage();
    private final CaptureIndex capture;
    private final TabPane tabs = new TabPane();
    private final Label status = new Label();
    private final ProgressBar progress = new ProgressBar(0);
    private final Button cancel = new Button("Cancel");
    private final Task<Statistics> task;
    private Statistics statistics;
    private NumberAxis rateAxis;
    private double rateSpan;

    public StatisticsWindow(Stage owner, CaptureIndex capture, Sessions sessions) {
        this.capture = capture;
        String file = capture.capture().file().getFileName().toString();
        stage.setTitle("Statistics — " + file);
        if (owner != null) {
            stage.initOwner(owner);
        }
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.setId("statistics-tabs");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = new HBox(10, status, spacer, progress, cancel);
        bar.setPadding(new Insets(4, 8, 4, 8));
        progress.setPrefWidth(220);
        BorderPane root = new BorderPane(tabs, null, null, bar, null);
        stage.setScene(new Scene(root, 1100, 700));
        status.setText("Counting " + file + " …");
        task = new Task<>() {
            @Override
            protected Statistics call() {
                long started = System.nanoTime();
                Statistics s = Statistics.of(capture, sessions, (done, total) -> {
                    updateProgress(done, total);
                    return !isCancelled();
                });
                updateMessage(String.format("%s: %,d entries from %,d senders, counted in %.2f s", file, s.messages(),
                        s.peers().size(), (System.nanoTime() - started) / 1e9));
                return s;
            }

            @Override
            protected void succeeded() {
                show(getValue(), getMessage());
            }

            @Override
            protected void failed() {
                finish(getException() instanceof CancelledException ? "Cancelled" : "Could not count " + file + ": " + getException());
            }

            @Override
            protected void cancelled() {
                finish("Cancelled: nothing counted");
            }
        };
        progress.progressProperty().bind(task.progressProperty());
        cancel.setOnAction(e -> task.cancel());
        Thread t = new Thread(task, "bgpscope-statistics");
        t.setDaemon(true);
        t.start();
    }

    public void show() {
        stage.show();
    }

    public Stage stage() { return stage; }

    public Task<Statistics> task() { return task; }

    /** The statistics on show, or null while they are counted. */
    public Statistics statistics() { return statistics; }

    public TabPane tabs() { return tabs; }

    public String statusText() { return status.getText(); }

    /** The UPDATE rate chart's time axis (seconds since the capture's first message). */
    public NumberAxis rateAxis() { return rateAxis; }

    private void finish(String text) {
        progress.progressProperty().unbind();
        progress.setVisible(false);
        cancel.setVisible(false);
        status.setText(text);
    }

    private void show(Statistics s, String text) {
        statistics = s;
        finish(text);
        Map<String, Statistics.Table> tables = s.tables();
        tabs.getTabs().setAll(
                tab("Messages", messagesChart(s), tables.get("messages")),
                tab("UPDATE rate", rateChart(s), tables.get("rate")),
                tab("Routes", routesChart(s), tables.get("routes")),
                tab("AS path length", pathChart(s), tables.get("paths")),
                tab("Origin ASes", originChart(s), tables.get("origins")),
                tab("NOTIFICATIONs", notificationChart(s), tables.get("notifications")));
    }

    private Tab tab(String name, XYChart<?, ?> chart, Statistics.Table table) {
        chart.setAnimated(false);
        chart.setTitle(table.name());
        chart.setId("chart-" + name.toLowerCase().replace(' ', '-'));
        Button png = new Button("Export PNG…");
        png.setOnAction(e -> save("PNG", "*.png", name, p -> exportPng(chart, p)));
        Button csv = new Button("Export CSV…");
        csv.setOnAction(e -> save("CSV", "*.csv", name, p -> Files.writeString(p, StatisticsCsv.write(table), StandardCharsets.UTF_8)));
        HBox buttons = new HBox(8, png, csv);
        buttons.setPadding(new Insets(4, 8, 4, 8));
        if (chart == rateChartNode) {
            Button whole = new Button("Whole Capture");
            whole.setOnAction(e -> zoom(0, rateSpan));
            buttons.getChildren().add(whole);
            buttons.getChildren().add(new Label("drag across the chart or scroll over it to zoom"));
        }
        BorderPane p = new BorderPane(chart, null, null, buttons, null);
        Tab t = new Tab(name, p);
        t.setUserData(chart);
        return t;
    }

    /** The chart of tab {@code name}. */
    public XYChart<?, ?> chart(String name) {
        return tabs.getTabs().stream().filter(t -> t.getText().equals(name)).map(t -> (XYChart<?, ?>) t.getUserData()).findFirst().orElseThrow();
    }

    private static List<Statistics.Peer> busiest(Statistics s) {
        return s.peers().stream().sorted((a, b) -> Long.compare(b.messages(), a.messages())).limit(PEERS_SHOWN).toList();
    }

    private XYChart<String, Number> messagesChart(Statistics s) {
        StackedBarChart<String, Number> c = new StackedBarChart<>(new CategoryAxis(), new NumberAxis());
        List<Statistics.Peer> peers = busiest(s);
        for (int t = 0; t < Statistics.TYPES.size(); t++) {
            XYChart.Series<String, Number> series = new XYChart.Series<>();
            series.setName(Statistics.TYPES.get(t));
            for (Statistics.Peer p : peers) {
                series.getData().add(new XYChart.Data<>(p.name(), p.count(t)));
            }
            c.getData().add(series);
        }
        c.getXAxis().setLabel("sender (the " + peers.size() + " busiest of " + s.peers().size() + ")");
        c.getYAxis().setLabel("messages");
        return c;
    }

    private LineChart<Number, Number> rateChartNode;

    private XYChart<Number, Number> rateChart(Statistics s) {
        rateSpan = Math.max(1e-9, s.slotNanos() * (double) Statistics.SLOTS / 1e9);
        rateAxis = new NumberAxis(0, rateSpan, tick(rateSpan));
        rateAxis.setAutoRanging(false);
        rateAxis.setLabel("seconds since the first message (slots of " + seconds(s.slotNanos()) + ")");
        NumberAxis y = new NumberAxis();
        y.setLabel("UPDATEs per slot");
        LineChart<Number, Number> c = new LineChart<>(rateAxis, y);
        c.setCreateSymbols(false);
        XYChart.Series<Number, Number> all = new XYChart.Series<>();
        all.setName("all peers");
        for (int k = 0; k < Statistics.SLOTS; k++) {
            all.getData().add(new XYChart.Data<>(k * s.slotNanos() / 1e9, s.updatesIn(k)));
        }
        c.getData().add(all);
        for (Statistics.Peer p : s.topPeersByUpdates(Statistics.RATE_PEERS)) {
            XYChart.Series<Number, Number> series = new XYChart.Series<>();
            series.setName(p.name());
            for (int k = 0; k < Statistics.SLOTS; k++) {
                series.getData().add(new XYChart.Data<>(k * s.slotNanos() / 1e9, p.updatesIn(k)));
            }
            c.getData().add(series);
        }
        double[] from = {Double.NaN};
        c.addEventHandler(MouseEvent.MOUSE_PRESSED, e -> from[0] = valueAt(e.getSceneX(), e.getSceneY()));
        c.addEventHandler(MouseEvent.MOUSE_RELEASED, e -> {
            double to = valueAt(e.getSceneX(), e.getSceneY());
            if (!Double.isNaN(from[0]) && Math.abs(to - from[0]) > (rateAxis.getUpperBound() - rateAxis.getLowerBound()) / 200) {
                zoom(Math.min(from[0], to), Math.max(from[0], to));
            }
            from[0] = Double.NaN;
        });
        c.addEventHandler(MouseEvent.MOUSE_CLICKED, e -> {
            if (e.getClickCount() == 2) {
                zoom(0, rateSpan);
            }
        });
        c.addEventHandler(ScrollEvent.SCROLL, e -> {
            double at = valueAt(e.getSceneX(), e.getSceneY());
            if (Double.isNaN(at)) {
                return;
            }
            double f = e.getDeltaY() > 0 ? 0.8 : 1.25;
            zoom(at - (at - rateAxis.getLowerBound()) * f, at + (rateAxis.getUpperBound() - at) * f);
        });
        rateChartNode = c;
        return c;
    }

    private double valueAt(double sceneX, double sceneY) {
        Point2D p = rateAxis.sceneToLocal(sceneX, sceneY);
        return p == null ? Double.NaN : rateAxis.getValueForDisplay(p.getX()).doubleValue();
    }

    /** Shows the UPDATE rate from {@code lo} to {@code hi} seconds (kept within the capture). */
    public void zoom(double lo, double hi) {
        double a = Math.max(0, lo);
        double b = Math.min(rateSpan, hi);
        if (b - a < rateSpan / Statistics.SLOTS) {
            return;
        }
        rateAxis.setLowerBound(a);
        rateAxis.setUpperBound(b);
        rateAxis.setTickUnit(tick(b - a));
    }

    /** A tick unit of 1, 2 or 5 times a power of ten giving about ten ticks over {@code span}. */
    static double tick(double span) {
        double raw = span / 10;
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        return raw <= p ? p : raw <= 2 * p ? 2 * p : raw <= 5 * p ? 5 * p : 10 * p;
    }

    private static String seconds(long nanos) {
        return nanos >= 1_000_000_000L ? String.format("%.3g s", nanos / 1e9) : nanos >= 1_000_000 ? String.format("%.3g ms", nanos / 1e6)
                : String.format("%.3g µs", nanos / 1e3);
    }

    private XYChart<String, Number> routesChart(Statistics s) {
        BarChart<String, Number> c = new BarChart<>(new CategoryAxis(), new NumberAxis());
        List<Statistics.Peer> peers = s.peers().stream().sorted((a, b) -> Long.compare(b.announced() + b.withdrawn(), a.announced() + a.withdrawn()))
                .limit(PEERS_SHOWN).toList();
        XYChart.Series<String, Number> ann = new XYChart.Series<>();
        ann.setName("announced");
        XYChart.Series<String, Number> wd = new XYChart.Series<>();
        wd.setName("withdrawn");
        for (Statistics.Peer p : peers) {
            ann.getData().add(new XYChart.Data<>(p.name(), p.announced()));
            wd.getData().add(new XYChart.Data<>(p.name(), p.withdrawn()));
        }
        c.getData().add(ann);
        c.getData().add(wd);
        c.getYAxis().setLabel("routes");
        return c;
    }

    private XYChart<String, Number> pathChart(Statistics s) {
        BarChart<String, Number> c = new BarChart<>(new CategoryAxis(), new NumberAxis());
        XYChart.Series<String, Number> series = new XYChart.Series<>();
        series.setName("UPDATEs");
        long[] lengths = s.pathLengths();
        int last = 0;
        for (int k = 0; k < lengths.length; k++) {
            if (lengths[k] > 0) {
                last = k;
            }
        }
        for (int k = 0; k <= last; k++) {
            series.getData().add(new XYChart.Data<>(k == 64 ? "64+" : Integer.toString(k), lengths[k]));
        }
        c.getData().add(series);
        c.getXAxis().setLabel("AS_PATH length (an AS_SET counts one)");
        c.getYAxis().setLabel("UPDATEs");
        return c;
    }

    private XYChart<String, Number> originChart(Statistics s) {
        BarChart<String, Number> c = new BarChart<>(new CategoryAxis(), new NumberAxis());
        XYChart.Series<String, Number> series = new XYChart.Series<>();
        series.setName("routes announced");
        for (long[] o : s.topOrigins(20)) {
            series.getData().add(new XYChart.Data<>("AS " + o[0], o[2]));
        }
        c.getData().add(series);
        c.getYAxis().setLabel("routes");
        return c;
    }

    private XYChart<String, Number> notificationChart(Statistics s) {
        BarChart<String, Number> c = new BarChart<>(new CategoryAxis(), new NumberAxis());
        XYChart.Series<String, Number> series = new XYChart.Series<>();
        series.setName("NOTIFICATIONs");
        for (Map.Entry<Integer, Long> e : s.notifications().entrySet()) {
            series.getData().add(new XYChart.Data<>(org.bgpscope.bgp.Notifications.describe(e.getKey() >>> 8, e.getKey() & 0xFF), e.getValue()));
        }
        c.getData().add(series);
        c.getYAxis().setLabel("messages");
        return c;
    }

    private interface Writer {
        void write(Path to) throws IOException;
    }

    private void save(String what, String pattern, String name, Writer w) {
        FileChooser c = new FileChooser();
        c.setTitle("Export " + name + " as " + what);
        c.getExtensionFilters().add(new FileChooser.ExtensionFilter(what, pattern));
        c.setInitialFileName(name.toLowerCase().replace(' ', '-') + pattern.substring(1));
        java.io.File f = c.showSaveDialog(stage);
        if (f != null) {
            try {
                w.write(f.toPath());
                status.setText("Wrote " + f);
            } catch (IOException | RuntimeException ex) {
                status.setText("Could not write " + f + ": " + ex.getMessage());
            }
        }
    }

    /** Writes a chart as drawn, as PNG. */
    public static void exportPng(Node chart, Path to) throws IOException {
        ExportMenu.writePng(ExportMenu.snapshot(chart), to);
    }
}
