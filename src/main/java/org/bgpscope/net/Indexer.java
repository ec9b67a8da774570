package org.bgpscope.net;

import java.lang.foreign.MemorySegment;
import org.bgpscope.capture.CaptureException;
import org.bgpscope.capture.Progress;

/**
 * Fills a {@link CaptureIndex} from one file format. A whole file is {@link #run}; a file that grows
 * while open is indexed in steps: {@link #index} reads what the mapping holds, {@link #grow} hands
 * over a longer mapping, and {@link #finish} reports what the end of the capture left pending.
 */
interface Indexer {
    default void run(Progress progress) throws CaptureException {
        index(progress);
        finish();
    }

    /** Reads every record the current mapping holds, from where the last call stopped. */
    void index(Progress progress) throws CaptureException;

    /** The same file, mapped longer; the next {@link #index} continues over it. */
    void grow(MemorySegment longer);

    /** Why reading stopped before the end of the mapping, or null. */
    String stopped();

    /** Whether it stopped because the file ends inside a record, which a writer may still finish. */
    boolean waitingForRecord();

    /** The capture ends here: pending bytes become incomplete entries, and the end is reported. */
    void finish();
}
