package org.bgpscope.ui;

/** Placeholder until the window lands in this session; replaced below. */
public final class DesktopApp {
    private DesktopApp() {}

    public static void start(String[] args) {
        throw new UnsupportedOperationException("window not built yet");
    }
}
