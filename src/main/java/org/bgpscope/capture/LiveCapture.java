package org.bgpscope.capture;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.pcap4j.core.BpfProgram;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapAddress;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface;
import org.pcap4j.core.PcapStat;
import org.pcap4j.core.Pcaps;

/**
 * A live capture: pcap4j (libpcap) is the source of frames, and every frame is appended at once to
 * a pcapng file ({@link PcapngWriter}). Nothing reads pcap4j's copies of the packets but the writer:
 * the capture is then read as any growing file is, mapped and followed
 * ({@code CaptureIndex.buildFollowing}), so the rows and the saved file are the same bytes.
 */
public final class LiveCapture implements AutoCloseable {
    /** The capture filter unless one is given: BGP's port, both directions. */
    public static final String DEFAULT_FILTER = "tcp port 179";
    /** Whole frames of any Ethernet or loopback MTU; BGP messages are at most 65,535 bytes. */
    public static final int DEFAULT_SNAP_LENGTH = 262_144;

    /** An interface pcap can capture on, as its device list gives it. */
    public record Device(String name, String description, List<String> addresses, boolean loopback, boolean up) {
        /** One line: name, addresses, description. */
        public String label() {
            StringBuilder sb = new StringBuilder(name);
            if (!addresses.isEmpty()) {
                sb.append("  ").append(String.join(", ", addresses));
            }
            if (description != null && !description.isBlank()) {
                sb.append("  (").append(description).append(')');
            }
            if (!up) {
                sb.append("  [down]");
            }
            return sb.toString();
        }
    }

    /**
     * What to capture: the interface, a BPF filter (blank for every frame), the snap length, where
     * to write, and when to stop by itself (0 for no limit).
     */
    public record Settings(String device, String filter, int snapLength, Path output, long maxFrames, Duration duration) {
        public Settings {
            if (snapLength <= 0) {
                throw new IllegalArgumentException("the snap length must be at least 1 byte, not " + snapLength);
            }
        }
    }

    /**
     * Where live captures come from: the interfaces and the start of a capture. {@link #PCAP} is
     * libpcap through pcap4j; the window takes another so that a test can make it refuse (no libpcap,
     * no permission) with the same errors libpcap's failures give.
     */
    public interface Source {
        List<Device> devices() throws LiveCaptureException;

        LiveCapture start(Settings settings) throws LiveCaptureException;
    }

    /** libpcap, through pcap4j. */
    public static final Source PCAP = new Source() {
        @Override
        public List<Device> devices() throws LiveCaptureException {
            return LiveCapture.devices();
        }

        @Override
        public LiveCapture start(Settings settings) throws LiveCaptureException {
            return LiveCapture.start(settings);
        }
    };

    /** Frames and bytes written, and frames libpcap or the interface dropped (pcap_stats). */
    public record Stats(long frames, long bytes, long dropped, long droppedByInterface) {}

    private final Settings settings;
    private final PcapHandle handle;
    private final PcapngWriter writer;
    private final Thread thread;
    private volatile boolean stop;
    private volatile boolean running = true;
    private volatile String failure;
    private volatile Stats stats = new Stats(0, 0, 0, 0);

    private LiveCapture(Settings settings, PcapHandle handle, PcapngWriter writer) {
        this.settings = settings;
        this.handle = handle;
        this.writer = writer;
        this.thread = Thread.ofPlatform().name("bgpscope-capture").daemon(true).unstarted(this::loop);
    }

    /** The interfaces libpcap can capture on, with their addresses; needs no special right. */
    public static List<Device> devices() throws LiveCaptureException {
        List<PcapNetworkInterface> all;
        try {
            all = Pcaps.findAllDevs();
        } catch (PcapNativeException e) {
            throw new LiveCaptureException("cannot list the interfaces: " + e.getMessage() + permissionAdvice(e.getMessage()), e);
        } catch (LinkageError e) {
            throw noLibpcap(e);
        }
        List<Device> out = new ArrayList<>();
        for (PcapNetworkInterface nif : all) {
            List<String> addresses = new ArrayList<>();
            for (PcapAddress a : nif.getAddresses()) {
                InetAddress ip = a.getAddress();
                if (ip != null) {
                    addresses.add(ip.getHostAddress().replaceFirst("%.*$", ""));
                }
            }
            out.add(new Device(nif.getName(), nif.getDescription(), List.copyOf(addresses), nif.isLoopBack(), nif.isUp()));
        }
        return out;
    }

