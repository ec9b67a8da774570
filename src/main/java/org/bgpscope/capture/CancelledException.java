package org.bgpscope.capture;

/** Long work stopped because its {@link Progress} asked to cancel. */
public final class CancelledException extends RuntimeException {
    public CancelledException() {
        super("cancelled");
    }
}
