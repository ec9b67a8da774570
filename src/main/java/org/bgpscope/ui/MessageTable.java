package org.bgpscope.ui;

import java.util.BitSet;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.ContextMenu;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;

/**
 * The message list: a table drawn on a canvas for the visible rows only, so ten million rows scroll
 * in constant time (JavaFX's TableView walks a per-row size cache on every scroll). Rows are message
 * indexes from {@link MessageRows}; cells are computed when drawn. Click, Ctrl-click and Shift-click
 * select; the arrow keys, Page Up/Down, Home and End move; a header click sorts by that column.
 */
public final class MessageTable extends CanvasRows {
    /** A column: its title, width, the text of a message's cell, and how to sort by it (or null). */
    public record Column(String title, double width, IntFunction<String> text, Sorter sorter) {}

    /** Sorts message indexes by a column; runs off the UI thread. */
    public interface Sorter {
        int[] sort(int[] messages, int count, boolean descending);
    }

    private final Font font = Font.font("Monospaced", 12.5);
    private final Font headerFont = Font.font(null, FontWeight.BOLD, 12.5);
    private final double rowH = 22;
    private final double[] widths;
    private final List<Column> columns;
    private MessageRows rows = new MessageRows(0);
    private final BitSet selected = new BitSet();
    private int anchor = -1;
    private int lead = -1;
    private int sortColumn = -1;
    private boolean descending;
    private boolean dark;
    private IntFunction<String> styleOf = i -> "";
    private IntPredicate problem = i -> false;
    private Runnable onSelection = () -> { };
    /** User navigation (keys held down, clicks) settles before the message is shown. */
    private final javafx.animation.PauseTransition settle = new javafx.animation.PauseTransition(javafx.util.Duration.millis(60));
    private java.util.function.BiConsumer<Integer, Boolean> onSort = (c, d) -> { };
    private int resizing = -1;
    private double resizeFrom;

    public MessageTable(List<Column> columns) {
        this.columns = columns;
        this.widths = columns.stream().mapToDouble(Column::width).toArray();
        getStyleClass().add("message-table");
        canvas.addEventHandler(MouseEvent.MOUSE_PRESSED, this::pressed);
        canvas.addEventHandler(MouseEvent.MOUSE_DRAGGED, this::dragged);
        canvas.addEventHandler(MouseEvent.MOUSE_RELEASED, e -> resizing = -1);
        canvas.addEventHandler(MouseEvent.MOUSE_MOVED, e -> canvas.setCursor(
                e.getY() < rowH && border(e.getX()) >= 0 ? javafx.scene.Cursor.H_RESIZE : javafx.scene.Cursor.DEFAULT));
        addEventHandler(ScrollEvent.SCROLL, e -> scrollTo(bar.getValue() - Math.signum(e.getDeltaY()) * 3));
        addEventHandler(KeyEvent.KEY_PRESSED, this::key);
        focusedProperty().addListener((o, a, b) -> draw());
        settle.setOnFinished(e -> onSelection.run());
    }

    // ---- model ----

    public void setRows(MessageRows rows) {
        this.rows = rows;
        selected.clear();
        anchor = lead = -1;
        layoutChildren();
        onSelection.run();
    }

    public MessageRows rows() {
        return rows;
    }

    public int rowCount() {
        return rows.size();
    }

    /** Rows were added at the end (indexing goes on). */
    public void rowsGrew() {
        layoutChildren();
    }

    public void setStyleOf(IntFunction<String> styleOf) {
        this.styleOf = styleOf;
    }

    public void setProblem(IntPredicate problem) {
        this.problem = problem;
    }

    /** Draws again: what a row shows changed (its problems were found, or its decoding). */
    public void redraw() {
        draw();
    }

    public void setOnSelectionChanged(Runnable r) {
        this.onSelection = r;
    }

    public void setOnSort(java.util.function.BiConsumer<Integer, Boolean> r) {
        this.onSort = r;
    }

    public void setContextMenu(ContextMenu menu) {
        canvas.setOnContextMenuRequested(e -> menu.show(canvas, e.getScreenX(), e.getScreenY()));
    }

    public void setDark(boolean dark) {
        this.dark = dark;
        draw();
    }

    /** The first row in view (for tests). */
    public int firstVisibleRow() {
        return topRow();
    }

    /** The drawn width of column {@code c} (for tests). */
    public double columnWidth(int c) {
        return width(c);
    }

    public List<Column> columns() {
        return columns;
    }

    public int sortColumn() {
        return sortColumn;
    }

    // ---- selection ----

    /** The focused row's message, or -1. */
    public int leadMessage() {
        return lead >= 0 && lead < rows.size() ? rows.get(lead) : -1;
    }

