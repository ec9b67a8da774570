package org.bgpscope.ui;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import javafx.event.ActionEvent;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.bgpscope.capture.LiveCapture;
import org.bgpscope.capture.LiveCaptureException;

/**
 * Capture ▸ Start…: the interface (its name, addresses and description as libpcap lists them), a
 * capture filter, the snap length and the pcapng file to write. Start opens the capture; when it
 * cannot start (no right to capture, a filter libpcap rejects, a folder that cannot be written) the
 * dialog stays open and says what to do, and its result is null until a capture runs.
 */
public final class CaptureDialog extends Dialog<LiveCapture> {
    public static final ButtonType START = new ButtonType("Start", ButtonBar.ButtonData.OK_DONE);

    private final ListView<LiveCapture.Device> devices = new ListView<>();
    private final TextField filter = new TextField(LiveCapture.DEFAULT_FILTER);
    private final TextField snapLength = new TextField(Integer.toString(LiveCapture.DEFAULT_SNAP_LENGTH));
    private final TextField output = new TextField();
    private final TextArea problem = new TextArea();

    public CaptureDialog(Window owner, LiveCapture.Source source, List<LiveCapture.Device> found) {
        initOwner(owner);
        setTitle("Start Capture");
        setHeaderText("Capture BGP live to a pcapng file");
        setResizable(true);
        devices.setId("capture-devices");
        devices.getItems().setAll(found);
        devices.setCellFactory(v -> new javafx.scene.control.ListCell<>() {
            @Override
            protected void updateItem(LiveCapture.Device d, boolean empty) {
                super.updateItem(d, empty);
                setText(empty || d == null ? null : d.label());
            }
        });
        devices.setPrefHeight(160);
        devices.getSelectionModel().select(preferred(found));
        filter.setId("capture-filter");
        snapLength.setId("capture-snaplen");
        output.setId("capture-file");
        output.setText(defaultFile().toString());
        output.setPrefColumnCount(40);
        Button browse = new Button("Browse…");
        browse.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        browse.setOnAction(e -> browse());
        problem.setId("capture-problem");
        problem.setEditable(false);
        problem.setWrapText(true);
        problem.setPrefRowCount(4);
        problem.setVisible(false);
        problem.setManaged(false);
        problem.getStyleClass().add("capture-problem");

        GridPane grid = new GridPane(8, 8);
        grid.setPadding(new Insets(10));
        javafx.scene.layout.ColumnConstraints labels = new javafx.scene.layout.ColumnConstraints();
        labels.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        grid.getColumnConstraints().add(labels);
        Label interfaceLabel = new Label("Interface");
        GridPane.setValignment(interfaceLabel, javafx.geometry.VPos.TOP);
        grid.addRow(0, interfaceLabel, devices);
        grid.addRow(1, new Label("Capture filter"), filter);
        grid.addRow(2, new Label("Snap length (bytes)"), snapLength);
        HBox file = new HBox(6, output, browse);
        HBox.setHgrow(output, Priority.ALWAYS);
        grid.addRow(3, new Label("Write to"), file);
        grid.add(problem, 0, 4, 2, 1);
        GridPane.setHgrow(devices, Priority.ALWAYS);
        getDialogPane().setContent(grid);
        getDialogPane().getButtonTypes().addAll(START, ButtonType.CANCEL);
        getDialogPane().setPrefWidth(720);

        LiveCapture[] started = new LiveCapture[1];
        Button start = (Button) getDialogPane().lookupButton(START);
        start.setId("capture-start");
        start.addEventFilter(ActionEvent.ACTION, e -> {
            try {
                started[0] = source.start(settings());
            } catch (LiveCaptureException | IllegalArgumentException x) {
                showProblem(x.getMessage());
                e.consume(); // the dialog stays open: the user can fix what it says
            }
        });
        setResultConverter(b -> b == START ? started[0] : null);
    }

    /** The settings the fields give; an IllegalArgumentException names the field that is wrong. */
    LiveCapture.Settings settings() {
        LiveCapture.Device d = devices.getSelectionModel().getSelectedItem();
        if (d == null) {
            throw new IllegalArgumentException("Choose an interface to capture on.");
        }
        int snap;
        try {
            snap = Integer.parseInt(snapLength.getText().strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("The snap length is a number of bytes, not '" + snapLength.getText() + "'.");
        }
        if (snap < 1 || snap > LiveCapture.DEFAULT_SNAP_LENGTH) {
            throw new IllegalArgumentException("The snap length is from 1 to " + LiveCapture.DEFAULT_SNAP_LENGTH + " bytes, not " + snap + ".");
        }
        String out = output.getText().strip();
        if (out.isEmpty()) {
            throw new IllegalArgumentException("Name the pcapng file to write.");
        }
        return new LiveCapture.Settings(d.name(), filter.getText(), snap, Path.of(out), 0, null);
    }

    /** Shows why the capture cannot start, in words that can be copied (the setcap line). */
    void showProblem(String text) {
        problem.setText(text);
        problem.setVisible(true);
        problem.setManaged(true);
        getDialogPane().getScene().getWindow().sizeToScene();
    }

    /** The first interface that is up and not loopback (where BGP peers are), else the first. */
    static int preferred(List<LiveCapture.Device> found) {
        for (int i = 0; i < found.size(); i++) {
            if (found.get(i).up() && !found.get(i).loopback() && !found.get(i).name().equals("any")) {
                return i;
            }
        }
        return 0;
    }

    /** bgpscope-YYYYMMDD-HHMMSS.pcapng in the home folder, or in TMPDIR (else /tmp) when home cannot be written. */
    static Path defaultFile() {
        String name = "bgpscope-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".pcapng";
        Path home = Path.of(System.getProperty("user.home", "."));
        String tmp = System.getenv("TMPDIR");
        Path dir = Files.isDirectory(home) && Files.isWritable(home) ? home
                : Path.of(tmp != null && !tmp.isBlank() ? tmp : System.getProperty("java.io.tmpdir"));
        return dir.resolve(name);
    }

    private void browse() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Write the capture to");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("pcapng (*.pcapng)", "*.pcapng"));
        Path now = Path.of(output.getText().strip());
        if (now.getParent() != null && Files.isDirectory(now.getParent())) {
            fc.setInitialDirectory(now.getParent().toFile());
            fc.setInitialFileName(now.getFileName().toString());
        }
        File f = fc.showSaveDialog(getOwner());
        if (f != null) {
            output.setText(f.getPath());
        }
    }

    // For tests.
    ListView<LiveCapture.Device> deviceList() { return devices; }
    TextField filterField() { return filter; }
    TextField snapLengthField() { return snapLength; }
    TextField fileField() { return output; }
    TextArea problemArea() { return problem; }
}
