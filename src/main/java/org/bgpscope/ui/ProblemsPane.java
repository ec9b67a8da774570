package org.bgpscope.ui;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import javafx.scene.control.ListView;
import javafx.scene.control.Tab;
import javafx.scene.input.KeyCode;
import org.bgpscope.bgp.Sessions;
import org.bgpscope.bgp.Summaries;
import org.bgpscope.net.CaptureIndex;
import org.bgpscope.net.IndexProblem;
import org.bgpscope.net.MessageIndex;
import org.bgpscope.tree.FieldNode;
import org.bgpscope.tree.MessageProblems;
import org.bgpscope.tree.Problem;

/**
 * The Problems tab: the malformed fields of the shown message first, then every message whose framing
 * or decoding found a problem and what indexing found. Choosing one reveals its message and selects
 * its field.
 */
public final class ProblemsPane {
    private final Selection selection;
    private final ListView<CaptureView.ProblemRow> problems = new ListView<>();
    private final Tab tab = new Tab("Problems", problems);
    /** Messages whose decoding or framing found a problem: drawn red in the message list. */
    private volatile BitSet problemMessages = new BitSet();

    public ProblemsPane(Selection selection) {
        this.selection = selection;
        problems.setOnMouseClicked(e -> jumpTo(problems.getSelectionModel().getSelectedItem()));
        problems.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER) {
                jumpTo(problems.getSelectionModel().getSelectedItem());
            }
        });
        selection.shown().addListener((o, a, b) -> {
            if (b == null) {
                return;
            }
            // Problems of this message, listed first.
            problems.getItems().removeIf(p -> p.node() != null);
            if (EventRows.isEvent(b.message())) {
                return; // a TCP event's packet headers are not a message's problems
            }
            List<CaptureView.ProblemRow> mine = new ArrayList<>();
            collect(b.decoded().root(), b.message(), mine);
            problems.getItems().addAll(0, mine);
        });
    }

    public ListView<CaptureView.ProblemRow> list() { return problems; }
    public Tab tab() { return tab; }

    /** Whether message {@code i} had a problem when indexing ended. */
    public boolean hasProblem(int i) {
        return problemMessages.get(i);
    }

    private static void collect(FieldNode n, int i, List<CaptureView.ProblemRow> out) {
        for (Problem p : n.problems()) {
            out.add(new CaptureView.ProblemRow(i, n, "message " + (i + 1) + ", byte " + p.offset() + " (" + n.name() + "): "
                    + p.severity().name().toLowerCase() + ": " + p.text() + (p.action() == null ? "" : " → RFC 7606 " + p.action())));
        }
        for (FieldNode c : n.children()) {
            collect(c, i, out);
        }
    }

    private void jumpTo(CaptureView.ProblemRow p) {
        if (p == null || p.message() < 0) {
            return;
        }
        selection.reveal(p.message());
        if (p.node() != null && selection.decoded() != null) {
            FieldNode same = findSame(selection.decoded().root(), p.node());
            if (same != null) {
                selection.select(same);
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

    /** Forgets the indexing problems (before they are found again under new overrides). */
    void clear() {
        problems.getItems().clear();
    }

    /** Problems counted so far (indexing's, and the messages with one). */
    private int count;

    /** Indexing finished: its problems are listed after the shown message's. */
    void indexingDone(IndexingReport found) {
        problems.getItems().addAll(found.rows());
        problemMessages = found.problemMessages();
        count = found.count();
        showCount();
    }

    /** A followed file grew: the problems of what was added are listed after those before. */
    void grew(IndexingReport more) {
        problems.getItems().addAll(more.rows());
        BitSet all = (BitSet) problemMessages.clone();
        all.or(more.problemMessages());
        problemMessages = all;
        count += more.count();
        showCount();
    }

    private void showCount() {
        tab.setText(count == 0 ? "Problems" : String.format("Problems (%,d)", count));
    }

    /** What indexing found: the rows of the Problems pane, the messages with a problem, and how many problems in all. */
    record IndexingReport(List<CaptureView.ProblemRow> rows, BitSet problemMessages, int count) {}

    /**
     * The problems found while indexing, and the messages flagged incomplete or unframed (the first
     * 10,000). It reads every message's flags, so it runs on the indexing thread, not the UI thread.
     */
    static IndexingReport indexingProblems(CaptureIndex capture, Sessions sessions) {
        return indexingProblems(capture, sessions, 0, 0, capture.messages().size(), 0);
    }

    /**
     * The same for what a followed file added: indexing's problems from number {@code fromProblem}
     * on, and messages {@code fromMessage} to {@code toMessage} (exclusive), {@code listedBefore} of
     * the 10,000 message rows being taken already.
     */
    static IndexingReport indexingProblems(CaptureIndex capture, Sessions sessions, int fromProblem, int fromMessage,
                                           int toMessage, int listedBefore) {
        List<CaptureView.ProblemRow> out = new ArrayList<>();
        List<IndexProblem> found = capture.problems();
        List<IndexProblem> fresh = found.subList(Math.min(fromProblem, found.size()), found.size());
        for (IndexProblem p : fresh) {
            out.add(new CaptureView.ProblemRow(-1, null, "frame " + p.frame() + ", file offset " + p.fileOffset() + ": " + p.text()));
        }
        MessageIndex m = capture.messages();
        BitSet bad = new BitSet();
        int listed = listedBefore;
        for (int i = fromMessage; i < Math.min(toMessage, m.size()); i++) {
            int f = m.flags(i);
            boolean framing = (f & (MessageIndex.F_INCOMPLETE | MessageIndex.F_BAD_MARKER | MessageIndex.F_BAD_LENGTH | MessageIndex.F_AFTER_GAP)) != 0;
            // What decoding finds too: a tree is built only where the quick check cannot vouch for the bytes.
            List<String> decoded = framing ? List.of() : MessageProblems.of(capture, i, sessions);
            if (framing || !decoded.isEmpty()) {
                bad.set(i);
                if (listed++ < 10_000) {
                    out.add(new CaptureView.ProblemRow(i, null, "message " + (i + 1) + ": "
                            + (framing ? Summaries.summary(capture, i, sessions) : decoded.getFirst()
                            + (decoded.size() > 1 ? " (+" + (decoded.size() - 1) + " more)" : ""))));
                }
            }
        }
        return new IndexingReport(out, bad, fresh.size() + bad.cardinality());
    }
}
