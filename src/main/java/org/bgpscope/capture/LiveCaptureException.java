package org.bgpscope.capture;

/**
 * A live capture that cannot start or go on: the message names the interface or file and says
 * what to do (install libpcap, get the right to capture, fix the filter), in one line.
 */
public final class LiveCaptureException extends Exception {
    public LiveCaptureException(String message, Throwable cause) {
        super(message, cause);
    }
}
