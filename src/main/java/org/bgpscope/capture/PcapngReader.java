package org.bgpscope.capture;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * pcapng files (draft-ietf-opsawg-pcapng): any number of sections in either byte order; Enhanced,
 * Simple and the obsolete Packet Blocks are packets, every other block is skipped by its length.
 * Each Interface Description Block's {@code if_tsresol} and {@code if_tsoffset} turn timestamps
 * into nanoseconds.
 */
public final class PcapngReader implements PacketCursor {
    private static final int SHB = 0x0A0D0D0A;
    private static final int IDB = 1;
    private static final int PB = 2;
    private static final int SPB = 3;
    private static final int EPB = 6;
    private static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
    private static final int OPT_END = 0;
    private static final int OPT_TSRESOL = 9;
    private static final int OPT_TSOFFSET = 14;

    private final Path file;
    private MemorySegment data;
    private long size;

    private boolean bigEndian = true;
    private long pos;
    // Interfaces of the current section.
    private int interfaces;
    private int[] ifLinkType = new int[4];
    private int[] ifSnapLen = new int[4];
    private byte[] ifTsresol = new byte[4];
    private long[] ifTsoffset = new long[4];
    private int maxDigits = 6;

    private int number;
    private long recordOffset;
    private long recordLength;
    private long dataOffset;
    private int incl;
    private int orig;
    private long time;
    private int linkType;
    private int snapLength;
    private String problem;
    private long problemOffset = -1;
    private String recordProblem;
    private boolean endsInsideRecord;

    public PcapngReader(Path file, MemorySegment data) throws CaptureException {
        this.file = file;
        this.data = data;
        this.size = data.byteSize();
        if (size < 28) {
            throw new CaptureException(file, 0, "truncated pcapng Section Header Block: " + size + " of at least 28 bytes");
        }
    }

    private static int digitsOf(int tsresol) {
        if ((tsresol & 0x80) != 0) {
            // 2^-n seconds: enough decimal digits to show one tick, at most nanoseconds.
            return Math.min(9, (int) Math.ceil((tsresol & 0x7F) * Math.log10(2)));
        }
        return Math.min(9, tsresol);
    }

    @Override
    public boolean next() throws CaptureException {
        while (problem == null && pos < size) {
            if (pos + 12 > size) {
                cut("truncated block header: " + (size - pos) + " of 12 bytes");
                return false;
            }
            int rawType = data.get(Bytes.BE32, pos);
            if (rawType == SHB) {
                readSectionHeader();
                if (problem != null) {
                    return false;
                }
                continue;
            }
            if (number == 0 && pos == 0) {
                throw new CaptureException(file, 0, "expected a pcapng Section Header Block");
            }
            int type = (int) Bytes.u32(data, pos, bigEndian);
            long len = Bytes.u32(data, pos + 4, bigEndian);
            if (len < 12 || (len & 3) != 0) {
                fail(pos + 4, "block total length " + len + " is not a multiple of 4 of at least 12");
                return false;
            }
            if (pos + len > size) {
                cut("truncated block of type " + type + ": it claims " + len + " bytes, only " + (size - pos) + " remain");
                return false;
            }
            long block = pos;
            pos += len;
            recordProblem = null;
            int fixed = switch (type) {
                case EPB, PB -> 32;
                case SPB -> 16;
                default -> 12;
            };
            if (len < fixed && type != IDB) {
                // A packet block too short for its own fixed fields: counted as a frame, no packet in it.
                return unreadable(block, len, "packet block of " + len + " bytes; a block of type " + type
                        + " has at least " + fixed);
            }
            switch (type) {
                case IDB -> readInterface(block, len);
                case EPB -> {
                    return packet(block, len, Bytes.u32(data, block + 8, bigEndian), 28,
                            (Bytes.u32(data, block + 12, bigEndian) << 32) | Bytes.u32(data, block + 16, bigEndian),
                            Bytes.u32(data, block + 20, bigEndian), Bytes.u32(data, block + 24, bigEndian));
                }
                case SPB -> {
                    long origLen = Bytes.u32(data, block + 8, bigEndian);
                    long cap = Math.min(origLen, len - 16);
                    if (interfaces > 0 && ifSnapLen[0] > 0) {
                        cap = Math.min(cap, ifSnapLen[0]);
                    }
                    return packet(block, len, 0, 12, Long.MIN_VALUE, cap, origLen);
                }
                case PB -> {
                    return packet(block, len, Bytes.u16(data, block + 8, bigEndian), 28,
                            (Bytes.u32(data, block + 12, bigEndian) << 32) | Bytes.u32(data, block + 16, bigEndian),
                            Bytes.u32(data, block + 20, bigEndian), Bytes.u32(data, block + 24, bigEndian));
                }
                default -> {
                    // Unknown and non-packet blocks (statistics, name resolution, custom) are skipped.
                }
            }
        }
        return false;
    }

    /** A packet block that holds no readable packet: a frame with a problem, and reading goes on. */
    private boolean unreadable(long block, long len, String why) {
        number++;
        recordOffset = block;
        recordLength = len;
        dataOffset = block;
        incl = 0;
        orig = 0;
        linkType = -1;
        time = 0;
        recordProblem = why;
        return true;
    }

