package org.bgpscope.ui;

import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.concurrent.Task;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableColumn;
import javafx.scene.control.TreeTableRow;
import javafx.scene.control.TreeTableView;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.bgpscope.bgp.MessageFilter;
import org.bgpscope.bgp.Sessions;
import org.bgpscope.bgp.Summaries;
import org.bgpscope.export.ByteFormats;
import org.bgpscope.net.CaptureIndex;
import org.bgpscope.net.Flow;
import org.bgpscope.net.IndexProblem;
import org.bgpscope.net.MessageIndex;
import org.bgpscope.net.MessageKind;
import org.bgpscope.net.Piece;
import org.bgpscope.net.Times;
import org.bgpscope.tree.FieldNode;
import org.bgpscope.tree.MessageDecoder;
import org.bgpscope.tree.Problem;

/**
 * One open capture: the filter bar, the message table, the decoded tree, the hex view, and the
 * details and problems panes. The tree and the hex view are linked both ways through the field
 * tree's byte ranges.
 */
public final class CaptureView extends VBox {
    private final CaptureIndex capture;
    private final TextField filter = new TextField();
    private final Label filterStatus = new Label();
    private final MessageTable table;
    private final TreeTableView<FieldNode> tree = new TreeTableView<>();
    private final HexView hex = new HexView();
    private final TextArea details = new TextArea();
    /** What the selected field is for, in the catalogue's words, and a link to its RFC section. */
    private final Label explanation = new Label();
    private final javafx.scene.control.Hyperlink rfcLink = new javafx.scene.control.Hyperlink();
    private java.util.function.Consumer<String> browse = url -> { };
    private final ListView<ProblemRow> problems = new ListView<>();
    private final Tab problemsTab = new Tab("Problems", problems);
    private final Map<FieldNode, TreeItem<FieldNode>> items = new HashMap<>();
    private final AtomicReference<Task<?>> filterTask = new AtomicReference<>();
    private MessageRows rows;
    private final Label hexLabel = new Label();
    private boolean framesMode;
    /** In frames mode: per piece, its start in the message, its length, and its start in the frames shown. */
    private int[][] frameMap;
    private Sessions sessions;
    private MessageDecoder.Decoded current;
    private int currentMessage = -1;

    /** A problem to list: a message-level one (with a node), or one found while indexing (frame only). */
    record ProblemRow(int message, FieldNode node, String text) {
        @Override
        public String toString() {
            return text;
        }
    }

    public CaptureView(CaptureIndex capture) {
        this(capture, new Sessions(capture));
    }

    /** A view that decodes with {@code sessions} (built with the overrides remembered for the file). */
    public CaptureView(CaptureIndex capture, Sessions sessions) {
        this.sessions = sessions;
        this.capture = capture;
        this.rows = new MessageRows(capture.messages().size());
        getStyleClass().add("capture-view");
        buildFilterBar();
        table = buildTable();
        buildTree();
        details.setEditable(false);
        details.setWrapText(true);
        details.getStyleClass().add("details");
        problems.setOnMouseClicked(e -> jumpToProblem(problems.getSelectionModel().getSelectedItem()));
        problems.setOnKeyPressed(e -> {
            if (e.getCode() == javafx.scene.input.KeyCode.ENTER) {
                jumpToProblem(problems.getSelectionModel().getSelectedItem());
            }
        });
        hex.setOnByteSelected(this::selectByte);
        hex.setDescriber(this::describeByte);

        explanation.setWrapText(true);
        explanation.setId("explanation");
        explanation.getStyleClass().add("explanation");
        rfcLink.setId("rfc-link");
        rfcLink.setOnAction(e -> {
            if (rfcLink.getUserData() instanceof String url) {
                browse.accept(url);
            }
        });
        VBox explained = new VBox(2, explanation, rfcLink);
        explained.setPadding(new Insets(4, 6, 2, 6));
        // Only a selected field has an explanation: no empty band above a message's details.
        explained.visibleProperty().bind(explanation.textProperty().isNotEmpty());
        explained.managedProperty().bind(explained.visibleProperty());
        VBox detailsPane = new VBox(explained, details);
        VBox.setVgrow(details, Priority.ALWAYS);
        TabPane lower = new TabPane(new Tab("Details", detailsPane), problemsTab);
        lower.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        javafx.scene.control.ToggleGroup mode = new javafx.scene.control.ToggleGroup();
        javafx.scene.control.ToggleButton messageMode = new javafx.scene.control.ToggleButton("Message bytes");
        javafx.scene.control.ToggleButton framesModeButton = new javafx.scene.control.ToggleButton("Frames");
        framesModeButton.setId("frames-mode");
        messageMode.setToggleGroup(mode);
        framesModeButton.setToggleGroup(mode);
        messageMode.setSelected(true);
        boolean packets = capture.capture().format() == org.bgpscope.capture.CaptureFormat.PCAP
                || capture.capture().format() == org.bgpscope.capture.CaptureFormat.PCAPNG;
        framesModeButton.setDisable(!packets);
        if (packets && Boolean.getBoolean("bgpscope.frames")) {
            framesModeButton.setSelected(true);
            framesMode = true;
        }
        mode.selectedToggleProperty().addListener((o, a, b) -> {
            if (b == null) {
                a.setSelected(true);
                return;
            }
            setFramesMode(b == framesModeButton);
        });
        hexLabel.getStyleClass().add("filter-status");
        HBox hexBar = new HBox(6, messageMode, framesModeButton, hexLabel);
        hexBar.setPadding(new Insets(3, 6, 3, 6));
        hexBar.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        VBox hexPane = new VBox(hexBar, hex);
        VBox.setVgrow(hex, Priority.ALWAYS);
        SplitPane right = new SplitPane(hexPane, lower);
        right.setOrientation(Orientation.VERTICAL);
        right.setDividerPositions(0.62);
        SplitPane bottom = new SplitPane(tree, right);
        bottom.setDividerPositions(0.45);
        SplitPane main = new SplitPane(table, bottom);
        main.setOrientation(Orientation.VERTICAL);
        main.setDividerPositions(0.42);
        VBox.setVgrow(main, Priority.ALWAYS);
        getChildren().addAll(filterBar(), main);
    }

