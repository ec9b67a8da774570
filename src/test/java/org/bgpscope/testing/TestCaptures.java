package org.bgpscope.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The real captures the tests carry in src/test/resources/captures (see its README.md), with the
 * reference output of other tools in reference/; the large references are stored gzip-compressed
 * ({@code NAME.gz}) and {@link #referenceLines} and {@link #openReference} read either form.
 */
public final class TestCaptures {
    private static final String FOLDER = "captures";
    private static volatile Path dir;

    private TestCaptures() {}

    /**
     * The captures folder: the build's copy on the test classpath (target/test-classes/captures),
     * whatever the working directory; failing that, src/test/resources/captures under the project.
     */
    public static Path dir() {
        Path d = dir;
        if (d == null) {
            d = find();
            dir = d;
        }
        return d;
    }

    private static Path find() {
        URL url = TestCaptures.class.getResource("/" + FOLDER + "/README.md");
        if (url != null && "file".equals(url.getProtocol())) {
            try {
                return Path.of(url.toURI()).getParent();
            } catch (URISyntaxException e) {
                // fall through to the source folder
            }
        }
        String base = System.getProperty("basedir", System.getProperty("user.dir"));
        Path src = Path.of(base, "src", "test", "resources", FOLDER);
        if (Files.isDirectory(src)) {
            return src;
        }
        throw new IllegalStateException("test captures not found on the test classpath nor at "
                + src.toAbsolutePath());
    }

    /** A capture, such as {@code exa-gobgp.pcap} or {@code ris/rrc00_....gz}. */
    public static Path file(String name) {
        Path p = dir().resolve(name);
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException("no test capture " + p);
        }
        return p;
    }

    /** The stored reference file for NAME: NAME itself, or NAME.gz when only that is stored. */
    public static Path referenceFile(String name) {
        Path ref = dir().resolve("reference");
        Path plain = ref.resolve(name);
        if (Files.isRegularFile(plain)) {
            return plain;
        }
        Path gz = ref.resolve(name + ".gz");
        if (Files.isRegularFile(gz)) {
            return gz;
        }
        throw new IllegalStateException("no reference " + plain + " nor " + gz);
    }

    /** The reference NAME's bytes, decompressed when it is stored as NAME.gz. */
    public static InputStream openReference(String name) throws IOException {
        Path p = referenceFile(name);
        InputStream in = new BufferedInputStream(Files.newInputStream(p), 1 << 16);
        return p.getFileName().toString().equals(name) ? in : new GZIPInputStream(in, 1 << 16);
    }

    /** The reference NAME's lines (UTF-8), decompressed when it is stored as NAME.gz. */
    public static List<String> referenceLines(String name) throws IOException {
        try (InputStream in = openReference(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    /** The path of an installed program (tcpdump lives in /usr/sbin), or null. */
    public static String tool(String name) {
        for (String d : new String[] {"/usr/bin", "/usr/sbin", "/bin", "/sbin"}) {
            if (Files.isExecutable(Path.of(d, name))) {
                return d + "/" + name;
            }
        }
        return null;
    }

    /** Every indexed message's bytes as hex, in order: what two captures of the same session must share. */
    public static List<String> messageHex(org.bgpscope.net.CaptureIndex index) {
        List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < index.messages().size(); i++) {
            out.add(java.util.HexFormat.of().formatHex(index.bytes(i).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE)));
        }
        return out;
    }

    public static void assumeTool(String name) {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin", name)), name + " not installed");
    }
}
