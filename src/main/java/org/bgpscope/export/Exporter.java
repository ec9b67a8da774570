package org.bgpscope.export;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.BitSet;
import org.bgpscope.capture.CancelledException;
import org.bgpscope.capture.CaptureException;
import org.bgpscope.capture.CaptureFormat;
import org.bgpscope.capture.MappedCapture;
import org.bgpscope.capture.MrtReader;
import org.bgpscope.capture.PacketCursor;
import org.bgpscope.capture.Progress;
import org.bgpscope.net.CaptureIndex;
import org.bgpscope.net.MessageIndex;
import org.bgpscope.net.MessageKind;
import org.bgpscope.net.Piece;
import org.bgpscope.bgp.Sessions;
import org.bgpscope.tree.MessageDecoder;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/** Writes selected messages of a capture in one of the {@link ExportFormat}s, streaming. */
public final class Exporter {
    private Exporter() {}

    /**
     * Writes the export to {@code out} through a temporary file in the same folder, moved into place
     * only when everything was written: a failed, cancelled or refused export leaves an existing file
     * as it was and no partial file. An output that is the input itself (by identity, through links
     * too) is refused before anything is opened.
     */
    public static ExportResult export(CaptureIndex capture, MessageSelection selection, ExportFormat format, Path out,
                                      Progress progress) throws IOException, CaptureException {
        MappedCapture c = capture.capture();
        if (!format.appliesTo(c.format())) {
            throw new CaptureException(c.file(), 0, "a " + c.format().label() + " capture cannot be exported as "
                    + format.name().toLowerCase() + (format == ExportFormat.MRT ? "; use pcap, raw or json" : "; use mrt, raw or json"));
        }
        Path target = OutputFiles.target(out, c.file(), c.mappedFile());
        return OutputFiles.replaceAtomically(target, os -> export(capture, selection, format, os, progress));
    }

    public static ExportResult export(CaptureIndex capture, MessageSelection selection, ExportFormat format, OutputStream out,
                                      Progress progress) throws IOException, CaptureException {
        if (!format.appliesTo(capture.capture().format())) {
            throw new CaptureException(capture.capture().file(), 0, "a " + capture.capture().format().label()
                    + " capture cannot be exported as " + format.name().toLowerCase());
        }
        return switch (format) {
            case RAW -> raw(capture, selection, out, progress);
            case HEX -> counted(format, hex(capture, selection, out, progress));
            case PCAP -> counted(format, records(capture, selection, out, progress));
            case MRT -> counted(format, records(capture, selection, out, progress));
            case JSON -> counted(format, json(capture, selection, out, progress, new Sessions(capture)));
            case EXABGP -> counted(format, exabgp(capture, selection, out, progress, new Sessions(capture)));
        };
    }

    private static ExportResult counted(ExportFormat format, long written) {
        return new ExportResult(written, format.unit(), 0, "");
    }

    /** JSON Lines, streamed: each message's tree is built, written and dropped. */
    public static long json(CaptureIndex capture, MessageSelection sel, OutputStream out, Progress progress,
                            Sessions sessions) throws IOException {
        return jsonLines(sel, out, progress, i -> true, (g, i, line) ->
                TreeJson.message(g, capture, i, MessageDecoder.decode(capture, i, sessions)));
    }

    /** ExaBGP 4 JSON Lines, streamed; entries ExaBGP has no message for are skipped. */
    public static long exabgp(CaptureIndex capture, MessageSelection sel, OutputStream out, Progress progress,
                              Sessions sessions) throws IOException {
        return jsonLines(sel, out, progress, i -> ExabgpJson.canExpress(capture, i),
                (g, i, line) -> ExabgpJson.write(g, capture, sessions, i, line));
    }

    /** Writes one JSON object for message {@code i}, the {@code line}-th object written (from 1). */
    private interface LineWriter {
        void write(JsonGenerator g, int i, long line) throws IOException;
    }

    /** Threads that write JSON at once: one per core (tests set others). */
    /** A run shorter than this is not worth a thread (tests set less). */
    static int minRun = 64;

