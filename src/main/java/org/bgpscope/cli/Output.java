package org.bgpscope.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Standard output as the commands write it: a write error is never swallowed (as {@link PrintStream}
 * would) but thrown as {@link Failed}, an unchecked exception that passes through PrintStream and
 * Jackson alike up to {@link Cli}, which stops the command. After the first error every write fails
 * at once, so nothing more is written.
 */
final class Output extends OutputStream {
    private final OutputStream target;
    private IOException failure;

    Output(OutputStream target) {
        this.target = target;
    }

    /** Why writing failed, or null. */
    IOException failure() {
        return failure;
    }

    @Override
    public void write(int b) throws IOException {
        check();
        try {
            target.write(b);
        } catch (IOException e) {
            throw fail(e);
        }
        checkPrintStream();
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        check();
        try {
            target.write(b, off, len);
        } catch (IOException e) {
            throw fail(e);
        }
        checkPrintStream();
    }

    @Override
    public void flush() throws IOException {
        check();
        try {
            target.flush();
        } catch (IOException e) {
            throw fail(e);
        }
        checkPrintStream();
    }

    /** Flushes what is buffered in the target; closing standard output is the JVM's business. */
    @Override
    public void close() throws IOException {
        flush();
    }

    private void check() {
        if (failure != null) {
            throw new Failed(failure);
        }
    }

    /** A PrintStream target (System.out, tests) keeps its errors to itself; ask it. */
    private void checkPrintStream() {
        if (target instanceof PrintStream ps && ps.checkError()) {
            throw fail(new IOException("write error"));
        }
    }

    private Failed fail(IOException e) {
        failure = e;
        return new Failed(e);
    }

    /** Writing to standard output failed; {@link #brokenPipe()} when the reader went away. */
    static final class Failed extends RuntimeException {
        Failed(IOException cause) {
            super(cause.getMessage(), cause);
        }

        IOException io() {
            return (IOException) getCause();
        }

        /** The reading end of a pipe is closed (EPIPE; `| head`): stop quietly. */
        boolean brokenPipe() {
            return isBrokenPipe(io());
        }
    }

    static boolean isBrokenPipe(IOException e) {
        String m = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
        return m.contains("broken pipe") || m.contains("pipe is being closed") || m.contains("pipe has been ended");
    }
}
