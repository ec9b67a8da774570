package org.bgpscope.ui;

import javafx.application.Platform;

import javafx.geometry.Orientation;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TreeTableView;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.bgpscope.bgp.Sessions;
import org.bgpscope.net.CaptureIndex;
import org.bgpscope.net.MessageIndex;
import org.bgpscope.tree.FieldNode;
import org.bgpscope.tree.MessageDecoder;

/**
 * One open capture: the filter bar, the message list, the field tree, the hex view, and the details
 * and problems panes, laid out around one {@link Selection}. Each pane observes the selection and
 * sets it; this class only builds them and places them.
 */
public final class CaptureView extends VBox {
    private final CaptureIndex capture;
    private final Sessions sessions;
    private final Selection selection = new Selection();
    private final FilterBar filterBar;
    private final MessageListPane list;
    private final TreePane tree;
    private final HexPane hex;
    private final DetailsPane details;
    private final ProblemsPane problems;
    private final DiagramPane diagram;
    private final LadderPane ladder;
    private final TabPane lower;

    /** A problem to list: a message-level one (with a node), or one found while indexing (frame only). */
    record ProblemRow(int message, FieldNode node, String text) {
        @Override
        public String toString() {
            return text;
        }
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

    public CaptureView(CaptureIndex capture) {
        this(capture, new Sessions(capture));
    }

