package org.bgpscope.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TextArea;
import javafx.stage.Stage;
import org.bgpscope.testing.TestCaptures;
import org.bgpscope.capture.LiveCapture;
import org.bgpscope.capture.LiveCaptureException;
import org.bgpscope.capture.Progress;
import org.bgpscope.cli.Cli;
import org.bgpscope.net.CaptureIndex;
import org.bgpscope.testing.ScriptedSpeaker;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Capture ▸ Start… in the window: the dialog, what it says when capture is impossible, and a real BGP
 * session over loopback captured in a tab while tcpdump captures it too. Where this machine cannot
 * capture (no libpcap, no right to capture), the live part is skipped with the reason.
 */
@ExtendWith(ApplicationExtension.class)
class CaptureWindowTest {
    /** Not the command line test's address, so that both may run at once on one machine. */
    private static final String PASSIVE = "127.0.1.179";
    private static final String FILTER = "tcp port 179 and host " + PASSIVE;

    private MainWindow window;

    @TempDir
    Path dir;

    @Start
    void start(Stage stage) {
        window = new MainWindow(stage);
        window.show();
    }

    /** libpcap's interfaces, or the test is skipped with why they cannot be listed. */
    private static List<LiveCapture.Device> devicesOrSkip() {
        try {
            return LiveCapture.devices();
        } catch (LiveCaptureException e) {
            Assumptions.abort("libpcap cannot list the interfaces here: " + e.getMessage());
            return null;
        }
    }

    private CaptureDialog openDialog(FxRobot robot) {
        CaptureDialog[] d = new CaptureDialog[1];
        robot.interact(() -> d[0] = window.startCaptureDialog());
        assertNotNull(d[0], "the dialog opened");
        return d[0];
    }

    @Test
    void theCaptureDialogListsLibpcapsInterfacesAndDefaultsToBgpsPort(FxRobot robot) {
        List<LiveCapture.Device> devices = devicesOrSkip();
        CaptureDialog d = openDialog(robot);
        try {
            assertEquals(devices.stream().map(LiveCapture.Device::label).toList(),
                    d.deviceList().getItems().stream().map(LiveCapture.Device::label).toList(), "every interface, labelled");
            assertTrue(d.deviceList().getItems().stream().anyMatch(x -> x.name().equals("lo") && x.addresses().contains("127.0.0.1")),
                    "names and addresses are shown");
            assertNotNull(d.deviceList().getSelectionModel().getSelectedItem(), "an interface is chosen already");
            assertEquals("tcp port 179", d.filterField().getText());
            assertEquals("262144", d.snapLengthField().getText());
            Path file = Path.of(d.fileField().getText());
            assertTrue(file.getFileName().toString().matches("bgpscope-\\d{8}-\\d{6}\\.pcapng"), file.toString());
            assertTrue(Files.isDirectory(file.getParent()) && Files.isWritable(file.getParent()), file.toString());
            assertFalse(d.problemArea().isVisible(), "no problem to show before Start");
        } finally {
            robot.interact(d::close);
        }
    }

    @Test
    void withoutTheRightToCaptureTheDialogSaysHowToGetItAndStaysOpen(FxRobot robot) {
        LiveCapture.Device lo = new LiveCapture.Device("lo", null, List.of("127.0.0.1"), true, true);
        window.setCaptureSource(new LiveCapture.Source() {
            @Override
            public List<LiveCapture.Device> devices() {
                return List.of(lo);
            }

            @Override
            public LiveCapture start(LiveCapture.Settings s) throws LiveCaptureException {
                // What libpcap says when the socket is refused, turned into our error as for a real open.
                throw LiveCapture.openFailure(s.device(), "lo: You don't have permission to perform this capture on that "
                        + "device (socket: Operation not permitted)", null);
            }
        });
        CaptureDialog d = openDialog(robot);
        int tabs = window.tabs().getTabs().size();
        Button start = (Button) d.getDialogPane().lookupButton(CaptureDialog.START);
        robot.interact(start::fire);
        try {
            assertTrue(d.isShowing(), "the dialog stays open");
            assertTrue(d.problemArea().isVisible());
            String said = d.problemArea().getText();
            assertTrue(said.startsWith("no permission to capture on lo"), said);
            assertTrue(said.contains("run it as root (sudo)"), said);
            assertTrue(said.contains("sudo setcap cap_net_raw,cap_net_admin=eip /"), "names the program to allow: " + said);
            assertFalse(said.contains("Exception") || said.contains("\tat "), "no stack trace: " + said);
            assertEquals(tabs, window.tabs().getTabs().size(), "no tab opened");
        } finally {
            robot.interact(d::close);
        }
    }

    @Test
    void withoutLibpcapCaptureStartSaysHowToInstallIt(FxRobot robot) {
        window.setCaptureSource(new LiveCapture.Source() {
            @Override
            public List<LiveCapture.Device> devices() throws LiveCaptureException {
                // What the JVM raises when JNA finds no libpcap.so.
                throw LiveCapture.noLibpcap(new UnsatisfiedLinkError("Unable to load library 'pcap': libpcap.so: cannot open "
                        + "shared object file: No such file or directory"));
            }

            @Override
            public LiveCapture start(LiveCapture.Settings s) {
                throw new AssertionError("nothing starts without libpcap");
            }
        });
        CaptureDialog[] d = new CaptureDialog[1];
        robot.interact(() -> d[0] = window.startCaptureDialog());
        assertNull(d[0], "no capture dialog");
        TextArea text = robot.lookup("#capture-impossible").queryAs(TextArea.class);
        try {
            assertTrue(text.getText().startsWith("libpcap is not installed"), text.getText());
            assertTrue(text.getText().contains("sudo apt install libpcap0.8"), text.getText());
            assertTrue(text.getText().contains("Reading capture files works without it"), text.getText());
        } finally {
            robot.interact(() -> ((Stage) text.getScene().getWindow()).close());
        }
    }

