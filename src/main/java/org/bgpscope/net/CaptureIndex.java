package org.bgpscope.net;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.bgpscope.capture.CancelledException;
import org.bgpscope.capture.CaptureException;
import org.bgpscope.capture.CaptureFormat;
import org.bgpscope.capture.MappedCapture;
import org.bgpscope.capture.PacketCursor;
import org.bgpscope.capture.Progress;

/**
 * The BGP messages of one open capture: the index of their places in the mapped file, the flows
 * they travel on, and what went wrong on the way. {@link #build()} fills it; other threads may read
 * {@link #messages()} while it does, and see rows appear.
 */
public final class CaptureIndex implements AutoCloseable {
    /** Problems kept for display; more are counted, not stored. */
    private static final int MAX_PROBLEMS = 10_000;

    private final MappedCapture capture;
    private final MessageIndex messages = new MessageIndex();
    private final FlowTable flows = new FlowTable();
    private final TcpEvents events = new TcpEvents();
    private final BmpLinks bmpLinks = new BmpLinks();
    private final List<IndexProblem> problems = Collections.synchronizedList(new ArrayList<>());
    private volatile long problemCount;
    private volatile int timeDigits = 6;
    private volatile int records;
    private volatile String stoppedEarly;
    private volatile long stoppedAt = -1;
    private volatile boolean complete;
    private final IndexStats stats = new IndexStats();
    /** Record offsets of records 1, 1025, 2049, ... (classic pcap), for finding a frame without a full scan. */
    private long[] checkpoints = new long[64];
    private int checkpointCount;

    void checkpoint(int number, long recordOffset) {
        if (((number - 1) & (CHECKPOINT - 1)) == 0) {
            int k = (number - 1) / CHECKPOINT;
            if (k >= checkpoints.length) {
                checkpoints = java.util.Arrays.copyOf(checkpoints, checkpoints.length * 2);
            }
            checkpoints[k] = recordOffset;
            checkpointCount = Math.max(checkpointCount, k + 1);
        }
    }

    static final int CHECKPOINT = 1024;

    /** Where frame {@code number} of a pcap or pcapng capture lies: its packet bytes and link type. */
    public record FrameRecord(int number, long recordOffset, long dataOffset, int capturedLength, int linkType) {}

    /** Finds a frame by number; classic pcap seeks from a checkpoint, pcapng reads from the start. */
    public FrameRecord frame(int number) throws CaptureException {
        PacketCursor c = capture.packets();
        int k = (number - 1) / CHECKPOINT;
        if (c instanceof org.bgpscope.capture.PcapReader pr && k < checkpointCount && k > 0) {
            pr.seek(checkpoints[k], k * CHECKPOINT);
        }
        while (c.next()) {
            if (c.number() == number) {
                return new FrameRecord(number, c.recordOffset(), c.dataOffset(), c.capturedLength(), c.linkType());
            }
        }
        return null;
    }

    public CaptureIndex(MappedCapture capture) {
        this.capture = capture;
    }

    /** Opens, maps and indexes a file in one call (the command line's way). */
    public static CaptureIndex open(java.nio.file.Path file, Progress progress) throws CaptureException {
        MappedCapture capture = MappedCapture.open(file, progress);
        CaptureIndex index = new CaptureIndex(capture);
        try {
            index.build(progress);
        } catch (CaptureException | RuntimeException e) {
            index.close();
            throw e;
        }
        return index;
    }

    public void build() throws CaptureException {
        build(Progress.NONE);
    }

    /** Indexes every message; progress counts bytes of the mapped file. */
    public void build(Progress progress) throws CaptureException {
        build(progress, false);
    }

    /**
     * Indexes what the file holds now and keeps reading it as it grows: TCP streams stay open, and
     * a record the end of the file cuts is waited for, not reported. {@link #follow()} indexes what
     * was appended since; {@link #stopFollowing()} ends the capture as {@link #build} would have.
     * A file that cannot grow (compressed, a raw BGP stream) is indexed whole.
     */
    public void buildFollowing(Progress progress) throws CaptureException {
        build(progress, capture.followable());
    }

    private void build(Progress progress, boolean follow) throws CaptureException {
        boolean streaming = capture.streaming();
        // A compressed file still being decompressed draws its progress from the decompression
        // (compressed bytes read); indexing only asks whether to go on.
        Progress p = streaming ? (done, total) -> true : progress;
        try {
            switch (capture.format()) {
                case MRT -> indexer = new MrtIndexer(this);
                case RAW_BGP -> rawStream(progress, false);
                case RAW_BMP -> rawStream(progress, true);
                case PCAP, PCAPNG -> indexer = new PacketIndexer(this);
            }
            if (indexer != null) {
                indexer.index(p);
                following = (follow || streaming) && (indexer.stopped() == null || indexer.waitingForRecord());
                if (streaming && !following) {
                    indexer.finish(); // damage in the first bytes: more cannot mend it
                } else if (streaming) {
                    // Index the decompressed bytes as they are written; the last record waits for its end.
                    while (following && capture.streaming()) {
                        if (follow() == 0) {
                            capture.awaitStream(50);
                        }
                    }
                    follow();
                    if (!follow) {
                        stopFollowing();
                    }
                }
                if (!following && !streaming) {
                    indexer.finish();
                }
            }
        } catch (InternalError e) {
            following = false;
            cutUnderUs(e);
        }
        if (capture.damage() != null) {
            stoppedEarly(capture.damage(), capture.damageOffset());
        }
        complete = true;
        progress.update(capture.size(), capture.size());
    }

