package org.bgpscope.ui;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.image.WritableImage;
import javafx.scene.input.MouseEvent;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.TextAlignment;
import org.bgpscope.export.DiagramSvg;
import org.bgpscope.tree.FieldNode;
import org.bgpscope.tree.PacketDiagram;

/**
 * The packet diagram of the selected structure, RFC style (tree/PacketDiagram's geometry, as
 * {@code bgpscope diagram} draws it). Clicking a box selects its field; pointing at one lights its
 * bytes in the hex view. Right-click exports it as SVG or PNG.
 */
public final class DiagramPane extends ScrollPane {
    private final Selection selection;
    private final Canvas canvas = new Canvas();
    private final Tooltip tip = new Tooltip();
    private PacketDiagram diagram;
    private PacketDiagram.Box hovered;

    public DiagramPane(Selection selection) {
        this.selection = selection;
        setId("diagram");
        setContent(new javafx.scene.Group(canvas));
        setFitToWidth(false);
        // The figure shrinks to the pane's width (down to half size), as a slide would show it.
        viewportBoundsProperty().addListener((o, a, b) -> scale());
        setPannable(false);
        selection.shown().addListener((o, a, b) -> show(b == null ? null : b.decoded().root()));
        selection.node().addListener((o, a, b) -> {
            if (b != null) {
                show(b);
            } else if (selection.decoded() != null) {
                show(selection.decoded().root());
            }
        });
        canvas.addEventHandler(MouseEvent.MOUSE_CLICKED, e -> click(e.getX(), e.getY()));
        canvas.addEventHandler(MouseEvent.MOUSE_MOVED, e -> hover(e.getX(), e.getY()));
        canvas.addEventHandler(MouseEvent.MOUSE_EXITED, e -> hover(-1, -1));
        ExportMenu.attach(canvas, "diagram", () -> diagram != null, () -> diagram.structure().key().replace('.', '-'), this::exportSvg, this::exportPng);
    }

    /** The diagram on show, or null. */
    public PacketDiagram diagram() {
        return diagram;
    }

    public Canvas canvas() {
        return canvas;
    }

    private void show(FieldNode n) {
        diagram = n == null ? null : PacketDiagram.of(n);
        hovered = null;
        draw();
    }

    /** A click on a box selects its field (bits no field names select the structure). */
    public void click(double x, double y) {
        if (diagram == null) {
            return;
        }
        PacketDiagram.Box b = diagram.boxAt(x, y);
        if (b != null) {
            selection.select(b.node() != null ? b.node() : diagram.structure());
        }
    }

    /** The pointer is on a box: its bytes light up in the hex view, and its label shows in a tooltip. */
    public void hover(double x, double y) {
        PacketDiagram.Box b = diagram == null ? null : diagram.boxAt(x, y);
        if (b == hovered) {
            return;
        }
        hovered = b;
        selection.hovered().set(b == null ? null : b.node() != null ? b.node() : diagram.structure());
        if (b == null) {
            Tooltip.uninstall(canvas, tip);
        } else {
            tip.setText(b.label() + (b.variable() ? " " + PacketDiagram.variableNote(b) : "") + "\nbits " + b.bitOffset() + " to "
                    + (b.bitOffset() + b.bits() - 1) + " of the structure");
            Tooltip.install(canvas, tip);
        }
        draw();
    }

