package org.bgpscope.ui;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.prefs.Preferences;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.concurrent.Task;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextInputDialog;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import javafx.util.Duration;
import org.controlsfx.control.NotificationPane;
import org.bgpscope.capture.CancelledException;
import org.bgpscope.capture.CaptureException;
import org.bgpscope.capture.MappedCapture;
import org.bgpscope.bgp.Sessions;
import org.bgpscope.export.ExportFormat;
import org.bgpscope.export.Exporter;
import org.bgpscope.export.MessageSelection;
import org.bgpscope.net.CaptureIndex;

/**
 * The window: a menu, one tab per open capture, and a status bar with progress and cancel for long
 * work (decompressing, indexing, filtering, exporting). Files open from the menu, the command line
 * and by dropping them on the window; errors appear in a dialog and leave other tabs alone.
 */
public final class MainWindow {
    private static final int RECENT = 10;

    private final Stage stage;
    private final TabPane tabs = new TabPane();
    private final Label status = new Label("Drop a pcap, pcapng or MRT file here, or use File ▸ Open");
    private final ProgressBar progress = new ProgressBar(0);
    private final Button cancel = new Button("Cancel");
    private final Menu recentMenu = new Menu("Open Recent");
    private final StallMonitor stalls = new StallMonitor();
    private final Preferences prefs = Preferences.userNodeForPackage(MainWindow.class);
    private final Scene scene;
    /** Notes that need no dialog (a result, a request that could not be met) slide in above the tabs. */
    private final NotificationPane notes = new NotificationPane(tabs);
    private final javafx.animation.PauseTransition noteTimeout = new javafx.animation.PauseTransition(Duration.seconds(8));
    private BorderPane root;
    private TourPanel tour;
    private boolean dark;
    private Task<?> running;
    private volatile long firstRowsMillis = -1;
    /** The first rows are in the table, and the layout pass that shows them is awaited. */
    private boolean firstRowsPending;
    /** The last status of each tab, shown again when it comes to the front. */
    private final java.util.Map<Tab, String> tabStatus = new java.util.WeakHashMap<>();

    /** Sets {@code tab}'s status line, and shows it when that tab is in front. */
    private void status(Tab tab, String text) {
        tabStatus.put(tab, text);
        if (tabs.getSelectionModel().getSelectedItem() == tab && !status.textProperty().isBound()) {
            status.setText(text);
        }
    }