    public int leadRow() {
        return lead;
    }

    /** Message indexes of the selected rows, ascending. */
    public int[] selectedMessages() {
        int[] out = new int[selected.cardinality()];
        int k = 0;
        for (int r = selected.nextSetBit(0); r >= 0 && r < rows.size(); r = selected.nextSetBit(r + 1)) {
            int v = rows.get(r);
            if (v >= 0) {
                out[k++] = v; // TCP event rows are no messages to export
            }
        }
        java.util.Arrays.sort(out, 0, k);
        return java.util.Arrays.copyOf(out, k);
    }

    public void select(int row) {
        if (row < 0 || row >= rows.size()) {
            return;
        }
        selected.clear();
        selected.set(row);
        anchor = lead = row;
        reveal(row);
        onSelection.run();
        draw();
    }

    /** Adds rows to the selection (the last one becomes the focused row). */
    public void selectAlso(int... rowsToAdd) {
        for (int r : rowsToAdd) {
            if (r >= 0 && r < rows.size()) {
                selected.set(r);
                anchor = lead = r;
            }
        }
        onSelection.run();
        draw();
    }

    public void clearSelection() {
        selected.clear();
        anchor = lead = -1;
        draw();
    }

    private void extendTo(int row, boolean range, boolean toggle) {
        row = Math.max(0, Math.min(rows.size() - 1, row));
        if (row < 0) {
            return;
        }
        if (range && anchor >= 0) {
            selected.clear();
            selected.set(Math.min(anchor, row), Math.max(anchor, row) + 1);
        } else if (toggle) {
            selected.flip(row);
            anchor = row;
        } else {
            selected.clear();
            selected.set(row);
            anchor = row;
        }
        lead = row;
        reveal(row);
        settle.playFromStart();
        draw();
    }

    // ---- input ----

    private void pressed(MouseEvent e) {
        requestFocus();
        if (e.getY() < rowH) {
            int b = border(e.getX());
            if (b >= 0) {
                resizing = b;
                resizeFrom = e.getX() - width(b);
                return;
            }
            int c = columnAt(e.getX());
            if (c >= 0 && columns.get(c).sorter() != null && e.getButton() == MouseButton.PRIMARY) {
                descending = c == sortColumn && !descending;
                sortColumn = c;
                onSort.accept(c, descending);
                draw();
            }
            return;
        }
        int row = rowAt(e.getY());
        if (row < 0 || e.getButton() != MouseButton.PRIMARY) {
            return;
        }
        extendTo(row, e.isShiftDown(), e.isShortcutDown());
    }

    private void dragged(MouseEvent e) {
        if (resizing >= 0) {
            widths[resizing] = Math.max(30, e.getX() - resizeFrom);
            draw();
        }
    }

    private void key(KeyEvent e) {
        int row = lead < 0 ? 0 : lead;
        int page = Math.max(1, visibleRows() - 1);
        int target;
        switch (e.getCode()) {
            case UP -> target = row - 1;
            case DOWN -> target = lead < 0 ? 0 : row + 1;
            case PAGE_UP -> target = row - page;
            case PAGE_DOWN -> target = row + page;
            case HOME -> target = 0;
            case END -> target = rows.size() - 1;
            case A -> {
                if (e.isShortcutDown()) {
                    selected.set(0, rows.size());
                    settle.playFromStart();
                    draw();
                    e.consume();
                }
                return;
            }
            default -> {
                return;
            }
        }
        e.consume();
        if (rows.size() > 0) {
            extendTo(target, e.isShiftDown(), false);
        }
    }

    // ---- geometry ----

    @Override
    protected long totalRows() {
        return rows.size();
    }

    @Override
    protected double rowHeight() {
        return rowH;
    }

    @Override
    protected double headerHeight() {
        return rowH;
    }

    private int rowAt(double y) {
        long r = (long) ((y - rowH) / rowH) + (long) bar.getValue();
        return y < rowH || r >= rows.size() ? -1 : (int) r;
    }

    /** The last column (the summary) keeps at least this much room on a narrow window. */
    private static final double MIN_LAST = 260;

    /**
     * Column {@code c}'s drawn width: as set, unless the window is too narrow to leave the last column
     * {@link #MIN_LAST} pixels, when the others shrink in proportion (to no less than 40 each).
     */
    private double width(int c) {
        int last = widths.length - 1;
        if (c == last) {
            return widths[c];
        }
        double fixed = 0;
        for (int k = 0; k < last; k++) {
            fixed += widths[k];
        }
        double room = canvas.getWidth() - MIN_LAST;
        return fixed > room && room > 0 ? Math.max(40, widths[c] * room / fixed) : widths[c];
    }

