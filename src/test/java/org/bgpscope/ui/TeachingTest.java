package org.bgpscope.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.ListView;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Tab;
import javafx.scene.control.TreeItem;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderPane;
import javafx.stage.Stage;
import org.bgpscope.testing.TestCaptures;
import org.bgpscope.tree.FieldNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Help ▸ Samples, Help ▸ Tour, the filter's autocompletion and the in-window notes, driven on the headless platform. */
@ExtendWith(ApplicationExtension.class)
class TeachingTest {
    private MainWindow window;

    @BeforeAll
    static void bundled() {
        // As the launcher passes them: the bundled sample and the samples' folder, from the clone.
        System.setProperty("bgpscope.sample", TourStepsTest.SAMPLE.toAbsolutePath().toString());
        System.setProperty("bgpscope.samples", SamplesTest.FOLDER.toAbsolutePath().toString());
        // The saved theme is whatever another test left; these tests read colours of the light one.
        System.setProperty("bgpscope.theme", "light");
    }

    @AfterAll
    static void unbundled() {
        System.clearProperty("bgpscope.sample");
        System.clearProperty("bgpscope.samples");
        System.clearProperty("bgpscope.theme");
    }

    @Start
    void start(Stage stage) {
        window = new MainWindow(stage);
        window.show();
    }