    private boolean packet(long block, long len, long iface, int header, long ts, long cap, long origLen) {
        if (iface >= interfaces) {
            return unreadable(block, len, "packet block names interface " + iface + ", but its section describes "
                    + (interfaces == 0 ? "none" : interfaces == 1 ? "only interface 0" : "interfaces 0 to " + (interfaces - 1)));
        }
        if (header + cap + 4 > len || cap > PcapReader.MAX_RECORD) {
            return unreadable(block, len, "packet block of " + len + " bytes cannot hold the " + cap + " captured bytes it claims");
        }
        number++;
        recordOffset = block;
        recordLength = len;
        dataOffset = block + header;
        incl = (int) cap;
        orig = (int) Math.min(origLen, Integer.MAX_VALUE);
        int i = (int) iface;
        linkType = ifLinkType[i];
        snapLength = ifSnapLen[i];
        time = ts == Long.MIN_VALUE ? 0 : toNanos(ts, ifTsresol[i]) + ifTsoffset[i] * 1_000_000_000L;
        return true;
    }

    static long toNanos(long ticks, byte tsresol) {
        int r = tsresol & 0xFF;
        if ((r & 0x80) != 0) {
            int shift = r & 0x7F;
            if (shift >= 63) {
                return 0;
            }
            long whole = ticks >>> shift;
            long frac = ticks & ((1L << shift) - 1);
            return whole * 1_000_000_000L + Math.multiplyHigh(frac << (63 - shift), 2_000_000_000L);
        }
        if (r <= 9) {
            long mul = 1;
            for (int i = r; i < 9; i++) {
                mul *= 10;
            }
            return ticks * mul;
        }
        long div = 1;
        for (int i = 9; i < r && i < 27; i++) {
            div *= 10;
        }
        return ticks / div;
    }

    private void readSectionHeader() {
        if (pos + 28 > size) {
            cut("truncated Section Header Block: " + (size - pos) + " of at least 28 bytes");
            return;
        }
        int bom = data.get(Bytes.BE32, pos + 8);
        if (bom == BYTE_ORDER_MAGIC) {
            bigEndian = true;
        } else if (Integer.reverseBytes(bom) == BYTE_ORDER_MAGIC) {
            bigEndian = false;
        } else {
            fail(pos + 8, "byte-order magic " + Integer.toHexString(bom) + " is not 1a2b3c4d in either order");
            return;
        }
        long len = Bytes.u32(data, pos + 4, bigEndian);
        if (len >= 28 && (len & 3) == 0 && pos + len > size) {
            cut("truncated Section Header Block: it claims " + len + " bytes, only " + (size - pos) + " remain");
            return;
        }
        if (len < 28 || (len & 3) != 0) {
            fail(pos + 4, "Section Header Block length " + len + " does not fit the file");
            return;
        }
        interfaces = 0;
        pos += len;
    }

    private void readInterface(long block, long len) {
        if (len < 20) {
            fail(block, "Interface Description Block of " + len + " bytes; expected at least 20");
            return;
        }
        if (interfaces == ifLinkType.length) {
            int n = interfaces * 2;
            ifLinkType = Arrays.copyOf(ifLinkType, n);
            ifSnapLen = Arrays.copyOf(ifSnapLen, n);
            ifTsresol = Arrays.copyOf(ifTsresol, n);
            ifTsoffset = Arrays.copyOf(ifTsoffset, n);
        }
        ifLinkType[interfaces] = Bytes.u16(data, block + 8, bigEndian);
        ifSnapLen[interfaces] = (int) Math.min(Integer.MAX_VALUE, Bytes.u32(data, block + 12, bigEndian));
        ifTsresol[interfaces] = 6;
        ifTsoffset[interfaces] = 0;
        long o = block + 16;
        long end = block + len - 4;
        while (o + 4 <= end) {
            int code = Bytes.u16(data, o, bigEndian);
            int olen = Bytes.u16(data, o + 2, bigEndian);
            if (code == OPT_END || o + 4 + olen > end) {
                break;
            }
            if (code == OPT_TSRESOL && olen >= 1) {
                ifTsresol[interfaces] = data.get(java.lang.foreign.ValueLayout.JAVA_BYTE, o + 4);
                maxDigits = Math.max(maxDigits, digitsOf(ifTsresol[interfaces] & 0xFF));
            } else if (code == OPT_TSOFFSET && olen >= 8) {
                ifTsoffset[interfaces] = data.get(bigEndian ? Bytes.BE64 : Bytes.LE64, o + 4);
            }
            o += 4 + ((olen + 3) & ~3);
        }
        interfaces++;
    }

    private void fail(long offset, String why) {
        problem = why;
        problemOffset = offset;
    }

    /** The file ends inside the block at {@code pos}: a problem, unless the file grows. */
    private void cut(String why) {
        fail(pos, why);
        endsInsideRecord = true;
    }

    @Override
    public boolean endsInsideRecord() {
        return endsInsideRecord;
    }

    @Override
    public void grow(MemorySegment longer) {
        data = longer;
        size = longer.byteSize();
        if (endsInsideRecord) {
            // pos still points at the cut block: it is read again whole.
            endsInsideRecord = false;
            problem = null;
            problemOffset = -1;
        }
    }

    @Override public int number() { return number; }
    @Override public long recordOffset() { return recordOffset; }
    @Override public long recordLength() { return recordLength; }
    @Override public long dataOffset() { return dataOffset; }
    @Override public int capturedLength() { return incl; }
    @Override public int originalLength() { return orig; }
    @Override public long timeNanos() { return time; }
    @Override public int linkType() { return linkType; }
    @Override public int snapLength() { return snapLength; }
    /** The finest precision of the interfaces read so far (IDBs come before their packets). */
    @Override public int timeDigits() { return maxDigits; }
    @Override public String problem() { return problem; }
    @Override public String recordProblem() { return recordProblem; }
    @Override public long problemOffset() { return problemOffset; }
}
