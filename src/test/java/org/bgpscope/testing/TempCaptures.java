package org.bgpscope.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bgpscope.capture.CaptureException;
import org.bgpscope.capture.Progress;
import org.bgpscope.net.CaptureIndex;

/** Writes bytes to a file in a test's temporary folder and indexes it. */
public final class TempCaptures {
    private TempCaptures() {}

    public static Path write(Path dir, String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    public static CaptureIndex index(Path dir, String name, byte[] bytes) throws IOException, CaptureException {
        return CaptureIndex.open(write(dir, name, bytes), Progress.NONE);
    }
}
