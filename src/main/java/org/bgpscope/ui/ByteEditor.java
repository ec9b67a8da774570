package org.bgpscope.ui;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import javafx.animation.PauseTransition;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.ToolBar;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import javafx.stage.Window;
import javafx.util.Duration;
import org.bgpscope.bgp.Negotiated;
import org.bgpscope.capture.PastedHex;
import org.bgpscope.export.ByteFormats;
import org.bgpscope.export.EditedMessage;
import org.bgpscope.net.MessageKind;
import org.bgpscope.tree.FieldNode;
import org.bgpscope.tree.MessageDecoder;
import org.bgpscope.tree.Outcome;
import org.bgpscope.tree.Problem;

/**
 * Edit a message's bytes and see at once what breaks: the hex is plain text (undo and redo are the
 * text area's own, Ctrl+Z and Ctrl+Y), and every edit decodes again under the message's session: the
 * field tree, the problems, and what a receiving router would do (RFC 4271 §6, RFC 7606). The edited
 * bytes are saved as raw BGP or as a one-packet pcap; the capture is never touched.
 */
public final class ByteEditor {
    private final Stage stage = new Stage();
    private final TextArea hex = new TextArea();
    private final Label outcome = new Label();
    private final Label status = new Label();
    private final TreeView<String> tree = new TreeView<>();
    private final ListView<String> problems = new ListView<>();
    private final Negotiated session;
    private byte[] bytes = new byte[0];
    private Outcome verdict;

    public ByteEditor(Window owner, String title, byte[] message, Negotiated session) {
        this.session = session;
        stage.initOwner(owner);
        stage.setTitle("Edit Bytes — " + title);
        hex.setId("edit-hex");
        hex.setStyle("-fx-font-family: monospace");
        hex.setWrapText(false);
        hex.setText(lines(message));
        outcome.setId("edit-outcome");
        outcome.setWrapText(true);
        outcome.setStyle("-fx-font-weight: bold");
        status.setId("edit-status");
        tree.setShowRoot(true);
        problems.setId("edit-problems");

        Button undo = new Button("Undo");
        undo.disableProperty().bind(hex.undoableProperty().not());
        undo.setOnAction(e -> hex.undo());
        Button redo = new Button("Redo");
        redo.disableProperty().bind(hex.redoableProperty().not());
        redo.setOnAction(e -> hex.redo());
        Button copy = new Button("Copy as Hex");
        copy.setOnAction(e -> Clipboards.copy(ByteFormats.HEX.format(bytes)));
        Button raw = new Button("Save Raw…");
        raw.setOnAction(e -> save(false));
        Button pcap = new Button("Save pcap…");
        pcap.setOnAction(e -> save(true));
        ToolBar bar = new ToolBar(undo, redo, copy, raw, pcap);

        PauseTransition debounce = new PauseTransition(Duration.millis(150));
        debounce.setOnFinished(e -> decode());
        hex.textProperty().addListener((o, a, b) -> debounce.playFromStart());

        VBox right = new VBox(6, outcome, tree, new Label("Problems"), problems);
        right.setPadding(new Insets(6));
        VBox.setVgrow(tree, Priority.ALWAYS);
        SplitPane split = new SplitPane(hex, right);
        split.setDividerPositions(0.5);
        BorderPane root = new BorderPane(split, bar, null, status, null);
        BorderPane.setMargin(status, new Insets(2, 6, 2, 6));
        stage.setScene(new Scene(root, 1100, 640));
        decode();
    }

    public void show() {
        stage.show();
    }

    public Stage stage() { return stage; }
    public TextArea hexArea() { return hex; }
    public Label outcomeLabel() { return outcome; }
    public ListView<String> problemList() { return problems; }
    public TreeView<String> tree() { return tree; }
    public Outcome outcome() { return verdict; }
    public byte[] bytes() { return bytes.clone(); }

    /** 16 bytes a line, as the hex view shows them. */
    static String lines(byte[] b) {
        StringBuilder sb = new StringBuilder();
        HexFormat h = HexFormat.of();
        for (int i = 0; i < b.length; i++) {
            sb.append(i == 0 ? "" : i % 16 == 0 ? "\n" : " ").append(h.toHexDigits(b[i]));
        }
        return sb.toString();
    }

    /** Reads the text as hex and decodes it; text that is not hex is said in the status line and nothing changes. */
    void decode() {
        byte[] b;
        try {
            b = PastedHex.parse(hex.getText());
        } catch (IllegalArgumentException e) {
            status.setText("not hex: " + e.getMessage());
            return;
        }
        bytes = b;
        int type = b.length > 18 ? b[18] & 0xFF : 0;
        FieldNode root = MessageDecoder.decode(MemorySegment.ofArray(b), MessageKind.BGP_MESSAGE, type, b.length, 0, session);
        verdict = Outcome.of(root);
        outcome.setText("A router receiving this: " + verdict.text());
        outcome.setStyle("-fx-font-weight: bold; -fx-text-fill: " + (Outcome.ACCEPT.equals(verdict.action()) ? "#2e7d32" : "#c62828"));
        tree.setRoot(item(root));
        tree.getRoot().setExpanded(true);
        List<String> found = new ArrayList<>();
        problems(root, found);
        problems.getItems().setAll(found);
        status.setText(b.length + " bytes; decoded with " + session.note());
    }

    private static TreeItem<String> item(FieldNode n) {
        TreeItem<String> t = new TreeItem<>(n.text() + "  [" + n.offset() + "+" + n.length() + "]");
        for (FieldNode c : n.children()) {
            t.getChildren().add(item(c));
        }
        t.setExpanded(n.hasProblemsBelow());
        return t;
    }

    private static void problems(FieldNode n, List<String> out) {
        for (Problem p : n.problems()) {
            out.add(p.severity().name().toLowerCase() + ", byte " + p.offset() + " (" + n.name() + "): " + p.text()
                    + (p.action() == null ? "" : " (RFC 7606: " + p.action() + ")"));
        }
        for (FieldNode c : n.children()) {
            problems(c, out);
        }
    }

    private Consumer<String> errors = msg -> status.setText(msg);

    private void save(boolean asPcap) {
        FileChooser fc = new FileChooser();
        fc.setTitle(asPcap ? "Save the edited message as pcap" : "Save the edited message as raw BGP");
        fc.setInitialFileName(asPcap ? "edited.pcap" : "edited.bgp");
        java.io.File f = fc.showSaveDialog(stage);
        if (f != null) {
            save(f.toPath(), asPcap);
        }
    }

    /** Writes the edited bytes; a failure is said in the status line and leaves no file. */
    public boolean save(Path out, boolean asPcap) {
        try {
            if (asPcap) {
                EditedMessage.savePcap(out, bytes, System.currentTimeMillis() / 1000);
            } else {
                EditedMessage.saveRaw(out, bytes);
            }
            status.setText("saved " + bytes.length + " bytes to " + out);
            return true;
        } catch (java.io.IOException | org.bgpscope.capture.CaptureException | IllegalArgumentException e) {
            errors.accept("cannot save: " + e.getMessage());
            return false;
        }
    }
}
