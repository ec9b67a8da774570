package org.bgpscope;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import org.bgpscope.cli.Cli;
import org.bgpscope.cli.Launch;

/**
 * Entry point: {@code bgpscope COMMAND ...} runs the command line; no arguments, or files, open the
 * window ({@link Launch} decides). Nothing here ends in a stack trace.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        String training = System.getProperty("bgpscope.training");
        if (training != null) {
            train(training);
            return;
        }
        Launch launch = Launch.decide(args, Main::isFile, System.getenv(), System.getProperty("os.name"),
                "headless".equalsIgnoreCase(System.getProperty("glass.platform")));
        switch (launch.kind()) {
            case CLI -> System.exit(Cli.main(args));
            case UNKNOWN -> {
                System.err.println("bgpscope: unknown command or file: " + launch.word());
                Cli.usage(System.err);
                System.exit(2);
            }
            case NO_DISPLAY -> {
                System.err.println(Launch.NO_DISPLAY_TEXT);
                System.exit(1);
            }
            case WINDOW -> window(launch.files().toArray(String[]::new));
        }
    }

    /**
     * The training run of the start-up cache (JDK 25's AOT cache, JEP 483/514/515; the launchers make
     * it once): what a user runs, on the bundled sample, so that the classes it loads and the methods
     * it compiles are ready at the next start. The command line lists, decodes and exports it; the
     * window opens it on JavaFX's headless platform (no display needed) and closes after its first rows.
     */
    private static void train(String sample) {
        java.io.PrintStream err = System.err;
        java.io.OutputStream none = java.io.OutputStream.nullOutputStream();
        for (String[] command : new String[][] {
                {"list", sample}, {"list", "--json", sample}, {"decode", sample}, {"decode", "--json", sample}}) {
            new Cli(none, new java.io.PrintStream(none)).run(command);
        }
        System.setProperty("glass.platform", "Headless");
        System.setProperty("prism.order", "sw");
        if (System.getProperty("bgpscope.exitAfterFirstRows") == null) {
            System.setProperty("bgpscope.exitAfterFirstRows", "500");
        }
        System.setErr(new java.io.PrintStream(none));
        try {
            org.bgpscope.ui.DesktopApp.start(new String[] {sample});
        } catch (Throwable t) {
            debug(t);
        } finally {
            System.setErr(err);
        }
    }

    private static boolean isFile(String arg) {
        try {
            return Files.isRegularFile(Path.of(arg));
        } catch (InvalidPathException e) {
            return false;
        }
    }

    /** Starts JavaFX; a toolkit that cannot start (no display, missing libraries) is one line, exit 1. */
    private static void window(String[] files) {
        try {
            org.bgpscope.ui.DesktopApp.start(files);
        } catch (Throwable t) {
            debug(t);
            System.err.println(Launch.windowFailure(t));
            System.exit(1);
        }
    }

    private static void debug(Throwable t) {
        if ("1".equals(System.getenv("BGPSCOPE_DEBUG"))) {
            t.printStackTrace();
        }
    }
}
