package org.bgpscope.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import javafx.geometry.Rectangle2D;
import org.junit.jupiter.api.Test;

class WindowPlacementTest {
    @Test
    void onA1280By800ScreenTheWindowFitsTheVisibleAreaWithEveryEdgeOnScreen() {
        // A 1280×800 display with a 28-pixel top panel.
        WindowPlacement p = WindowPlacement.fit(new Rectangle2D(0, 28, 1280, 772), 1440, 900);
        assertEquals(new WindowPlacement(0, 28, 1280, 772), p);
    }

    @Test
    void onALargeScreenTheWindowHasItsPreferredSizeCentred() {
        WindowPlacement p = WindowPlacement.fit(new Rectangle2D(1920, 0, 2560, 1440), 1440, 900);
        assertEquals(new WindowPlacement(1920 + 560, 270, 1440, 900), p);
    }
}
