package org.bgpscope.export;

/**
 * Where a ladder's parts go, shared by the window's canvas and the SVG export so both draw the same
 * figure: the stamp column on the left, two lifelines, a row per message or TCP event.
 */
public record LadderLayout(double width) {
    public static final double ROW = 26;
    public static final double HEADER = 48;
    public static final double LEFT = 260;
    public static final double MIN_SPAN = 360;
    public static final double RIGHT_MARGIN = 150;

    /** The x of side {@code s}'s lifeline. */
    public double lifeline(int s) {
        return s == 0 ? LEFT : Math.max(LEFT + MIN_SPAN, width - RIGHT_MARGIN);
    }

    /** The y of the top of row {@code k} counted from the first row drawn. */
    public static double rowTop(int k) {
        return HEADER + k * ROW;
    }

    /** The width a figure needs: the lifelines at their minimum span, with room for state names. */
    public static double minimumWidth() {
        return LEFT + MIN_SPAN + RIGHT_MARGIN;
    }
}
