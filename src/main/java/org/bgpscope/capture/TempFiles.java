package org.bgpscope.capture;

import java.io.IOException;
import java.nio.file.Path;

/** Temporary files the program writes (decompressed copies, pasted hex): one place for their folder and name. */
public final class TempFiles {
    private TempFiles() {}

    /**
     * A new file in {@code $TMPDIR} (or {@code -Djava.io.tmpdir}), named after this process so that one
     * left by a killed process is removed at the next start; deleted at exit.
     */
    public static Path create(String suffix) throws IOException {
        return Decompressor.createTemp(suffix);
    }
}
