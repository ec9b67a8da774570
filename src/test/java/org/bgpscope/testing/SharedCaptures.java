package org.bgpscope.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** The real captures in ../shared/captures (CI has ../shared beside the checkout). */
public final class SharedCaptures {
    private SharedCaptures() {}

    public static Path dir() {
        Path p = Path.of(System.getProperty("bgpscope.captures", "../shared/captures"));
        if (!Files.isDirectory(p)) {
            throw new IllegalStateException("shared captures not found at " + p.toAbsolutePath()
                    + "; the tests need ../shared/captures beside the checkout");
        }
        return p;
    }

    public static Path file(String name) {
        return dir().resolve(name);
    }

    public static Path reference(String name) {
        return dir().resolve("reference").resolve(name);
    }

    public static void assumeTool(String name) {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin", name)), name + " not installed");
    }
}
