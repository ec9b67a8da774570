package org.bgpscope.capture;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Decompresses a gzip or bzip2 capture once into a temporary file, which is then mapped like any
 * capture. It never fills the disk: free space is checked as it writes, and a first look at the
 * decompressed bytes stops a file that holds no capture (a bomb of zeros) before it grows. It honours
 * {@code TMPDIR} and {@code java.io.tmpdir}, names its files after the process, and removes those of
 * processes that died before they could.
 */
final class Decompressor {
    /** What was written, and why it ended early (null when the compressed data was whole). */
    record Decompressed(Path path, String damage, long damageOffset) {}

    private static final String PREFIX = "bgpscope-";
    /** Decompressed bytes looked at to tell the format before writing on. */
    private static final int SNIFF = 1 << 16;
    /** How often free space is checked, in bytes written. */
    private static final long CHECK_EVERY = 16L << 20;
    /** Folders already cleaned of stale copies by this process. */
    private static final java.util.Set<Path> CLEANED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private Decompressor() {}

    /**
     * The folder for temporary copies: {@code -Djava.io.tmpdir} when set to something other than the
     * default, else {@code $TMPDIR}, else the JVM's default. (The JDK on Linux ignores TMPDIR.)
     */
    static Path tempDir() {
        return tempDir(System.getProperty("java.io.tmpdir"), System.getenv("TMPDIR"));
    }

    static Path tempDir(String prop, String env) {
        if (env != null && !env.isBlank() && (prop == null || prop.equals("/tmp") || prop.equals("/tmp/")) && Files.isDirectory(Path.of(env))) {
            return Path.of(env);
        }
        return Path.of(prop == null ? "/tmp" : prop);
    }

    /**
     * Space to leave free on the temporary folder's disk: 2% of it, at least 256 MiB, or the bytes
     * given by {@code -Dbgpscope.tmp.reserve}.
     */
    static long reserve(FileStore store) throws IOException {
        String set = System.getProperty("bgpscope.tmp.reserve");
        if (set != null) {
            try {
                return Long.parseLong(set.trim());
            } catch (NumberFormatException e) {
                // fall back to the default
            }
        }
        return Math.max(256L << 20, store.getTotalSpace() / 50);
    }

    /** Decompresses the whole file before returning (the synchronous form of {@link Job}). */
    static Decompressed run(Path file, Compression compression, long compressedSize, Progress progress) throws CaptureException {
        Job job = new Job(file, compression, compressedSize, progress);
        job.run();
        return job.result();
    }

    /** Starts decompressing on a thread of its own; what is written is readable as it is written. */
    static Job start(Path file, Compression compression, long compressedSize, Progress progress) throws CaptureException {
        Job job = new Job(file, compression, compressedSize, progress);
        Thread.ofPlatform().name("bgpscope-decompress").daemon(true).start(job);
        return job;
    }

    /**
     * One decompression into a temporary file. {@link #written()} grows as blocks are written, so the
     * capture can be mapped and indexed while the rest is still being decompressed; {@link #done()}
     * says when it ended and {@link #result()} how (whole, damaged, or failed).
     */
    static final class Job implements Runnable {
        private final Path file;
        private final Compression compression;
        private final long compressedSize;
        private final Progress progress;
        private final Path temp;
        private volatile long written;
        private volatile boolean done;
        private volatile boolean cancelled;
        private volatile Decompressed result;
        private volatile RuntimeException failure;
        private volatile CaptureException error;

        Job(Path file, Compression compression, long compressedSize, Progress progress) throws CaptureException {
            this.file = file;
            this.compression = compression;
            this.compressedSize = compressedSize;
            this.progress = progress;
            Path dir = tempDir();
            try {
                temp = createTemp("-" + stripSuffix(file.getFileName().toString()));
            } catch (IOException e) {
                throw new CaptureException(file, 0, "cannot create a temporary file in " + dir + " to decompress into: "
                        + IoErrors.reason(e) + "; set TMPDIR to a writable folder", e);
            }
        }

        Path path() { return temp; }

        /** Bytes of the temporary file written so far (each write is whole when counted). */
        long written() { return written; }

        boolean done() { return done; }

        /** Asks the decompression to stop; the temporary file is then removed. */
        void cancel() {
            cancelled = true;
        }

        /** Waits until at least {@code bytes} are written or decompression ended, or {@code millis} passed. */
        synchronized void await(long bytes, long millis) throws InterruptedException {
            long end = System.nanoTime() + millis * 1_000_000;
            while (!done && written < bytes) {
                long left = (end - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return;
                }
                wait(left);
            }
        }

        private synchronized void wrote(long n) {
            written = n;
            notifyAll();
        }

        private synchronized void finished() {
            done = true;
            notifyAll();
        }

        /** How it ended: the file written and any damage; throws what stopped it. Only once {@link #done()}. */
        Decompressed result() throws CaptureException {
            if (error != null) {
                throw error;
            }
            if (failure != null) {
                throw failure;
            }
            return result;
        }

        @Override
        public void run() {
            boolean ok = false;
            try {
                result = decompress();
                ok = true;
            } catch (CaptureException e) {
                error = e;
            } catch (RuntimeException e) {
                failure = e;
            } finally {
                if (!ok) {
                    MappedCapture.deleteQuietly(temp);
                }
                finished();
            }
        }