    @Test
    void aLiveSessionAppearsInItsTabAndTheSavedFileListsAsTcpdumpsDoes(FxRobot robot) throws Exception {
        devicesOrSkip();
        Assumptions.assumeTrue(TestCaptures.tool("tcpdump") != null, "tcpdump is not installed: the comparison needs it");
        Path ours = dir.resolve("window.pcapng");
        Path theirs = dir.resolve("tcpdump.pcap");
        CaptureDialog d = openDialog(robot);
        robot.interact(() -> {
            d.deviceList().getItems().stream().filter(x -> x.name().equals("lo")).findFirst()
                    .ifPresent(x -> d.deviceList().getSelectionModel().select(x));
            d.filterField().setText(FILTER);
            d.fileField().setText(ours.toString());
        });
        Button start = (Button) d.getDialogPane().lookupButton(CaptureDialog.START);
        robot.interact(start::fire);
        if (d.isShowing()) {
            String why = d.problemArea().getText();
            robot.interact(d::close);
            assertTrue(why.contains("no permission to capture on lo") && why.contains("setcap cap_net_raw,cap_net_admin=eip"),
                    "a capture that cannot start says what to do: " + why);
            Assumptions.abort("no right to capture here, the dialog's words were checked instead; skipped the live part: " + why);
        }
        Tab tab = window.tabs().getSelectionModel().getSelectedItem();
        assertTrue(tab.getText().startsWith("● lo: window.pcapng"), tab.getText());
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> tab.getContent() instanceof CaptureView v && window.following(tab));
        CaptureView v = (CaptureView) tab.getContent();

        Path log = dir.resolve("tcpdump.log");
        Process dump = new ProcessBuilder(TestCaptures.tool("tcpdump"), "-i", "lo", "--immediate-mode", "-U", "-s", "0",
                "--time-stamp-precision=nano", "-w",
                theirs.toString(), FILTER).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        List<byte[]> sent;
        try {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!Files.readString(log).contains("listening on") && dump.isAlive() && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            assertTrue(Files.readString(log).contains("listening on"), Files.readString(log));
            sent = ScriptedSpeaker.exchange(InetAddress.getByName("127.0.0.1"), InetAddress.getByName(PASSIVE));
            // The rows appear while the capture runs, before anyone stops it.
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> v.table().rowCount() == sent.size());
            WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> window.statusText().contains(sent.size() + " BGP messages"));
            assertTrue(window.following(tab), "still capturing");
        } finally {
            Thread.sleep(300);
            dump.destroy();
            dump.waitFor(10, TimeUnit.SECONDS);
        }
        String status = window.statusText();
        assertTrue(status.startsWith("Capturing on lo to " + ours + ": "), status);
        assertTrue(status.matches(".*: \\d+ frames \\([\\d,]+ bytes\\), " + sent.size() + " BGP messages, \\d+ dropped \\(\\d+ by the interface\\)"),
                status);
        Label counts = robot.lookup("#capture-counts").queryAs(Label.class);
        assertEquals(status, counts.getText(), "the bar above the list shows the counts too");

        robot.clickOn("#capture-stop");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !window.following(tab));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(window.statusText().startsWith("Captured on lo to " + ours) && window.statusText().endsWith("; saved"),
                window.statusText());

        List<String> expected = new ArrayList<>();
        for (byte[] m : sent) {
            expected.add(HexFormat.of().formatHex(m));
        }
        expected.sort(null);
        List<String> shown = TestCaptures.messageHex(v.capture());
        List<String> saved;
        try (CaptureIndex reopened = CaptureIndex.open(ours, Progress.NONE)) {
            saved = TestCaptures.messageHex(reopened);
        }
        assertEquals(shown, saved, "the saved file re-opens to the messages the tab showed, byte for byte");
        List<String> sorted = new ArrayList<>(saved);
        sorted.sort(null);
        assertEquals(expected, sorted, "every message sent, once");
        List<String> oursListed = listedMessages(ours);
        assertEquals(listedMessages(theirs), oursListed, "bgpscope list gives the same message rows for the window's file "
                + "and tcpdump's");
        assertEquals(sent.size(), oursListed.size());
        // Frames are not compared: on loopback here libpcap, tcpdump's as much as ours, now and then never
        // delivers the closing FIN and ACK of a connection, so either file may lack them.
    }

    /**
     * The message rows `bgpscope list` prints, without their times: each capture takes its own time
     * stamp of a frame, a microsecond or so apart.
     */
    private static List<String> listedMessages(Path file) {
        return list(file).lines().filter(l -> !l.startsWith("-\t")).map(l -> l.replaceFirst("\t[^\t]*Z\t", "\tTIME\t")).toList();
    }

    private static String list(Path file) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new Cli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                .run("list", file.toString());
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }
}
