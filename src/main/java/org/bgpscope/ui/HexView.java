package org.bgpscope.ui;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.Text;
import javafx.util.Duration;

/**
 * Offset | 16 bytes in hex | ASCII, drawn on a canvas for the visible rows only, so a message of any
 * size scrolls at once. The selected field's bytes are highlighted, its parent's in a lighter tint;
 * a click or the keyboard caret reports the byte under it.
 */
public final class HexView extends CanvasRows {
    private static final int PER_ROW = 16;

    private final Tooltip tip = new Tooltip();
    /** Where the pointer last was over the canvas (x, y, screen x, screen y), or null. */
    private double[] mouse;
    private final Font font = Font.font("Monospaced", 13);
    private final double charW;
    private final double rowH;

    private MemorySegment data = MemorySegment.ofArray(new byte[0]);
    private long[] pieceStarts = new long[0];
    private int selStart = -1;
    private int selLen;
    /** Extra highlighted ranges, [start, length] pairs: a field whose bytes span frames. */
    private int[] extra = new int[0];
    private int parentStart = -1;
    private int parentLen;
    private int caret = -1;
    private boolean dark;
    private IntConsumer onByte = k -> { };
    private IntFunction<String> describe = k -> null;

    public HexView() {
        getStyleClass().add("hex-view");
        Text probe = new Text("0123456789");
        probe.setFont(font);
        charW = probe.getLayoutBounds().getWidth() / 10;
        rowH = Math.ceil(probe.getLayoutBounds().getHeight() + 2);
        setPrefSize(charW * 80, 300);
        canvas.addEventHandler(MouseEvent.MOUSE_PRESSED, e -> {
            requestFocus();
            int k = byteAt(e.getX(), e.getY());
            if (k >= 0) {
                caret = k;
                onByte.accept(k);
                draw();
            }
        });
        canvas.addEventHandler(MouseEvent.MOUSE_MOVED, e -> {
            mouse = new double[] {e.getX(), e.getY(), e.getScreenX(), e.getScreenY()};
            hover(e.getX(), e.getY(), e.getScreenX(), e.getScreenY());
        });
        canvas.addEventHandler(MouseEvent.MOUSE_EXITED, e -> {
            mouse = null;
            tip.hide();
        });
        addEventHandler(ScrollEvent.SCROLL, e -> {
            scrollTo(bar.getValue() - e.getDeltaY() / rowH);
            // The bytes under a still pointer changed: describe the new one, not the one scrolled away.
            if (mouse != null) {
                hover(mouse[0], mouse[1], mouse[2], mouse[3]);
            }
        });
        addEventHandler(KeyEvent.KEY_PRESSED, this::key);
        tip.setShowDelay(Duration.millis(150));
    }

    /** Shows {@code bytes}; {@code pieceStarts} are the message offsets where a new TCP segment's bytes begin. */
    public void show(MemorySegment bytes, long[] pieceStarts) {
        this.extra = new int[0];
        this.data = bytes;
        this.pieceStarts = pieceStarts;
        selStart = parentStart = caret = -1;
        bar.setValue(0);
        layoutChildren();
        draw();
    }

    public void setOnByteSelected(IntConsumer c) {
        this.onByte = c;
    }

    public void setDescriber(IntFunction<String> f) {
        this.describe = f;
    }

    public void setDark(boolean dark) {
        this.dark = dark;
        draw();
    }

    /** Highlights {@code [start, start+len)} strongly and the parent range lightly, and scrolls to it. */
    public void highlight(int start, int len, int parentStart, int parentLen) {
        this.extra = new int[0];
        this.selStart = start;
        this.selLen = len;
        this.parentStart = parentStart;
        this.parentLen = parentLen;
        if (start >= 0) {
            reveal(start, len);
        }
        draw();
    }

    /** Highlights several ranges ([start, length] pairs) strongly, and scrolls to the first. */
    public void highlightRanges(int[] ranges) {
        this.extra = ranges.clone();
        this.selStart = ranges.length >= 2 ? ranges[0] : -1;
        this.selLen = ranges.length >= 2 ? ranges[1] : 0;
        this.parentStart = -1;
        if (selStart >= 0) {
            reveal(selStart, selLen);
        }
        draw();
    }

    private boolean inExtra(int k) {
        for (int e = 0; e + 1 < extra.length; e += 2) {
            if (k >= extra[e] && k < extra[e] + extra[e + 1]) {
                return true;
            }
        }
        return false;
    }

    public int highlightStart() {
        return selStart;
    }

    public int highlightLength() {
        return selLen;
    }

    public int caret() {
        return caret;
    }

    public long size() {
        return data.byteSize();
    }

    /** Moves the caret to byte {@code k} as a click would. */
    public void select(int k) {
        if (k >= 0 && k < data.byteSize()) {
            caret = k;
            reveal(k, 1);
            onByte.accept(k);
            draw();
        }
    }

    private void reveal(int start, int len) {
        revealRows(start / PER_ROW, (start + Math.max(1, len) - 1) / PER_ROW);
    }

    private void key(KeyEvent e) {
        int k = caret < 0 ? 0 : caret;
        switch (e.getCode()) {
            case LEFT -> k--;
            case RIGHT -> k++;
            case UP -> k -= PER_ROW;
            case DOWN -> k += PER_ROW;
            case PAGE_UP -> k -= PER_ROW * visibleRows();
            case PAGE_DOWN -> k += PER_ROW * visibleRows();
            case HOME -> k = 0;
            case END -> k = (int) data.byteSize() - 1;
            default -> {
                return;
            }
        }
        e.consume();
        select((int) Math.max(0, Math.min(data.byteSize() - 1, k)));
    }

