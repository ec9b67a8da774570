package org.bgpscope.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bgpscope.capture.CaptureException;
import org.bgpscope.capture.Progress;
import org.bgpscope.net.CaptureIndex;
import org.bgpscope.net.MessageIndex;
import org.bgpscope.net.Piece;

/**
 * Writes a fuzz input to one reusable file (in /dev/shm where there is one, so no disk is touched)
 * and indexes it the way the window and the command line do.
 */
final class FuzzFiles {
    private FuzzFiles() {}

    private static final Path DIR = dir();

    private static Path dir() {
        try {
            Path shm = Path.of("/dev/shm");
            return Files.isDirectory(shm) && Files.isWritable(shm)
                    ? Files.createTempDirectory(shm, "bgpscope-fuzz-") : Files.createTempDirectory("bgpscope-fuzz-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path write(String name, byte[] bytes) {
        Path p = DIR.resolve(name);
        try {
            Files.write(p, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** Indexes {@code bytes} as a file; null when the reader says it is no capture (the expected refusal). */
    static CaptureIndex index(String name, byte[] bytes) {
        try {
            return CaptureIndex.open(write(name, bytes), Progress.NONE);
        } catch (CaptureException expected) {
            return null;
        } catch (RuntimeException e) {
            if (knownBug(e)) {
                return null;
            }
            throw e;
        }
    }

    /**
     * Findings in code this work does not own (capture/*, net/*), reported with their inputs and
     * not fixed yet: skipped so the fuzzer can look past them. Remove an entry once it is fixed and
     * add its input to the target's Inputs directory.
     */
    static boolean knownBug(RuntimeException e) {
        // None now. The pcapng interface ID with its top bit set (an ArrayIndexOutOfBoundsException
        // in PcapngReader.packet) was fixed on main; its inputs are regression inputs. An entry
        // matches the exception's class and its top frame, e.g.
        // e instanceof ArrayIndexOutOfBoundsException && top(e).equals("org.bgpscope.capture.PcapngReader.packet")
        return false;
    }

    /** Every message's pieces lie inside the file and add up to the bytes the index hands out. */
    static void checkPieces(CaptureIndex index) {
        long size = index.capture().size();
        for (int i = 0; i < index.messages().size(); i++) {
            List<Piece> pieces = index.messages().pieces(i);
            long sum = 0;
            for (Piece p : pieces) {
                if (p.fileOffset() < 0 || p.length() < 0 || p.fileOffset() + p.length() > size) {
                    throw new AssertionError("message " + (i + 1) + ": piece " + p + " lies outside the " + size + "-byte file");
                }
                sum += p.length();
            }
            MemorySegment b = index.bytes(i);
            if ((index.messages().flags(i) & MessageIndex.F_NO_HEADER) != 0) {
                sum += 19; // MRT type 5: the header is rebuilt, not in the file
            }
            if (b.byteSize() != sum) {
                throw new AssertionError("message " + (i + 1) + ": " + b.byteSize() + " bytes but pieces hold " + sum);
            }
        }
        index.problems();
    }
}
