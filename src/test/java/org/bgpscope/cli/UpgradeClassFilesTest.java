package org.bgpscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jpackage/UpgradeClassFiles.java}, which ./bgpscope and the installer build run on picocli so
 * that JDK 25's start-up cache can hold it: the rewritten jar's classes are version 52, pass the
 * JVM's verifier, and parse a command line as before.
 */
class UpgradeClassFilesTest {
    @TempDir
    Path dir;

    @Test
    void picocliRewrittenForTheStartupCachePassesTheVerifierAndParsesAsBefore() throws Exception {
        Path original = Path.of(picocli.CommandLine.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path jar = dir.resolve(original.getFileName());
        Files.copy(original, jar);
        Path tool = Path.of("jpackage/UpgradeClassFiles.java");
        assertTrue(Files.isRegularFile(tool), "the build tool is in the checkout");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), tool.toString(),
                jar.toString()).redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), said);
        assertTrue(said.contains("class files rewritten as version 52"), said);

        List<String> classes = new ArrayList<>();
        try (ZipFile z = new ZipFile(jar.toFile())) {
            for (ZipEntry e : java.util.Collections.list(z.entries())) {
                String n = e.getName();
                if (n.endsWith(".class") && !n.endsWith("module-info.class")) {
                    try (InputStream in = z.getInputStream(e)) {
                        byte[] head = in.readNBytes(8);
                        int major = (head[6] & 0xFF) << 8 | head[7] & 0xFF;
                        assertTrue(major >= 52, n + " is version " + major);
                    }
                    classes.add(n.substring(0, n.length() - 6).replace('/', '.'));
                }
            }
        }
        assertTrue(classes.size() > 100, "picocli's classes: " + classes.size());
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            // Reflecting on a class's methods links it (HotSpot), and linking runs the type-checking
            // verifier over the generated stack maps: a VerifyError would end the test here.
            for (String c : classes) {
                Class<?> k = Class.forName(c, false, loader);
                assertEquals(loader, k.getClassLoader());
                k.getDeclaredMethods();
            }
            // A command built through picocli's own model, then a command line parsed with it.
            Class<?> specs = loader.loadClass("picocli.CommandLine$Model$CommandSpec");
            Class<?> optionSpec = loader.loadClass("picocli.CommandLine$Model$OptionSpec");
            Object spec = specs.getMethod("create").invoke(null);
            Object builder = optionSpec.getMethod("builder", String.class, String[].class).invoke(null, "--count", new String[0]);
            // type() is declared by a builder class that is not public: reach it as picocli's callers do.
            Method type = builder.getClass().getMethod("type", Class.class);
            type.setAccessible(true);
            type.invoke(builder, int.class);
            Object option = builder.getClass().getMethod("build").invoke(builder);
            specs.getMethod("addOption", optionSpec).invoke(spec, option);
            Class<?> commandLine = loader.loadClass("picocli.CommandLine");
            Object cl = commandLine.getConstructor(Object.class).newInstance(spec);
            Object result = commandLine.getMethod("parseArgs", String[].class).invoke(cl, (Object) new String[] {"--count", "42"});
            Method matched = result.getClass().getMethod("matchedOptionValue", String.class, Object.class);
            assertEquals(42, matched.invoke(result, "--count", -1));
        }
    }
}
