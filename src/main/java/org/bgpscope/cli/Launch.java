package org.bgpscope.cli;

import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What {@code bgpscope ARGS} starts, decided without starting anything: the window (no arguments,
 * or every argument an existing file), the command line (a known command or option), or neither.
 */
public record Launch(Kind kind, List<String> files, String word) {
    public enum Kind {
        /** Open the window on {@link #files()} (the bundled sample when empty). */
        WINDOW,
        /** Run {@link Cli} with the arguments. */
        CLI,
        /** The window was asked for but there is no display to show it on. */
        NO_DISPLAY,
        /** {@link #word()} is neither a command nor an existing file. */
        UNKNOWN
    }

    public static final String NO_DISPLAY_TEXT = "bgpscope: no display; use `bgpscope list FILE` for the command line";

    /** The words {@link Cli} takes first: its commands and the options that stand alone. */
    public static boolean isCommand(String arg) {
        return switch (arg) {
            case "list", "decode", "export", "diagram", "capture", "bench", "help", "version", "--help", "-h", "--version", "-V" -> true;
            default -> false;
        };
    }

    /**
     * @param args   the command line
     * @param isFile whether a word names an existing file
     * @param env    the environment (DISPLAY, WAYLAND_DISPLAY)
     * @param os     the {@code os.name} property
     * @param headless whether JavaFX runs on its headless platform ({@code -Dglass.platform=Headless})
     */
    public static Launch decide(String[] args, Predicate<String> isFile, Map<String, String> env, String os, boolean headless) {
        if (args.length > 0 && isCommand(args[0])) {
            return new Launch(Kind.CLI, List.of(), null);
        }
        // `bgpscope -- -x.pcap`: files named like options, for the window.
        List<String> files = args.length > 0 && args[0].equals("--") ? List.of(args).subList(1, args.length) : List.of(args);
        for (String f : files) {
            if (!isFile.test(f)) {
                return new Launch(Kind.UNKNOWN, List.of(), f);
            }
        }
        if (!headless && needsDisplay(os) && blank(env.get("DISPLAY")) && blank(env.get("WAYLAND_DISPLAY"))) {
            return new Launch(Kind.NO_DISPLAY, files, null);
        }
        return new Launch(Kind.WINDOW, files, null);
    }

    /**
     * One line for a window that could not start: GTK's "Unable to open DISPLAY" (the variable is set
     * but no server answers) is the no-display line; anything else (GTK libraries missing, a failure in
     * the window's start) says what it was.
     */
    public static String windowFailure(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String why = root.getMessage() == null ? "" : root.getMessage().lines().findFirst().orElse("").strip().replaceFirst("\\.$", "");
        if (root instanceof UnsupportedOperationException && why.toLowerCase(java.util.Locale.ROOT).contains("display")) {
            return NO_DISPLAY_TEXT;
        }
        return "bgpscope: cannot start the window: " + (why.isEmpty() ? root.getClass().getName() : why)
                + "; use `bgpscope list FILE` for the command line";
    }

    /** Linux and the other X11/Wayland systems; Windows and macOS always have a screen to ask for. */
    private static boolean needsDisplay(String os) {
        String o = os == null ? "" : os.toLowerCase(java.util.Locale.ROOT);
        return !o.startsWith("windows") && !o.startsWith("mac");
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
