package org.bgpscope.net;

import java.util.Arrays;

/**
 * Which BMP message (RFC 7854 §4) carried each BGP message taken out of one: a Route Monitoring's
 * UPDATE, a Peer Up's two OPENs, a Peer Down's NOTIFICATION, a Route Mirroring's messages. Children
 * are added in index order by the indexing thread and read by any other, as {@link MessageIndex}.
 */
public final class BmpLinks {
    private int[] child = new int[64];
    private int[] parent = new int[64];
    private volatile int size;

    void add(int childIndex, int parentIndex) {
        int n = size;
        if (n == child.length) {
            child = Arrays.copyOf(child, n * 2);
            parent = Arrays.copyOf(parent, n * 2);
        }
        child[n] = childIndex;
        parent[n] = parentIndex;
        size = n + 1;
    }

    /** Forgets the links of messages from {@code n} on (see {@link MessageIndex#truncate}). */
    void truncate(int n) {
        int k = Arrays.binarySearch(child, 0, size, n);
        size = k >= 0 ? k : -k - 1;
    }

    /** How many BGP messages came out of BMP messages. */
    public int size() {
        return size;
    }

    /** The index of the BMP message that carried message {@code i}, or -1 when it came from no BMP message. */
    public int parent(int i) {
        int n = size;
        int k = Arrays.binarySearch(child, 0, n, i);
        return k >= 0 ? parent[k] : -1;
    }
}
