package org.bgpscope.export;

import java.util.Locale;
import org.bgpscope.tree.PacketDiagram;

/**
 * A packet diagram as SVG: the title, the bit ruler, a box per field with its name and value, and
 * the legend of the one-bit boxes. It draws the model's geometry as the window does, so a slide shows
 * what the window showed. {@code highlight} (a field's box, or null) is drawn tinted.
 */
public final class DiagramSvg {
    private DiagramSvg() {}

    public static String write(PacketDiagram d, PacketDiagram.Box highlight) {
        StringBuilder sb = new StringBuilder();
        double w = d.width();
        double h = d.height();
        sb.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" "
                        + "font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\">%n", w, h, w, h));
        sb.append(String.format(Locale.ROOT, "<rect width=\"%.0f\" height=\"%.0f\" fill=\"white\"/>%n", w, h));
        sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"14\" font-weight=\"bold\">%s</text>%n",
                PacketDiagram.MARGIN, PacketDiagram.MARGIN + 14, esc(d.title())));
        double rulerY = PacketDiagram.MARGIN + PacketDiagram.TITLE_HEIGHT;
        for (int bit = 0; bit < PacketDiagram.ROW_BITS; bit++) {
            double cx = PacketDiagram.MARGIN + (bit + 0.5) * PacketDiagram.BIT_WIDTH;
            String tens = PacketDiagram.rulerTens(bit);
            if (!tens.isEmpty()) {
                sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"middle\">%s</text>%n",
                        cx, rulerY + 12, tens));
            }
            sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"middle\">%s</text>%n",
                    cx, rulerY + 27, PacketDiagram.rulerUnits(bit)));
        }
        for (PacketDiagram.Box b : d.boxes()) {
            String fill = b == highlight ? "#cfe3ff" : b.node() == null ? "#f0f0f0" : b.variable() ? "#fbf7ea" : b.flag() ? "#eef6ee" : "#ffffff";
            sb.append("<g>");
            sb.append("<title>").append(esc(b.label() + (b.variable() ? " " + PacketDiagram.variableNote(b) : ""))).append("</title>");
            for (PacketDiagram.Cell c : b.cells()) {
                sb.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\" stroke=\"none\"/>",
                        c.x(), c.y(), c.width(), c.height(), fill));
                edges(sb, c, b.variable());
            }
            PacketDiagram.Cell c = b.labelCell();
            double cx = c.x() + c.width() / 2;
            double y = b.variable() && b.cells().size() == 2 ? c.y() + c.height() - 6 : c.y() + 18;
            boolean narrow = c.width() < 3 * PacketDiagram.BIT_WIDTH;
            String name = narrow ? b.shortName() : b.name() + (b.variable() ? " " + PacketDiagram.variableNote(b) : "");
            sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" text-anchor=\"middle\">%s</text>",
                    cx, y, esc(fit(name, c.width()))));
            if (!b.value().isEmpty()) {
                sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" text-anchor=\"middle\" font-family=\"DejaVu Sans Mono, monospace\" fill=\"#1a4f9c\">%s</text>",
                        cx, y + 17, esc(fit(b.value(), c.width()))));
            }
            sb.append("</g>\n");
        }
        double ly = PacketDiagram.MARGIN + PacketDiagram.TITLE_HEIGHT + PacketDiagram.RULER_HEIGHT + d.rows() * PacketDiagram.ROW_HEIGHT + 20;
        for (String line : d.legend()) {
            sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\">%s</text>%n", PacketDiagram.MARGIN, ly, esc(line)));
            ly += 16;
        }
        sb.append("</svg>\n");
        return sb.toString();
    }

    /** The cell's borders, leaving out the sides where the box goes on (and marking a variable box's break). */
    private static void edges(StringBuilder sb, PacketDiagram.Cell c, boolean variable) {
        double x0 = c.x(), y0 = c.y(), x1 = c.x() + c.width(), y1 = c.y() + c.height();
        // A variable box's two rows are one box: no line between them.
        if (!c.openTop()) {
            line(sb, x0, y0, x1, y0, false);
        }
        if (!c.openBottom()) {
            line(sb, x0, y1, x1, y1, false);
        }
        line(sb, x0, y0, x0, y1, c.openLeft());
        line(sb, x1, y0, x1, y1, c.openRight());
        if (variable) {
            // "~" on both sides, as the RFCs mark a field of variable length.
            sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"14\">~</text>", x0 + 3, y0 + c.height() / 2 + 5));
            sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"14\" text-anchor=\"end\">~</text>", x1 - 3, y0 + c.height() / 2 + 5));
        }
    }

    private static void line(StringBuilder sb, double x0, double y0, double x1, double y1, boolean open) {
        sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"%s/>",
                x0, y0, x1, y1, open ? "#999999" : "#000000", open ? " stroke-dasharray=\"2,3\"" : ""));
    }

    /** Shortens text to what fits a width at about 7 pixels a character. */
    static String fit(String s, double width) {
        int max = Math.max(1, (int) ((width - 6) / 7));
        return s.length() <= max ? s : max <= 1 ? s.substring(0, 1) : s.substring(0, max - 1) + "…";
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
