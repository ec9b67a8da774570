package org.bgpscope.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.bgpscope.capture.Progress;
import org.bgpscope.net.CaptureIndex;
import org.bgpscope.testing.TestCaptures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** JSON and ExaBGP exports write runs of messages on several threads; what they write must not depend on that. */
class ParallelJsonTest {
    static Stream<String> captures() throws Exception {
        Path dir = TestCaptures.dir();
        try (Stream<Path> s = Files.walk(dir, 2)) {
            return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString())
                    .filter(n -> !n.startsWith("reference") && !n.endsWith(".txt") && !n.endsWith(".md"))
                    .sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("captures")
    void jsonAndExabgpWrittenOnThreeThreadsInRunsOfFiveEqualOneThread(String name) throws Exception {
        int threads = Exporter.threads;
        int minRun = Exporter.minRun;
        try (CaptureIndex index = CaptureIndex.open(TestCaptures.file(name), Progress.NONE)) {
            for (ExportFormat f : new ExportFormat[] {ExportFormat.JSON, ExportFormat.EXABGP}) {
                Exporter.threads = 1;
                String one = export(index, f);
                Exporter.threads = 3;
                Exporter.minRun = 5;
                String three = export(index, f);
                Exporter.minRun = minRun;
                assertTrue(!one.isEmpty() || f == ExportFormat.EXABGP, name);
                assertSame(one, three, name + " " + f);
            }
        } catch (org.bgpscope.capture.CaptureException e) {
            // Captures that cannot be indexed whole have their own tests.
        } finally {
            Exporter.threads = threads;
            Exporter.minRun = minRun;
        }
    }

    /** Equal texts, or the first line where they differ (a diff of whole exports would not fit in the heap). */
    static void assertSame(String expected, String actual, String what) {
        if (!expected.equals(actual)) {
            String[] a = expected.split("\n", -1);
            String[] b = actual.split("\n", -1);
            int k = 0;
            while (k < Math.min(a.length, b.length) && a[k].equals(b[k])) {
                k++;
            }
            assertEquals(k < a.length ? a[k] : "(end)", k < b.length ? b[k] : "(end)", what + ": line " + (k + 1));
        }
    }

    private static String export(CaptureIndex index, ExportFormat f) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Exporter.export(index, MessageSelection.parse(null, index.messages().size()), f, out, Progress.NONE);
        return out.toString(StandardCharsets.UTF_8);
    }
}
