package org.bgpscope.capture;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes a pcapng file (draft-ietf-opsawg-pcapng) frame by frame for a live capture: one Section
 * Header Block, one Interface Description Block with nanosecond timestamps, then an Enhanced Packet
 * Block per frame. Each block goes to the file in one write, at once, so that a reader following
 * the file sees every frame as soon as it was captured.
 */
public final class PcapngWriter implements AutoCloseable {
    private static final int SHB = 0x0A0D0D0A;
    private static final int IDB = 1;
    private static final int EPB = 6;
    private static final int OPT_IF_NAME = 2;
    private static final int OPT_IF_DESCRIPTION = 3;
    private static final int OPT_IF_TSRESOL = 9;
    private static final int OPT_SHB_USERAPPL = 4;

    private final Path file;
    private final FileChannel out;
    private ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    private long frames;
    private long bytes;

    /** Creates (or empties) {@code file} and writes the section and interface headers. */
    public PcapngWriter(Path file, int linkType, int snapLength, String interfaceName, String description) throws IOException {
        this.file = file;
        this.out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        try {
            // Section Header Block (§4.1): byte-order magic, version 1.0, section length unknown (-1).
            byte[] appl = ("BGP Scope").getBytes(StandardCharsets.UTF_8);
            begin(SHB);
            buf.putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0).putLong(-1L);
            option(OPT_SHB_USERAPPL, appl);
            endOptions();
            end();
            // Interface Description Block (§4.2): link type, snap length, name, description, if_tsresol 9.
            begin(IDB);
            buf.putShort((short) linkType).putShort((short) 0).putInt(snapLength);
            option(OPT_IF_NAME, interfaceName.getBytes(StandardCharsets.UTF_8));
            if (description != null && !description.isBlank()) {
                option(OPT_IF_DESCRIPTION, description.getBytes(StandardCharsets.UTF_8));
            }
            option(OPT_IF_TSRESOL, new byte[] {9});
            endOptions();
            end();
        } catch (IOException | RuntimeException e) {
            out.close();
            throw e;
        }
    }

    /** Appends one frame: its captured bytes, its length on the wire, and its time in nanoseconds since the epoch. */
    public void frame(byte[] packet, int originalLength, long timeNanos) throws IOException {
        int padded = (packet.length + 3) & ~3;
        if (buf.capacity() < 32 + padded + 4) {
            buf = ByteBuffer.allocate(32 + padded + 4).order(ByteOrder.LITTLE_ENDIAN);
        }
        // Enhanced Packet Block (§4.3): interface 0, timestamp high and low, captured and original length.
        begin(EPB);
        buf.putInt(0).putInt((int) (timeNanos >>> 32)).putInt((int) timeNanos).putInt(packet.length).putInt(originalLength);
        buf.put(packet);
        for (int k = packet.length; k < padded; k++) {
            buf.put((byte) 0);
        }
        end();
        frames++;
        bytes += packet.length;
    }

    public long frames() { return frames; }

    /** Captured bytes written, headers not counted. */
    public long bytes() { return bytes; }

    public Path file() { return file; }

    private void begin(int type) {
        buf.clear();
        buf.putInt(type).putInt(0);
    }

    private void option(int code, byte[] value) {
        buf.putShort((short) code).putShort((short) value.length).put(value);
        for (int k = value.length; (k & 3) != 0; k++) {
            buf.put((byte) 0);
        }
    }

    private void endOptions() {
        buf.putInt(0);
    }

    /** Closes the block (its total length at both ends) and writes it in one go. */
    private void end() throws IOException {
        int total = buf.position() + 4;
        buf.putInt(total);
        buf.putInt(4, total);
        buf.flip();
        while (buf.hasRemaining()) {
            out.write(buf);
        }
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
