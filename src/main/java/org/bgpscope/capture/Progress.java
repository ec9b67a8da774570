package org.bgpscope.capture;

/** Progress of long work (decompressing, indexing); implementations may cancel by returning false. */
@FunctionalInterface
public interface Progress {
    Progress NONE = (done, total) -> true;

    /**
     * @param done  units done so far (bytes)
     * @param total units in all, or -1 when unknown
     * @return false to cancel the work
     */
    boolean update(long done, long total);
}
