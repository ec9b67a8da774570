import java.lang.management.ManagementFactory;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;

/**
 * The floor under BGP Scope's launch time: JavaFX's own empty window, one label, on the same JDK,
 * JavaFX and kind of start-up cache as the app. tools/bench/launch.sh times it beside the app and
 * Wireshark; nothing the app does can make its window show sooner than this one does.
 * It prints "first frame after N ms from launch" once its first frame is laid out and handed to the
 * renderer, and with -Dfloor.quit=true then quits (for training its start-up cache).
 */
public final class FxFloor extends Application {
    @Override
    public void start(Stage stage) {
        Scene scene = new Scene(new Label("BGP Scope"), 1200, 800);
        scene.addPostLayoutPulseListener(new Runnable() {
            @Override
            public void run() {
                scene.removePostLayoutPulseListener(this);
                long ms = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
                System.err.println("first frame after " + ms + " ms from launch");
                if (Boolean.getBoolean("floor.quit")) {
                    Platform.runLater(Platform::exit);
                }
            }
        });
        stage.setTitle("FxFloor");
        stage.setScene(scene);
        stage.show();
    }

    public static void main(String[] args) {
        launch(args);
    }
}