    private HBox filterBar;

    private HBox filterBar() {
        return filterBar;
    }

    private void buildFilterBar() {
        filter.setPromptText("Filter: type:update  asn:65001  prefix:10.0.0.0/8+  community:65001:100  peer:10.0.0.1  or any text");
        filter.setId("filter");
        HBox.setHgrow(filter, Priority.ALWAYS);
        filterStatus.getStyleClass().add("filter-status");
        filterBar = new HBox(8, new Label("Filter"), filter, filterStatus);
        filterBar.setPadding(new Insets(4, 6, 4, 6));
        filterBar.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        javafx.animation.PauseTransition debounce = new javafx.animation.PauseTransition(javafx.util.Duration.millis(200));
        debounce.setOnFinished(e -> applyFilter(filter.getText()));
        filter.textProperty().addListener((o, a, b) -> debounce.playFromStart());
    }

    private MessageTable buildTable() {
        MessageIndex m = capture.messages();
        List<MessageTable.Column> cols = List.of(
                new MessageTable.Column("No.", 70, i -> String.valueOf(i + 1), (a, n, d) -> Sorting.sort(a, n, d, Integer::compare)),
                new MessageTable.Column("Time", 215, this::timeText,
                        (a, n, d) -> Sorting.sort(a, n, d, (x, y) -> Long.compare(m.time(x), m.time(y)))),
                new MessageTable.Column("Source", 165, i -> endpoint(i, true), (a, n, d) -> sortByFlow(a, n, d, true)),
                new MessageTable.Column("Destination", 165, i -> endpoint(i, false), (a, n, d) -> sortByFlow(a, n, d, false)),
                new MessageTable.Column("Type", 115, i -> Summaries.typeName(capture, i),
                        (a, n, d) -> Sorting.sort(a, n, d, (x, y) -> Integer.compare(m.kind(x).ordinal() * 256 + m.type(x),
                                m.kind(y).ordinal() * 256 + m.type(y)))),
                new MessageTable.Column("Length", 70, i -> String.valueOf(m.length(i)),
                        (a, n, d) -> Sorting.sort(a, n, d, (x, y) -> Integer.compare(m.length(x), m.length(y)))),
                new MessageTable.Column("Summary", 900, i -> Summaries.summary(capture, i, sessions()), null));
        MessageTable t = new MessageTable(cols);
        t.setId("messages");
        t.setRows(rows);
        t.setStyleOf(this::styleOf);
        t.setProblem(i -> (m.flags(i) & (MessageIndex.F_INCOMPLETE | MessageIndex.F_BAD_LENGTH | MessageIndex.F_BAD_MARKER)) != 0
                || problemMessages.get(i));
        t.setOnSelectionChanged(() -> {
            int msg = t.leadMessage();
            if (msg >= 0 && msg != currentMessage) {
                showMessage(msg);
            }
        });
        t.setOnSort(this::sort);
        ContextMenu menu = new ContextMenu();
        for (ByteFormats f : ByteFormats.values()) {
            MenuItem item = new MenuItem("Copy message as " + f.label());
            item.setOnAction(e -> copyMessage(f));
            menu.getItems().add(item);
        }
        t.setContextMenu(menu);
        return t;
    }

    private int[] sortByFlow(int[] a, int n, boolean descending, boolean src) {
        List<org.bgpscope.net.Flow> flows = capture.flows().flows();
        Integer[] order = new Integer[flows.size()];
        for (int k = 0; k < order.length; k++) {
            order[k] = k;
        }
        java.util.Arrays.sort(order, java.util.Comparator.comparing(k -> src ? flows.get(k).src() : flows.get(k).dst()));
        int[] rank = new int[flows.size()];
        for (int k = 0; k < order.length; k++) {
            rank[order[k]] = k;
        }
        MessageIndex m = capture.messages();
        return Sorting.sort(a, n, descending, (x, y) -> Integer.compare(m.flow(x) < 0 ? -1 : rank[m.flow(x)], m.flow(y) < 0 ? -1 : rank[m.flow(y)]));
    }

