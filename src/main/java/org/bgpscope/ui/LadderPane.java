package org.bgpscope.ui;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.application.Platform;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.TextAlignment;
import org.bgpscope.bgp.Ladder;
import org.bgpscope.bgp.Sessions;
import org.bgpscope.export.LadderLayout;
import org.bgpscope.export.LadderSvg;
import org.bgpscope.net.CaptureIndex;

/**
 * The session of the selected message as a ladder ({@link Ladder}): two lifelines, time downwards, an
 * arrow per message or TCP event with each side's FSM state where it changes. Drawn on a canvas for
 * the rows in view only. It follows the selection (the shown message's arrow is highlighted and
 * scrolled to) and sets it (a clicked arrow selects its message, through {@link Selection#reveal}).
 * The ladder is built off the UI thread when the session changes, and only while the pane is on show:
 * building one reads every message of the capture, so a hidden ladder that followed each click would
 * take a core from indexing and from the window (the message shown when it comes on show is followed).
 */
public final class LadderPane extends CanvasRows {
    /** Rows an SVG export writes at most, from the top row in view. */
    static final int SVG_ROWS = 5000;

    private final CaptureIndex capture;
    private final Sessions sessions;
    private final Selection selection;
    private final Font font = Font.font("System", 12);
    private final Font bold = Font.font("System", FontWeight.BOLD, 12);
    private final Font mono = Font.font("Monospaced", 11.5);
    private final AtomicInteger generation = new AtomicInteger();
    private volatile Ladder ladder;
    private int highlight = -1;
    /** Whether the pane is on show (its tab selected); a hidden pane builds nothing. */
    private boolean onShow;
    private String note = "Select a message: its session is drawn here.";

    public LadderPane(CaptureIndex capture, Sessions sessions, Selection selection) {
        this.capture = capture;
        this.sessions = sessions;
        this.selection = selection;
        setId("ladder");
        selection.shown().addListener((o, a, b) -> {
            if (onShow) {
                follow(b == null ? -1 : b.message());
            }
        });
        canvas.addEventHandler(MouseEvent.MOUSE_CLICKED, e -> {
            if (e.getButton() == MouseButton.PRIMARY) {
                click(e.getY());
            }
        });
        addEventHandler(ScrollEvent.SCROLL, e -> scrollTo(bar.getValue() - Math.signum(e.getDeltaY()) * 3));
        ExportMenu.attach(canvas, "ladder", () -> ladder != null, () -> "ladder", this::exportSvg, this::exportPng);
    }

    /**
     * The pane comes on show (its tab is selected) or leaves it. On show it follows the message shown;
     * hidden, it stops a build in progress, which is begun again when it is next on show.
     */
    public void setOnShow(boolean on) {
        if (on == onShow) {
            return;
        }
        onShow = on;
        if (on) {
            follow(selection.message());
        } else {
            generation.incrementAndGet();
        }
    }

    /** The ladder on show, or null while none is built. */
    public Ladder ladder() {
        return ladder;
    }

    /** The highlighted row (the shown message's), or -1. */
    public int highlightedRow() {
        return highlight;
    }

    /** The message shown changed: highlight its row, building its session's ladder first if needed. */
    private void follow(int message) {
        if (message < 0 || message >= capture.messages().size()) {
            return;
        }
        int conversation = Ladder.conversationOf(capture, message);
        Ladder l = ladder;
        if (conversation < 0) {
            ladder = null;
            highlight = -1;
            note = "Message " + (message + 1) + " belongs to no session.";
            layoutChildren();
            return;
        }
        if (l != null && l.conversation() == conversation && (l.messagesSeen() == capture.messages().size() || l.rowOf(message) >= 0)) {
            highlight(message);
            return;
        }
        int gen = generation.incrementAndGet();
        note = "Reading the session of message " + (message + 1) + " …";
        Thread t = new Thread(() -> {
            Ladder built;
            try {
                built = Ladder.of(capture, sessions, conversation, (done, total) -> generation.get() == gen);
            } catch (org.bgpscope.capture.CancelledException e) {
                return; // a newer selection asked for another session
            }
            Platform.runLater(() -> {
                if (generation.get() == gen) {
                    ladder = built;
                    layoutChildren();
                    highlight(selection.message() >= 0 ? selection.message() : message);
                }
            });
        }, "bgpscope-ladder");
        t.setDaemon(true);
        t.start();
    }

    private void highlight(int message) {
        Ladder l = ladder;
        highlight = l == null ? -1 : l.rowOf(message);
        if (highlight >= 0) {
            revealRows(highlight, highlight);
        }
        draw();
    }

    /** A click on a row selects its message (a fold's first); a TCP event row is only highlighted. */
    public void click(double y) {
        int r = rowAt(y);
        Ladder l = ladder;
        if (l == null || r < 0) {
            return;
        }
        int m = l.message(r);
        if (m >= 0) {
            selection.reveal(m);
        } else {
            highlight = r;
            draw();
        }
    }

    /** The row at canvas height {@code y}, or -1. */
    public int rowAt(double y) {
        Ladder l = ladder;
        if (l == null || y < LadderLayout.HEADER) {
            return -1;
        }
        int r = topRow() + (int) ((y - LadderLayout.HEADER) / LadderLayout.ROW);
        return r < l.size() ? r : -1;
    }

    /** The canvas height of row {@code r}'s middle, if it is in view (for tests and hit checks). */
    public double rowMiddle(int r) {
        return LadderLayout.rowTop(r - topRow()) + LadderLayout.ROW / 2;
    }

    /** Scrolls so that row {@code r} is in view. */
    public void revealRow(int r) {
        revealRows(r, r);
    }

