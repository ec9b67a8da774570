package org.bgpscope.capture;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

/** The container formats we read, told apart by their first bytes, never by the file name. */
public enum CaptureFormat {
    PCAP("pcap"),
    PCAPNG("pcapng"),
    MRT("MRT"),
    /** BGP messages end to end with no capture framing, as {@code export --format raw} writes them. */
    RAW_BGP("raw BGP"),
    /** BMP messages end to end as a collector received them on its TCP connection (RFC 7854 §3.2). */
    RAW_BMP("raw BMP");

    private final String label;

    CaptureFormat(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    static final int PCAP_MICRO = 0xA1B2C3D4;
    static final int PCAP_NANO = 0xA1B23C4D;
    static final int PCAPNG_SHB = 0x0A0D0D0A;

    public static CaptureFormat detect(Path file, MemorySegment data) throws CaptureException {
        long size = data.byteSize();
        if (size == 0) {
            throw new CaptureException(file, 0, "the file is empty; expected a pcap, pcapng or MRT capture");
        }
        if (size >= 4) {
            int be = data.get(Bytes.BE32, 0);
            int le = data.get(Bytes.LE32, 0);
            if (be == PCAP_MICRO || be == PCAP_NANO || le == PCAP_MICRO || le == PCAP_NANO) {
                return PCAP;
            }
            if (be == PCAPNG_SHB) {
                return PCAPNG;
            }
        }
        if (looksLikeBgp(data)) {
            return RAW_BGP;
        }
        if (looksLikeBmp(data)) {
            return RAW_BMP;
        }
        if (looksLikeMrt(data)) {
            return MRT;
        }
        throw new CaptureException(file, 0, "unknown format: the first bytes (" + Bytes.hex(data, 0, (int) Math.min(16, size)).replaceAll("(..)(?!$)", "$1 ")
                + ") are no pcap magic, pcapng Section Header Block, MRT record header (RFC 6396 §2), BGP header (RFC 4271 §4.1)"
                + " or BMP common header (RFC 7854 §4.1)");
    }

    /**
     * A BGP header (RFC 4271 §4.1): 16 bytes of ones and a length of at least 19. The type is not
     * checked: a raw export of a message of unknown type must open again.
     */
    private static boolean looksLikeBgp(MemorySegment data) {
        if (data.byteSize() < 19 || data.get(Bytes.BE64, 0) != -1L || data.get(Bytes.BE64, 8) != -1L) {
            return false;
        }
        return Bytes.u16(data, 16) >= 19;
    }

    /**
     * A BMP common header (RFC 7854 §4.1): version 3, a length of at least 6, a type of 0 to 6, and
     * where the first message ends inside the file, the next one's version 3 right after it. A
     * collector's stream begins with an Initiation (§4.3), but a file cut from a longer stream need not.
     */
    private static boolean looksLikeBmp(MemorySegment data) {
        long size = data.byteSize();
        if (size < 6 || Bytes.u8(data, 0) != 3 || Bytes.u8(data, 5) > 6) {
            return false;
        }
        long len = Bytes.u32(data, 1);
        if (len < 6 || len > 1 << 24) {
            return false;
        }
        return len >= size || Bytes.u8(data, len) == 3;
    }

    /**
     * An MRT common header (RFC 6396 §2) that real equipment writes ({@link MrtReader#plausibleHeader}):
     * a type among ten, a subtype that type defines and a length of at most 16 MiB leave about one
     * chance in ten billion to random bytes. What follows the first record is not required to be
     * whole: a file cut inside, or damaged after, its first record still opens and says where.
     */
    private static boolean looksLikeMrt(MemorySegment data) {
        return data.byteSize() >= MrtReader.HEADER
                && MrtReader.plausibleHeader(Bytes.u16(data, 4), Bytes.u16(data, 6), Bytes.u32(data, 8));
    }
}