    /** Sorts the shown rows by a column off the UI thread, keeping the focused message selected. */
    private void sort(int column, boolean descending) {
        MessageTable.Sorter sorter = table.columns().get(column).sorter();
        MessageRows source = rows;
        int n = source.size();
        int keep = table.leadMessage();
        Task<int[]> task = new Task<>() {
            @Override
            protected int[] call() {
                int[] a = new int[n];
                for (int r = 0; r < n; r++) {
                    a[r] = source.get(r);
                }
                return sorter.sort(a, n, descending);
            }
        };
        task.setOnSucceeded(e -> {
            if (rows != source) {
                return;
            }
            rows = new MessageRows(task.getValue(), n);
            table.setRows(rows);
            if (keep >= 0) {
                table.select(rows.rowOf(keep));
            }
            filterStatus.setText("sorted by " + table.columns().get(column).title() + (descending ? ", descending" : ""));
        });
        filterStatus.setText("sorting " + n + " rows…");
        Thread th = new Thread(task, "sort");
        th.setDaemon(true);
        th.start();
    }

    /** How the Time column shows a message's time, as Wireshark offers. */
    public enum TimeFormat {
        /** The capture's own time, ISO-8601 UTC at its precision. */
        ABSOLUTE,
        /** Seconds since the first message. */
        RELATIVE,
        /** Seconds since the message before it in the capture. */
        DELTA
    }

    private TimeFormat timeFormat = TimeFormat.ABSOLUTE;

    public void setTimeFormat(TimeFormat f) {
        timeFormat = f;
        table.redraw();
    }

    String timeText(int i) {
        MessageIndex m = capture.messages();
        int digits = Math.max(capture.timeDigits(), 0);
        return switch (timeFormat) {
            case ABSOLUTE -> Times.iso(m.time(i), capture.timeDigits());
            case RELATIVE -> seconds(m.time(i) - m.time(0), digits);
            case DELTA -> seconds(i == 0 ? 0 : m.time(i) - m.time(i - 1), digits);
        };
    }

    /** Nanoseconds as seconds with the capture's digits: "12.345678", "-0.000100". */
    static String seconds(long nanos, int digits) {
        java.math.BigDecimal s = java.math.BigDecimal.valueOf(nanos, 9).setScale(digits, java.math.RoundingMode.HALF_EVEN);
        return s.toPlainString();
    }

    private String styleOf(int i) {
        MessageIndex m = capture.messages();
        if (m.kind(i) != MessageKind.BGP_MESSAGE) {
            return "type-" + m.kind(i).label().toLowerCase();
        }
        return switch (m.type(i)) {
            case 1 -> "type-open";
            case 2 -> "type-update";
            case 3 -> "type-notification";
            case 4 -> "type-keepalive";
            case 5 -> "type-refresh";
            default -> "type-other";
        };
    }

    private String endpoint(int i, boolean src) {
        int id = capture.messages().flow(i);
        if (id < 0) {
            return "";
        }
        Flow f = capture.flows().flow(id);
        return src ? f.src() : f.dst();
    }

