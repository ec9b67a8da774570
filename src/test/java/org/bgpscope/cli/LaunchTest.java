package org.bgpscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Main's choice between the window, the command line and an error, without starting JavaFX. */
class LaunchTest {
    private static final Set<String> FILES = Set.of("a.pcap", "b.mrt", "-x.pcap");
    private static final Map<String, String> X11 = Map.of("DISPLAY", ":0");

    private static Launch decide(Map<String, String> env, String os, String... args) {
        return Launch.decide(args, FILES::contains, env, os, false);
    }

    private static Launch decide(String... args) {
        return decide(X11, "Linux", args);
    }

    @Test
    void noArgumentsOrExistingFilesOpenTheWindow() {
        assertEquals(new Launch(Launch.Kind.WINDOW, List.of(), null), decide());
        assertEquals(new Launch(Launch.Kind.WINDOW, List.of("a.pcap", "b.mrt"), null), decide("a.pcap", "b.mrt"));
        assertEquals(new Launch(Launch.Kind.WINDOW, List.of("-x.pcap"), null), decide("--", "-x.pcap"));
    }

    @Test
    void knownCommandsAndTheirOptionsRunTheCommandLine() {
        for (String word : List.of("list", "decode", "export", "bench", "help", "version", "--version", "-V", "--help", "-h")) {
            assertEquals(Launch.Kind.CLI, decide(word, "a.pcap").kind(), word);
        }
    }

    @Test
    void anUnknownCommandWordNeverOpensTheWindow() {
        assertEquals(new Launch(Launch.Kind.UNKNOWN, List.of(), "lsit"), decide("lsit", "a.pcap"));
        assertEquals(new Launch(Launch.Kind.UNKNOWN, List.of(), "missing.pcap"), decide("a.pcap", "missing.pcap"));
        assertEquals(new Launch(Launch.Kind.UNKNOWN, List.of(), "--frobnicate"), decide("--frobnicate"));
        // With no display either: the unknown word is the first thing to say.
        assertEquals(Launch.Kind.UNKNOWN, decide(Map.of(), "Linux", "lsit").kind());
    }

    @Test
    void theWindowWithoutADisplayIsAOneLineErrorNotAStackTrace() {
        assertEquals(Launch.Kind.NO_DISPLAY, decide(Map.of(), "Linux").kind());
        assertEquals(Launch.Kind.NO_DISPLAY, decide(Map.of("DISPLAY", ""), "Linux", "a.pcap").kind());
        assertEquals(Launch.Kind.WINDOW, decide(Map.of("WAYLAND_DISPLAY", "wayland-0"), "Linux").kind());
        assertEquals(Launch.Kind.WINDOW, decide(Map.of(), "Windows 11").kind());
        assertEquals(Launch.Kind.WINDOW, decide(Map.of(), "Mac OS X").kind());
        assertEquals(Launch.Kind.WINDOW, Launch.decide(new String[0], FILES::contains, Map.of(), "Linux", true).kind(),
                "JavaFX's headless platform needs no display");
        assertEquals("bgpscope: no display; use `bgpscope list FILE` for the command line", Launch.NO_DISPLAY_TEXT);
    }

    @Test
    void aWindowThatCannotStartIsOneLineSayingWhy() {
        assertEquals(Launch.NO_DISPLAY_TEXT, Launch.windowFailure(new UnsupportedOperationException("Unable to open DISPLAY")));
        assertEquals("bgpscope: cannot start the window: Unable to load glass GTK library; use `bgpscope list FILE` for the command line",
                Launch.windowFailure(new UnsupportedOperationException("Unable to load glass GTK library.\nmore")));
        assertEquals("bgpscope: cannot start the window: java.lang.NullPointerException; use `bgpscope list FILE` for the command line",
                Launch.windowFailure(new RuntimeException("Exception in Application start method", new NullPointerException())));
    }
}
