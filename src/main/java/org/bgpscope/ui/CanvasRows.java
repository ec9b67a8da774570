package org.bgpscope.ui;

import javafx.geometry.Orientation;
import javafx.scene.canvas.Canvas;
import javafx.scene.control.ScrollBar;
import javafx.scene.layout.Region;

/**
 * A canvas that draws only the rows in view, with a vertical scroll bar counted in rows: the base of
 * the message table and the hex view, so that a million rows cost what a screenful does.
 */
abstract class CanvasRows extends Region {
    protected final Canvas canvas = new Canvas();
    protected final ScrollBar bar = new ScrollBar();

    protected CanvasRows() {
        bar.setOrientation(Orientation.VERTICAL);
        bar.valueProperty().addListener((o, a, b) -> draw());
        getChildren().addAll(canvas, bar);
        // An opaque plain background (light.css, dark.css) makes this region the root of its repaints:
        // the panes behind it, whose backgrounds software rendering draws slowly, are not painted again.
        getStyleClass().add("canvas-rows");
        setFocusTraversable(true);
        setMinSize(200, 80);
    }

    /** Rows in all. */
    protected abstract long totalRows();

    protected abstract double rowHeight();

    /** Canvas height above the first row (a column header), 0 for none. */
    protected double headerHeight() {
        return 0;
    }

    abstract void draw();

    protected int visibleRows() {
        return Math.max(1, (int) ((canvas.getHeight() - headerHeight()) / rowHeight()));
    }

    /** The first row in view. */
    protected int topRow() {
        return (int) bar.getValue();
    }

    protected void scrollTo(double top) {
        bar.setValue(Math.max(0, Math.min(bar.getMax(), top)));
    }

    /** Scrolls the least that brings rows {@code first} to {@code last} into view. */
    protected void revealRows(long first, long last) {
        int top = topRow();
        int visible = visibleRows();
        if (first < top) {
            scrollTo(first);
        } else if (last >= top + visible) {
            scrollTo(Math.min(first, last - visible + 1));
        }
    }

    public Canvas canvas() {
        return canvas;
    }

    @Override
    protected void layoutChildren() {
        double w = getWidth();
        double h = getHeight();
        double bw = bar.prefWidth(-1);
        canvas.setWidth(Math.max(0, w - bw));
        canvas.setHeight(Math.max(0, h));
        bar.resizeRelocate(w - bw, 0, bw, h);
        int visible = visibleRows();
        long rows = totalRows();
        bar.setMax(Math.max(0, rows - visible + 1));
        // Fewer rows than before (a filter): never stay scrolled past the end, over an empty canvas.
        if (bar.getValue() > bar.getMax()) {
            bar.setValue(bar.getMax());
        }
        bar.setVisibleAmount(Math.max(1, Math.min(rows, visible)));
        bar.setBlockIncrement(visible);
        bar.setUnitIncrement(1);
        bar.setVisible(rows > visible);
        draw();
    }
}
