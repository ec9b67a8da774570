package org.bgpscope.capture;

/** Short words for errors from native libraries, whose messages run over several lines. */
final class Errors {
    private Errors() {}

    /** The first line of the deepest cause's message, or its class name when it has none. */
    static String firstLine(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        String m = c.getMessage();
        if (m == null || m.isBlank()) {
            return c.getClass().getSimpleName();
        }
        int nl = m.indexOf('\n');
        return (nl < 0 ? m : m.substring(0, nl)).strip();
    }
}
