package org.bgpscope.ui;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import javafx.scene.Node;
import javafx.scene.SnapshotParameters;
import javafx.scene.control.Alert;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import javafx.stage.FileChooser;
import org.bgpscope.export.PngWriter;

/**
 * The right-click menu of a pane that draws something a user may put on a slide (the diagram, the
 * ladder): export it as SVG or PNG through a save dialog; a write that fails says why. Also the PNG
 * of a node as drawn, which they and the statistics charts write.
 */
final class ExportMenu {
    /** Writes the drawing to a file. */
    interface Writer {
        void write(Path to) throws IOException;
    }

    private ExportMenu() {}

    /**
     * @param on     the node right-clicked
     * @param what   what is drawn, as the menu names it ("diagram", "ladder")
     * @param ready  whether there is a drawing to export now
     * @param name   the file name offered, without its extension
     */
    static void attach(Node on, String what, BooleanSupplier ready, Supplier<String> name, Writer svg, Writer png) {
        MenuItem s = new MenuItem("Export " + what + " as SVG…");
        s.setOnAction(e -> choose(on, what, "SVG", "*.svg", ready, name, svg));
        MenuItem p = new MenuItem("Export " + what + " as PNG…");
        p.setOnAction(e -> choose(on, what, "PNG", "*.png", ready, name, png));
        ContextMenu menu = new ContextMenu(s, p);
        on.setOnContextMenuRequested(e -> menu.show(on, e.getScreenX(), e.getScreenY()));
    }

    private static void choose(Node on, String what, String format, String pattern, BooleanSupplier ready,
                               Supplier<String> name, Writer writer) {
        if (!ready.getAsBoolean()) {
            return;
        }
        FileChooser c = new FileChooser();
        c.setTitle("Export " + what + " as " + format);
        c.getExtensionFilters().add(new FileChooser.ExtensionFilter(format, pattern));
        c.setInitialFileName(name.get() + pattern.substring(1));
        java.io.File f = c.showSaveDialog(on.getScene() == null ? null : on.getScene().getWindow());
        if (f != null) {
            try {
                writer.write(f.toPath());
            } catch (IOException | RuntimeException ex) {
                Alert a = new Alert(Alert.AlertType.ERROR, "Could not write " + f + ": " + ex.getMessage());
                a.setHeaderText("Export failed");
                a.show();
            }
        }
    }

    /** The node as drawn, on white. */
    static WritableImage snapshot(Node node) {
        SnapshotParameters p = new SnapshotParameters();
        p.setFill(Color.WHITE);
        return node.snapshot(p, null);
    }

    /** Writes an image as PNG (PngWriter: no AWT). */
    static void writePng(WritableImage img, Path to) throws IOException {
        int w = (int) img.getWidth();
        int h = (int) img.getHeight();
        int[] argb = new int[w * h];
        img.getPixelReader().getPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), argb, 0, w);
        try (OutputStream out = Files.newOutputStream(to)) {
            PngWriter.write(argb, w, h, out);
        }
    }
}
