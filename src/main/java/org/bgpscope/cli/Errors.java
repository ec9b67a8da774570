package org.bgpscope.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** One-line texts for what the command line reports: never a bare path, never a trace. */
final class Errors {
    private Errors() {}

    /**
     * An I/O error as "FILE: reason". Java's file exceptions often carry only the path as their
     * message ({@code NoSuchFileException: /x/y}); the reason is then told by the exception's type.
     */
    static String describe(IOException e) {
        if (e instanceof FileSystemException fs) {
            String file = fs.getFile();
            String reason = fs.getReason();
            if (reason == null || reason.isBlank()) {
                reason = switch (fs) {
                    case NoSuchFileException x -> "no such file or directory";
                    case AccessDeniedException x -> "permission denied";
                    case FileAlreadyExistsException x -> "already exists";
                    case NotDirectoryException x -> "not a directory";
                    case DirectoryNotEmptyException x -> "directory not empty";
                    default -> fs.getClass().getSimpleName().replaceAll("Exception$", "");
                };
            }
            String other = fs.getOtherFile() == null ? "" : " -> " + fs.getOtherFile();
            return (file == null ? "" : file + other + ": ") + oneLine(reason);
        }
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            return e.getClass().getSimpleName();
        }
        return oneLine(m);
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