    private CaptureView waitForView(String name) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> window.tabs().getTabs().stream().anyMatch(t ->
                t.getText().equals(name) && t.getContent() instanceof CaptureView v && v.capture().complete()
                        && v.table().rowCount() == v.capture().messages().size()));
        WaitForAsyncUtils.waitForFxEvents();
        return (CaptureView) window.tabs().getTabs().stream().filter(t -> t.getText().equals(name)).findFirst().orElseThrow().getContent();
    }

    private Menu helpMenu() {
        MenuBar bar = (MenuBar) ((BorderPane) window.scene().getRoot()).getTop();
        return bar.getMenus().stream().filter(m -> m.getText().equals("Help")).findFirst().orElseThrow();
    }

    @Test
    void helpSamplesOpensEachSampleAsATabWithRows(FxRobot robot) throws Exception {
        Menu samples = (Menu) helpMenu().getItems().stream().filter(i -> "samples-menu".equals(i.getId())).findFirst().orElseThrow();
        assertEquals(5, samples.getItems().size());
        for (MenuItem item : samples.getItems()) {
            assertTrue(!item.isDisable(), item.getId());
            robot.interact(item::fire);
            String name = item.getId().substring("sample-".length());
            CaptureView v = waitForView(name);
            assertTrue(v.table().rowCount() > 0, name + " has rows");
        }
        assertEquals(List.of("session-start.pcap", "update-attributes.pcap", "malformed-flowspec.pcap", "extended-message.pcap",
                "flowspec.pcap"), window.tabs().getTabs().stream().map(Tab::getText).toList());
        // The malformed one shows its problem as the list does: in red, in the Problems tab.
        CaptureView malformed = waitForView("malformed-flowspec.pcap");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> malformed.problemList().getItems().stream()
                .anyMatch(p -> p.text().contains("unknown flowspec component type 0")));
    }

    @Test
    void theSamplesMenuShowsItsTitlesAndDescriptionsInTheMenusColoursNotTheSelections(FxRobot robot) throws Exception {
        robot.clickOn("Help");
        robot.moveTo("Samples");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup(".sample-title").queryAll().size() == 5);
        robot.moveTo("Session start");
        WaitForAsyncUtils.waitForFxEvents();
        List<javafx.scene.control.Label> labels = new java.util.ArrayList<>();
        robot.lookup(".sample-title").queryAllAs(javafx.scene.control.Label.class).forEach(labels::add);
        robot.lookup(".sample-description").queryAllAs(javafx.scene.control.Label.class).forEach(labels::add);
        assertEquals(10, labels.size());
        // The item under the pointer is drawn in the selection's colours; the others are not (light theme: dark
        // text on the menu's light background, where a label left to itself in a menu item's graphic came out white).
        javafx.scene.paint.Paint selected = labels.getFirst().getTextFill();
        for (javafx.scene.control.Label l : labels) {
            boolean underPointer = l.getText().equals("Session start") || l.getText().startsWith("BIRD and FRR connect");
            if (!underPointer) {
                assertTrue(!selected.equals(l.getTextFill()), l.getText() + " is drawn as if selected: " + l.getTextFill());
            }
        }
        robot.type(KeyCode.ESCAPE, 2);
    }

    /** The key of the field selected in the tree, or null when the message itself is. */
    private static String treeKey(CaptureView v) {
        TreeItem<FieldNode> t = v.tree().getSelectionModel().getSelectedItem();
        return t == null || t.getParent() == null ? null : t.getValue().key();
    }

    private static void waitForStep(CaptureView[] v, MainWindow window, TourSteps.Step s) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> {
            v[0] = window.tabs().getTabs().stream().map(Tab::getContent).filter(c -> c instanceof CaptureView)
                    .map(c -> (CaptureView) c).filter(c -> c.capture().complete()).findFirst().orElse(null);
            return v[0] != null && v[0].selection().message() == s.message() - 1
                    && java.util.Objects.equals(treeKey(v[0]), s.key());
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void theToursNextSelectsEachStepsFieldAndBackReturns(FxRobot robot) throws Exception {
        TourPanel[] tour = new TourPanel[1];
        robot.interact(() -> tour[0] = window.tour());
        List<TourSteps.Step> steps = tour[0].steps();
        CaptureView[] v = new CaptureView[1];
        waitForStep(v, window, steps.getFirst());
        assertEquals("sample.pcap", window.tabs().getSelectionModel().getSelectedItem().getText(), "the tour opened the sample");
        for (int i = 1; i < steps.size(); i++) {
            robot.clickOn("#tour-next");
            TourSteps.Step s = steps.get(i);
            waitForStep(v, window, s);
            assertEquals(i, tour[0].step());
            assertEquals(s.key(), v[0].selection().node().get() == null ? null : v[0].selection().node().get().key(), s.title());
            if (s.pane() != null) {
                assertTrue(v[0].lowerTabs().getSelectionModel().getSelectedItem().getText().startsWith(s.pane()), s.title());
            }
            assertEquals(s.text(), tour[0].textLabel().getText());
        }
        assertTrue(tour[0].nextButton().isDisabled(), "the last step has no Next");
        for (int i = steps.size() - 2; i >= 0; i--) {
            robot.clickOn("#tour-back");
            waitForStep(v, window, steps.get(i));
            assertEquals(i, tour[0].step());
        }
        assertTrue(tour[0].backButton().isDisabled(), "the first step has no Back");
        assertEquals(1, window.tabs().getTabs().size(), "the sample was opened once");
        robot.clickOn("#tour-close");
        assertNull(((BorderPane) window.scene().getRoot()).getRight(), "Close takes the panel away");
    }

    @SuppressWarnings("unchecked")
    @Test
    void autocompletionOffersFilterKeysAndTheCapturesValues(FxRobot robot) throws Exception {
        robot.interact(() -> window.open(TestCaptures.file("bird-frr.pcap")));
        CaptureView v = waitForView("bird-frr.pcap");
        robot.clickOn(v.filterField()).write("type:u");
        // ControlsFX's popup: a ListView of the suggestions, in a window of its own.
        java.util.function.Predicate<javafx.scene.Node> isPopup = n -> n instanceof ListView && n.getStyleClass().contains("auto-complete-popup");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup(isPopup).tryQueryAs(ListView.class)
                .map(l -> l.isVisible() && l.getScene().getWindow().isShowing() && l.getItems().contains("type:update")).orElse(false));
        ListView<String> popup = robot.lookup(isPopup).queryAs(ListView.class);
        assertEquals(List.of("type:update"), popup.getItems());
        // Choosing it completes the word, and the filter applies.
        robot.interact(() -> popup.getSelectionModel().select(0));
        robot.clickOn(popup.lookup(".list-cell"));
        long updates = java.util.stream.IntStream.range(0, v.capture().messages().size()).filter(i -> v.capture().messages().type(i) == 2).count();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> v.table().rowCount() == updates);
        assertEquals("type:update ", v.filterField().getText());
        // The values come from the capture: its peers and the ASes of its OPENs. (TestFX writes to the window shown
        // last, the popup: each word goes to the main window, as a keyboard's would.)
        suggestAfter(robot, v, "pe", List.of("peer:"));
        suggestAfter(robot, v, "er:10.", List.of("peer:10.200.0.1", "peer:10.200.0.2"));
        robot.type(KeyCode.BACK_SPACE, 8);
        suggestAfter(robot, v, "asn:6", List.of("asn:65010", "asn:65020"));
        // Enter takes the first suggestion, as a click would.
        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> v.filterField().getText().equals("type:update asn:65010 "));
        suggestAfter(robot, v, "type:", List.of("type:open", "type:update", "type:notification", "type:keepalive", "type:route-refresh"));
    }

    private void suggestAfter(FxRobot robot, CaptureView v, String typed, List<String> expected) throws Exception {
        robot.targetWindow(window.scene().getWindow()).write(typed);
        try {
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> v.filterBar().offered().equals(expected));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("after [" + v.filterField().getText() + "] the popup offered " + v.filterBar().offered()
                    + ", not " + expected);
        }
    }

    @Test
    void aRequestThatCannotBeMetIsANoteNotADialog(FxRobot robot) throws Exception {
        robot.interact(() -> assertNull(window.editBytes(), "no message to edit"));
        WaitForAsyncUtils.waitForFxEvents();
        assertNotNull(window.noteText());
        assertTrue(window.noteText().startsWith("Edit Message Bytes: select a BGP message first"), window.noteText());
        assertEquals(1, robot.listWindows().stream().filter(w -> w.isShowing() && w instanceof Stage).count(), "no dialog opened");
    }
}