    private void draw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        if (diagram == null) {
            canvas.setWidth(0);
            canvas.setHeight(0);
            return;
        }
        canvas.setWidth(diagram.width());
        canvas.setHeight(diagram.height());
        scale();
        g.setFill(Color.WHITE);
        g.fillRect(0, 0, canvas.getWidth(), canvas.getHeight());
        g.setFill(Color.BLACK);
        g.setTextBaseline(VPos.BASELINE);
        g.setTextAlign(TextAlignment.LEFT);
        g.setFont(Font.font("System", FontWeight.BOLD, 14));
        g.fillText(diagram.title(), PacketDiagram.MARGIN, PacketDiagram.MARGIN + 14);
        g.setFont(Font.font("System", 11));
        g.setTextAlign(TextAlignment.CENTER);
        double rulerY = PacketDiagram.MARGIN + PacketDiagram.TITLE_HEIGHT;
        for (int bit = 0; bit < PacketDiagram.ROW_BITS; bit++) {
            double cx = PacketDiagram.MARGIN + (bit + 0.5) * PacketDiagram.BIT_WIDTH;
            g.fillText(PacketDiagram.rulerTens(bit), cx, rulerY + 12);
            g.fillText(PacketDiagram.rulerUnits(bit), cx, rulerY + 27);
        }
        FieldNode selected = selection.node().get();
        for (PacketDiagram.Box b : diagram.boxes()) {
            Color fill = b == hovered ? Color.web("#fff0c0")
                    : b.node() != null && b.node() == selected ? Color.web("#cfe3ff")
                    : b.node() == null ? Color.web("#f0f0f0") : b.variable() ? Color.web("#fbf7ea") : b.flag() ? Color.web("#eef6ee") : Color.WHITE;
            for (PacketDiagram.Cell c : b.cells()) {
                g.setFill(fill);
                g.fillRect(c.x(), c.y(), c.width(), c.height());
                edges(g, c, b.variable());
            }
            PacketDiagram.Cell c = b.labelCell();
            double cx = c.x() + c.width() / 2;
            double y = b.variable() && b.cells().size() == 2 ? c.y() + c.height() - 6 : c.y() + 18;
            boolean narrow = c.width() < 3 * PacketDiagram.BIT_WIDTH;
            String name = narrow ? b.shortName() : b.name() + (b.variable() ? " " + PacketDiagram.variableNote(b) : "");
            g.setTextAlign(TextAlignment.CENTER);
            g.setFill(Color.BLACK);
            g.setFont(Font.font("System", 12));
            g.fillText(fit(name, c.width()), cx, y);
            if (!b.value().isEmpty()) {
                g.setFill(Color.web("#1a4f9c"));
                g.setFont(Font.font("Monospaced", 12));
                g.fillText(fit(b.value(), c.width()), cx, y + 17);
            }
        }
        g.setTextAlign(TextAlignment.LEFT);
        g.setFill(Color.BLACK);
        g.setFont(Font.font("System", 11));
        double ly = PacketDiagram.MARGIN + PacketDiagram.TITLE_HEIGHT + PacketDiagram.RULER_HEIGHT + diagram.rows() * PacketDiagram.ROW_HEIGHT + 20;
        for (String line : diagram.legend()) {
            g.fillText(line, PacketDiagram.MARGIN, ly);
            ly += 16;
        }
    }

    /** While exporting a PNG: drawn at full size. */
    private boolean fullSize;

    private void scale() {
        double w = getViewportBounds() == null ? 0 : getViewportBounds().getWidth();
        double s = fullSize || diagram == null || w <= 0 ? 1 : Math.max(0.5, Math.min(1, w / diagram.width()));
        canvas.setScaleX(s);
        canvas.setScaleY(s);
    }

    private static void edges(GraphicsContext g, PacketDiagram.Cell c, boolean variable) {
        double x0 = c.x() + 0.5, y0 = c.y() + 0.5, x1 = c.x() + c.width() + 0.5, y1 = c.y() + c.height() + 0.5;
        g.setLineWidth(1);
        g.setStroke(Color.BLACK);
        g.setLineDashes();
        if (!c.openTop()) {
            g.strokeLine(x0, y0, x1, y0);
        }
        if (!c.openBottom()) {
            g.strokeLine(x0, y1, x1, y1);
        }
        side(g, x0, y0, y1, c.openLeft());
        side(g, x1, y0, y1, c.openRight());
        if (variable) {
            g.setFill(Color.BLACK);
            g.setFont(Font.font("System", 14));
            g.setTextAlign(TextAlignment.LEFT);
            g.fillText("~", c.x() + 3, c.y() + c.height() / 2 + 5);
            g.setTextAlign(TextAlignment.RIGHT);
            g.fillText("~", c.x() + c.width() - 3, c.y() + c.height() / 2 + 5);
        }
    }

    private static void side(GraphicsContext g, double x, double y0, double y1, boolean open) {
        g.setStroke(open ? Color.gray(0.6) : Color.BLACK);
        g.setLineDashes(open ? new double[] {2, 3} : null);
        g.strokeLine(x, y0, x, y1);
        g.setLineDashes();
        g.setStroke(Color.BLACK);
    }

    private static String fit(String s, double width) {
        int max = Math.max(1, (int) ((width - 6) / 7));
        return s.length() <= max ? s : max <= 1 ? s.substring(0, 1) : s.substring(0, max - 1) + "…";
    }

    /** Writes the diagram on show as SVG, the selected field tinted. */
    public void exportSvg(Path to) throws IOException {
        PacketDiagram.Box selected = diagram.boxOf(selection.node().get());
        Files.writeString(to, DiagramSvg.write(diagram, selected), StandardCharsets.UTF_8);
    }

    /** Writes the diagram as drawn, as PNG. */
    public void exportPng(Path to) throws IOException {
        PacketDiagram.Box keep = hovered;
        hovered = null;
        draw();
        // At full size, whatever the pane's width shrank it to on screen (the snapshot lays the pane out again).
        fullSize = true;
        WritableImage img;
        try {
            scale();
            img = ExportMenu.snapshot(canvas);
        } finally {
            fullSize = false;
            scale();
        }
        hovered = keep;
        draw();
        ExportMenu.writePng(img, to);
    }
}