    public MainWindow(Stage stage) {
        this.stage = stage;
        // -Dbgpscope.theme=dark|light overrides the saved choice (screenshots, demos).
        String forced = System.getProperty("bgpscope.theme");
        dark = forced != null ? forced.equals("dark") : prefs.getBoolean("dark", false);
        tabs.setId("tabs");
        // The title and the status bar follow the tab in front (as Wireshark's title names its file).
        followed = new FollowedTabs(stage, tabs, this::open);
        tabs.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            stage.setTitle(now == null ? "BGP Scope" : now.getText() + " — BGP Scope");
            if (!status.textProperty().isBound()) {
                status.setText(now == null ? "" : tabStatus.getOrDefault(now, ""));
            }
        });
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.ALL_TABS);
        progress.setVisible(false);
        progress.setPrefWidth(220);
        cancel.setVisible(false);
        cancel.setOnAction(e -> {
            if (running != null) {
                running.cancel();
            }
        });
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = new HBox(10, status, spacer, progress, cancel);
        bar.setPadding(new Insets(3, 8, 3, 8));
        bar.getStyleClass().add("status-bar");
        notes.setId("notes");
        root = new BorderPane(notes, menu(), null, bar, null);
        root.setId("root");
        scene = new Scene(root);
        theme(dark);
        scene.setOnDragOver(e -> {
            if (e.getDragboard().hasFiles()) {
                e.acceptTransferModes(TransferMode.COPY);
            }
            e.consume();
        });
        scene.setOnDragDropped(e -> {
            boolean ok = e.getDragboard().hasFiles();
            if (ok) {
                dropped(e.getDragboard().getFiles());
            }
            e.setDropCompleted(ok);
            e.consume();
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.err.print(stalls.summary() + "bgpscope: longest UI-thread stall "
                + stalls.longestMillis() + " ms in all, " + Math.max(0, stalls.longestSinceMarkMillis()) + " ms after the first rows\n")));
        stage.setTitle("BGP Scope");
        stage.setScene(scene);
        WindowPlacement place = WindowPlacement.fit(javafx.stage.Screen.getPrimary().getVisualBounds(),
                WindowPlacement.PREFERRED_WIDTH, WindowPlacement.PREFERRED_HEIGHT);
        stage.setX(place.x());
        stage.setY(place.y());
        stage.setWidth(place.width());
        stage.setHeight(place.height());
        stalls.start();
    }

    /** Files dropped on the window: each opens in its own tab. */
    public void dropped(List<File> files) {
        for (File f : files) {
            open(f.toPath());
        }
    }

    public Scene scene() {
        return scene;
    }

    private int pastes;

    /** File ▸ Decode Hex…: paste a message as hex (bare, ExaBGP, Wireshark's hex dump) and open it as a tab. */
    private void decodeHexDialog() {
        javafx.scene.control.TextArea area = new javafx.scene.control.TextArea();
        area.setPromptText("Paste BGP messages as hex: bare hex (with or without the marker), ExaBGP's log or API lines, "
                + "or Wireshark's Copy as Hex Dump");
        area.setPrefSize(640, 320);
        area.setStyle("-fx-font-family: monospace");
        javafx.scene.control.Dialog<String> d = new javafx.scene.control.Dialog<>();
        d.initOwner(stage);
        d.setTitle("Decode Hex");
        d.setHeaderText("BGP messages as hex");
        d.getDialogPane().setContent(area);
        d.getDialogPane().getButtonTypes().addAll(javafx.scene.control.ButtonType.OK, javafx.scene.control.ButtonType.CANCEL);
        d.setResultConverter(b -> b == javafx.scene.control.ButtonType.OK ? area.getText() : null);
        d.showAndWait().ifPresent(this::openPastedHex);
    }

    /** Opens pasted hex as a tab of its own ("Pasted hex 1"); an error dialog says what is not hex. */
    public Tab openPastedHex(String text) {
        byte[] bytes;
        try {
            bytes = org.bgpscope.capture.PastedHex.parse(text);
            if (bytes.length == 0) {
                throw new IllegalArgumentException("there is no hex to decode");
            }
        } catch (IllegalArgumentException e) {
            error("Cannot decode the pasted hex", e.getMessage());
            return null;
        }
        try {
            Path f = org.bgpscope.capture.TempFiles.create("-pasted.bgp");
            Files.write(f, bytes);
            pastes++;
            Tab tab = open(f);
            tab.setText("Pasted hex " + pastes);
            stage.setTitle(tab.getText() + " — BGP Scope");
            return tab;
        } catch (java.io.IOException e) {
            error("Cannot decode the pasted hex", "cannot write a temporary file: " + org.bgpscope.capture.IoErrors.reason(e));
            return null;
        }
    }

    /** The status bar's text (for tests). */
    public String statusText() {
        return status.getText();
    }

    /** "no problems", "1 problem", "1,234 problems". */
    static String problems(int n) {
        return n == 0 ? "no problems" : String.format("%,d problem%s", n, n == 1 ? "" : "s");
    }

    public TabPane tabs() {
        return tabs;
    }

    private MenuBar menu() {
        MenuItem open = item("Open…", "Shortcut+O", this::chooseAndOpen);
        MenuItem export = item("Export Selected…", "Shortcut+E", this::exportSelected);
        MenuItem close = item("Close Tab", "Shortcut+W", () -> {
            Tab t = tabs.getSelectionModel().getSelectedItem();
            if (t != null) {
                tabs.getTabs().remove(t);
            }
        });
        MenuItem quit = item("Quit", "Shortcut+Q", stage::close);
        refreshRecent();
        MenuItem pasted = item("Decode Hex…", "Shortcut+Shift+V", this::decodeHexDialog);
        Menu file = new Menu("File", null, open, recentMenu, pasted, followed.followItem(), new SeparatorMenuItem(), export,
                new SeparatorMenuItem(), close, quit);
        file.setOnShowing(e -> followed.updateMenus());

        MenuItem next = item("Next Message", "Alt+Down", () -> view().ifPresent(v -> v.nextMessage(1)));
        MenuItem prev = item("Previous Message", "Alt+Up", () -> view().ifPresent(v -> v.nextMessage(-1)));
        MenuItem frame = item("Go to Frame…", "Shortcut+G", this::jumpToFrame);
        MenuItem find = item("Focus Filter", "Shortcut+F", () -> view().ifPresent(CaptureView::focusFilter));
        MenuItem editBytes = item("Edit Message Bytes…", "Shortcut+E", this::editBytes);
        Menu go = new Menu("Go", null, next, prev, frame, find);
        Menu edit = new Menu("Edit", null, editBytes);
        MenuItem decodeAs = item("Decode As…", "Shortcut+Shift+D", this::decodeAs);

        CheckMenuItem darkItem = new CheckMenuItem("Dark Theme");
        darkItem.setSelected(dark);
        darkItem.setAccelerator(KeyCombination.keyCombination("Shortcut+D"));
        darkItem.setOnAction(e -> theme(darkItem.isSelected()));
        javafx.scene.control.ToggleGroup times = new javafx.scene.control.ToggleGroup();
        Menu time = new Menu("Time");
        for (CaptureView.TimeFormat f : CaptureView.TimeFormat.values()) {
            javafx.scene.control.RadioMenuItem r = new javafx.scene.control.RadioMenuItem(switch (f) {
                case ABSOLUTE -> "Absolute (UTC)";
                case RELATIVE -> "Seconds Since First Message";
                case DELTA -> "Seconds Since Previous Message";
            });
            r.setToggleGroup(times);
            r.setSelected(f == timeFormat);
            r.setOnAction(e -> setTimeFormat(f));
            time.getItems().add(r);
        }
        CheckMenuItem eventsItem = new CheckMenuItem("Show TCP Events");
        eventsItem.setId("show-tcp-events");
        eventsItem.setAccelerator(KeyCombination.keyCombination("Shortcut+T"));
        eventsItem.setOnAction(e -> setShowTcpEvents(eventsItem.isSelected()));
        Menu view = new Menu("View", null, decodeAs, time, eventsItem, new SeparatorMenuItem(), darkItem);

        MenuItem about = item("About BGP Scope", null, () -> info("BGP Scope " + org.bgpscope.cli.Cli.VERSION,
                "A packet explorer for the BGP wire format.\nLongest UI-thread stall so far: " + stalls.longestMillis() + " ms"));
        MenuItem tourItem = item("Tour", null, this::tour);
        tourItem.setId("tour-item");
        Menu help = new Menu("Help", null, Samples.menu(Samples.folder(), this::open), tourItem, new SeparatorMenuItem(), about);
        MenuItem statsItem = item("Capture Statistics…", "Shortcut+Shift+S", this::statistics);
        Menu stats = new Menu("Statistics", null, statsItem);
        MenuBar bar = new MenuBar(file, edit, go, followed.captureMenu(), view, stats, help);
        bar.setUseSystemMenuBar(true);
        return bar;
    }

    // ---- following growing files and live capture (FollowedTabs) ----

    private final FollowedTabs followed;

    /** Where live captures come from: libpcap, or (tests) a source that refuses as libpcap does. */
    public void setCaptureSource(org.bgpscope.capture.LiveCapture.Source source) {
        followed.setSource(source);
    }

    /** Files modified this recently are followed when opened; zero follows only what File ▸ Follow asks for. */
    public void setFollowRecent(java.time.Duration recent) {
        followed.setRecent(recent);
    }

    /** Whether {@code tab}'s file is being followed now. */
    public boolean following(Tab tab) {
        return followed.following(tab);
    }

    /** File ▸ Follow for {@code tab} (see {@link FollowedTabs#setFollow}). */
    public void setFollow(Tab tab, boolean on) {
        followed.setFollow(tab, on);
    }

    /** Capture ▸ Start…: the dialog, shown, or null when capture is impossible here (a dialog says why). */
    public CaptureDialog startCaptureDialog() {
        return followed.startDialog();
    }

    /** Starts capturing on {@code device} with {@code filter} to the default file, in a tab of its own. */
    public Tab startCapture(String device, String filter) {
        return followed.start(device, filter);
    }

    /** Capture ▸ Stop for the tab in front. */
    public void stopCapture() {
        followed.stopCapture();
    }

    private static MenuItem item(String name, String accel, Runnable action) {
        MenuItem i = new MenuItem(name);
        if (accel != null) {
            i.setAccelerator(KeyCombination.keyCombination(accel));
        }
        i.setOnAction(e -> action.run());
        return i;
    }

    private CaptureView.TimeFormat timeFormat = CaptureView.TimeFormat.ABSOLUTE;
    /** Opens a link in the user's browser (the application's HostServices; nothing in tests). */
    private java.util.function.Consumer<String> browser = url -> { };

    public void setBrowser(java.util.function.Consumer<String> browser) {
        this.browser = browser;
    }

    private boolean showTcpEvents;

    /**
     * Edit ▸ Edit Message Bytes…: the message shown, in the byte editor, decoded under its session as
     * it is edited. Returns the editor, or null when no BGP message is shown.
     */
    public ByteEditor editBytes() {
        CaptureView v = view().orElse(null);
        if (v == null || v.current() == null || v.selection().message() < 0
                || v.capture().messages().kind(v.selection().message()) != org.bgpscope.net.MessageKind.BGP_MESSAGE) {
            note("Edit Message Bytes: select a BGP message first, and its bytes open in the editor.");
            return null;
        }
        int i = v.selection().message();
        ByteEditor e = new ByteEditor(stage, "message " + (i + 1), v.current().bytes().toArray(java.lang.foreign.ValueLayout.JAVA_BYTE),
                v.current().session());
        e.show();
        return e;
    }

    /**
     * Statistics ▸ Capture Statistics…: charts of the capture in front, counted off the UI thread in a
     * window of their own. Returns the window, or null when no indexed capture is in front.
     */
    public StatisticsWindow statistics() {
        CaptureView v = view().orElse(null);
        if (v == null || !v.capture().complete()) {
            note("Capture Statistics: open a capture and let it be indexed first; the statistics count all of it.");
            return null;
        }
        StatisticsWindow w = new StatisticsWindow(stage, v.capture(), v.sessions());
        w.show();
        return w;
    }

    /** View ▸ Show TCP Events: TCP event rows between the messages of every open capture (off by default). */
    public void setShowTcpEvents(boolean on) {
        showTcpEvents = on;
        for (Tab t : tabs.getTabs()) {
            if (t.getContent() instanceof CaptureView v) {
                v.showTcpEvents(on);
            }
        }
    }

    /** View ▸ Time: how every open capture's Time column shows times. */
    public void setTimeFormat(CaptureView.TimeFormat f) {
        timeFormat = f;
        for (Tab t : tabs.getTabs()) {
            if (t.getContent() instanceof CaptureView v) {
                v.setTimeFormat(f);
            }
        }
    }

    /** View ▸ Decode As…: the session model's decisions for the message shown, and the user's word over them. */
    public DecodeAsDialog decodeAs() {
        CaptureView v = view().orElse(null);
        if (v == null) {
            return null;
        }
        int i = v.table().leadMessage();
        DecodeAsDialog d = new DecodeAsDialog(stage, v.capture(), v.sessions(), i);
        d.setResultConverter(b -> b == javafx.scene.control.ButtonType.OK ? d.overrides() : null);
        d.resultProperty().addListener((o, was, chosen) -> {
            if (chosen == null) {
                return;
            }
            Path file = v.capture().capture().file();
            DecodeAsDialog.remember(file, chosen);
            v.redecode(chosen, work -> {
                Thread t = new Thread(work, "bgpscope-redecode");
                t.setDaemon(true);
                t.start();
            });
            status(tabs.getSelectionModel().getSelectedItem(), file.getFileName() + ": " + (chosen.isEmpty()
                    ? "decoding as the session model decides" : "decoding as " + chosen.spec()));
        });
        d.show();
        return d;
    }

    java.util.Optional<CaptureView> view() {
        Tab t = tabs.getSelectionModel().getSelectedItem();
        return t != null && t.getContent() instanceof CaptureView v ? java.util.Optional.of(v) : java.util.Optional.empty();
    }

    private void theme(boolean d) {
        dark = d;
        prefs.putBoolean("dark", d);
        scene.getStylesheets().setAll(
                MainWindow.class.getResource("bgpscope.css").toExternalForm(),
                MainWindow.class.getResource(d ? "dark.css" : "light.css").toExternalForm());
        notes.getStyleClass().remove(NotificationPane.STYLE_CLASS_DARK);
        if (d) {
            notes.getStyleClass().add(NotificationPane.STYLE_CLASS_DARK);
        }
        for (Tab t : tabs.getTabs()) {
            if (t.getContent() instanceof CaptureView v) {
                v.setDark(d);
            }
        }
    }

    private void chooseAndOpen() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Open capture");
        fc.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter("Captures", "*.pcap", "*.pcapng", "*.cap", "*.mrt", "*.gz", "*.bz2", "*.bgp"),
                new FileChooser.ExtensionFilter("All files", "*"));
        String last = prefs.get("lastDir", null);
        if (last != null && Files.isDirectory(Path.of(last))) {
            fc.setInitialDirectory(new File(last));
        }
        List<File> files = fc.showOpenMultipleDialog(stage);
        if (files != null) {
            for (File f : files) {
                open(f.toPath());
            }
        }
    }

    private void remember(Path file) {
        List<String> recent = new ArrayList<>(List.of(prefs.get("recent", "").split("\n")));
        recent.removeIf(s -> s.isBlank() || s.equals(file.toString()));
        recent.addFirst(file.toAbsolutePath().toString());
        prefs.put("recent", String.join("\n", recent.subList(0, Math.min(RECENT, recent.size()))));
        if (file.getParent() != null) {
            prefs.put("lastDir", file.toAbsolutePath().getParent().toString());
        }
        refreshRecent();
    }

    private void refreshRecent() {
        recentMenu.getItems().clear();
        for (String s : prefs.get("recent", "").split("\n")) {
            if (!s.isBlank()) {
                recentMenu.getItems().add(item(s, null, () -> open(Path.of(s))));
            }
        }
        recentMenu.setDisable(recentMenu.getItems().isEmpty());
    }

    /**
     * Opens {@code file} in a new tab: maps (decompressing if needed) and indexes it off the UI
     * thread. A file modified in the last minute is followed as it grows (File ▸ Follow).
     */
    public Tab open(Path file) {
        return open(file, null, null, null);
    }

    /**
     * Opens {@code file} in {@code into} (or a new tab); {@code follow} null follows it when it was
     * modified recently; with {@code live}, the file is that capture's and is followed while it runs.
     */
    private Tab open(Path file, boolean follow, org.bgpscope.capture.LiveCapture live, Tab into) {
        return open(file, Boolean.valueOf(follow), live, into);
    }

    private Tab open(Path file, Boolean follow, org.bgpscope.capture.LiveCapture live, Tab into) {
        Tab tab = into != null ? into : new Tab(file.getFileName().toString());
        tab.setTooltip(new javafx.scene.control.Tooltip(file.toString()));
        Label placeholder = new Label("Opening " + file + " …");
        tab.setContent(placeholder);
        if (into == null) {
            tabs.getTabs().add(tab);
        }
        tabs.getSelectionModel().select(tab);
        boolean maybeFollow = live != null || (follow != null ? follow : followed.recentlyModified(file));
        long started = System.nanoTime();
        Task<CaptureIndex> task = new Task<>() {
            CaptureView view;
            ProblemsPane.IndexingReport found;

            @Override
            protected CaptureIndex call() throws Exception {
                updateMessage("Opening " + file.getFileName());
                MappedCapture mapped = MappedCapture.open(file, (done, total) -> {
                    updateProgress(done, total);
                    updateMessage("Decompressing " + file.getFileName() + " …");
                    return !isCancelled();
                });
                CaptureIndex index = new CaptureIndex(mapped);
                Sessions sessions = new Sessions(index, DecodeAsDialog.remembered(file));
                javafx.application.Platform.runLater(() -> {
                    view = new CaptureView(index, sessions);
                    view.setDark(dark);
                    view.setTimeFormat(timeFormat);
                    view.showTcpEvents(showTcpEvents);
                    view.setBrowser(browser);
                    tab.setContent(view);
                    tab.setOnClosed(e -> {
                        if (live != null) {
                            live.stop(); // the file is complete once the capture thread ends
                        }
                        if (isRunning()) {
                            cancel();
                        } else if (!followed.closed(tab)) {
                            index.close();
                        }
                    });
                });
                // Rows appear while indexing: the view polls the index's size.
                Timeline poll = new Timeline(new KeyFrame(Duration.millis(150), e -> {
                    if (view != null) {
                        view.refreshRows();
                        noteFirstRows(index);
                    }
                }));
                poll.setCycleCount(Timeline.INDEFINITE);
                javafx.application.Platform.runLater(poll::play);
                org.bgpscope.capture.Progress p = (done, total) -> {
                    updateProgress(done, total);
                    updateMessage("Indexing " + file.getFileName() + ": " + index.messages().size() + " messages");
                    return !isCancelled();
                };
                try {
                    if (maybeFollow) {
                        index.buildFollowing(p); // a file that cannot grow (compressed) is indexed whole
                    } else {
                        index.build(p);
                    }
                } catch (CaptureException | RuntimeException e) {
                    javafx.application.Platform.runLater(poll::stop);
                    index.close();
                    if (live != null) {
                        live.stop();
                    }
                    throw e;
                }
                javafx.application.Platform.runLater(poll::stop);
                found = CaptureView.indexingProblems(index, sessions);
                return index;
            }

            @Override
            protected void succeeded() {
                CaptureIndex index = getValue();
                view.indexingDone(found);
                noteFirstRows(index);
                double s = (System.nanoTime() - started) / 1e9;
                String msg = String.format("%s: %,d messages in %,d records (%s%s), indexed in %.2f s", file.getFileName(),
                        index.messages().size(), index.records(), index.capture().format().label(),
                        index.capture().compression() == org.bgpscope.capture.Compression.NONE ? ""
                                : ", " + index.capture().compression().name().toLowerCase(), s);
                if (found.count() > 0) {
                    msg += "; " + problems(found.count()) + " (see the Problems tab)";
                }
                if (!view.sessions().overrides().isEmpty()) {
                    msg += "; decoding as " + view.sessions().overrides().spec();
                }
                String shown = msg;
                // The task's binding is released after succeeded() returns: set it once that happened.
                javafx.application.Platform.runLater(() -> status(tab, shown));
                if (!file.getFileName().toString().endsWith("-pasted.bgp")) {
                    remember(file);
                }
                if (index.following()) {
                    followed.started(tab, view, file.getFileName().toString(), live, t -> status(tab, t));
                } else if (live != null) {
                    live.stop(); // the file could not be followed: nothing would show what is captured
                }
                followed.updateMenus();
                if (index.stoppedEarly() != null) {
                    note("Capture cut short: " + file + ": at offset " + index.stoppedAt() + ": " + index.stoppedEarly()
                            + ". Every complete record before it is shown.");
                }
                if (index.messages().size() > 0 && view.table().leadRow() < 0
                        && System.getProperty("bgpscope.select") == null) {
                    view.table().select(0);
                }
                // -Dbgpscope.statistics=true (or a chart tab's name, "_" for a space) opens Statistics ▸ Capture Statistics… once the
                // file is indexed (screenshots, demos).
                String chart = System.getProperty("bgpscope.statistics");
                if (chart != null && !chart.equals("false")) {
                    StatisticsWindow w = statistics();
                    if (w != null && !chart.equals("true")) {
                        w.task().setOnSucceeded(e -> javafx.application.Platform.runLater(() -> w.tabs().getTabs().stream()
                                .filter(t -> t.getText().equals(chart.replace('_', ' '))).findFirst().ifPresent(t -> w.tabs().getSelectionModel().select(t))));
                    }
                }
                // -Dbgpscope.decodeAs=true opens View ▸ Decode As… once the file is indexed (screenshots, demos).
                if (Boolean.getBoolean("bgpscope.decodeAs")) {
                    decodeAs();
                }
            }

            @Override
            protected void failed() {
                tabs.getTabs().remove(tab);
                if (live != null) {
                    live.stop();
                }
                Throwable e = getException();
                status.setText("Could not open " + file.getFileName());
                if (!(e instanceof CancelledException)) {
                    error("Cannot open " + file.getFileName(), e instanceof CaptureException ? e.getMessage() : file + ": " + e);
                }
            }

            @Override
            protected void cancelled() {
                tabs.getTabs().remove(tab);
                if (live != null) {
                    live.stop();
                }
                status.setText("Opening " + file.getFileName() + " cancelled");
            }
        };
        indexing++;
        task.runningProperty().addListener((o, was, now) -> {
            if (!now) {
                indexing--;
                updatePhase();
            }
        });
        run(task);
        updatePhase();
        return tab;
    }

    /** Open tasks (mapping, decompressing, indexing) running now. */
    private int indexing;

    /** The phase stalls are logged under: cold start until the first rows, then indexing or idle. */
    private void updatePhase() {
        if (firstRowsMillis >= 0) {
            stalls.phase(indexing > 0 ? StallMonitor.INDEXING : StallMonitor.IDLE);
        }
    }

    /** The stall monitor, so that a driven session can name what it does (see {@link StallExercise}). */
    StallMonitor stalls() {
        return stalls;
    }

    /**
     * The first rows are in the table: they are counted as shown at the end of the next layout pass,
     * once the pulse that draws them has laid them out (as tools/bench's FxFloor counts its first
     * frame), not when the table learns of them.
     */
    private void noteFirstRows(CaptureIndex index) {
        if (firstRowsPending || firstRowsMillis >= 0 || index.messages().size() == 0) {
            return;
        }
        firstRowsPending = true;
        scene.addPostLayoutPulseListener(new Runnable() {
            @Override
            public void run() {
                scene.removePostLayoutPulseListener(this);
                firstRowsMillis = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
                System.err.println("bgpscope: first rows after " + firstRowsMillis + " ms from launch");
                // -Dbgpscope.exitAfterFirstRows=MS: a measured launch, or the training run of the AOT cache.
                Long after = Long.getLong("bgpscope.exitAfterFirstRows");
                if (after != null) {
                    javafx.animation.PauseTransition p = new javafx.animation.PauseTransition(Duration.millis(after));
                    p.setOnFinished(e -> stage.close());
                    p.play();
                }
                stalls.mark();
                updatePhase();
            }
        });
        javafx.application.Platform.requestNextPulse();
    }

    private void run(Task<?> task) {
        running = task;
        Tab front = tabs.getSelectionModel().getSelectedItem();
        progress.progressProperty().bind(task.progressProperty());
        status.textProperty().bind(task.messageProperty());
        progress.setVisible(true);
        cancel.setVisible(true);
        task.runningProperty().addListener((o, a, b) -> {
            if (!b) {
                status.textProperty().unbind();
                progress.progressProperty().unbind();
                progress.setVisible(false);
                cancel.setVisible(false);
                Tab now = tabs.getSelectionModel().getSelectedItem();
                if (now != null && tabStatus.containsKey(now)) {
                    status.setText(tabStatus.get(now));
                }
            }
        });
        Thread t = new Thread(task, "bgpscope-task");
        t.setDaemon(true);
        t.start();
    }

    private void exportSelected() {
        CaptureView v = view().orElse(null);
        if (v == null) {
            return;
        }
        int[] chosen = v.selectedMessages();
        if (chosen.length == 0) {
            note("Nothing to export: select one or more messages in the list first.");
            return;
        }
        FileChooser fc = new FileChooser();
        fc.setTitle("Export " + chosen.length + " messages");
        FileChooser.ExtensionFilter raw = new FileChooser.ExtensionFilter("Raw BGP messages (*.bgp)", "*.bgp");
        FileChooser.ExtensionFilter hex = new FileChooser.ExtensionFilter("Hex dump (*.txt)", "*.txt");
        FileChooser.ExtensionFilter pcap = new FileChooser.ExtensionFilter("pcap of the carrying frames (*.pcap)", "*.pcap");
        FileChooser.ExtensionFilter mrt = new FileChooser.ExtensionFilter("MRT records (*.mrt)", "*.mrt");
        FileChooser.ExtensionFilter json = new FileChooser.ExtensionFilter("JSON Lines with field trees (*.jsonl)", "*.jsonl");
        FileChooser.ExtensionFilter exabgp = new FileChooser.ExtensionFilter("ExaBGP 4 JSON (*.json)", "*.json");
        org.bgpscope.capture.CaptureFormat source = v.capture().capture().format();
        fc.getExtensionFilters().addAll(raw, hex);
        if (ExportFormat.PCAP.appliesTo(source)) {
            fc.getExtensionFilters().add(pcap);
        }
        if (ExportFormat.MRT.appliesTo(source)) {
            fc.getExtensionFilters().add(mrt);
        }
        fc.getExtensionFilters().addAll(json, exabgp);
        File out = fc.showSaveDialog(stage);
        if (out == null) {
            return;
        }
        FileChooser.ExtensionFilter f = fc.getSelectedExtensionFilter();
        ExportFormat format = f == hex ? ExportFormat.HEX : f == pcap ? ExportFormat.PCAP : f == mrt ? ExportFormat.MRT
                : f == json ? ExportFormat.JSON : f == exabgp ? ExportFormat.EXABGP : ExportFormat.RAW;
        export(v, chosen, format, out.toPath());
    }

    /** The formats the export dialog offers for {@code source}: only those that can be written from it. */
    static java.util.List<ExportFormat> offeredFormats(org.bgpscope.capture.CaptureFormat source) {
        return java.util.Arrays.stream(ExportFormat.values()).filter(f -> f.appliesTo(source)).toList();
    }

    /** Writes messages off the UI thread with progress. */
    public Task<org.bgpscope.export.ExportResult> export(CaptureView v, int[] chosen, ExportFormat format, Path out) {
        BitSet set = new BitSet();
        for (int i : chosen) {
            set.set(i);
        }
        Task<org.bgpscope.export.ExportResult> task = new Task<>() {
            @Override
            protected org.bgpscope.export.ExportResult call() throws Exception {
                updateMessage("Exporting " + chosen.length + " messages to " + out.getFileName());
                return Exporter.export(v.capture(), MessageSelection.of(set), format, out, (done, total) -> {
                    updateProgress(done, total);
                    return !isCancelled();
                });
            }

            @Override
            protected void succeeded() {
                String s = getValue().describe(out);
                String done = Character.toUpperCase(s.charAt(0)) + s.substring(1);
                status.setText(done);
                note(done);
            }

            @Override
            protected void failed() {
                // The export went to a temporary file that is gone: nothing was left at OUT.
                status.textProperty().unbind();
                status.setText("Export to " + out.getFileName() + " failed; nothing was written");
                error("Export failed", getException().getMessage());
            }

            @Override
            protected void cancelled() {
                status.textProperty().unbind();
                status.setText("Export to " + out.getFileName() + " cancelled; nothing was written");
            }
        };
        run(task);
        return task;
    }

    private void jumpToFrame() {
        CaptureView v = view().orElse(null);
        if (v == null) {
            return;
        }
        TextInputDialog d = new TextInputDialog();
        d.setTitle("Go to frame");
        d.setHeaderText("Frame (record) number");
        d.showAndWait().ifPresent(s -> {
            try {
                if (!v.jumpToFrame(Integer.parseInt(s.trim()))) {
                    note("No message is completed by frame " + s.trim() + " or later.");
                }
            } catch (NumberFormatException e) {
                note("Go to Frame: " + s + " is not a frame number.");
            }
        });
    }

    void error(String title, String text) {
        Alert a = new Alert(Alert.AlertType.ERROR, text);
        a.setTitle(title);
        a.setHeaderText(title);
        a.initOwner(stage);
        a.show();
    }

    private void info(String title, String text) {
        Alert a = new Alert(Alert.AlertType.INFORMATION, text);
        a.setTitle(title);
        a.setHeaderText(title);
        a.initOwner(stage);
        a.show();
    }

    /** Help ▸ Tour: the guided tour of the bundled sample in a panel beside the tabs (see {@link TourPanel}). */
    public TourPanel tour() {
        if (tour == null) {
            String sample = System.getProperty("bgpscope.sample");
            tour = new TourPanel(this, sample == null ? null : Path.of(sample), TourSteps.load());
        }
        tour.start();
        return tour;
    }

    /** Puts a panel to the right of the tabs (the tour), or removes it (null). */
    void setSidePanel(javafx.scene.Node panel) {
        root.setRight(panel);
    }

    /** Shows a one-line note above the tabs for a few seconds: no dialog, nothing to dismiss. */
    public void note(String text) {
        notes.show(text);
        noteTimeout.setOnFinished(e -> notes.hide());
        noteTimeout.playFromStart();
    }

    /** The note on show, or null (for tests). */
    public String noteText() {
        return notes.isShowing() ? notes.getText() : null;
    }

    public void show() {
        stage.show();
        System.err.println("bgpscope: window shown");
    }
}
