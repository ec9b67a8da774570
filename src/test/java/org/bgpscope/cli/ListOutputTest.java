package org.bgpscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.bgpscope.capture.MappedCapture;
import org.bgpscope.capture.Progress;
import org.bgpscope.net.CaptureIndex;
import org.bgpscope.testing.TestCaptures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code list} formats rows on several threads at once; what it writes must not depend on that. */
class ListOutputTest {
    static Stream<String> captures() throws Exception {
        Path dir = TestCaptures.dir();
        try (Stream<Path> s = java.nio.file.Files.walk(dir, 2)) {
            return s.filter(java.nio.file.Files::isRegularFile).map(p -> dir.relativize(p).toString())
                    .filter(n -> !n.startsWith("reference") && !n.endsWith(".txt") && !n.endsWith(".md") && !n.endsWith(".txt.gz"))
                    .sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("captures")
    void rowsFormattedOnThreeThreadsInRunsOfSevenEqualRowsWrittenOneByOne(String name) throws Exception {
        for (boolean json : new boolean[] {false, true}) {
            String one = list(name, json, 1, Integer.MAX_VALUE);
            String three = list(name, json, 3, 7);
            assertTrue(!one.isEmpty(), name);
            assertEquals(one, three, name + (json ? " --json" : ""));
        }
    }

    private static String list(String name, boolean json, int threads, int minRun) throws Exception {
        try (MappedCapture c = MappedCapture.open(TestCaptures.file(name))) {
            try (CaptureIndex index = new CaptureIndex(c)) {
            try {
                index.build(Progress.NONE);
            } catch (org.bgpscope.capture.CaptureException e) {
                // A damaged capture lists what came before the damage, as the command does.
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            PrintStream ps = new PrintStream(bytes, false, StandardCharsets.UTF_8);
            try (ListOutput rows = new ListOutput(index, ps, json, threads, minRun)) {
                rows.all(true);
                rows.finish();
            }
            return bytes.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
