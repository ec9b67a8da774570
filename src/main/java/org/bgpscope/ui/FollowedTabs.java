package org.bgpscope.ui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.scene.control.Alert;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCombination;
import javafx.stage.Stage;
import org.bgpscope.capture.LiveCapture;
import org.bgpscope.capture.LiveCaptureException;

/**
 * The window's tabs whose file grows, and the menu items that act on them: File ▸ Follow and the
 * Capture menu (Start…, Stop). Each followed tab has its {@link Following}; a live capture is a
 * followed tab whose file the capture writes.
 */
final class FollowedTabs {
    /** How the window opens a file into a tab (a new one when {@code into} is null), followed or not. */
    interface Opener {
        Tab open(Path file, boolean follow, LiveCapture live, Tab into);
    }

    private final Stage stage;
    private final TabPane tabs;
    private final Opener opener;
    private final CheckMenuItem followItem = new CheckMenuItem("Follow");
    private final MenuItem startItem = new MenuItem("Start…");
    private final MenuItem stopItem = new MenuItem("Stop");
    private final Map<Tab, Following> followers = new HashMap<>();
    /** Where live captures come from (libpcap; tests give one that refuses). */
    private LiveCapture.Source source = LiveCapture.PCAP;
    /**
     * Files modified this recently are followed when opened (-Dbgpscope.followRecent=SECONDS; 0 follows
     * only what File ▸ Follow asks for).
     */
    private Duration recent = Duration.ofSeconds(Long.getLong("bgpscope.followRecent", 60));

