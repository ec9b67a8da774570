package org.bgpscope.ui;

import java.nio.file.Path;
import java.util.List;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Separator;
import javafx.scene.control.Tab;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.bgpscope.tree.Explanations;

/**
 * Help ▸ Tour: a panel beside the capture that walks through the bundled sample. Each step selects
 * a message and a field through the tab's {@link Selection} (so the list, tree, hex view, details,
 * diagram and ladder follow as they do for a click), brings a tab to the front, and explains it:
 * the step's text, then the field's entry in the explanation catalogue. The steps come from
 * {@link TourSteps}; the sample is opened first when it is not open.
 */
public final class TourPanel extends VBox {
    private final MainWindow window;
    private final Path sample;
    private final List<TourSteps.Step> steps;
    private final Label counter = new Label();
    private final Label title = new Label();
    private final Label text = new Label();
    private final Label about = new Label();
    private final Label aboutHeading = new Label("About this field");
    private final Button back = new Button("Back");
    private final Button next = new Button("Next");
    private final Button close = new Button("Close");
    private final Timeline waiting = new Timeline();
    private int at = -1;

    TourPanel(MainWindow window, Path sample, List<TourSteps.Step> steps) {
        super(8);
        this.window = window;
        this.sample = sample;
        this.steps = steps;
        setId("tour");
        getStyleClass().add("tour-panel");
        setPadding(new Insets(10, 12, 10, 12));
        setPrefWidth(340);
        setMinWidth(260);
        counter.getStyleClass().add("tour-counter");
        title.getStyleClass().add("tour-title");
        title.setWrapText(true);
        text.setWrapText(true);
        text.setId("tour-text");
        aboutHeading.getStyleClass().add("tour-counter");
        about.setWrapText(true);
        about.getStyleClass().add("tour-about");
        VBox body = new VBox(8, title, text, new Separator(), aboutHeading, about);
        body.setFillWidth(true);
        ScrollPane scroll = new ScrollPane(body);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("tour-scroll");
        VBox.setVgrow(scroll, Priority.ALWAYS);
        back.setId("tour-back");
        next.setId("tour-next");
        close.setId("tour-close");
        back.setOnAction(e -> back());
        next.setOnAction(e -> next());
        close.setOnAction(e -> close());
        next.setDefaultButton(true);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox buttons = new HBox(6, back, next, spacer, close);
        buttons.setAlignment(Pos.CENTER_LEFT);
        getChildren().addAll(counter, scroll, buttons);
        waiting.getKeyFrames().add(new KeyFrame(Duration.millis(100), e -> applyWhenReady()));
        waiting.setCycleCount(Timeline.INDEFINITE);
    }

    /** Shows the panel at the first step. */
    public void start() {
        window.setSidePanel(this);
        go(0);
    }

    public void next() {
        if (at + 1 < steps.size()) {
            go(at + 1);
        }
    }

    public void back() {
        if (at > 0) {
            go(at - 1);
        }
    }

    /** Closes the panel; the capture stays open as the tour left it. */
    public void close() {
        waiting.stop();
        window.setSidePanel(null);
    }

    /** The step on show (0-based), and the steps. */
    public int step() { return at; }
    public List<TourSteps.Step> steps() { return steps; }
    public Button nextButton() { return next; }
    public Button backButton() { return back; }
    public Label textLabel() { return text; }

    private void go(int i) {
        at = i;
        TourSteps.Step s = steps.get(i);
        counter.setText("Tour, step " + (i + 1) + " of " + steps.size());
        title.setText(s.title());
        text.setText(s.text());
        Explanations.Explanation e = s.key() == null ? null : Explanations.of(s.key());
        about.setText(e == null ? "" : e.text() + (e.rfc() == null ? "" : " (" + e.rfc() + ")"));
        about.setVisible(e != null);
        about.setManaged(e != null);
        aboutHeading.setVisible(e != null);
        aboutHeading.setManaged(e != null);
        back.setDisable(i == 0);
        next.setDisable(i + 1 == steps.size());
        if (sample == null || !java.nio.file.Files.isRegularFile(sample)) {
            text.setText("The tour walks through the bundled sample capture, and it is not here: "
                    + (sample == null ? "-Dbgpscope.sample names no file." : sample + " is missing."));
            next.setDisable(true);
            return;
        }
        if (!sampleOpen()) {
            window.open(sample);
        }
        waiting.stop();
        applyWhenReady();
        if (at == i && view() == null) {
            waiting.play();
        }
    }

    /** The sample's tab once its capture is indexed, or null. */
    private CaptureView view() {
        for (Tab t : window.tabs().getTabs()) {
            if (t.getContent() instanceof CaptureView v && v.capture().complete() && isSample(v)) {
                return v;
            }
        }
        return null;
    }

    private boolean isSample(CaptureView v) {
        return same(v.capture().capture().file());
    }

    private boolean same(Path f) {
        return f.toAbsolutePath().normalize().equals(sample.toAbsolutePath().normalize());
    }

    /** Whether a tab holds the sample, or is opening it (its tooltip names the file being opened). */
    private boolean sampleOpen() {
        for (Tab t : window.tabs().getTabs()) {
            if (t.getContent() instanceof CaptureView v ? isSample(v)
                    : t.getTooltip() != null && same(Path.of(t.getTooltip().getText()))) {
                return true;
            }
        }
        return false;
    }

    private void applyWhenReady() {
        CaptureView v = view();
        if (v == null) {
            return;
        }
        waiting.stop();
        TourSteps.Step s = steps.get(at);
        for (Tab t : window.tabs().getTabs()) {
            if (t.getContent() == v) {
                window.tabs().getSelectionModel().select(t);
            }
        }
        int m = s.message() - 1;
        if (m >= v.capture().messages().size()) {
            text.setText("This step names message " + s.message() + ", and the sample has "
                    + v.capture().messages().size() + " messages.");
            return;
        }
        v.selectMessage(m);
        if (s.key() == null) {
            v.selection().select(null);
        } else if (!v.selectField(s.key())) {
            text.setText("This step names the field " + s.key() + ", which message " + s.message() + " does not have.");
        }
        if (s.pane() != null) {
            v.lowerTabs().getTabs().stream().filter(t -> t.getText().startsWith(s.pane())).findFirst()
                    .ifPresent(t -> v.lowerTabs().getSelectionModel().select(t));
        }
    }
}