    static int threads = Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors()));

    /** Messages per batch: each batch is cut into one run per core, written at once, then in order. */
    private static final int JSON_BATCH = 1024;

    /**
     * One JSON object per line for the selected messages that {@code writes} accepts; returns how many
     * were written. Decoding and writing a tree is the work: batches of messages are cut into one run
     * per core, each run written to bytes on its own thread, and the runs go out in order, so the output
     * is the same as writing one message after another.
     */
    private static long jsonLines(MessageSelection sel, OutputStream out, Progress progress,
                                  java.util.function.IntPredicate writes, LineWriter writer) throws IOException {
        int cores = threads;
        JsonFactory factory = new JsonFactory();
        factory.setRootValueSeparator(null);
        JsonRun[] runs = new JsonRun[cores];
        for (int k = 0; k < cores; k++) {
            runs[k] = new JsonRun(factory);
        }
        java.util.concurrent.ExecutorService pool = cores == 1 ? null
                : java.util.concurrent.Executors.newFixedThreadPool(cores - 1, r -> {
                    Thread t = new Thread(r, "bgpscope-export");
                    t.setDaemon(true);
                    return t;
                });
        try {
            long written = 0;
            long seen = 0;
            int[] batch = new int[JSON_BATCH];
            int i = sel.next(0);
            while (i >= 0) {
                int n = 0;
                while (i >= 0 && n < JSON_BATCH) {
                    seen++;
                    if (writes.test(i)) {
                        batch[n++] = i;
                    }
                    i = sel.next(i + 1);
                }
                int parts = pool == null ? 1 : Math.max(1, Math.min(cores, n / minRun));
                int per = (n + parts - 1) / Math.max(1, parts);
                java.util.List<java.util.concurrent.Future<?>> started = new java.util.ArrayList<>();
                long first = written + 1;
                for (int k = 1; k < parts; k++) {
                    int from = k * per;
                    int to = Math.min(n, from + per);
                    JsonRun run = runs[k];
                    started.add(pool.submit(() -> {
                        run.write(batch, from, to, first + from, writer);
                        return null;
                    }));
                }
                runs[0].write(batch, 0, Math.min(n, per), first, writer);
                for (java.util.concurrent.Future<?> f : started) {
                    await(f);
                }
                for (int k = 0; k < parts; k++) {
                    runs[k].bytes.writeTo(out);
                }
                written += n;
                if (!progress.update(seen, sel.size())) {
                    throw new CancelledException();
                }
            }
            return written;
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
    }

    private static void await(java.util.concurrent.Future<?> f) throws IOException {
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException();
        } catch (java.util.concurrent.ExecutionException e) {
            switch (e.getCause()) {
                case IOException io -> throw io;
                case RuntimeException r -> throw r;
                case Error r -> throw r;
                default -> throw new IOException(e.getCause());
            }
        }
    }

    /** One thread's share of a batch: its own generator, writing into its own bytes. */
    private static final class JsonRun {
        final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(1 << 20);
        final JsonGenerator g;

        JsonRun(JsonFactory factory) throws IOException {
            g = factory.createGenerator(bytes, JsonEncoding.UTF8);
        }

        void write(int[] batch, int from, int to, long line, LineWriter writer) throws IOException {
            bytes.reset();
            for (int k = from; k < to; k++) {
                writer.write(g, batch[k], line + k - from);
                g.writeRaw('\n');
            }
            g.flush();
        }
    }

    private static void step(Progress progress, long done, long total) {
        if ((done & 1023) == 0 && !progress.update(done, total)) {
            throw new CancelledException();
        }
    }

    /**
     * The complete BGP messages of the selection, end to end, as sent. Entries that are no complete BGP
     * message (unframed bytes, messages cut by a gap or the end of the capture, MRT records that carry
     * no message, a BGP length that disagrees with its MRT record) are left out and counted: written,
     * they would re-frame as other messages when the file is opened again.
     */
    private static ExportResult raw(CaptureIndex capture, MessageSelection sel, OutputStream out, Progress progress)
            throws IOException, CaptureException {
        MemorySegment data = capture.capture().data();
        MessageIndex m = capture.messages();
        byte[] buf = new byte[1 << 16];
        long n = 0;
        long skipped = 0;
        long seen = 0;
        for (int i = sel.next(0); i >= 0; i = sel.next(i + 1)) {
            if (isCompleteMessage(m, i)) {
                for (Piece p : m.pieces(i)) {
                    copy(data, p.fileOffset(), p.length(), buf, out);
                }
                n++;
            } else {
                skipped++;
            }
            step(progress, ++seen, sel.size());
        }
        if (n == 0 && seen > 0) {
            throw new CaptureException(capture.capture().file(), 0, "none of the " + seen
                    + " selected entries is a complete BGP message, so a raw export would be empty; use hex or json");
        }
        return new ExportResult(n, "messages", skipped, "that are no complete BGP message (see hex or json for them)");
    }

    /** A whole BGP message whose bytes frame as exactly this message when read again. */
    static boolean isCompleteMessage(MessageIndex m, int i) {
        return m.kind(i) == MessageKind.BGP_MESSAGE
                && (m.flags(i) & (MessageIndex.F_INCOMPLETE | MessageIndex.F_BAD_LENGTH | MessageIndex.F_BAD_MARKER)) == 0
                && m.bytesPresent(i) == m.length(i);
    }

    private static void copy(MemorySegment data, long off, long len, byte[] buf, OutputStream out) throws IOException {
        while (len > 0) {
            int k = (int) Math.min(len, buf.length);
            MemorySegment.copy(data, ValueLayout.JAVA_BYTE, off, buf, 0, k);
            out.write(buf, 0, k);
            off += k;
            len -= k;
        }
    }

    private static long hex(CaptureIndex capture, MessageSelection sel, OutputStream os, Progress progress) throws IOException {
        Writer w = new java.io.OutputStreamWriter(os, StandardCharsets.US_ASCII);
        MessageIndex m = capture.messages();
        long n = 0;
        for (int i = sel.next(0); i >= 0; i = sel.next(i + 1)) {
            MemorySegment b = capture.bytes(i);
            StringBuilder sb = new StringBuilder();
            sb.append("# message ").append(i + 1).append(", frame ").append(m.frame(i)).append(", ")
                    .append(b.byteSize()).append(" bytes at file offsets");
            for (Piece p : m.pieces(i)) {
                sb.append(' ').append(p.fileOffset()).append('+').append(p.length());
            }
            sb.append('\n');
            for (long o = 0; o < b.byteSize(); o += 16) {
                sb.append(String.format("%06x ", o));
                for (long k = o; k < o + 16 && k < b.byteSize(); k++) {
                    sb.append(' ').append(String.format("%02x", b.get(ValueLayout.JAVA_BYTE, k) & 0xFF));
                }
                sb.append('\n');
            }
            sb.append('\n');
            w.write(sb.toString());
            step(progress, ++n, sel.size());
        }
        w.flush();
        return n;
    }

    /**
     * Every record that holds a byte of the selected messages, verbatim, in file order, each once. A
     * message released from the out-of-order queue by a later frame names the records that carried
     * its bytes in its pieces, not the frame that completed it.
     */
    private static long records(CaptureIndex capture, MessageSelection sel, OutputStream out, Progress progress)
            throws IOException, CaptureException {
        MappedCapture c = capture.capture();
        boolean isMrt = c.format() == CaptureFormat.MRT;
        BitSet frames = new BitSet();
        for (int i = sel.next(0); i >= 0; i = sel.next(i + 1)) {
            for (Piece p : capture.messages().pieces(i)) {
                frames.set(p.frame());
            }
        }
        MemorySegment data = c.data();
        byte[] buf = new byte[1 << 16];
        long written = 0;
        if (isMrt) {
            MrtReader r = c.mrtRecords();
            while (r.next()) {
                if (frames.get(r.number())) {
                    copy(data, r.recordOffset(), r.recordLength(), buf, out);
                    step(progress, ++written, frames.cardinality());
                }
            }
            return written;
        }
        PacketCursor cursor = c.packets();
        if (c.format() == CaptureFormat.PCAP) {
            copy(data, 0, 24, buf, out);
            while (cursor.next()) {
                if (frames.get(cursor.number())) {
                    copy(data, cursor.recordOffset(), cursor.recordLength(), buf, out);
                    step(progress, ++written, frames.cardinality());
                }
            }
            return written;
        }
        // pcapng: rewritten as a nanosecond classic pcap; every record must share one link type.
        int linkType = -1;
        boolean header = false;
        java.nio.ByteBuffer rec = java.nio.ByteBuffer.allocate(16).order(java.nio.ByteOrder.BIG_ENDIAN);
        while (cursor.next()) {
            if (!frames.get(cursor.number())) {
                continue;
            }
            if (!header) {
                linkType = cursor.linkType();
                java.nio.ByteBuffer h = java.nio.ByteBuffer.allocate(24).order(java.nio.ByteOrder.BIG_ENDIAN);
                h.putInt(0xA1B23C4D).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(262144).putInt(linkType);
                out.write(h.array());
                header = true;
            } else if (cursor.linkType() != linkType) {
                throw new CaptureException(c.file(), cursor.recordOffset(), "frame " + cursor.number()
                        + " has link type " + cursor.linkType() + " but earlier exported frames have " + linkType
                        + "; a classic pcap holds one link type");
            }
            long t = cursor.timeNanos();
            rec.clear();
            rec.putInt((int) (t / 1_000_000_000L)).putInt((int) (t % 1_000_000_000L))
                    .putInt(cursor.capturedLength()).putInt(cursor.originalLength());
            out.write(rec.array());
            copy(data, cursor.dataOffset(), cursor.capturedLength(), buf, out);
            step(progress, ++written, frames.cardinality());
        }
        return written;
    }
}
