package org.bgpscope.ui;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.prefs.Preferences;
import javafx.geometry.Insets;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.bgpscope.bgp.Family;
import org.bgpscope.bgp.Negotiated;
import org.bgpscope.bgp.Overrides;
import org.bgpscope.bgp.Sessions;
import org.bgpscope.net.CaptureIndex;

/**
 * View ▸ Decode As…: shows what the session model decided for the selected message and why, and
 * lets the user say otherwise: 4-octet AS, extended messages, and ADD-PATH per family and direction
 * ("as decided", on or off). The choice applies to every session of the file, is remembered per file,
 * and is what {@code --assume} takes on the command line.
 */
public final class DecodeAsDialog extends Dialog<Overrides> {
    static final String AS_DECIDED = "as decided";
    private static final List<Family> COMMON = List.of(Family.IPV4_UNICAST, Family.IPV6_UNICAST, new Family(1, 2), new Family(2, 2),
            new Family(1, 4), new Family(2, 4), new Family(1, 128), new Family(2, 128));

    private final ChoiceBox<String> as4 = new ChoiceBox<>();
    private final ChoiceBox<String> extended = new ChoiceBox<>();
    private final List<Row> rows = new ArrayList<>();

    private record Row(Family family, Overrides.Direction direction, ChoiceBox<String> choice) {}

    public DecodeAsDialog(Window owner, CaptureIndex capture, Sessions sessions, int message) {
        initOwner(owner);
        setTitle("Decode As");
        setHeaderText("How to read this file's messages");
        Overrides now = sessions.overrides();
        Negotiated decided = message >= 0 ? sessions.forMessage(message) : null;

        as4.getItems().addAll(AS_DECIDED, "4-octet", "2-octet");
        as4.setValue(now.as4() == null ? AS_DECIDED : now.as4() ? "4-octet" : "2-octet");
        as4.setId("decode-as-as4");
        extended.getItems().addAll(AS_DECIDED, "on", "off");
        extended.setValue(now.extendedMessage() == null ? AS_DECIDED : now.extendedMessage() ? "on" : "off");
        extended.setId("decode-as-extended-message");

        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(6);
        int r = 0;
        grid.addRow(r++, new Label("4-octet AS numbers (RFC 6793)"), as4,
                new Label(decided == null ? "" : decided.describeAs4()));
        grid.addRow(r++, new Label("Extended messages (RFC 8654)"), extended, new Label(""));
        grid.addRow(r++, new Label("ADD-PATH (RFC 7911)"), new Label("received (rx)"), new Label("sent (tx)"));
        Set<Family> families = new LinkedHashSet<>(COMMON);
        if (decided != null) {
            families.addAll(decided.addPathReasons().keySet());
        }
        for (Family f : families) {
            ChoiceBox<String> rx = choice(f, Overrides.Direction.RX, now);
            ChoiceBox<String> tx = choice(f, Overrides.Direction.TX, now);
            Label why = new Label(decided == null ? "" : decided.addPathReasons().containsKey(f) ? decided.describeAddPath(f)
                    : "off: neither an OPEN nor a message of this session uses " + f);
            why.setWrapText(true);
            why.setMaxWidth(520);
            grid.addRow(r++, new Label(f.toString()), new javafx.scene.layout.HBox(6, rx, tx), why);
        }
        String which = "";
        if (message >= 0 && capture.messages().flow(message) >= 0) {
            which = ", direction " + sessions.direction(capture.messages().flow(message)).name().toLowerCase();
        }
        Label note = new Label(message < 0 ? "Select a message to see how it was decided."
                : "The reasons shown are those for message " + (message + 1) + which + ". Your choices apply to every session of the file.");
        note.setWrapText(true);
        VBox box = new VBox(10, grid, note);
        box.setPadding(new Insets(10));
        getDialogPane().setContent(box);
        getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
    }

    private ChoiceBox<String> choice(Family f, Overrides.Direction d, Overrides now) {
        ChoiceBox<String> c = new ChoiceBox<>();
        c.getItems().addAll(AS_DECIDED, "on", "off");
        Boolean said = now.addPath(f, d);
        c.setValue(said == null ? AS_DECIDED : said ? "on" : "off");
        c.setId("decode-as-addpath-" + f.id() + "-" + d.name().toLowerCase());
        rows.add(new Row(f, d, c));
        return c;
    }

    /** The overrides the dialog's choices spell. */
    public Overrides overrides() {
        Overrides o = Overrides.NONE;
        o = o.withAs4(as4.getValue().equals(AS_DECIDED) ? null : as4.getValue().equals("4-octet"));
        o = o.withExtendedMessage(extended.getValue().equals(AS_DECIDED) ? null : extended.getValue().equals("on"));
        for (Row row : rows) {
            String v = row.choice().getValue();
            o = o.withAddPath(row.family(), row.direction(), v.equals(AS_DECIDED) ? null : v.equals("on"));
        }
        return o;
    }

    private static Preferences prefs() {
        return Preferences.userRoot().node("org/bgpscope/decode-as");
    }

    private static String key(Path file) {
        // Preferences keys are at most 80 characters: a digest of the absolute path.
        return Integer.toHexString(file.toAbsolutePath().normalize().toString().hashCode())
                + Long.toHexString(file.toAbsolutePath().normalize().toString().chars().asLongStream().sum());
    }

    /** What the user chose for {@code file} last time, or no overrides. */
    public static Overrides remembered(Path file) {
        try {
            return Overrides.parse(prefs().get(key(file), ""));
        } catch (RuntimeException e) {
            return Overrides.NONE;
        }
    }

    public static void remember(Path file, Overrides o) {
        try {
            if (o.isEmpty()) {
                prefs().remove(key(file));
            } else {
                prefs().put(key(file), o.spec());
            }
        } catch (RuntimeException e) {
            // preferences unavailable: the choice holds for this session only
        }
    }
}
