package org.bgpscope.ui;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The steps of Help ▸ Tour, read from the resource {@code tour.txt}: each names a message of the
 * bundled sample, the field to select in it, the tab to show below the hex view, a title and the
 * text. The steps are data, so the tour changes without code.
 */
public final class TourSteps {
    /** The tabs a step may bring to the front. */
    static final Set<String> PANES = Set.of("Details", "Diagram", "Ladder", "Problems");

    /**
     * One step: {@code message} is 1-based as in the list; {@code key} the field to select, or null
     * for the message itself; {@code pane} a tab below the hex view, or null.
     */
    public record Step(int message, String key, String pane, String title, String text) {}

    private TourSteps() {}

    /** The tour's steps, in order. */
    public static List<Step> load() {
        try (InputStream in = TourSteps.class.getResourceAsStream("tour.txt")) {
            if (in == null) {
                throw new IllegalStateException("tour.txt is missing from the application");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads steps; a malformed line is an IllegalArgumentException naming its line number. */
    static List<Step> parse(String text) {
        List<Step> steps = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        int message = 0;
        String key = null;
        String pane = null;
        String title = null;
        StringBuilder body = null;
        int at = 0;
        for (int n = 0; n <= lines.length; n++) {
            String line = n < lines.length ? lines[n].strip() : "@";
            if (line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("@")) {
                if (body != null) {
                    if (title == null || body.toString().isBlank()) {
                        throw new IllegalArgumentException("tour.txt line " + at + ": a step needs a title: and some text");
                    }
                    steps.add(new Step(message, key, pane, title, body.toString().strip()));
                }
                if (n == lines.length) {
                    break;
                }
                String[] f = line.substring(1).strip().split("\\s+");
                try {
                    message = Integer.parseInt(f[0]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("tour.txt line " + (n + 1) + ": expected @ MESSAGE [KEY], not " + line);
                }
                if (message < 1 || f.length > 2) {
                    throw new IllegalArgumentException("tour.txt line " + (n + 1) + ": expected @ MESSAGE [KEY], not " + line);
                }
                key = f.length == 2 ? f[1] : null;
                pane = null;
                title = null;
                body = new StringBuilder();
                at = n + 1;
            } else if (body == null) {
                if (!line.isEmpty()) {
                    throw new IllegalArgumentException("tour.txt line " + (n + 1) + ": text before the first @ step");
                }
            } else if (line.startsWith("title:")) {
                title = line.substring(6).strip();
            } else if (line.startsWith("pane:")) {
                pane = line.substring(5).strip();
                if (!PANES.contains(pane)) {
                    throw new IllegalArgumentException("tour.txt line " + (n + 1) + ": pane is one of " + PANES + ", not " + pane);
                }
            } else if (line.isEmpty()) {
                if (!body.isEmpty() && !body.toString().endsWith("\n\n")) {
                    body.append("\n\n");
                }
            } else {
                if (!body.isEmpty() && !body.toString().endsWith("\n")) {
                    body.append(' ');
                }
                body.append(line);
            }
        }
        return List.copyOf(steps);
    }
}
