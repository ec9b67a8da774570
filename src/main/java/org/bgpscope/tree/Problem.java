package org.bgpscope.tree;

/**
 * Something wrong found while decoding: how bad, what was expected, at which offset of the message,
 * and for a malformed path attribute what RFC 7606 §3 says a router does about it (or null).
 */
public record Problem(Severity severity, String text, int offset, String action) {
    public enum Severity { INFO, WARNING, ERROR }

    public static Problem error(int offset, String text) {
        return new Problem(Severity.ERROR, text, offset, null);
    }

    public static Problem warning(int offset, String text) {
        return new Problem(Severity.WARNING, text, offset, null);
    }

    public static Problem info(int offset, String text) {
        return new Problem(Severity.INFO, text, offset, null);
    }

    public Problem withAction(String rfc7606) {
        return new Problem(severity, text, offset, rfc7606);
    }
}
