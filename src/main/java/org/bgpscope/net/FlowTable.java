package org.bgpscope.net;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.List;

/**
 * Interns flow keys (raw key bytes copied into a reused scratch array by the caller) to dense ids
 * with an open-addressing hash table, so that looking up the flow of a packet allocates nothing.
 * Ids are given out in pairs: {@code id} for the key as seen, {@code id ^ 1} for the reverse key.
 * A pair costs about a hundred bytes of primitive arrays: a TCP flow is described (addresses and
 * ports as text) only when something asks for it, from its key.
 */
public final class FlowTable {
    /** TCP keys: source address, destination address, source port, destination port. */
    private static final Flow.Builder FROM_KEY = (id, reversed) -> null;
    private static final int CACHED = 1 << 16;

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

    /** Per flow: the segment-authentication option seen on it (19 TCP-MD5, 29 TCP-AO), or 0. */
    private volatile byte[] signatures = new byte[0];

    /** Notes that a segment of {@code id} carried TCP option {@code kind} (19 or 29). */
    void signed(int id, int kind) {
        byte[] s = signatures;
        if (id < s.length && s[id] == kind) {
            return;
        }
        if (id >= s.length) {
            s = Arrays.copyOf(s, Math.max(64, Math.max(id + 1, s.length * 2)));
        }
        s[id] = (byte) kind;
        signatures = s;
    }

    /**
     * The TCP segment authentication seen on flow {@code id}: 19 for the MD5 signature option (RFC 2385),
     * 29 for TCP-AO (RFC 5925), 0 for none.
     */
    public int signature(int id) {
        byte[] s = signatures;
        return id < s.length ? s[id] & 0xFF : 0;
    }

    /** Per flow: the flow whose OPENs rule its session, plus one (0: its own); see {@link #sessionFlow}. */
    private volatile int[] sessionOf = new int[0];
    /** Per flow: 0, or what the BMP per-peer header says it is ({@link #BMP_PEER}, {@link #BMP_LOC_RIB}). */
    private volatile byte[] bmp = new byte[0];
    public static final int BMP_PEER = 1;
    public static final int BMP_LOC_RIB = 2;

    /**
     * Marks the pair {@code pair}, {@code pair ^ 1} as a monitored BMP peer's view ({@code kind}) whose
     * session state comes from the OPENs of pair {@code base} (the same peer's Peer Up, RFC 7854 §4.10).
     */
    synchronized void bmpPair(int pair, int base, int kind) {
        int[] so = sessionOf;
        byte[] b = bmp;
        if (pair + 2 > so.length) {
            so = Arrays.copyOf(so, Math.max(64, (pair + 2) * 2));
            b = Arrays.copyOf(b, so.length);
        }
        so[pair] = base + 1;
        so[pair + 1] = base + 2;
        b[pair] = (byte) kind;
        b[pair + 1] = (byte) kind;
        bmp = b;
        sessionOf = so;
    }

    /** The flow whose OPENs (and its reverse's) decide {@code id}'s session: itself but for BMP views. */
    public int sessionFlow(int id) {
        int[] so = sessionOf;
        return id >= 0 && id < so.length && so[id] != 0 ? so[id] - 1 : id;
    }

    /** {@link #BMP_PEER} or {@link #BMP_LOC_RIB} for a monitored peer's flow in BMP, else 0. */
    public int bmp(int id) {
        byte[] b = bmp;
        return id >= 0 && id < b.length ? b[id] : 0;
    }

    public Flow flow(int id) {
        Flow f = flows[id];
        return f != null ? f : describe(id);
    }

    /**
     * Describes a TCP flow from its key, under the lock that {@link #addPair} takes to grow the pool.
     * The first {@link #CACHED} descriptions are kept; past that (a flood of connections) each is made
     * when asked for and left to the collector.
     */
    private synchronized Flow describe(int id) {
        Flow[] fs = flows;
        if (fs[id] != null) {
            return fs[id];
        }
        int start = keyStart[id];
        int a = (keyLength[id] - 4) / 2;
        MemorySegment key = MemorySegment.ofArray(pool).asSlice(start, keyLength[id]);
        String src = Addresses.format(key, 0, a);
        String dst = Addresses.format(key, a, a);
        int sp = ((pool[start + 2 * a] & 0xFF) << 8) | (pool[start + 2 * a + 1] & 0xFF);
        int dp = ((pool[start + 2 * a + 2] & 0xFF) << 8) | (pool[start + 2 * a + 3] & 0xFF);
        Flow f = new Flow(id, Addresses.endpoint(src, sp), Addresses.endpoint(dst, dp), src, dst, -1, -1);
        if (id < CACHED) {
            fs[id] = f;
        }
        return f;
    }

    public List<Flow> flows() {
        List<Flow> out = new java.util.ArrayList<>(count);
        for (int id = 0; id < count; id++) {
            out.add(flow(id));
        }
        return List.copyOf(out);
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
    public synchronized int addPair(byte[] forward, byte[] reverse, int len, Flow.Builder describe) {
        int id = count;
        put(forward, len, id);
        put(reverse, len, id + 1);
        Flow[] f = flows;
        if (id + 2 > f.length) {
            f = Arrays.copyOf(f, f.length * 2);
        }
        if (describe != FROM_KEY) {
            f[id] = describe.build(id, false);
            f[id + 1] = describe.build(id + 1, true);
        }
        flows = f;
        count = id + 2;
        return id;
    }

    /** Adds a TCP key pair (addresses, then ports), described from the key when first asked for. */
    public int addTcpPair(byte[] forward, byte[] reverse, int len) {
        return addPair(forward, reverse, len, FROM_KEY);
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
