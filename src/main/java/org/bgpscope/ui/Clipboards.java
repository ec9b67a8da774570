package org.bgpscope.ui;

import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;

/** Text onto the system clipboard. */
final class Clipboards {
    private Clipboards() {}

    static void copy(String s) {
        ClipboardContent c = new ClipboardContent();
        c.putString(s);
        Clipboard.getSystemClipboard().setContent(c);
    }
}