    private int columnAt(double x) {
        double at = 0;
        for (int c = 0; c < widths.length; c++) {
            if (x >= at && x < at + width(c)) {
                return c;
            }
            at += width(c);
        }
        return -1;
    }

    private int border(double x) {
        double at = 0;
        for (int c = 0; c < widths.length; c++) {
            at += width(c);
            if (Math.abs(x - at) < 4) {
                return c;
            }
        }
        return -1;
    }

    /** Scrolls so that {@code row} is visible. */
    public void reveal(int row) {
        revealRows(row, row);
    }

    /** Canvas point of the middle of a row's first cell (for tests). */
    public double[] pointOfRow(int row) {
        return new double[] {width(0) / 2, rowH + (row - (int) bar.getValue()) * rowH + rowH / 2};
    }

    // ---- drawing ----

    private Color rowColor(String style) {
        return switch (style) {
            case "type-open" -> dark ? Color.web("#1f2b3d") : Color.web("#e7f0ff");
            case "type-notification" -> dark ? Color.web("#3d2222") : Color.web("#ffe3e0");
            case "type-keepalive" -> dark ? Color.web("#26272a") : Color.web("#f3f3f3");
            case "type-refresh" -> dark ? Color.web("#2d2440") : Color.web("#f4ebff");
            case "type-bytes" -> dark ? Color.web("#3d3520") : Color.web("#fff3cd");
            case "type-state", "type-peers", "type-mrt" -> dark ? Color.web("#1f3322") : Color.web("#eef7ee");
            case "type-tcp" -> dark ? Color.web("#26262e") : Color.web("#f1f1f6");
            case "type-bmp" -> dark ? Color.web("#1d2e33") : Color.web("#e9f5f7");
            default -> dark ? Color.web("#1e1f22") : Color.WHITE;
        };
    }

    @Override
    void draw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        Color fg = dark ? Color.web("#d4d4d4") : Color.web("#1a1a1a");
        Color grid = dark ? Color.web("#333538") : Color.web("#e2e2e2");
        Color head = dark ? Color.web("#2b2d30") : Color.web("#f0f0f0");
        Color sel = isFocused() ? Color.web("#2f6fd1") : (dark ? Color.web("#3a4a66") : Color.web("#c5d7f2"));
        Color selText = isFocused() || dark ? Color.WHITE : Color.web("#1a1a1a");
        Color bad = Color.web("#c62828");
        g.setFill(dark ? Color.web("#1e1f22") : Color.WHITE);
        g.fillRect(0, 0, w, h);
        int top = (int) bar.getValue();
        int visible = visibleRows() + 1;
        g.setFont(font);
        for (int v = 0; v < visible; v++) {
            int row = top + v;
            if (row >= rows.size()) {
                break;
            }
            int message = rows.get(row);
            double y = rowH + v * rowH;
            boolean isSel = selected.get(row);
            g.setFill(isSel ? sel : rowColor(styleOf.apply(message)));
            g.fillRect(0, y, w, rowH);
            g.setFill(isSel ? selText : problem.test(message) ? bad : fg);
            double x = 0;
            for (int c = 0; c < columns.size(); c++) {
                String t = columns.get(c).text().apply(message);
                g.save();
                g.beginPath();
                g.rect(x, y, width(c) - 4, rowH);
                g.clip();
                g.fillText(t, x + 5, y + rowH - 6);
                g.restore();
                x += width(c);
            }
            if (row == lead && isFocused()) {
                g.setStroke(dark ? Color.web("#f0c674") : Color.web("#1a3f7a"));
                g.setLineWidth(1);
                g.strokeRect(0.5, y + 0.5, w - 1, rowH - 1);
            }
        }
        // Header.
        g.setFill(head);
        g.fillRect(0, 0, w, rowH);
        g.setFont(headerFont);
        double x = 0;
        for (int c = 0; c < columns.size(); c++) {
            g.setFill(fg);
            String title = columns.get(c).title() + (c == sortColumn ? (descending ? " ▼" : " ▲") : "");
            g.fillText(title, x + 5, rowH - 6);
            x += width(c);
            g.setStroke(grid);
            g.strokeLine(x - 0.5, 0, x - 0.5, rowH);
        }
        g.setStroke(grid);
        g.strokeLine(0, rowH - 0.5, w, rowH - 0.5);
        if (rows.size() == 0) {
            g.setFill(Color.GRAY);
            g.setFont(font);
            g.fillText("No messages" , 10, rowH * 2);
        }
    }

}
