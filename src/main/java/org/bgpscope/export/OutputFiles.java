package org.bgpscope.export;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ThreadLocalRandom;
import org.bgpscope.capture.IoErrors;

/** Where exports go: never over their own input, and only whole, through a temporary file renamed into place. */
public final class OutputFiles {
    private OutputFiles() {}

    /** What writes the content. */
    public interface Content<T> {
        T write(OutputStream out) throws IOException, org.bgpscope.capture.CaptureException;
    }

    /**
     * The file to write for {@code out}: links followed to the file they name, refused when it is one of
     * {@code inputs} or a folder, or when its folder is missing.
     */
    public static Path target(Path out, Path... inputs) throws IOException {
        Path target = out.toAbsolutePath().normalize();
        if (Files.exists(target)) {
            target = target.toRealPath();
            if (Files.isDirectory(target)) {
                throw new IOException("cannot write " + out + ": it is a folder");
            }
            for (Path in : inputs) {
                if (in != null && Files.exists(in) && Files.isSameFile(target, in)) {
                    throw new IOException("cannot write " + out + ": it is the capture being exported; choose another file");
                }
            }
        }
        Path dir = target.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IOException("cannot write " + out + ": the folder " + dir + " does not exist");
        }
        return target;
    }

    /**
     * Writes {@code content} to a new file beside {@code target}, then renames it over {@code target}.
     * On any failure the temporary file is removed and {@code target} is untouched.
     */
    public static <T> T replaceAtomically(Path target, Content<T> content) throws IOException, org.bgpscope.capture.CaptureException {
        Path temp = createTemp(target);
        boolean done = false;
        try {
            T result;
            try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16)) {
                result = content.write(os);
            } catch (IOException e) {
                throw new IOException("cannot write " + target + ": " + IoErrors.reason(e), e);
            }
            try {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
            return result;
        } finally {
            if (!done) {
                Files.deleteIfExists(temp);
            }
        }
    }

    /** A new empty file in the target's folder, with the permissions the user's umask gives new files. */
    private static Path createTemp(Path target) throws IOException {
        Path dir = target.getParent();
        for (int attempt = 0; ; attempt++) {
            Path temp = dir.resolve("." + target.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".part");
            try {
                return Files.createFile(temp);
            } catch (FileAlreadyExistsException e) {
                if (attempt > 10) {
                    throw e;
                }
            } catch (IOException e) {
                throw new IOException("cannot write into " + dir + ": " + IoErrors.reason(e), e);
            }
        }
    }
}
