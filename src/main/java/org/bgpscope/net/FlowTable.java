package org.bgpscope.net;

import java.util.Arrays;
import java.util.List;

/**
 * Interns flow keys (raw key bytes copied into a reused scratch array by the caller) to dense ids
 * with an open-addressing hash table, so that looking up the flow of a packet allocates nothing.
 * Ids are given out in pairs: {@code id} for the key as seen, {@code id ^ 1} for the reverse key.
 */
public final class FlowTable {
    private byte[] pool = new byte[4096];
    private int poolUsed;
    private int[] keyStart = new int[64];
    private int[] keyLength = new int[64];
    private int[] slots = new int[256];
    /** Written by the indexing thread; read by others after they read {@link MessageIndex#size()}. */
    private volatile Flow[] flows = new Flow[64];
    private volatile int count;

    public FlowTable() {
        Arrays.fill(slots, -1);
    }

    public int size() {
        return count;
    }

    public Flow flow(int id) {
        return flows[id];
    }

    public List<Flow> flows() {
        return List.of(Arrays.copyOf(flows, count));
    }

    /** The id of {@code key[0..len)}, or -1. */
    public int find(byte[] key, int len) {
        int h = hash(key, len);
        int mask = slots.length - 1;
        for (int s = h & mask; ; s = (s + 1) & mask) {
            int id = slots[s];
            if (id < 0) {
                return -1;
            }
            if (keyLength[id] == len && Arrays.equals(pool, keyStart[id], keyStart[id] + len, key, 0, len)) {
                return id;
            }
        }
    }

    /** Adds a key pair; {@code forward} and {@code reverse} must be absent. Returns the forward id. */
    public int addPair(byte[] forward, byte[] reverse, int len, Flow.Builder describe) {
        int id = count;
        put(forward, len, id);
        put(reverse, len, id + 1);
        Flow[] f = flows;
        if (id + 2 > f.length) {
            f = Arrays.copyOf(f, f.length * 2);
        }
        f[id] = describe.build(id, false);
        f[id + 1] = describe.build(id + 1, true);
        flows = f;
        count = id + 2;
        return id;
    }

    private void put(byte[] key, int len, int id) {
        if ((id + 1) * 2 > slots.length) {
            rehash(slots.length * 2, id);
        }
        if (id >= keyStart.length) {
            keyStart = Arrays.copyOf(keyStart, id * 2);
            keyLength = Arrays.copyOf(keyLength, id * 2);
        }
        while (poolUsed + len > pool.length) {
            pool = Arrays.copyOf(pool, pool.length * 2);
        }
        System.arraycopy(key, 0, pool, poolUsed, len);
        keyStart[id] = poolUsed;
        keyLength[id] = len;
        poolUsed += len;
        insert(id);
    }

    private void insert(int id) {
        int mask = slots.length - 1;
        int s = hash(pool, keyStart[id], keyLength[id]) & mask;
        while (slots[s] >= 0) {
            s = (s + 1) & mask;
        }
        slots[s] = id;
    }

    /** Grows the slot array and re-inserts ids below {@code upTo}. */
    private void rehash(int n, int upTo) {
        slots = new int[n];
        Arrays.fill(slots, -1);
        for (int id = 0; id < upTo; id++) {
            insert(id);
        }
    }

    private static int hash(byte[] key, int len) {
        return hash(key, 0, len);
    }

    private static int hash(byte[] key, int from, int len) {
        int h = 0x9E3779B9;
        for (int i = 0; i < len; i++) {
            h = (h ^ key[from + i]) * 0x01000193;
        }
        return h ^ (h >>> 16);
    }
}