    FollowedTabs(Stage stage, TabPane tabs, Opener opener) {
        this.stage = stage;
        this.tabs = tabs;
        this.opener = opener;
        followItem.setId("follow");
        followItem.setOnAction(e -> setFollow(tabs.getSelectionModel().getSelectedItem(), followItem.isSelected()));
        startItem.setAccelerator(KeyCombination.keyCombination("Shortcut+K"));
        startItem.setOnAction(e -> startDialog());
        stopItem.setAccelerator(KeyCombination.keyCombination("Shortcut+Shift+K"));
        stopItem.setOnAction(e -> stopCapture());
        tabs.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> updateMenus());
        // Closing the window completes the files of running captures before the program ends.
        stage.addEventHandler(javafx.stage.WindowEvent.WINDOW_HIDDEN, e -> {
            for (Following f : List.copyOf(followers.values())) {
                if (f.live() != null) {
                    f.live().close();
                }
            }
        });
        updateMenus();
    }

    /** File ▸ Follow. */
    MenuItem followItem() {
        return followItem;
    }

    /** The Capture menu. */
    Menu captureMenu() {
        Menu capture = new Menu("Capture", null, startItem, stopItem);
        capture.setOnShowing(e -> updateMenus());
        return capture;
    }

    void setSource(LiveCapture.Source source) {
        this.source = source;
    }

    void setRecent(Duration recent) {
        this.recent = recent;
    }

    /** Whether {@code file} was modified so recently that it is probably still being written. */
    boolean recentlyModified(Path file) {
        if (recent.isZero()) {
            return false;
        }
        try {
            return System.currentTimeMillis() - Files.getLastModifiedTime(file).toMillis() < recent.toMillis();
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether {@code tab}'s file is being followed now. */
    boolean following(Tab tab) {
        Following f = followers.get(tab);
        return f != null && f.active();
    }

    /**
     * {@code tab}'s capture was opened and its index is following the file: a follower takes over,
     * with {@code status} setting the tab's status line.
     */
    void started(Tab tab, CaptureView view, String name, LiveCapture live, Consumer<String> status) {
        Following f = new Following(view, name, live, status, () -> {
            if (tabs.getSelectionModel().getSelectedItem() == tab) {
                updateMenus();
            }
        });
        followers.put(tab, f);
        Platform.runLater(f::start);
        updateMenus();
    }

    /** {@code tab} closed: its follower stops and frees the index, or, with none, false is returned. */
    boolean closed(Tab tab) {
        Following f = followers.remove(tab);
        if (f == null) {
            return false;
        }
        f.close();
        return true;
    }

    /** File ▸ Follow and Capture ▸ Stop say what the tab in front allows. */
    void updateMenus() {
        Tab t = tabs.getSelectionModel().getSelectedItem();
        Following f = t == null ? null : followers.get(t);
        CaptureView v = t != null && t.getContent() instanceof CaptureView cv ? cv : null;
        followItem.setSelected(f != null && f.active());
        followItem.setDisable(v == null || !v.capture().capture().followable() || f != null && f.live() != null);
        stopItem.setDisable(f == null || f.live() == null || !f.active());
    }

    /**
     * File ▸ Follow for {@code tab}: on, a tab indexed whole is read again from its file and then
     * followed; off, following ends and the capture ends where the file ends now (a record still cut
     * is then reported as truncated, as {@code list --follow} does when it stops).
     */
    void setFollow(Tab tab, boolean on) {
        if (tab == null || !(tab.getContent() instanceof CaptureView v)) {
            return;
        }
        Following f = followers.get(tab);
        if (!on) {
            if (f != null && f.live() == null) {
                f.stop();
            }
        } else if ((f == null || !f.active()) && v.capture().capture().followable() && v.capture().complete()) {
            if (!closed(tab)) {
                v.capture().close();
            }
            opener.open(v.capture().capture().file(), true, null, tab);
        }
        updateMenus();
    }

    /**
     * Capture ▸ Start…: the dialog to choose the interface, filter, snap length and file; a capture
     * it starts opens as a tab that follows the file being written. When the interfaces cannot even
     * be listed (no libpcap), a dialog says how to install it instead. Returns the dialog, shown, or null.
     */
    CaptureDialog startDialog() {
        List<LiveCapture.Device> found;
        try {
            found = source.devices();
        } catch (LiveCaptureException e) {
            impossible(e.getMessage());
            return null;
        }
        if (found.isEmpty()) {
            impossible("libpcap finds no interface to capture on. On Linux it lists only the interfaces this user "
                    + "may capture on: " + LiveCapture.permissionFix() + ".");
            return null;
        }
        CaptureDialog d = new CaptureDialog(stage, source, found);
        d.resultProperty().addListener((o, was, live) -> {
            if (live != null) {
                show(live);
            }
        });
        d.show();
        return d;
    }

    /** Opens a tab showing {@code live}'s file as it is written, with its counts and a Stop button. */
    Tab show(LiveCapture live) {
        Tab tab = opener.open(live.output(), true, live, null);
        tab.setText("● " + live.settings().device() + ": " + live.output().getFileName());
        return tab;
    }

    /** Starts capturing on {@code device} with {@code filter} to the dialog's default file; says why when it cannot. */
    Tab start(String device, String filter) {
        try {
            return show(source.start(new LiveCapture.Settings(device, filter, LiveCapture.DEFAULT_SNAP_LENGTH,
                    CaptureDialog.defaultFile(), 0, null)));
        } catch (LiveCaptureException e) {
            impossible(e.getMessage());
            return null;
        }
    }

    /** Capture ▸ Stop: stops the capture shown in front; its file is complete, and re-opens to the same messages. */
    void stopCapture() {
        Tab t = tabs.getSelectionModel().getSelectedItem();
        Following f = t == null ? null : followers.get(t);
        if (f != null && f.live() != null) {
            f.stop();
        }
    }

    /** Says why live capture cannot start here and what to do, in text that can be copied. */
    private void impossible(String why) {
        Alert a = new Alert(Alert.AlertType.ERROR);
        a.setTitle("Live capture is not possible");
        a.setHeaderText("Live capture is not possible");
        TextArea text = new TextArea(why);
        text.setId("capture-impossible");
        text.setEditable(false);
        text.setWrapText(true);
        text.setPrefRowCount(5);
        a.getDialogPane().setContent(text);
        a.initOwner(stage);
        a.show();
    }
}
