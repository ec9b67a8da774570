package org.bgpscope.export;

import java.util.Locale;
import org.bgpscope.bgp.Ladder;

/**
 * A session's ladder as SVG: the two speakers on top, a lifeline each with its FSM state where it
 * changes, and an arrow per row labelled with what it carries, its message number and time. It uses
 * {@link LadderLayout}, so the file shows what the window showed. {@code highlight} (a row, or -1) is
 * drawn tinted.
 */
public final class LadderSvg {
    private LadderSvg() {}

    public static String write(Ladder l, int from, int to, int highlight) {
        LadderLayout g = new LadderLayout(LadderLayout.minimumWidth() + 140);
        double w = g.width();
        double h = LadderLayout.rowTop(to - from) + 12;
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" "
                + "font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" font-size=\"12\">%n", w, h, w, h));
        sb.append("<defs><marker id=\"head\" markerWidth=\"8\" markerHeight=\"8\" refX=\"8\" refY=\"4\" orient=\"auto-start-reverse\">"
                + "<path d=\"M0,0 L8,4 L0,8 z\" fill=\"context-stroke\"/></marker></defs>\n");
        sb.append(String.format(Locale.ROOT, "<rect width=\"%.0f\" height=\"%.0f\" fill=\"white\"/>%n", w, h));
        for (int s = 0; s < 2; s++) {
            double x = g.lifeline(s);
            text(sb, x, 18, "middle", "bold", "#000000", l.endpoint(s));
            text(sb, x, 34, "middle", "normal", "#444444", l.speaker(s));
            sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#888888\"/>%n",
                    x, LadderLayout.HEADER - 6, x, h));
        }
        for (int r = from; r < to; r++) {
            double top = LadderLayout.rowTop(r - from);
            if (r == highlight) {
                sb.append(String.format(Locale.ROOT, "<rect x=\"0\" y=\"%.1f\" width=\"%.0f\" height=\"%.1f\" fill=\"#cfe3ff\"/>%n", top, w, LadderLayout.ROW));
            }
            text(sb, 8, top + 17, "start", "normal", "#444444", l.stamp(r));
            if (l.note(r)) {
                text(sb, g.lifeline(1) - 10, top + 17, "end", "normal", "#5d4037", l.label(r));
                states(sb, l, g, r, top);
                continue;
            }
            int s = l.sender(r);
            double x0 = g.lifeline(s);
            double x1 = g.lifeline(s ^ 1);
            String colour = l.alarming(r) ? "#c0392b" : l.event(r) >= 0 ? "#777777" : "#1a4f9c";
            sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"1.5\"%s marker-end=\"url(#head)\"%s/>%n",
                    x0, top + 8, x1, top + 20, colour, l.event(r) >= 0 ? " stroke-dasharray=\"4,3\"" : "",
                    l.bothWays(r) ? " marker-start=\"url(#head)\"" : ""));
            text(sb, (x0 + x1) / 2, top + 11, "middle", "normal", colour, l.label(r));
            states(sb, l, g, r, top);
        }
        sb.append("</svg>\n");
        return sb.toString();
    }

    private static void states(StringBuilder sb, Ladder l, LadderLayout g, int r, double top) {
        for (int side = 0; side < 2; side++) {
            if (l.stateChanged(r, side)) {
                double x = g.lifeline(side) + (side == 0 ? -8 : 8);
                text(sb, x, top + 22, side == 0 ? "end" : "start", "bold", "#2e7d32", Ladder.stateName(l.state(r, side)));
            }
        }
    }

    private static void text(StringBuilder sb, double x, double y, String anchor, String weight, String fill, String s) {
        sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-weight=\"%s\" fill=\"%s\">%s</text>%n",
                x, y, anchor, weight, fill, esc(s)));
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