    @Override
    protected long totalRows() {
        return (data.byteSize() + PER_ROW - 1) / PER_ROW;
    }

    @Override
    protected double rowHeight() {
        return rowH;
    }

    private double hexX(int col) {
        return charW * (8 + col * 3 + (col >= 8 ? 1 : 0));
    }

    private double asciiX(int col) {
        return charW * (8 + PER_ROW * 3 + 2 + col);
    }

    /** The byte under a point of the canvas, in the hex or the ASCII column, or -1. */
    int byteAt(double x, double y) {
        int row = (int) (y / rowH) + (int) bar.getValue();
        int col = -1;
        for (int c = 0; c < PER_ROW; c++) {
            if (x >= hexX(c) - charW / 2 && x < hexX(c) + charW * 2.5) {
                col = c;
            }
            if (x >= asciiX(c) && x < asciiX(c) + charW) {
                col = c;
            }
        }
        long k = (long) row * PER_ROW + col;
        return col < 0 || k >= data.byteSize() ? -1 : (int) k;
    }

    /** Canvas coordinates of the centre of byte {@code k}'s hex digits (for tests and tooltips). */
    public double[] pointOf(int k) {
        int row = k / PER_ROW - (int) bar.getValue();
        return new double[] {hexX(k % PER_ROW) + charW, row * rowH + rowH / 2};
    }

    /** The text the tooltip shows now (for tests). */
    public String tooltipText() {
        return tip.getText();
    }

    /** Hovers as the pointer would at canvas point {@code (x, y)} (for tests). */
    public void hoverAt(double x, double y) {
        mouse = new double[] {x, y, 0, 0};
        hover(x, y, 0, 0);
    }

    /** Scrolls as the mouse wheel would, by {@code rows} rows (for tests). */
    public void wheel(double rows) {
        fireEvent(new ScrollEvent(ScrollEvent.SCROLL, 0, 0, 0, 0, false, false, false, false, false, false, 0, -rows * rowH,
                0, -rows * rowH, ScrollEvent.HorizontalTextScrollUnits.NONE, 0, ScrollEvent.VerticalTextScrollUnits.NONE, 0, 0, null));
    }

    private void hover(double x, double y, double sx, double sy) {
        int k = byteAt(x, y);
        String text = k < 0 ? null : describe.apply(k);
        if (text == null) {
            tip.hide();
            return;
        }
        tip.setText(text);
        tip.show(this, sx + 12, sy + 12);
    }

    @Override
    void draw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        Color bg = dark ? Color.web("#1e1f22") : Color.WHITE;
        Color fg = dark ? Color.web("#d4d4d4") : Color.web("#1a1a1a");
        Color dim = dark ? Color.web("#7f848e") : Color.web("#8a8a8a");
        Color sel = dark ? Color.web("#2f65ca") : Color.web("#9cc3ff");
        Color par = dark ? Color.web("#2c3a52") : Color.web("#e3efff");
        Color car = dark ? Color.web("#f0c674") : Color.web("#d9822b");
        g.setFill(bg);
        g.fillRect(0, 0, w, h);
        g.setFont(font);
        int first = (int) bar.getValue();
        int visible = visibleRows() + 1;
        long size = data.byteSize();
        for (int r = 0; r < visible; r++) {
            int row = first + r;
            long base = (long) row * PER_ROW;
            if (base >= size) {
                break;
            }
            double y = r * rowH;
            double ty = y + rowH - 4;
            g.setFill(dim);
            g.fillText(String.format("%06x", base), 0, ty);
            StringBuilder ascii = new StringBuilder(PER_ROW);
            for (int c = 0; c < PER_ROW && base + c < size; c++) {
                int k = (int) (base + c);
                int b = data.get(ValueLayout.JAVA_BYTE, k) & 0xFF;
                Color fill = null;
                if ((selStart >= 0 && k >= selStart && k < selStart + selLen) || inExtra(k)) {
                    fill = sel;
                } else if (parentStart >= 0 && k >= parentStart && k < parentStart + parentLen) {
                    fill = par;
                }
                if (fill != null) {
                    g.setFill(fill);
                    g.fillRect(hexX(c) - charW / 2, y, charW * 3, rowH);
                    g.fillRect(asciiX(c), y, charW, rowH);
                }
                if (k == caret) {
                    g.setStroke(car);
                    g.setLineWidth(1.5);
                    g.strokeRect(hexX(c) - 1, y + 1, charW * 2 + 2, rowH - 2);
                }
                if (isPieceStart(k)) {
                    // A new TCP segment's bytes begin here: a thin bar before the byte.
                    g.setStroke(car);
                    g.setLineWidth(2);
                    g.strokeLine(hexX(c) - charW / 2, y + 1, hexX(c) - charW / 2, y + rowH - 1);
                }
                g.setFill(fg);
                g.fillText(String.format("%02x", b), hexX(c), ty);
                ascii.append(b >= 0x20 && b < 0x7F ? (char) b : '·');
            }
            g.setFill(dim);
            g.fillText(ascii.toString(), asciiX(0), ty);
        }
    }

    private boolean isPieceStart(int k) {
        for (long p : pieceStarts) {
            if (p == k && k > 0) {
                return true;
            }
        }
        return false;
    }
}
