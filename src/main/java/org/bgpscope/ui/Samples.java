package org.bgpscope.ui;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.layout.VBox;

/**
 * Help ▸ Samples: small real captures cut from the test captures by tools/samples/make-samples.sh,
 * each chosen to teach one thing. Their folder holds index.txt, one line per sample in menu order:
 * file name, tab, title, tab, a one-line description. The launcher and the installer name the folder
 * with -Dbgpscope.samples.
 */
public final class Samples {
    /** One sample: its capture, the title of its menu item and the line that says what it shows. */
    public record Sample(Path file, String title, String description) {}

    private Samples() {}

    /** The folder named by -Dbgpscope.samples, or null when it is not set. */
    public static Path folder() {
        String s = System.getProperty("bgpscope.samples");
        return s == null || s.isBlank() ? null : Path.of(s);
    }

    /**
     * Reads {@code folder}/index.txt.
     *
     * @throws IOException when it cannot be read, a line is not three tab-separated fields, or a
     *     listed file is missing; the message names the file and line
     */
    public static List<Sample> read(Path folder) throws IOException {
        Path index = folder.resolve("index.txt");
        List<String> lines = Files.readAllLines(index, StandardCharsets.UTF_8);
        List<Sample> out = new ArrayList<>();
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (f.length != 3 || f[0].isBlank() || f[1].isBlank() || f[2].isBlank()) {
                throw new IOException(index + ": line " + (n + 1) + ": expected FILE<tab>TITLE<tab>DESCRIPTION");
            }
            Path file = folder.resolve(f[0]);
            if (!Files.isRegularFile(file)) {
                throw new IOException(index + ": line " + (n + 1) + ": " + file + " is missing");
            }
            out.add(new Sample(file, f[1], f[2]));
        }
        return List.copyOf(out);
    }

    /**
     * The Samples menu: an item per sample (its title, and its description below in smaller type)
     * that opens it with {@code open}; a disabled item saying why when there are none.
     */
    static Menu menu(Path folder, Consumer<Path> open) {
        Menu menu = new Menu("Samples");
        menu.setId("samples-menu");
        if (folder == null) {
            menu.getItems().add(disabled("No samples: -Dbgpscope.samples names no folder"));
            return menu;
        }
        List<Sample> samples;
        try {
            samples = read(folder);
        } catch (IOException e) {
            menu.getItems().add(disabled("No samples: " + org.bgpscope.capture.IoErrors.reason(e)));
            return menu;
        }
        for (Sample s : samples) {
            Label title = new Label(s.title());
            title.getStyleClass().add("sample-title");
            Label description = new Label(s.description());
            description.getStyleClass().add("sample-description");
            MenuItem item = new MenuItem(null, new VBox(1, title, description));
            item.setId("sample-" + s.file().getFileName());
            item.setOnAction(e -> open.accept(s.file()));
            menu.getItems().add(item);
        }
        return menu;
    }

    private static MenuItem disabled(String text) {
        MenuItem i = new MenuItem(text);
        i.setDisable(true);
        return i;
    }
}