    /** A view that decodes with {@code sessions} (built with the overrides remembered for the file). */
    public CaptureView(CaptureIndex capture, Sessions sessions) {
        this.sessions = sessions;
        this.capture = capture;
        // Drawing a row must not read every UPDATE indexed since the last look: that is done on a
        // thread of its own as rows arrive (refreshRows), and the rows are drawn again after it.
        sessions.catchUpOnlyWhere(() -> !Platform.isFxApplicationThread());
        if (capture.complete()) {
            sessions.catchUp();
        }
        getStyleClass().add("capture-view");
        selection.rows().set(new MessageRows(capture.messages().size()));
        // The filter bar listens for revealed messages before the list does, so a hiding filter is cleared first.
        filterBar = new FilterBar(capture, sessions, selection);
        problems = new ProblemsPane(selection);
        list = new MessageListPane(capture, sessions, selection, problems::hasProblem);
        tree = new TreePane(selection);
        hex = new HexPane(capture, selection);
        details = new DetailsPane(capture, selection);
        diagram = new DiagramPane(selection);
        ladder = new LadderPane(capture, sessions, selection);

        Tab diagramTab = new Tab("Diagram", diagram);
        diagramTab.setId("diagram-tab");
        Tab ladderTab = new Tab("Ladder", ladder);
        ladderTab.setId("ladder-tab");
        lower = new TabPane(new Tab("Details", details), diagramTab, ladderTab, problems.tab());
        lower.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        SplitPane right = new SplitPane(hex, lower);
        right.setOrientation(Orientation.VERTICAL);
        right.setDividerPositions(0.62);
        // The ladder needs height more than the hex view does: it takes most of the column while on show.
        double[] hexShare = {0.62};
        lower.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            ladder.setOnShow(now == ladderTab);
            if (now == ladderTab) {
                hexShare[0] = right.getDividers().getFirst().getPosition();
                right.setDividerPositions(0.22);
            } else if (was == ladderTab) {
                right.setDividerPositions(hexShare[0]);
            }
        });
        SplitPane bottom = new SplitPane(tree.view(), right);
        bottom.setDividerPositions(0.45);
        SplitPane main = new SplitPane(list.table(), bottom);
        main.setOrientation(Orientation.VERTICAL);
        main.setDividerPositions(0.42);
        VBox.setVgrow(main, Priority.ALWAYS);
        getChildren().addAll(filterBar, main);
        // -Dbgpscope.pane=Diagram opens on that tab below the hex view (for screenshots and demos).
        String pane = System.getProperty("bgpscope.pane");
        lower.getTabs().stream().filter(t -> t.getText().equals(pane)).findFirst().ifPresent(t -> lower.getSelectionModel().select(t));
    }

    /** The model every pane of this tab observes and sets. */
    public Selection selection() {
        return selection;
    }

    /** Shows the TCP event rows (SYN, FIN, RST, refused attempts, retransmissions, losses) between the messages, or hides them. */
    public void showTcpEvents(boolean on) {
        list.showTcpEvents(on);
    }

    public boolean showsTcpEvents() {
        return list.showsTcpEvents();
    }

    public void setTimeFormat(TimeFormat f) {
        list.setTimeFormat(f);
    }

    String timeText(int i) {
        return list.timeText(i);
    }

    /** Nanoseconds as seconds with the capture's digits: "12.345678", "-0.000100". */
    static String seconds(long nanos, int digits) {
        return MessageListPane.seconds(nanos, digits);
    }

    /** Expands or collapses every field, keeping the selected one in view (its ancestors stay open). */
    public void expandAll(boolean expanded) {
        tree.expandAll(expanded);
    }

    // ---- indexing ----

    /** Called on the UI thread while and after indexing: new rows appear. */
    void refreshRows() {
        list.refreshRows();
        catchUpSessions();
    }

    private final java.util.concurrent.atomic.AtomicBoolean catchingUp = new java.util.concurrent.atomic.AtomicBoolean();

    /** Brings the session model's inference up to the index off the UI thread, then draws the rows again. */
    private void catchUpSessions() {
        if (sessions.behind() && catchingUp.compareAndSet(false, true)) {
            Thread.ofPlatform().daemon().name("bgpscope-sessions").start(() -> {
                try {
                    do {
                        sessions.catchUp();
                        catchingUp.set(false);
                    } while (sessions.behind() && catchingUp.compareAndSet(false, true));
                    Platform.runLater(() -> list.table().redraw());
                } catch (IllegalStateException | IndexOutOfBoundsException closed) {
                    // The tab was closed and its index freed under us: nothing is left to draw.
                    catchingUp.set(false);
                }
            });
        }
    }

    /**
     * Decodes again under new overrides: the message shown, the summaries, and the problems, which
     * are found again off the UI thread ({@code whenDone} runs on it afterwards).
     */
    void redecode(org.bgpscope.bgp.Overrides overrides, java.util.function.Consumer<Runnable> offThread) {
        sessions().overrides(overrides);
        int shown = selection.message();
        if (shown >= 0) {
            list.showMessage(shown);
        }
        list.table().redraw();
        offThread.accept(() -> {
            ProblemsPane.IndexingReport r = indexingProblems(capture, sessions());
            javafx.application.Platform.runLater(() -> {
                problems.clear();
                indexingDone(r);
            });
        });
    }

    /**
     * The problems found while indexing, and the messages flagged incomplete or unframed (the first
     * 10,000). It reads every message's flags, so it runs on the indexing thread, not the UI thread.
     */
    static ProblemsPane.IndexingReport indexingProblems(CaptureIndex capture, Sessions sessions) {
        return ProblemsPane.indexingProblems(capture, sessions);
    }

    /** Indexing finished: its problems are listed, and a filter typed meanwhile runs over every message. */
    void indexingDone(ProblemsPane.IndexingReport found) {
        refreshRows();
        MessageIndex m = capture.messages();
        problems.indexingDone(found);
        list.table().redraw();
        filterBar.reapply();
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

    /** A followed file grew: the problems of what it added join the Problems tab. */
    void problemsGrew(ProblemsPane.IndexingReport more) {
        problems.grew(more);
        list.table().redraw();
    }

    /** Following ended: every problem is listed again, once, as after indexing a whole file. */
    void problemsReplaced(ProblemsPane.IndexingReport all) {
        problems.clear();
        problems.indexingDone(all);
        list.table().redraw();
    }

    /**
     * A followed file was cut shorter and the messages past the cut went with its bytes: the list
     * shows what is left, and a message that is gone is no longer on show.
     */
    void messagesDropped() {
        int n = capture.messages().size();
        selection.rows().set(selection.allRows());
        if (selection.message() >= n) {
            if (n > 0) {
                list.table().select(n - 1);
            } else {
                selection.shown().set(null);
            }
        }
        list.table().redraw();
    }

    /** A followed file grew: a filter being shown runs again over every message. */
    void reapplyFilter() {
        filterBar.reapply();
    }

    /** Whether a filter hides some rows. */
    boolean filtered() {
        return !filterBar.field().getText().isBlank();
    }

    private javafx.scene.Node banner;

    /** Shows a bar above the filter (a live capture's Stop button, a note that following ended), or none. */
    void setBanner(javafx.scene.Node bar) {
        if (banner != null) {
            getChildren().remove(banner);
        }
        banner = bar;
        if (bar != null) {
            getChildren().addFirst(bar);
        }
    }

    javafx.scene.Node banner() {
        return banner;
    }

    /** Selects the first field with {@code key} in the current message's tree. */
    public boolean selectField(String key) {
        MessageDecoder.Decoded current = selection.decoded();
        if (current == null) {
            return false;
        }
        java.util.List<FieldNode> found = current.root().find(key);
        if (found.isEmpty()) {
            return false;
        }
        selection.select(found.getFirst());
        return true;
    }

    /** One session model for the view; it reads OPENs incrementally as indexing adds messages. */
    Sessions sessions() {
        return sessions;
    }

    public void showMessage(int i) {
        list.showMessage(i);
    }

    /** Opens links (the RFC sections of the explanations) in the user's browser. */
    public void setBrowser(java.util.function.Consumer<String> browse) {
        details.setBrowser(browse);
    }

    /** Selects message {@code i} in the table (clearing a filter that hides it). */
    public void selectMessage(int i) {
        selection.reveal(i);
    }

    public void focusFilter() {
        filterBar.focus();
    }

    /** Message indexes of the selected rows, ascending. */
    public int[] selectedMessages() {
        return list.table().selectedMessages();
    }

    public void nextMessage(int delta) {
        MessageTable t = list.table();
        t.select(Math.max(0, Math.min(t.rowCount() - 1, t.leadRow() + delta)));
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

    public void setDark(boolean dark) {
        hex.setDark(dark);
        list.table().setDark(dark);
    }

    // For tests and the main window.
    public CaptureIndex capture() { return capture; }
    public MessageTable table() { return list.table(); }
    public TreeTableView<FieldNode> tree() { return tree.view(); }
    public HexView hex() { return hex.view(); }
    public TextField filterField() { return filterBar.field(); }
    public FilterBar filterBar() { return filterBar; }
    public MessageDecoder.Decoded current() { return selection.decoded(); }
    public ListView<ProblemRow> problemList() { return problems.list(); }
    public TextArea detailsArea() { return details.detailsArea(); }
    public Label explanationLabel() { return details.explanationLabel(); }
    public Hyperlink rfcLink() { return details.rfcLink(); }
    public Tab problemsTab() { return problems.tab(); }
    public DiagramPane diagram() { return diagram; }
    public LadderPane ladder() { return ladder; }
    /** The tabs below the hex view (Details, Problems): other panes add theirs here. */
    public TabPane lowerTabs() { return lower; }
}