    /**
     * Opens the interface, sets the filter, creates the output file with its pcapng headers, and
     * starts capturing on a thread of its own. Every failure says what to do about it: install
     * libpcap, get the right to capture, name an interface that exists, fix the filter or the path.
     */
    public static LiveCapture start(Settings s) throws LiveCaptureException {
        PcapHandle handle;
        try {
            handle = open(s);
        } catch (LinkageError e) {
            throw noLibpcap(e);
        }
        PcapngWriter writer;
        try {
            String description = null;
            try {
                PcapNetworkInterface nif = Pcaps.getDevByName(s.device());
                description = nif == null ? null : nif.getDescription();
            } catch (PcapNativeException e) {
                // The description is only a courtesy in the file's header.
            }
            writer = new PcapngWriter(s.output(), handle.getDlt().value(), s.snapLength(), s.device(), description);
        } catch (IOException e) {
            handle.close();
            throw new LiveCaptureException("cannot write " + s.output() + ": " + IoErrors.reason(e)
                    + "; choose a file in a folder you can write to", e);
        }
        LiveCapture c = new LiveCapture(s, handle, writer);
        c.thread.start();
        return c;
    }

    private static PcapHandle open(Settings s) throws LiveCaptureException {
        PcapHandle handle;
        try {
            PcapHandle.Builder b = new PcapHandle.Builder(s.device())
                    .snaplen(s.snapLength())
                    .promiscuousMode(PcapNetworkInterface.PromiscuousMode.NONPROMISCUOUS)
                    .timeoutMillis(100)
                    .immediateMode(true)
                    .timestampPrecision(PcapHandle.TimestampPrecision.NANO);
            try {
                handle = b.build();
            } catch (PcapNativeException e) {
                if (!String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("precision")) {
                    throw e;
                }
                // An interface without nanosecond stamps: microseconds, written as nanoseconds all the same.
                handle = b.timestampPrecision(PcapHandle.TimestampPrecision.MICRO).build();
            }
        } catch (PcapNativeException e) {
            throw openFailure(s.device(), e.getMessage(), e);
        }
        try {
            // pcap_next_ex may wait for a frame however long its read timeout (pcap(3PCAP): the timeout
            // need not expire when no frame arrives), and the capture could not stop on time. Without
            // blocking, the loop looks for frames and sleeps a few milliseconds between.
            handle.setBlockingMode(PcapHandle.BlockingMode.NONBLOCKING);
        } catch (PcapNativeException | NotOpenException e) {
            handle.close();
            throw new LiveCaptureException("cannot capture on " + s.device() + ": " + e.getMessage(), e);
        }
        String filter = s.filter() == null ? "" : s.filter().strip();
        if (!filter.isEmpty()) {
            try {
                handle.setFilter(filter, BpfProgram.BpfCompileMode.OPTIMIZE);
            } catch (PcapNativeException | NotOpenException e) {
                handle.close();
                throw new LiveCaptureException("the capture filter '" + filter + "' is not valid on " + s.device() + ": "
                        + e.getMessage() + "; it is a pcap filter, as tcpdump takes (e.g. '" + DEFAULT_FILTER + "')", e);
            }
        }
        return handle;
    }

    /** libpcap's words for a failed open, with what to do about it. */
    public static LiveCaptureException openFailure(String device, String pcapMessage, Exception cause) {
        String m = String.valueOf(pcapMessage);
        String lower = m.toLowerCase(Locale.ROOT);
        if (lower.contains("permission") || lower.contains("not permitted")) {
            return new LiveCaptureException("no permission to capture on " + device + " (" + m + ")" + permissionAdvice(m), cause);
        }
        if (lower.contains("no such device") || lower.contains("doesn't exist") || lower.contains("no such file")) {
            return new LiveCaptureException("there is no interface named " + device + " (" + m + "); `bgpscope capture --list` "
                    + "lists the interfaces", cause);
        }
        return new LiveCaptureException("cannot capture on " + device + ": " + m, cause);
    }

    /** What gives the right to capture: root, or the two capabilities on the program that runs. */
    public static String permissionAdvice(String pcapMessage) {
        String lower = String.valueOf(pcapMessage).toLowerCase(Locale.ROOT);
        if (!lower.contains("permission") && !lower.contains("not permitted")) {
            return "";
        }
        return "; " + permissionFix();
    }