        private Decompressed decompress() throws CaptureException {
            Path dir = temp.getParent();
            String what = compression.name().toLowerCase();
            Counting counted = null;
            long total = 0;
            try (InputStream raw = Files.newInputStream(file); OutputStream out = Files.newOutputStream(temp)) {
                counted = new Counting(raw);
                FileStore store = Files.getFileStore(temp);
                long reserve = reserve(store);
                long nextCheck = 0;
                byte[] buf = new byte[1 << 20];
                boolean sniffed = false;
                IOException[] held = new IOException[1];
                try (InputStream in = compression.decompress(counted)) {
                    while (true) {
                        if (cancelled) {
                            throw new CancelledException();
                        }
                        // The first block is small, so the first rows need not wait for a whole megabyte.
                        int n = fill(in, buf, sniffed ? buf.length : SNIFF, held);
                        if (n <= 0) {
                            break;
                        }
                        if (!sniffed) {
                            sniffed = true;
                            sniff(file, what, MemorySegment.ofArray(buf).asSlice(0, n));
                        }
                        if (total >= nextCheck) {
                            long free = store.getUsableSpace();
                            if (free - CHECK_EVERY < reserve) {
                                throw new CaptureException(file, counted.count, "decompressing needs more room than " + dir
                                        + " has: stopped after writing " + mib(total) + " with " + mib(free)
                                        + " free; set TMPDIR to a folder on a larger disk");
                            }
                            nextCheck = total + CHECK_EVERY;
                        }
                        try {
                            out.write(buf, 0, n);
                        } catch (IOException e) {
                            throw new CaptureException(file, counted.count, "cannot write the decompressed copy to " + temp + ": "
                                    + IoErrors.reason(e) + " after " + mib(total) + "; set TMPDIR to a folder with more room", e);
                        }
                        total += n;
                        wrote(total);
                        if (!progress.update(counted.count, compressedSize)) {
                            throw new CancelledException();
                        }
                    }
                } catch (IOException e) {
                    // Cut or corrupt compressed data: keep what came before it, if it is a capture at all.
                    if (total == 0) {
                        throw new CaptureException(file, counted.count, "corrupt " + what + " data: " + e.getMessage()
                                + " (offset in the compressed file)", e);
                    }
                    return new Decompressed(temp, "the " + what + " data is cut or corrupt here (" + e.getMessage()
                            + "; offset in the compressed file); the " + total + " bytes before it are listed", counted.count);
                }
                return new Decompressed(temp, null, -1);
            } catch (IOException e) {
                throw new CaptureException(file, counted == null ? 0 : counted.count, "cannot read it: " + IoErrors.reason(e), e);
            }
        }
    }

    /**
     * A new file in the temporary folder, named after this process ({@code bgpscope-PID-…SUFFIX}) so
     * that one left by a killed process is removed at the next start, which this does first.
     */
    static Path createTemp(String suffix) throws IOException {
        Path dir = tempDir();
        removeStale(dir);
        Path temp = Files.createTempFile(dir, PREFIX + ProcessHandle.current().pid() + "-", suffix);
        temp.toFile().deleteOnExit();
        return temp;
    }

    /** Stops at once when the first decompressed bytes are no capture we read. */
    private static void sniff(Path file, String what, MemorySegment head) throws CaptureException {
        try {
            CaptureFormat.detect(file, head);
        } catch (CaptureException e) {
            throw new CaptureException(file, 0, "inside the " + what + " data: " + e.problem());
        }
    }

    /**
     * Reads until {@code want} bytes or the end; returns how many (0 at the end). An error after some
     * bytes were read is held back until the next call, so that those bytes are kept.
     */
    private static int fill(InputStream in, byte[] buf, int want, IOException[] held) throws IOException {
        if (held[0] != null) {
            throw held[0];
        }
        int n = 0;
        while (n < want) {
            int k;
            try {
                k = in.read(buf, n, want - n);
            } catch (IOException e) {
                if (n == 0) {
                    throw e;
                }
                held[0] = e;
                return n;
            }
            if (k < 0) {
                break;
            }
            n += k;
        }
        return n;
    }

    private static String mib(long bytes) {
        return String.format("%,d MiB", bytes >> 20);
    }

    /** Removes decompressed copies left by processes that no longer run (killed before they could). */
    static void removeStale(Path dir) {
        if (!CLEANED.add(dir.toAbsolutePath())) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, PREFIX + "*")) {
            for (Path p : files) {
                String name = p.getFileName().toString();
                int dash = name.indexOf('-', PREFIX.length());
                if (dash < 0) {
                    continue;
                }
                try {
                    long pid = Long.parseLong(name.substring(PREFIX.length(), dash));
                    if (ProcessHandle.of(pid).isEmpty() && Files.isRegularFile(p) && Files.isWritable(p)) {
                        Files.deleteIfExists(p);
                    }
                } catch (NumberFormatException | IOException ignored) {
                    // not ours, or not ours to remove
                }
            }
        } catch (IOException ignored) {
            // an unreadable temporary folder: nothing to clean
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

    private static final class Counting extends FilterInputStream {
        long count;

        Counting(InputStream in) {
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