    private void buildTree() {
        tree.setId("tree");
        tree.setFixedCellSize(22);
        tree.setShowRoot(true);
        TreeTableColumn<FieldNode, String> field = new TreeTableColumn<>("Field");
        field.setPrefWidth(420);
        field.setCellValueFactory(cd -> new ReadOnlyStringWrapper(cd.getValue().getValue().text()));
        TreeTableColumn<FieldNode, String> range = new TreeTableColumn<>("Bytes");
        range.setPrefWidth(90);
        range.setCellValueFactory(cd -> {
            FieldNode n = cd.getValue().getValue();
            return new ReadOnlyStringWrapper(n.offset() + "+" + n.length() + (n.isBitField() ? " bits" : ""));
        });
        TreeTableColumn<FieldNode, FieldNode> key = new TreeTableColumn<>("Key");
        key.setPrefWidth(230);
        key.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(cd.getValue().getValue()));
        key.setCellFactory(c -> new javafx.scene.control.TreeTableCell<>() {
            @Override
            protected void updateItem(FieldNode n, boolean empty) {
                super.updateItem(n, empty);
                setText(empty || n == null ? null : n.key());
            }
        });
        tree.getColumns().addAll(List.of(field, range, key));
        // The three columns share the pane's width, so Bytes and Key are never cut off on a small window.
        tree.setColumnResizePolicy(TreeTableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        field.setMinWidth(160);
        range.setMinWidth(70);
        key.setMinWidth(120);
        tree.setRowFactory(t -> new TreeTableRow<>() {
            @Override
            protected void updateItem(FieldNode n, boolean empty) {
                super.updateItem(n, empty);
                getStyleClass().removeAll("has-problem", "has-error");
                if (!empty && n != null && !n.problems().isEmpty()) {
                    boolean error = n.problems().stream().anyMatch(p -> p.severity() == Problem.Severity.ERROR);
                    getStyleClass().add(error ? "has-error" : "has-problem");
                }
            }
        });
        tree.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (b != null) {
                showNode(b.getValue());
            }
        });
        ContextMenu menu = new ContextMenu();
        for (ByteFormats f : ByteFormats.values()) {
            MenuItem item = new MenuItem("Copy field as " + f.label());
            item.setOnAction(e -> copyField(f));
            menu.getItems().add(item);
        }
        MenuItem expand = new MenuItem("Expand all");
        expand.setOnAction(e -> expandAll(true));
        MenuItem collapse = new MenuItem("Collapse all");
        collapse.setOnAction(e -> expandAll(false));
        menu.getItems().addAll(new javafx.scene.control.SeparatorMenuItem(), expand, collapse);
        tree.setContextMenu(menu);
    }

    /** Expands or collapses every field, keeping the selected one in view (its ancestors stay open). */
    public void expandAll(boolean expanded) {
        TreeItem<FieldNode> selected = tree.getSelectionModel().getSelectedItem();
        setExpanded(tree.getRoot(), expanded);
        if (tree.getRoot() != null) {
            tree.getRoot().setExpanded(true);
        }
        if (selected != null) {
            for (TreeItem<FieldNode> a = selected.getParent(); a != null; a = a.getParent()) {
                a.setExpanded(true);
            }
            tree.getSelectionModel().select(selected);
            int row = tree.getRow(selected);
            if (row >= 0) {
                tree.scrollTo(Math.max(0, row - 3));
            }
        }
    }

    static void setExpanded(TreeItem<?> item, boolean expanded) {
        if (item == null) {
            return;
        }
        item.setExpanded(expanded);
        for (TreeItem<?> c : item.getChildren()) {
            setExpanded(c, expanded);
        }
    }

    // ---- indexing ----

    /** Called on the UI thread while and after indexing: new rows appear. */
    void refreshRows() {
        int before = rows.size();
        rows.grow(capture.messages().size());
        if (rows.size() != before) {
            table.rowsGrew();
        }
    }

    /**
     * Decodes again under new overrides: the message shown, the summaries, and the problems, which
     * are found again off the UI thread ({@code whenDone} runs on it afterwards).
     */
    void redecode(org.bgpscope.bgp.Overrides overrides, java.util.function.Consumer<Runnable> offThread) {
        sessions().overrides(overrides);
        int shown = currentMessage;
        currentMessage = -1;
        if (shown >= 0) {
            showMessage(shown);
        }
        table.redraw();
        offThread.accept(() -> {
            IndexingReport r = indexingProblems(capture, sessions());
            javafx.application.Platform.runLater(() -> {
                problems.getItems().clear();
                indexingDone(r);
            });
        });
    }

    /**
     * The problems found while indexing, and the messages flagged incomplete or unframed (the first
     * 10,000). It reads every message's flags, so it runs on the indexing thread, not the UI thread.
     */
    static IndexingReport indexingProblems(CaptureIndex capture, Sessions sessions) {
        List<ProblemRow> out = new ArrayList<>();
        for (IndexProblem p : capture.problems()) {
            out.add(new ProblemRow(-1, null, "frame " + p.frame() + ", file offset " + p.fileOffset() + ": " + p.text()));
        }
        MessageIndex m = capture.messages();
        java.util.BitSet bad = new java.util.BitSet();
        int listed = 0;
        for (int i = 0; i < m.size(); i++) {
            int f = m.flags(i);
            boolean framing = (f & (MessageIndex.F_INCOMPLETE | MessageIndex.F_BAD_MARKER | MessageIndex.F_BAD_LENGTH | MessageIndex.F_AFTER_GAP)) != 0;
            // What decoding finds too: a tree is built only where the quick check cannot vouch for the bytes.
            List<String> decoded = framing ? List.of() : org.bgpscope.tree.MessageProblems.of(capture, i, sessions);
            if (framing || !decoded.isEmpty()) {
                bad.set(i);
                if (listed++ < 10_000) {
                    out.add(new ProblemRow(i, null, "message " + (i + 1) + ": "
                            + (framing ? Summaries.summary(capture, i, sessions) : decoded.getFirst()
                            + (decoded.size() > 1 ? " (+" + (decoded.size() - 1) + " more)" : ""))));
                }
            }
        }
        return new IndexingReport(out, bad, capture.problems().size() + bad.cardinality());
    }

    /** What indexing found: the rows of the Problems pane, the messages with a problem, and how many problems in all. */
    record IndexingReport(List<ProblemRow> rows, java.util.BitSet problemMessages, int count) {}

    /** Messages whose decoding or framing found a problem: drawn red in the table. */
    private volatile java.util.BitSet problemMessages = new java.util.BitSet();

    /** Indexing finished: its problems are listed, and a filter typed meanwhile runs over every message. */
    void indexingDone(IndexingReport found) {
        refreshRows();
        MessageIndex m = capture.messages();
        problems.getItems().addAll(found.rows());
        problemMessages = found.problemMessages();
        problemsTab.setText(found.count() == 0 ? "Problems" : String.format("Problems (%,d)", found.count()));
        table.redraw();
        if (!filter.getText().isBlank()) {
            applyFilter(filter.getText());
        }
        // -Dbgpscope.select=10:bgp.update.attr.as_path opens on a message and field (for screenshots and demos).
        String select = System.getProperty("bgpscope.select");
        if (select != null && !select.isBlank()) {
            String[] p = select.split(":", 2);
            int msg = Integer.parseInt(p[0].trim()) - 1;
            if (msg >= 0 && msg < m.size()) {
                selectMessage(msg);
                if (p.length > 1) {
                    selectField(p[1].trim());
                }
            }
        }
    }

    /** Selects the first field with {@code key} in the current message's tree. */
    public boolean selectField(String key) {
        if (current == null) {
            return false;
        }
        List<FieldNode> found = current.root().find(key);
        if (found.isEmpty()) {
            return false;
        }
        TreeItem<FieldNode> t = items.get(found.getFirst());
        for (TreeItem<FieldNode> a = t.getParent(); a != null; a = a.getParent()) {
            a.setExpanded(true);
        }
        tree.getSelectionModel().select(t);
        tree.scrollTo(Math.max(0, tree.getRow(t) - 3));
        return true;
    }

    /** One session model for the view; it reads OPENs incrementally as indexing adds messages. */
    Sessions sessions() {
        if (sessions == null) {
            sessions = new Sessions(capture);
        }
        return sessions;
    }

    // ---- message, tree, hex ----

    public void showMessage(int i) {
        long t0 = System.nanoTime();
        try {
            show(i);
        } finally {
            long ms = (System.nanoTime() - t0) / 1_000_000;
            if (ms > 50) {
                System.err.println("bgpscope: showing message " + (i + 1) + " took " + ms + " ms");
            }
        }
    }

    private void show(int i) {
        currentMessage = i;
        current = MessageDecoder.decode(capture, i, sessions());
        items.clear();
        TreeItem<FieldNode> root = item(current.root());
        tree.setRoot(root);
        root.setExpanded(true);
        openInterestingLevel(root);
        showBytes();
        details.setText(messageDetails(i));
        explanation.setText("");
        // Problems of this message, listed first.
        problems.getItems().removeIf(p -> p.node() != null);
        List<ProblemRow> mine = new ArrayList<>();
        collectProblems(current.root(), i, mine);
        problems.getItems().addAll(0, mine);
    }

    private void collectProblems(FieldNode n, int i, List<ProblemRow> out) {
        for (Problem p : n.problems()) {
            out.add(new ProblemRow(i, n, "message " + (i + 1) + ", byte " + p.offset() + " (" + n.name() + "): "
                    + p.severity().name().toLowerCase() + ": " + p.text() + (p.action() == null ? "" : " → RFC 7606 " + p.action())));
        }
        for (FieldNode c : n.children()) {
            collectProblems(c, i, out);
        }
    }

    private TreeItem<FieldNode> item(FieldNode n) {
        TreeItem<FieldNode> t = new TreeItem<>(n);
        items.put(n, t);
        for (FieldNode c : n.children()) {
            t.getChildren().add(item(c));
        }
        return t;
    }

    /** The attributes of an UPDATE, the capabilities of an OPEN, the entry of a RIB record. */
    private static void openInterestingLevel(TreeItem<FieldNode> root) {
        for (TreeItem<FieldNode> c : root.getChildren()) {
            String k = c.getValue().key();
            if (k.equals("bgp.update.attrs") || k.equals("bgp.open.param") || k.equals("mrt.rib.entry")
                    || k.equals("bgp.update.nlri") || k.equals("bgp.update.withdrawn")) {
                c.setExpanded(true);
                for (TreeItem<FieldNode> g : c.getChildren()) {
                    if (g.getValue().key().equals("bgp.update.attrs")) {
                        g.setExpanded(true);
                    }
                }
            }
        }
    }

    private void showNode(FieldNode n) {
        FieldNode p = n.parent();
        if (framesMode && frameMap != null) {
            hex.highlightRanges(toFrames(n.offset(), n.length()));
        } else {
            hex.highlight(n.offset(), n.length(), p == null ? -1 : p.offset(), p == null ? 0 : p.length());
        }
        details.setText(nodeDetails(n));
        explain(n);
    }

    /** Opens links (the RFC sections of the explanations) in the user's browser. */
    public void setBrowser(java.util.function.Consumer<String> browse) {
        this.browse = browse;
    }

    /**
     * Shows what the field is for (tree/Explanations), the meaning of its value where the values are
     * enumerated, and the RFC section as a link. A NOTIFICATION subcode and an MRT subtype are
     * explained by their code and type ({@code bgp.notification.subcode[6]}).
     */
    private void explain(FieldNode n) {
        String key = n.key();
        String qualifier = switch (key) {
            case "bgp.notification.subcode" -> sibling(n, "bgp.notification.code");
            case "mrt.subtype" -> sibling(n, "mrt.type");
            default -> null;
        };
        org.bgpscope.tree.Explanations.Explanation e = org.bgpscope.tree.Explanations.of(qualifier == null ? key : key + "[" + qualifier + "]");
        if (e == null) {
            explanation.setText("");
            rfcLink.setText("");
            rfcLink.setUserData(null);
            return;
        }
        StringBuilder sb = new StringBuilder(e.text());
        if (n.value() instanceof Long v && e.values().containsKey(v)) {
            sb.append("\n").append(v).append(": ").append(e.values().get(v));
        }
        explanation.setText(sb.toString());
        rfcLink.setText(e.rfc() == null ? "" : e.rfc());
        rfcLink.setUserData(e.rfcUrl());
    }

    private static String sibling(FieldNode n, String key) {
        if (n.parent() == null) {
            return null;
        }
        for (FieldNode c : n.parent().children()) {
            if (c.key().equals(key) && c.value() instanceof Long v) {
                return Long.toString(v);
            }
        }
        return null;
    }

    private void setFramesMode(boolean on) {
        framesMode = on;
        if (current != null) {
            showBytes();
            TreeItem<FieldNode> t = tree.getSelectionModel().getSelectedItem();
            if (t != null) {
                showNode(t.getValue());
            }
        }
    }

    /** The message's bytes, or the whole frames that carry them with each piece's start marked. */
    private void showBytes() {
        List<Piece> pieces = capture.messages().pieces(currentMessage);
        frameMap = null;
        headers.clear();
        if (framesMode) {
            try {
                java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
                java.util.LinkedHashMap<Integer, Integer> frameStart = new java.util.LinkedHashMap<>();
                int[][] map = new int[pieces.size()][];
                int msgOff = 0;
                StringBuilder label = new StringBuilder();
                for (int k = 0; k < pieces.size(); k++) {
                    Piece p = pieces.get(k);
                    CaptureIndex.FrameRecord f = capture.frame(p.frame());
                    if (f == null) {
                        throw new IllegalStateException("frame " + p.frame() + " not found");
                    }
                    Integer start = frameStart.get(p.frame());
                    if (start == null) {
                        start = all.size();
                        frameStart.put(p.frame(), start);
                        java.lang.foreign.MemorySegment frameBytes = capture.capture().data().asSlice(f.dataOffset(), f.capturedLength());
                        headers.add(new FrameHeaderTree(p.frame(), start, f.capturedLength(),
                                org.bgpscope.tree.FrameHeaders.decode(frameBytes, f.linkType())));
                        all.writeBytes(frameBytes.toArray(ValueLayout.JAVA_BYTE));
                        label.append(label.isEmpty() ? "frames " : ", ").append(p.frame()).append(" (").append(f.capturedLength()).append(" B)");
                    }
                    map[k] = new int[] {msgOff, p.length(), start + (int) (p.fileOffset() - f.dataOffset())};
                    msgOff += p.length();
                }
                frameMap = map;
                long[] marks = new long[map.length];
                for (int k = 0; k < map.length; k++) {
                    marks[k] = map[k][2];
                }
                hex.show(java.lang.foreign.MemorySegment.ofArray(all.toByteArray()), marks);
                hexLabel.setText(label + "; the message's bytes start at the marks");
                return;
            } catch (org.bgpscope.capture.CaptureException | RuntimeException e) {
                hexLabel.setText("frames unavailable: " + e.getMessage());
            }
        }
        long[] starts = new long[pieces.size()];
        long o = 0;
        for (int k = 0; k < pieces.size(); k++) {
            starts[k] = o;
            o += pieces.get(k).length();
        }
        hex.show(current.bytes(), starts);
        hexLabel.setText(pieces.size() == 1 ? current.bytes().byteSize() + " bytes, one slice of frame " + pieces.getFirst().frame()
                : current.bytes().byteSize() + " bytes from " + pieces.size() + " TCP segments (marks show where each begins)");
    }

    /** The decoded headers of a frame shown in Frames mode, and where its bytes start among those shown. */
    private record FrameHeaderTree(int frame, int start, int length, FieldNode root) {}

    private final List<FrameHeaderTree> headers = new ArrayList<>();

    /** The deepest header field of the frames shown that holds byte {@code k}, or null. */
    private FrameHeaderTree headerAt(int k) {
        for (FrameHeaderTree h : headers) {
            if (k >= h.start() && k < h.start() + h.length()) {
                return h;
            }
        }
        return null;
    }

    /** A message range as ranges of the frames shown. */
    private int[] toFrames(int off, int len) {
        java.util.List<Integer> out = new java.util.ArrayList<>();
        for (int[] m : frameMap) {
            int from = Math.max(off, m[0]);
            int to = Math.min(off + len, m[0] + m[1]);
            if (from < to) {
                out.add(m[2] + from - m[0]);
                out.add(to - from);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** A byte of the frames shown as a message offset, or -1 when it is a header byte of the frame. */
    private int toMessage(int k) {
        for (int[] m : frameMap) {
            if (k >= m[2] && k < m[2] + m[1]) {
                return m[0] + k - m[2];
            }
        }
        return -1;
    }

    /** A byte was clicked or reached with the caret: select the deepest field that holds it. */
    private void selectByte(int k) {
        if (current == null) {
            return;
        }
        if (framesMode && frameMap != null) {
            int shown = k;
            k = toMessage(k);
            if (k < 0) {
                tree.getSelectionModel().clearSelection();
                FrameHeaderTree h = headerAt(shown);
                FieldNode n = h == null ? null : h.root().deepestAt(shown - h.start());
                details.setText(n == null ? "A byte of the frame outside the BGP message."
                        : "Frame " + h.frame() + " header: " + n.text() + "\nKey: " + n.key() + "\nBytes " + n.offset() + " to "
                        + (n.end() - 1) + " of the frame" + (n.inheritedReference() == null ? "" : "\nDefined in " + n.inheritedReference())
                        + "\nNot part of the BGP message.");
                if (n != null) {
                    explain(n);
                }
                return;
            }
        }
        FieldNode n = current.root().deepestAt(k);
        TreeItem<FieldNode> t = n == null ? null : items.get(n);
        if (t == null) {
            return;
        }
        for (TreeItem<FieldNode> a = t.getParent(); a != null; a = a.getParent()) {
            a.setExpanded(true);
        }
        tree.getSelectionModel().select(t);
        int row = tree.getRow(t);
        if (row >= 0) {
            tree.scrollTo(Math.max(0, row - 3));
        }
    }

    private String describeByte(int k) {
        if (current == null) {
            return null;
        }
        if (framesMode && frameMap != null) {
            int shown = k;
            k = toMessage(k);
            if (k < 0) {
                FrameHeaderTree h = headerAt(shown);
                FieldNode n = h == null ? null : h.root().deepestAt(shown - h.start());
                return n == null ? "a byte of the frame outside the BGP message"
                        : "frame " + h.frame() + " header: " + n.text() + "\nbyte " + (shown - h.start()) + " of the frame";
            }
        }
        FieldNode n = current.root().deepestAt(k);
        long file = capture.fileOffsetOf(currentMessage, k);
        int b = current.bytes().get(ValueLayout.JAVA_BYTE, k) & 0xFF;
        return (n == null ? "" : n.text() + "\n") + "byte " + k + " = 0x" + String.format("%02x", b) + " (" + b + ")"
                + ", file offset " + file;
    }

    private String messageDetails(int i) {
        MessageIndex m = capture.messages();
        StringBuilder sb = new StringBuilder();
        sb.append("Message ").append(i + 1).append(": ").append(current.root().text()).append('\n');
        sb.append("Completed by frame ").append(m.frame(i)).append(" at ").append(Times.iso(m.time(i), capture.timeDigits())).append('\n');
        if (capture.messages().kind(currentMessage) != org.bgpscope.net.MessageKind.BGP_MESSAGE
                || capture.messages().type(currentMessage) == org.bgpscope.bgp.MessageType.UPDATE) {
            // Only UPDATEs (and MRT entries) are read differently by session; an OPEN is what sets it.
            sb.append("Session: ").append(current.session().note()).append(" (").append(current.session().source().name().toLowerCase()).append(")\n");
        }
        sb.append("Bytes in the file:");
        for (Piece p : m.pieces(i)) {
            sb.append("\n  frame ").append(p.frame()).append(": ").append(p.length()).append(" bytes at file offset ").append(p.fileOffset());
        }
        return sb.toString();
    }

    private String nodeDetails(FieldNode n) {
        StringBuilder sb = new StringBuilder();
        sb.append(n.name()).append('\n');
        sb.append("Key: ").append(n.key()).append('\n');
        if (n.value() != null) {
            sb.append("Value: ").append(n.value()).append('\n');
        }
        sb.append("Bytes ").append(n.offset()).append(" to ").append(n.end() - 1).append(" of the message (")
                .append(n.length()).append(n.length() == 1 ? " byte" : " bytes").append("), file offset ")
                .append(currentMessage < 0 ? "" : capture.fileOffsetOf(currentMessage, n.offset())).append('\n');
        int shown = Math.min(n.length(), 32);
        StringBuilder hexText = new StringBuilder();
        StringBuilder bin = new StringBuilder();
        for (int k = 0; k < shown; k++) {
            int b = current.bytes().get(ValueLayout.JAVA_BYTE, n.offset() + k) & 0xFF;
            hexText.append(String.format("%02x ", b));
            if (n.length() <= 4) {
                bin.append(String.format("%8s", Integer.toBinaryString(b)).replace(' ', '0')).append(' ');
            }
        }
        sb.append("Hex: ").append(hexText.toString().trim()).append(n.length() > shown ? " …" : "").append('\n');
        if (!bin.isEmpty()) {
            sb.append("Binary: ").append(bin.toString().trim()).append('\n');
        }
        if (n.isBitField()) {
            sb.append("Bit mask: ").append(Long.toBinaryString(n.bitMask())).append('\n');
        }
        for (FieldNode c : n.children()) {
            if (c.isBitField()) {
                sb.append("  ").append(c.text()).append('\n');
            }
        }
        String ref = n.inheritedReference();
        if (ref != null) {
            sb.append("Defined in ").append(ref).append('\n');
        }
        String decided = n.inheritedSession();
        if (decided != null) {
            sb.append("Decoded with ").append(decided).append('\n');
        }
        for (Problem p : n.problems()) {
            sb.append(p.severity().name()).append(" at byte ").append(p.offset()).append(": ").append(p.text());
            if (p.action() != null) {
                sb.append("\n  RFC 7606: a router would ").append(p.action().replace('-', ' '));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private void jumpToProblem(ProblemRow p) {
        if (p == null || p.message() < 0) {
            return;
        }
        selectMessage(p.message());
        if (p.node() != null && current != null) {
            TreeItem<FieldNode> t = items.get(findSame(current.root(), p.node()));
            if (t != null) {
                selectByte(t.getValue().offset());
                tree.getSelectionModel().select(t);
            }
        }
    }

    private static FieldNode findSame(FieldNode root, FieldNode like) {
        if (root.offset() == like.offset() && root.length() == like.length() && root.key().equals(like.key())) {
            return root;
        }
        for (FieldNode c : root.children()) {
            FieldNode f = findSame(c, like);
            if (f != null) {
                return f;
            }
        }
        return null;
    }

    /** Selects message {@code i} in the table (clearing a filter that hides it). */
    public void selectMessage(int i) {
        int row = rows.rowOf(i);
        if (row < 0) {
            filter.setText("");
            rows = new MessageRows(capture.messages().size());
            table.setRows(rows);
            row = i;
        }
        table.select(row);
    }

    // ---- filter ----

    private void applyFilter(String text) {
        Task<?> old = filterTask.getAndSet(null);
        if (old != null) {
            old.cancel();
        }
        MessageFilter f;
        try {
            f = MessageFilter.parse(text);
        } catch (IllegalArgumentException e) {
            filterStatus.setText(e.getMessage());
            filter.getStyleClass().add("invalid");
            return;
        }
        filter.getStyleClass().remove("invalid");
        if (f.isEmpty()) {
            rows = new MessageRows(capture.messages().size());
            table.setRows(rows);
            filterStatus.setText("");
            return;
        }
        Sessions s = sessions();
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
                    if (f.matches(capture, s, i)) {
                        if (count == out.length) {
                            out = java.util.Arrays.copyOf(out, Math.min(n, out.length * 2));
                        }
                        out[count++] = i;
                    }
                }
                return java.util.Arrays.copyOf(out, count);
            }
        };
        int keep = table.leadMessage();
        task.setOnSucceeded(e -> {
            int[] r = task.getValue();
            if (r == null || filterTask.get() != task) {
                return;
            }
            rows = new MessageRows(r, r.length);
            table.setRows(rows);
            // Keep the message the user was on, if it matches; else show the first match.
            int row = keep < 0 ? -1 : rows.rowOf(keep);
            if (row >= 0) {
                table.select(row);
            } else {
                table.reveal(0);
            }
            filterStatus.setText(String.format("%,d of %,d messages", r.length, n));
        });
        filterTask.set(task);
        filterStatus.setText("filtering…");
        Thread t = new Thread(task, "filter");
        t.setDaemon(true);
        t.start();
    }

    public void focusFilter() {
        filter.requestFocus();
    }

    // ---- selection, copy ----

    /** Message indexes of the selected rows, ascending. */
    public int[] selectedMessages() {
        return table.selectedMessages();
    }

    public void nextMessage(int delta) {
        table.select(Math.max(0, Math.min(rows.size() - 1, table.leadRow() + delta)));
    }

    /** The first message completed by frame {@code frame} or later. */
    public boolean jumpToFrame(int frame) {
        MessageIndex m = capture.messages();
        for (int i = 0; i < m.size(); i++) {
            if (m.frame(i) >= frame) {
                selectMessage(i);
                return true;
            }
        }
        return false;
    }

    private void copyMessage(ByteFormats f) {
        if (current != null) {
            copy(f.format(current.bytes().toArray(ValueLayout.JAVA_BYTE)));
        }
    }

    private void copyField(ByteFormats f) {
        TreeItem<FieldNode> t = tree.getSelectionModel().getSelectedItem();
        if (t != null && current != null) {
            FieldNode n = t.getValue();
            copy(f.format(current.bytes().asSlice(n.offset(), n.length()).toArray(ValueLayout.JAVA_BYTE)));
        }
    }

    private static void copy(String s) {
        ClipboardContent c = new ClipboardContent();
        c.putString(s);
        Clipboard.getSystemClipboard().setContent(c);
    }

    public void setDark(boolean dark) {
        hex.setDark(dark);
        table.setDark(dark);
    }

    // For tests and the main window.
    public CaptureIndex capture() { return capture; }
    public MessageTable table() { return table; }
    public TreeTableView<FieldNode> tree() { return tree; }
    public HexView hex() { return hex; }
    public TextField filterField() { return filter; }
    public MessageDecoder.Decoded current() { return current; }
    public ListView<ProblemRow> problemList() { return problems; }
    public TextArea detailsArea() { return details; }
    public Label explanationLabel() { return explanation; }
    public javafx.scene.control.Hyperlink rfcLink() { return rfcLink; }
    public Tab problemsTab() { return problemsTab; }
}
