package org.bgpscope.ui;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.bgpscope.testing.TestCaptures;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** Opens a test capture in the window as a user would, and waits until it is indexed and every row is in its table. */
final class OpenedCaptures {
    private OpenedCaptures() {}

    static CaptureView open(FxRobot robot, MainWindow window, String name) throws TimeoutException {
        robot.interact(() -> window.open(TestCaptures.file(name)));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> window.tabs().getTabs().stream().anyMatch(t ->
                t.getText().equals(name) && t.getContent() instanceof CaptureView v && v.capture().complete()
                        && v.table().rowCount() == v.capture().messages().size()));
        WaitForAsyncUtils.waitForFxEvents();
        return (CaptureView) window.tabs().getTabs().stream().filter(t -> t.getText().equals(name)).findFirst().orElseThrow().getContent();
    }
}
