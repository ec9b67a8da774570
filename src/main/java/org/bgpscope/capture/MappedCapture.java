package org.bgpscope.capture;

import java.io.IOException;
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
    /** The newest mapping; a file that grows while open is mapped again, longer ({@link #grow}). */
    private volatile MemorySegment data;
    private final CaptureFormat format;
    /** The file's identity (device and inode) when opened: a different one means it was replaced. */
    private Object fileKey;
    private String damage;
    private long damageOffset = -1;

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
            throw new CaptureException(file, 0, Files.exists(file) ? "not a regular file"
                    : Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS) ? "a link to a file that does not exist" : "no such file");
        }
        Arena arena = Arena.ofShared();
        Decompressor.Decompressed temp = null;
        Decompressor.Job started = null;
        try {
            MemorySegment raw = map(file, file, arena);
            Compression compression = Compression.detect(raw.asSlice(0, Math.min(4, raw.byteSize())));
            MemorySegment data = raw;
            CaptureFormat format;
            Decompressor.Job job = null;
            if (compression != Compression.NONE) {
                // Decompressed on a thread of its own: the first 64 KiB are mapped at once, and the rest
                // is mapped as it is written (grow), so the first rows do not wait for the whole file.
                job = Decompressor.start(file, compression, raw.byteSize(), progress);
                started = job;
                awaitFirstBytes(job);
                if (job.done()) {
                    temp = job.result();
                    data = map(temp.path(), file, arena);
                    // Unlinked once mapped: the mapping lives on, and no copy is left behind, whatever ends the process.
                    deleteQuietly(temp.path());
                    job = null;
                } else {
                    data = mapPrefix(job.path(), job.written(), file, arena);
                }
            }
            format = CaptureFormat.detect(file, data);
            if (job != null && (format == CaptureFormat.RAW_BGP || format == CaptureFormat.RAW_BMP)) {
                // A raw BGP stream is indexed in one pass: it waits for the whole file.
                while (!job.done()) {
                    awaitQuietly(job, Long.MAX_VALUE);
                }
                temp = job.result();
                data = map(temp.path(), file, arena);
                deleteQuietly(temp.path());
                job = null;
            }
            MappedCapture c = new MappedCapture(file, temp == null ? (job == null ? file : job.path()) : temp.path(), compression, arena, data, format);
            c.job = job;
            c.fileKey = fileKey(file);
            if (temp != null && temp.damage() != null) {
                c.damage = temp.damage();
                c.damageOffset = temp.damageOffset();
            }
            return c;
        } catch (CaptureException | RuntimeException e) {
            arena.close();
            if (temp != null) {
                deleteQuietly(temp.path());
            }
            if (started != null) {
                started.cancel();
                deleteQuietly(started.path());
            }
            throw e;
        }
    }

    /** Waits for the first 64 KiB of a decompression (enough to tell the format), or its end. */
    private static void awaitFirstBytes(Decompressor.Job job) throws CaptureException {
        while (!job.done() && job.written() < 1 << 16) {
            awaitQuietly(job, 1000);
        }
        if (job.done()) {
            job.result(); // throws what stopped it: not a capture, corrupt from the start, no room, cancelled
        }
    }

    private static void awaitQuietly(Decompressor.Job job, long millis) {
        try {
            job.await(job.written() + 1, Math.min(millis, 1000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            job.cancel();
            throw new CancelledException();
        }
    }

    /** Maps the first {@code size} bytes of a file still being written. */
    private static MemorySegment mapPrefix(Path file, long size, Path shown, Arena arena) throws CaptureException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
        } catch (IOException e) {
            throw new CaptureException(shown, 0, "cannot read its decompressed copy: " + IoErrors.reason(e), e);
        }
    }

    /** The decompression still writing the mapped copy, or null. */
    private volatile Decompressor.Job job;

    /**
     * Whether a compressed file is still being decompressed: the capture grows ({@link #grow}) until
     * its whole decompressed copy is mapped.
     */
    public boolean streaming() {
        return job != null;
    }

    /** Waits up to {@code millis} for the decompression to write more (or end). */
    public void awaitStream(long millis) {
        Decompressor.Job j = job;
        if (j != null) {
            awaitQuietly(j, millis);
        }
    }

    /** Maps {@code file} read-only; errors name {@code shown}, the file the user opened. */
    private static MemorySegment map(Path file, Path shown, Arena arena) throws CaptureException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size == 0) {
                throw new CaptureException(shown, 0, file.equals(shown)
                        ? "the file is empty; expected a pcap, pcapng or MRT capture"
                        : "it decompresses to nothing; expected a pcap, pcapng or MRT capture inside");
            }
            return ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
        } catch (IOException e) {
            throw new CaptureException(shown, 0, "cannot read it: " + IoErrors.reason(e), e);
        }
    }

    private static Object fileKey(Path file) {
        try {
            return Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    /** Whether {@link #grow} can follow this file: an uncompressed capture mapped from the file itself. */
    public boolean followable() {
        return compression == Compression.NONE && format != CaptureFormat.RAW_BGP && format != CaptureFormat.RAW_BMP;
    }

    /**
     * Maps the file again when another program has appended to it since (tcpdump -w, a collector's
     * MRT dump, our own live capture). Records already read keep their offsets: the new mapping
     * starts at the same byte. Earlier mappings stay valid while anything still reads them and are
     * released by the garbage collector after that (each grown mapping has an automatic arena); the
     * first one is released by {@link #close}. Returns whether the file grew.
     *
     * @throws CaptureException when the file is gone, was replaced by another file, or was cut shorter
     *     than what was mapped: following it can only stop
     */
    public synchronized boolean grow() throws CaptureException {
        if (!arena.scope().isAlive()) {
            return false;
        }
        if (job != null) {
            return growStream();
        }
        if (!followable()) {
            return false;
        }
        long had = data.byteSize();
        if (!Files.exists(file)) {
            throw new CaptureException(file, had, "the file was deleted or renamed while open");
        }
        Object key = fileKey(file);
        if (fileKey != null && key != null && !fileKey.equals(key)) {
            throw new CaptureException(file, had, "the file was replaced by another file of the same name while open");
        }
        long now;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            now = ch.size();
            if (now < had) {
                throw new CaptureException(file, now, "the file was cut from " + had + " to " + now + " bytes while open");
            }
            if (now == had) {
                return false;
            }
            data = ch.map(FileChannel.MapMode.READ_ONLY, 0, now, Arena.ofAuto());
            return true;
        } catch (IOException e) {
            throw new CaptureException(file, had, "cannot read it any more: " + IoErrors.reason(e), e);
        }
    }

    /**
     * Maps what the decompression has written since the last call. When it has ended, the whole copy is
     * mapped, the copy is unlinked, and damage (cut or corrupt compressed data) is kept to be reported;
     * a failure after the first bytes (no room left) is damage too: what came before is listed.
     */
    private boolean growStream() throws CaptureException {
        Decompressor.Job j = job;
        boolean ended = j.done();
        long now = j.written();
        long had = data.byteSize();
        boolean grew = false;
        if (now > had) {
            data = mapPrefix(j.path(), now, file, Arena.ofAuto());
            grew = true;
        }
        if (ended) {
            job = null;
            deleteQuietly(j.path());
            try {
                Decompressor.Decompressed d = j.result();
                if (d.damage() != null) {
                    damage = d.damage();
                    damageOffset = d.damageOffset();
                }
            } catch (CaptureException e) {
                damage = e.problem();
                damageOffset = e.offset();
            }
        }
        return grew;
    }

    static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // deleteOnExit is the fallback
            }
        }
    }

    /**
     * Why a compressed file's data ended early (cut, or a bad checksum), with the offset in the
     * compressed file; what was decompressed before it is mapped and indexed. Null when whole.
     */
    public String damage() { return damage; }

    public long damageOffset() { return damageOffset; }

    /**
     * Turns the error a read of the mapped file raises when the file was cut shorter after it was
     * mapped (the JVM reports SIGBUS as an {@link InternalError}) into a report that says so.
     */
    public CaptureException changedWhileRead(InternalError e) {
        long now;
        try {
            now = Files.size(mappedFile);
        } catch (IOException | RuntimeException x) {
            now = -1;
        }
        return new CaptureException(file, Math.max(0, Math.min(now, data.byteSize())), "the file changed while being read: it is now "
                + (now < 0 ? "gone" : now + " bytes") + ", it was " + data.byteSize() + " when opened", e);
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
            case MRT, RAW_BGP, RAW_BMP -> throw new CaptureException(file, 0, "a " + format.label() + " file holds no packets");
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
        Decompressor.Job j = job;
        if (j != null) {
            j.cancel();
            job = null;
        }
        arena.close();
        if (!mappedFile.equals(file)) {
            deleteQuietly(mappedFile);
        }
    }
}