    @Override
    protected long totalRows() {
        Ladder l = ladder;
        return l == null ? 0 : l.size();
    }

    @Override
    protected double rowHeight() {
        return LadderLayout.ROW;
    }

    @Override
    protected double headerHeight() {
        return LadderLayout.HEADER;
    }

    @Override
    void draw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        g.setFill(Color.WHITE);
        g.fillRect(0, 0, w, h);
        Ladder l = ladder;
        g.setTextBaseline(VPos.BASELINE);
        if (l == null) {
            g.setFill(Color.gray(0.35));
            g.setFont(font);
            g.setTextAlign(TextAlignment.LEFT);
            g.fillText(note, 12, 24);
            return;
        }
        LadderLayout layout = new LadderLayout(w);
        int top = topRow();
        int last = Math.min(l.size(), top + visibleRows() + 1);
        for (int s = 0; s < 2; s++) {
            g.setStroke(Color.gray(0.6));
            g.setLineWidth(1);
            double x = Math.floor(layout.lifeline(s)) + 0.5;
            g.strokeLine(x, LadderLayout.HEADER - 6, x, h);
        }
        for (int r = top; r < last; r++) {
            row(g, l, layout, r, LadderLayout.rowTop(r - top));
        }
        // The speakers and their states at the top row stay in view as the rows scroll under them.
        g.setFill(Color.web("#f4f4f4"));
        g.fillRect(0, 0, w, LadderLayout.HEADER - 6);
        g.setTextAlign(TextAlignment.CENTER);
        for (int s = 0; s < 2; s++) {
            double x = layout.lifeline(s);
            g.setFill(Color.BLACK);
            g.setFont(bold);
            g.fillText(l.endpoint(s), x, 16);
            g.setFont(font);
            g.setFill(Color.gray(0.3));
            String state = top < l.size() && top > 0 ? Ladder.stateName(l.state(top - 1, s)) : "";
            g.fillText(l.speaker(s) + (state.isEmpty() || state.equals("?") ? "" : "  ·  " + state), x, 32);
        }
        g.setTextAlign(TextAlignment.LEFT);
        g.setFill(Color.gray(0.4));
        g.fillText(String.format("%,d rows", l.size()), 8, 16);
    }

    private void row(GraphicsContext g, Ladder l, LadderLayout layout, int r, double y) {
        double w = canvas.getWidth();
        if (r == highlight) {
            g.setFill(Color.web("#cfe3ff"));
            g.fillRect(0, y, w, LadderLayout.ROW);
        }
        g.setTextAlign(TextAlignment.LEFT);
        g.setFont(mono);
        g.setFill(Color.gray(0.3));
        g.fillText(l.stamp(r), 8, y + 17);
        if (l.note(r)) {
            g.setTextAlign(TextAlignment.RIGHT);
            g.setFont(font);
            g.setFill(Color.web("#5d4037"));
            g.fillText(l.label(r), layout.lifeline(1) - 10, y + 17);
            states(g, l, layout, r, y);
            return;
        }
        int s = l.sender(r);
        double x0 = layout.lifeline(s);
        double x1 = layout.lifeline(s ^ 1);
        boolean event = l.event(r) >= 0;
        Color c = l.alarming(r) ? Color.web("#c0392b") : event ? Color.gray(0.45) : Color.web("#1a4f9c");
        g.setStroke(c);
        g.setFill(c);
        g.setLineWidth(1.5);
        g.setLineDashes(event ? new double[] {4, 3} : null);
        g.strokeLine(x0, y + 8, x1, y + 20);
        g.setLineDashes();
        head(g, x0, y + 8, x1, y + 20);
        if (l.bothWays(r)) {
            head(g, x1, y + 20, x0, y + 8);
        }
        g.setTextAlign(TextAlignment.CENTER);
        g.setFont(font);
        g.fillText(l.label(r), (x0 + x1) / 2, y + 11);
        states(g, l, layout, r, y);
    }

    /** Each side's new FSM state beside its lifeline, where row {@code r} changed it. */
    private void states(GraphicsContext g, Ladder l, LadderLayout layout, int r, double y) {
        g.setFont(bold);
        g.setFill(Color.web("#2e7d32"));
        for (int side = 0; side < 2; side++) {
            if (l.stateChanged(r, side)) {
                g.setTextAlign(side == 0 ? TextAlignment.RIGHT : TextAlignment.LEFT);
                g.fillText(Ladder.stateName(l.state(r, side)), layout.lifeline(side) + (side == 0 ? -8 : 8), y + 22);
            }
        }
    }

    /** An arrow head at (x1, y1), pointing away from (x0, y0). */
    private static void head(GraphicsContext g, double x0, double y0, double x1, double y1) {
        double a = Math.atan2(y1 - y0, x1 - x0);
        double len = 9;
        g.fillPolygon(new double[] {x1, x1 - len * Math.cos(a - 0.4), x1 - len * Math.cos(a + 0.4)},
                new double[] {y1, y1 - len * Math.sin(a - 0.4), y1 - len * Math.sin(a + 0.4)}, 3);
    }


    /** Writes the session as SVG: every row, or {@link #SVG_ROWS} from the top row in view for a longer one. */
    public void exportSvg(Path to) throws IOException {
        Ladder l = ladder;
        int from = l.size() <= SVG_ROWS ? 0 : topRow();
        int to2 = Math.min(l.size(), from + SVG_ROWS);
        Files.writeString(to, LadderSvg.write(l, from, to2, highlight), StandardCharsets.UTF_8);
    }

    /** Writes the rows in view as drawn, as PNG. */
    public void exportPng(Path to) throws IOException {
        ExportMenu.writePng(ExportMenu.snapshot(canvas), to);
    }
}
