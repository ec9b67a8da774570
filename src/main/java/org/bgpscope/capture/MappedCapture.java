package org.bgpscope.capture;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One open capture: the whole file mapped read-only into a {@link MemorySegment} whose lifetime is
 * this object's {@link Arena}. Every record, message and field of it is a slice of {@link #data()}.
 * A gzip or bzip2 file is decompressed once to a temporary file, which is mapped instead and
 * deleted on close.
 */
public final class MappedCapture implements AutoCloseable {
    private final Path file;
    private final Path mappedFile;
    private final Compression compression;
    private final Arena arena;
    private final MemorySegment data;
    private final CaptureFormat format;

    private MappedCapture(Path file, Path mappedFile, Compression compression, Arena arena, MemorySegment data,
                          CaptureFormat format) {
        this.file = file;
        this.mappedFile = mappedFile;
        this.compression = compression;
        this.arena = arena;
        this.data = data;
        this.format = format;
    }

    public static MappedCapture open(Path file) throws CaptureException {
        return open(file, Progress.NONE);
    }

    /** Maps {@code file}, decompressing it first if needed; progress reports compressed bytes read. */
    public static MappedCapture open(Path file, Progress progress) throws CaptureException {
        if (!Files.isRegularFile(file)) {
            throw new CaptureException(file, 0, Files.exists(file) ? "not a regular file" : "no such file");
        }
        Arena arena = Arena.ofShared();
        Path temp = null;
        try {
            MemorySegment raw = map(file, arena);
            Compression compression = Compression.detect(raw.asSlice(0, Math.min(4, raw.byteSize())));
            MemorySegment data = raw;
            if (compression != Compression.NONE) {
                temp = decompress(file, compression, raw.byteSize(), progress);
                data = map(temp, arena);
            }
            CaptureFormat format = CaptureFormat.detect(file, data);
            return new MappedCapture(file, temp == null ? file : temp, compression, arena, data, format);
        } catch (CaptureException | RuntimeException e) {
            arena.close();
            deleteQuietly(temp);
            throw e;
        }
    }

    private static MemorySegment map(Path file, Arena arena) throws CaptureException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size == 0) {
                throw new CaptureException(file, 0, "the file is empty; expected a pcap, pcapng or MRT capture");
            }
            return ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
        } catch (IOException e) {
            throw new CaptureException(file, 0, "cannot read: " + e.getMessage(), e);
        }
    }

    private static Path decompress(Path file, Compression compression, long compressedSize, Progress progress)
            throws CaptureException {
        Path temp;
        try {
            temp = Files.createTempFile("bgpscope-", "-" + stripSuffix(file.getFileName().toString()));
        } catch (IOException e) {
            throw new CaptureException(file, 0, "cannot create a temporary file to decompress into: " + e.getMessage(), e);
        }
        temp.toFile().deleteOnExit();
        CountingStream counted = null;
        try (InputStream raw = Files.newInputStream(file)) {
            counted = new CountingStream(raw);
            try (InputStream in = compression.decompress(counted);
                 OutputStream out = Files.newOutputStream(temp)) {
                byte[] buf = new byte[1 << 20];
                int n;
                while ((n = in.read(buf)) > 0) {
                    out.write(buf, 0, n);
                    if (!progress.update(counted.count, compressedSize)) {
                        throw new CancelledException();
                    }
                }
            }
            return temp;
        } catch (IOException e) {
            deleteQuietly(temp);
            long at = counted == null ? 0 : counted.count;
            throw new CaptureException(file, at, "corrupt " + compression.name().toLowerCase()
                    + " data (offset is in the compressed file): " + e.getMessage(), e);
        } catch (RuntimeException e) {
            deleteQuietly(temp);
            throw e;
        }
    }

    private static String stripSuffix(String name) {
        for (String s : new String[] {".gz", ".bz2", ".gzip"}) {
            if (name.endsWith(s)) {
                return name.substring(0, name.length() - s.length());
            }
        }
        return name;
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // deleteOnExit is the fallback
            }
        }
    }

    /** The file the user opened. */
    public Path file() { return file; }

    /** The file that is mapped: the same one, or its decompressed temporary copy. */
    public Path mappedFile() { return mappedFile; }

    public Compression compression() { return compression; }

    public CaptureFormat format() { return format; }

    public MemorySegment data() { return data; }

    public long size() { return data.byteSize(); }

    /** A fresh cursor over the packets of a pcap or pcapng capture. */
    public PacketCursor packets() throws CaptureException {
        return switch (format) {
            case PCAP -> new PcapReader(file, data);
            case PCAPNG -> new PcapngReader(file, data);
            case MRT, RAW_BGP -> throw new CaptureException(file, 0, "a " + format.label() + " file holds no packets");
        };
    }

    public MrtReader mrtRecords() {
        return new MrtReader(data);
    }

    /** Unmaps the file (and deletes a decompressed copy); closing twice is harmless. */
    @Override
    public synchronized void close() {
        if (!arena.scope().isAlive()) {
            return;
        }
        arena.close();
        if (!mappedFile.equals(file)) {
            deleteQuietly(mappedFile);
        }
    }

    private static final class CountingStream extends FilterInputStream {
        long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
