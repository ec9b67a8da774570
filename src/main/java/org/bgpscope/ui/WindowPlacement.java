package org.bgpscope.ui;

import javafx.geometry.Rectangle2D;

/**
 * Where the first window goes: its preferred size, shrunk to fit the screen's visible area (less the
 * panels and the docks), and centred there, so that no edge starts off-screen on a small display.
 */
record WindowPlacement(double x, double y, double width, double height) {
    static final double PREFERRED_WIDTH = 1440;
    static final double PREFERRED_HEIGHT = 900;

    static WindowPlacement fit(Rectangle2D visible, double preferredWidth, double preferredHeight) {
        double w = Math.min(preferredWidth, visible.getWidth());
        double h = Math.min(preferredHeight, visible.getHeight());
        return new WindowPlacement(visible.getMinX() + (visible.getWidth() - w) / 2, visible.getMinY() + (visible.getHeight() - h) / 2, w, h);
    }
}