    /** The file was cut shorter under us (SIGBUS on the mapping): keep what lies before the cut. */
    private void cutUnderUs(InternalError e) {
        CaptureException changed = capture.changedWhileRead(e);
        int keep = messagesBefore(changed.offset());
        messages.truncate(keep);
        bmpLinks.truncate(keep);
        stoppedEarly(changed.problem() + "; the messages before offset " + changed.offset() + " are kept", changed.offset());
    }

    private Indexer indexer;
    private volatile boolean following;
    private volatile String followEnded;

    /** Whether the file is being followed: {@link #follow()} may still find new messages. */
    public boolean following() { return following; }

    /** Why following ended by itself (the file was replaced, cut, or damaged), or null. */
    public String followEnded() { return followEnded; }

    /**
     * Indexes the records appended to a followed file since the last call, and returns how many
     * messages they added (0 when the file has not grown, or is not followed). A file replaced or cut
     * shorter under us ends following with a problem that says so ({@link #followEnded()}); the
     * messages indexed before stay.
     */
    public synchronized int follow() {
        if (!following) {
            return 0;
        }
        int before = messages.size();
        try {
            if (!capture.grow()) {
                return 0;
            }
            indexer.grow(capture.data());
            indexer.index(Progress.NONE);
            if (indexer.stopped() != null && !indexer.waitingForRecord()) {
                // Damage that more bytes cannot mend: the capture ends at it.
                endFollowing(indexer.stopped());
            }
        } catch (CaptureException e) {
            following = false;
            // A file cut shorter took the bytes past the cut with it (reading them would fault): the
            // messages wholly before it stay. A replaced or deleted file is still mapped whole.
            if (e.offset() < capture.size()) {
                messages.truncate(messagesBefore(e.offset()));
            }
            int lost = Math.max(0, before - messages.size());
            followEnded = e.problem() + "; following stopped, the " + messages.size() + " messages read before "
                    + (lost > 0 ? "the cut are kept (" + lost + " after it are gone with its bytes)" : "are kept");
            problem(records, e.offset(), followEnded);
        } catch (InternalError e) {
            following = false;
            cutUnderUs(e);
            followEnded = stoppedEarly;
        }
        return Math.max(0, messages.size() - before); // a cut may have taken messages away
    }

    /**
     * Stops following: the capture ends where the file ends now, so a record it cuts is reported
     * as truncated and bytes pending in TCP streams are listed as incomplete messages.
     */
    public synchronized void stopFollowing() {
        if (following) {
            following = false;
            indexer.finish();
        }
    }

    private void endFollowing(String why) {
        following = false;
        followEnded = why;
        indexer.finish();
    }

    /** How many of the indexed messages lie wholly before file offset {@code end}. */
    private int messagesBefore(long end) {
        int n = messages.size();
        for (int i = 0; i < n; i++) {
            for (Piece p : messages.pieces(i)) {
                if (p.fileOffset() + p.length() > end) {
                    return i;
                }
            }
        }
        return n;
    }

    /** A file of BGP (or BMP) messages end to end: one stream, one record. */
    private void rawStream(Progress progress, boolean bmp) {
        timeDigits(0);
        records(1);
        byte[] k = {0};
        byte[] r = {1};
        String name = capture.file().getFileName().toString();
        int flow = flows.addPair(k, r, 1, (id, reversed) -> new Flow(id, reversed ? "" : name, "", "", "", -1, -1));
        StreamFramer framer = bmp ? new BmpFramer(capture.data(), messages, flow, new BmpPeers(this))
                : new BgpFramer(capture.data(), messages, flow);
        framer.at(1, 0);
        long size = capture.size();
        for (long off = 0; off < size; off += 1 << 26) {
            check(progress, off, size);
            framer.accept(off, (int) Math.min(1 << 26, size - off), 1);
        }
        framer.flush();
        // A stream cut inside its last message fails like a pcap cut inside its last record.
        int last = messages.size() - 1;
        if (last >= 0 && (messages.flags(last) & MessageIndex.F_INCOMPLETE) != 0) {
            long start = messages.firstOffset(last);
            long here = messages.bytesPresent(last);
            String what = bmp ? "BMP" : "BGP";
            stoppedEarly(messages.kind(last) != MessageKind.UNFRAMED
                    ? "the file ends inside a " + what + " message: " + here + " of its " + messages.length(last) + " bytes are here"
                    : "the file ends with " + here + " bytes that are no complete " + what + " message", start);
        }
    }

