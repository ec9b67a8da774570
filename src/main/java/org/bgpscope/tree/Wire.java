package org.bgpscope.tree;

import java.lang.foreign.MemorySegment;
import org.bgpscope.capture.Bytes;
import org.bgpscope.net.Addresses;

/**
 * Bounds-checked reads of one message's bytes for decoders. Every read first checks that the bytes
 * lie inside the range the caller was given; a decoder that asks past it gets a {@link Short}
 * which it turns into a problem node, so a hostile length can never read outside the message.
 */
public final class Wire {
    private final MemorySegment bytes;

    public Wire(MemorySegment bytes) {
        this.bytes = bytes;
    }

    public MemorySegment bytes() {
        return bytes;
    }

    public int size() {
        return (int) bytes.byteSize();
    }

    /** Thrown inside a decoder when a field would run past its end; never escapes {@link MessageDecoder}. */
    public static final class Short extends RuntimeException {
        final int offset;
        final String what;

        public Short(int offset, String what) {
            super(what, null, false, false);
            this.offset = offset;
            this.what = what;
        }
    }

    public void need(int off, int len, int end, String what) {
        if (off < 0 || len < 0 || off + len > end || off + len > size()) {
            throw new Short(off, what + ": needs " + len + " byte" + (len == 1 ? "" : "s") + " at offset " + off
                    + ", only " + Math.max(0, Math.min(end, size()) - off) + " left");
        }
    }

    /**
     * Every read checks its bytes are there: a decoder that forgot a {@link #need} gets a {@link Short}
     * (a problem on the message) rather than an IndexOutOfBoundsException (found by fuzzing).
     */
    private void check(int off, int len) {
        if (off < 0 || len < 0 || (long) off + len > size()) {
            throw new Short(Math.max(0, off), "needs " + len + " byte" + (len == 1 ? "" : "s") + " at offset " + off
                    + ", only " + Math.max(0, size() - off) + " left");
        }
    }

    public int u8(int off) { check(off, 1); return Bytes.u8(bytes, off); }
    public int u16(int off) { check(off, 2); return Bytes.u16(bytes, off); }
    public int u24(int off) { check(off, 3); return Bytes.u24(bytes, off); }
    public long u32(int off) { check(off, 4); return Bytes.u32(bytes, off); }
    public String hex(int off, int len) { check(off, len); return Bytes.hex(bytes, off, len); }

    public String ipv4(int off) {
        check(off, 4);
        return Addresses.format(bytes, off, 4);
    }

    public String address(int off, int len) {
        check(off, len);
        return Addresses.format(bytes, off, len);
    }

    /**
     * A prefix of {@code bits} bits stored in {@code (bits+7)/8} bytes, padded to a full address, with
     * any bits past the length cleared (RFC 4271 §4.3: they are irrelevant).
     */
    public String prefix(int off, int bits, int addressBytes) {
        byte[] a = new byte[addressBytes];
        int n = (bits + 7) / 8;
        for (int i = 0; i < n && i < addressBytes; i++) {
            a[i] = (byte) u8(off + i);
        }
        if (bits % 8 != 0 && n > 0 && n <= addressBytes) {
            a[n - 1] &= (byte) (0xFF << (8 - bits % 8));
        }
        return Addresses.format(a) + "/" + bits;
    }

    /** The bits set past a prefix's length in its last byte (0 when none), which {@link #prefix} clears. */
    public int hostBits(int off, int bits) {
        int n = (bits + 7) / 8;
        return bits % 8 == 0 || n == 0 ? 0 : u8(off + n - 1) & (0xFF >>> (bits % 8));
    }

    /** A 6-byte MAC address as "0a:0b:0c:0d:0e:0f" (IEEE 802). */
    public String mac(int off) {
        return hex(off, 6).replaceAll("(..)(?!$)", "$1:");
    }

    public String utf8(int off, int len) {
        check(off, len);
        return new String(bytes.asSlice(off, len).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE), java.nio.charset.StandardCharsets.UTF_8);
    }
}