    /**
     * How to get the right to capture, naming this program's executable: the java that runs it (the
     * installed package's own, /opt/bgpscope/lib/runtime/bin/java, or the JDK's for ./bgpscope), or
     * jpackage's launcher when started by it.
     */
    public static String permissionFix() {
        String exe = ProcessHandle.current().info().command().orElse("the java that runs BGP Scope");
        try {
            exe = Path.of(exe).toRealPath().toString();
        } catch (IOException | RuntimeException e) {
            // keep the name as the process reports it
        }
        return "run it as root (sudo), or allow capturing once with: sudo setcap cap_net_raw,cap_net_admin=eip " + exe
                + " (see the README, Live capture)";
    }

    /** The error for a libpcap that cannot be loaded: how to install it. */
    public static LiveCaptureException noLibpcap(LinkageError e) {
        return new LiveCaptureException("libpcap is not installed (or not found), and live capture needs it: install it "
                + "(Debian and Ubuntu: sudo apt install libpcap0.8; Fedora: sudo dnf install libpcap; macOS has it), then "
                + "start BGP Scope again. Reading capture files works without it. (" + Errors.firstLine(e) + ")", e);
    }

    /** How long the capture sleeps when no frame is waiting: the most a frame waits to be written. */
    private static final int IDLE_MILLIS = 5;

    private void loop() {
        long started = System.nanoTime();
        long lastStats = started;
        try {
            while (!stop) {
                byte[] packet;
                try {
                    packet = handle.getNextRawPacketEx();
                } catch (java.util.concurrent.TimeoutException e) {
                    packet = null;
                } catch (java.io.EOFException e) {
                    break;
                }
                if (packet == null) {
                    Thread.sleep(IDLE_MILLIS);
                }
                if (packet != null) {
                    java.sql.Timestamp t = handle.getTimestamp();
                    long nanos = t == null ? System.currentTimeMillis() * 1_000_000L
                            : Math.floorDiv(t.getTime(), 1000L) * 1_000_000_000L + t.getNanos();
                    Integer orig = handle.getOriginalLength();
                    writer.frame(packet, orig == null ? packet.length : orig, nanos);
                }
                long now = System.nanoTime();
                if (now - lastStats > 250_000_000L || packet != null && writer.frames() == 1) {
                    lastStats = now;
                    readStats();
                }
                if (settings.maxFrames() > 0 && writer.frames() >= settings.maxFrames()) {
                    break;
                }
                if (settings.duration() != null && !settings.duration().isZero()
                        && now - started >= settings.duration().toNanos()) {
                    break;
                }
            }
            readStats();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (PcapNativeException | NotOpenException e) {
            failure = "capturing on " + settings.device() + " stopped: " + e.getMessage();
        } catch (IOException e) {
            failure = "cannot write " + settings.output() + ": " + IoErrors.reason(e) + "; capturing stopped";
        } catch (RuntimeException e) {
            failure = "capturing on " + settings.device() + " stopped: " + e;
        } finally {
            handle.close();
            try {
                writer.close();
            } catch (IOException e) {
                if (failure == null) {
                    failure = "cannot finish " + settings.output() + ": " + IoErrors.reason(e);
                }
            }
            running = false;
        }
    }

    private void readStats() {
        long dropped = stats.dropped();
        long byIf = stats.droppedByInterface();
        try {
            PcapStat s = handle.getStats();
            dropped = s.getNumPacketsDropped();
            byIf = s.getNumPacketsDroppedByIf();
        } catch (PcapNativeException | NotOpenException | RuntimeException e) {
            // Some devices keep no statistics: the drop counts stay as they were.
        }
        stats = new Stats(writer.frames(), writer.bytes(), dropped, byIf);
    }

    /** Frames and bytes written so far, drops as libpcap last reported them. */
    public Stats stats() {
        return new Stats(writer.frames(), writer.bytes(), stats.dropped(), stats.droppedByInterface());
    }

    /** Whether frames are still being captured; false once the file is complete and closed. */
    public boolean running() { return running; }

    /** Why capturing stopped on its own (an error), or null. */
    public String failure() { return failure; }

    public Settings settings() { return settings; }

    public Path output() { return settings.output(); }

    /** Asks the capture to stop; the file is complete once {@link #running()} is false. */
    public void stop() {
        stop = true;
    }

    /** Waits until the capture has stopped and the file is closed. */
    public void await() throws InterruptedException {
        thread.join();
    }

    /** Stops and waits for the file to be complete. */
    @Override
    public void close() {
        stop();
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