    static void check(Progress progress, long done, long total) {
        if (!progress.update(done, total)) {
            throw new CancelledException();
        }
    }

    void problem(int frame, long offset, String text) {
        problemCount++;
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(new IndexProblem(frame, offset, text));
        }
    }

    void stoppedEarly(String why, long offset) {
        stoppedEarly = why;
        stoppedAt = offset;
        problem(records, offset, why);
    }

    void timeDigits(int digits) { timeDigits = digits; }
    void records(int n) { records = n; }

    public MappedCapture capture() { return capture; }
    public MessageIndex messages() { return messages; }
    public FlowTable flows() { return flows; }
    /** SYN, FIN, RST, refused attempts, retransmissions and losses on the BGP connections, in frame order. */
    public TcpEvents events() { return events; }

    /**
     * Whether TCP event {@code e} goes before message {@code i} in the list: events of earlier frames
     * do, and of the same frame all but the closing ones (a FIN or RST can end the segment that
     * completed the message). The list, the window's rows and the ladder all order by this.
     */
    public boolean eventFirst(int e, int i) {
        int fe = events.frame(e);
        int fm = messages.frame(i);
        if (fe != fm) {
            return fe < fm;
        }
        TcpEvent what = events.event(e);
        return what != TcpEvent.FIN && what != TcpEvent.RST && what != TcpEvent.REFUSED;
    }
    /** Which BMP message carried each BGP message taken out of one (empty but for BMP captures). */
    public BmpLinks bmpLinks() { return bmpLinks; }
    public IndexStats stats() { return stats; }

    public List<IndexProblem> problems() {
        synchronized (problems) {
            return List.copyOf(problems);
        }
    }

    public long problemCount() { return problemCount; }

    /** Decimal digits of a second that the capture's timestamps carry (0 for whole seconds). */
    public int timeDigits() { return timeDigits; }

    /** Records (frames) read so far. */
    public int records() { return records; }

    public boolean complete() { return complete; }

    /** Why reading stopped before the end of the file (a truncated record), or null. */
    public String stoppedEarly() { return stoppedEarly; }

    public long stoppedAt() { return stoppedAt; }

    /** Piece {@code k} of message {@code i} as a slice of the mapped file: no copy. */
    public MemorySegment piece(int i, int k) {
        return capture.data().asSlice(messages.pieceOffset(i, k), messages.pieceLength(i, k));
    }

    /**
     * The bytes of message {@code i}: a slice of the mapped file, or assembled once from its pieces.
     * A message whose header is not in the file ({@link MessageIndex#F_NO_HEADER}) gets the header
     * its length and type say in front of its body, so that it decodes as the message it was.
     */
    public MemorySegment bytes(int i) {
        MemorySegment data = capture.data();
        if (!messages.hasPieces(i)) {
            return data.asSlice(messages.rawOffset(i), messages.length(i));
        }
        // Read piece by piece from the index (no list of pieces: the list and the inference ask for
        // every message of an MRT file whose records carry no BGP header).
        int count = messages.pieceCount(i);
        boolean rebuilt = (messages.flags(i) & MessageIndex.F_NO_HEADER) != 0;
        long total = rebuilt ? BgpFramer.HEADER : 0;
        for (int k = 0; k < count; k++) {
            total += messages.pieceLength(i, k);
        }
        byte[] bytes = new byte[(int) total];
        int o = 0;
        if (rebuilt) {
            java.util.Arrays.fill(bytes, 0, 16, (byte) 0xFF);
            bytes[16] = (byte) (messages.length(i) >>> 8);
            bytes[17] = (byte) messages.length(i);
            bytes[18] = (byte) messages.type(i);
            o = BgpFramer.HEADER;
        }
        for (int k = 0; k < count; k++) {
            int len = messages.pieceLength(i, k);
            MemorySegment.copy(data, ValueLayout.JAVA_BYTE, messages.pieceOffset(i, k), bytes, o, len);
            o += len;
        }
        return MemorySegment.ofArray(bytes);
    }

    /**
     * File offset of byte {@code k} of message {@code i}: the map back from message to file; -1 for a
     * byte of a header that is not in the file ({@link MessageIndex#F_NO_HEADER}).
     */
    public long fileOffsetOf(int i, long k) {
        if (!messages.hasPieces(i)) {
            return messages.rawOffset(i) + k;
        }
        if ((messages.flags(i) & MessageIndex.F_NO_HEADER) != 0) {
            if (k < BgpFramer.HEADER) {
                return -1;
            }
            k -= BgpFramer.HEADER;
        }
        for (Piece p : messages.pieces(i)) {
            if (k < p.length()) {
                return p.fileOffset() + k;
            }
            k -= p.length();
        }
        throw new IndexOutOfBoundsException("byte " + k + " past the end of message " + (i + 1));
    }

    @Override
    public void close() {
        messages.close();
        events.close();
        capture.close();
    }
}
