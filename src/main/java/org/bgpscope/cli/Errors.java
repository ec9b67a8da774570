package org.bgpscope.cli;

import java.io.IOException;
import java.nio.file.FileSystemException;
import org.bgpscope.capture.IoErrors;

/** One-line texts for what the command line reports: never a bare path, never a trace. */
final class Errors {
    private Errors() {}

    /**
     * An I/O error as "FILE: reason". Java's file exceptions often carry only the path as their
     * message ({@code NoSuchFileException: /x/y}); {@link IoErrors} words the reason as the rest of
     * the program does.
     */
    static String describe(IOException e) {
        if (e instanceof FileSystemException fs && fs.getFile() != null) {
            String other = fs.getOtherFile() == null ? "" : " -> " + fs.getOtherFile();
            return fs.getFile() + other + ": " + oneLine(IoErrors.reason(fs));
        }
        return oneLine(IoErrors.reason(e));
    }

    /** The first line of a text, so that an error stays one line. */
    static String oneLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }

    /** "IllegalStateException: why at org.bgpscope.X.method(X.java:12)": enough to report a bug. */
    static String internal(Throwable t) {
        StringBuilder sb = new StringBuilder(t.getClass().getName());
        if (t.getMessage() != null) {
            sb.append(": ").append(oneLine(t.getMessage()));
        }
        StackTraceElement[] st = t.getStackTrace();
        if (st.length > 0) {
            sb.append(" at ").append(st[0]);
        }
        return sb.toString();
    }
}
