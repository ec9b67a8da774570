package org.bgpscope.capture;

import java.nio.file.Path;

/**
 * A capture that cannot be read: names the file, the byte offset and what was expected there, so
 * the one-line message is all a user needs.
 */
public final class CaptureException extends Exception {
    private final Path file;
    private final long offset;
    private final String problem;

    public CaptureException(Path file, long offset, String problem) {
        this(file, offset, problem, null);
    }

    public CaptureException(Path file, long offset, String problem, Throwable cause) {
        super(file + ": at offset " + offset + ": " + problem, cause);
        this.file = file;
        this.offset = offset;
        this.problem = problem;
    }

    /** What was wrong, without the file and offset. */
    public String problem() {
        return problem;
    }

    public Path file() {
        return file;
    }

    public long offset() {
        return offset;
    }
}
