package org.bgpscope.cli;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.bgpscope.bgp.Overrides;
import org.bgpscope.bgp.Sessions;
import org.bgpscope.capture.CancelledException;
import org.bgpscope.capture.CaptureException;
import org.bgpscope.capture.MappedCapture;
import org.bgpscope.capture.Progress;
import org.bgpscope.export.ExportFormat;
import org.bgpscope.export.Exporter;
import org.bgpscope.export.MessageSelection;
import org.bgpscope.net.CaptureIndex;
import org.bgpscope.net.MessageIndex;
import org.bgpscope.net.TcpEvents;
import org.bgpscope.tree.MessageDecoder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The command line: {@code bgpscope list|decode|export|bench ...}, parsed by picocli. Returns an exit
 * code, never calls exit: 0 done, 1 failed (the reason on one line of standard error), 2 bad usage,
 * 141 when standard output is a pipe whose reader went away (as a C tool killed by SIGPIPE).
 */
@Command(name = "bgpscope", mixinStandardHelpOptions = true, version = "bgpscope " + Cli.VERSION,
        customSynopsis = {
            "bgpscope [FILE...]                 the window (the bundled sample with no file)",
            "       bgpscope COMMAND [OPTIONS] FILE     the command line",
            "       bgpscope --version | --help | help COMMAND"},
        description = {"", "A packet explorer for the BGP wire format: pcap, pcapng, MRT (gzip or bzip2 too) or raw BGP."},
        subcommands = {Cli.ListCommand.class, Cli.DecodeCommand.class, Cli.ExportCommand.class, Cli.DiagramCommand.class,
            Cli.CaptureCommand.class, Cli.BenchCommand.class,
            Cli.VersionCommand.class, CommandLine.HelpCommand.class},
        commandListHeading = "%nCommands:%n",
        footerHeading = "%n",
        footer = {"Exit codes: 0 done, 1 failed (one line on standard error says why), 2 bad usage,",
            "141 the reader of standard output went away (`| head`).",
            "BGPSCOPE_DEBUG=1 adds the stack trace to an internal error."})
public final class Cli implements Callable<Integer> {
    public static final String VERSION = "0.1.0";
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    /** 128 + SIGPIPE: what a shell reports for a C tool that wrote to a closed pipe. */
    static final int BROKEN_PIPE = 141;

    private static final String FILE_HELP = "the capture: pcap, pcapng, MRT or raw BGP, optionally gzip or bzip2 "
            + "(told from the content, not the name); a name starting with - goes after --";
    private static final String MESSAGES_HELP = "only these messages, numbered from 1: numbers and ranges like 1,5-9,12- "
            + "(12- is 12 to the last); numbers past the last message are ignored with a warning";

    private final Output output;
    final PrintStream out;
    final PrintStream err;
    /** BGPSCOPE_DEBUG=1: internal errors also print their stack trace. */
    boolean debug = "1".equals(System.getenv("BGPSCOPE_DEBUG"));
    /** Sees the indexing progress of every capture opened, and may stop it by returning false (tests). */
    Progress observer = Progress.NONE;
    private Meter meter;
    /**
     * What picocli prints itself (--help, --version): it would swallow a write error of its own, or
     * print a trace, so it writes here and {@link #run} copies it to {@link #out}.
     */
    private final java.io.StringWriter help = new java.io.StringWriter();

    /**
     * @param out where results go; write errors on it are reported, never swallowed
     * @param err where errors and warnings go
     */
    public Cli(OutputStream out, PrintStream err) {
        this.output = new Output(out);
        this.out = new PrintStream(new BufferedOutputStream(output, 1 << 16), false, StandardCharsets.UTF_8);
        this.err = err;
    }

    /** Whether a word is one the command line takes first (see {@link Launch}). */
    public static boolean isCommand(String arg) {
        return Launch.isCommand(arg);
    }

    /** The usage of the whole program (the window and every command). */
    public static void usage(PrintStream to) {
        CommandLine.usage(new Cli(OutputStream.nullOutputStream(), to), to);
    }

    public static int main(String[] args) {
        return new Cli(new FileOutputStream(FileDescriptor.out), System.err).run(args);
    }

    /** Runs a command line; every outcome, even a bug, is an exit code and at most one line on err. */
    public int run(String... args) {
        int code;
        try {
            code = commandLine().execute(args);
            if (help.getBuffer().length() > 0) {
                out.print(help);
                help.getBuffer().setLength(0);
            }
        } catch (Throwable t) {
            code = failure(t);
        }
        if (output.failure() == null) {
            try {
                out.flush();
            } catch (RuntimeException e) {
                return failure(e);
            }
        } else if (code == OK) {
            return failure(new Output.Failed(output.failure()));
        }
        return code;
    }

    private CommandLine commandLine() {
        CommandLine cl = new CommandLine(this);
        cl.setOut(new PrintWriter(help, false));
        cl.setErr(new PrintWriter(err, true));
        cl.setParameterExceptionHandler((ex, args) -> usage(ex, args));
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> failure(ex));
        return cl;
    }

    /** {@code bgpscope} with no command: the usage, as an error. */
    @Override
    public Integer call() {
        CommandLine.usage(this, err);
        return USAGE;
    }

    /** One line for a usage error, naming the option or word and pointing to the command's --help. */
    private int usage(ParameterException ex, String[] args) {
        CommandLine c = ex.getCommandLine();
        CommandSpec spec = c.getCommandSpec();
        boolean root = spec.parent() == null;
        String name = spec.qualifiedName();
        String msg;
        String optionLikeFile = optionLikeFile(spec, args);
        if (optionLikeFile != null) {
            msg = "unknown option '" + optionLikeFile + "'; a file named like an option goes after --: `" + name + " -- "
                    + optionLikeFile + "`";
        } else if (ex instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            String word = u.getUnmatched().getFirst();
            if (word.startsWith("-") && word.length() > 1) {
                msg = "unknown option '" + word + "'";
                List<String> did = u.getSuggestions();
                if (!did.isEmpty()) {
                    msg += " (did you mean " + did.getFirst() + "?)";
                }
                if (exists(word)) {
                    msg += "; a file named like an option goes after --: `" + name + " -- " + word + "`";
                }
            } else if (root) {
                msg = "unknown command or file: " + word;
            } else {
                msg = "unexpected argument '" + word + "': one FILE only";
            }
        } else {
            String m = Errors.oneLine(ex.getMessage());
            m = m.endsWith(".") ? m.substring(0, m.length() - 1) : m;
            msg = m.isEmpty() ? "bad usage" : Character.toLowerCase(m.charAt(0)) + m.substring(1);
        }
        err.println("bgpscope: " + (root ? "" : spec.name() + ": ") + msg + "; see `" + name + " --help`");
        return USAGE;
    }

    /** A word before any "--" that is no option of the command but an existing file, or null. */
    private static String optionLikeFile(CommandSpec spec, String[] args) {
        for (String a : args) {
            if (a.equals("--")) {
                return null;
            }
            if (a.startsWith("-") && a.length() > 1 && spec.findOption(a.contains("=") ? a.substring(0, a.indexOf('=')) : a) == null
                    && exists(a)) {
                return a;
            }
        }
        return null;
    }

    private static boolean exists(String word) {
        try {
            return Files.exists(Path.of(word));
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The exit code for what stopped a command, after saying why on one line. */
    int failure(Throwable t) {
        if (meter != null) {
            meter.clear();
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof Output.Failed f) {
                if (f.brokenPipe()) {
                    return BROKEN_PIPE;
                }
                err.println("bgpscope: cannot write the output: " + Errors.describe(f.io()));
                return FAILED;
            }
        }
        // What was written before the error goes out before the line that explains it.
        if (output.failure() == null) {
            try {
                out.flush();
            } catch (Output.Failed f) {
                return failure(f);
            }
        }
        switch (t) {
            case ParameterException e -> {
                return usage(e, new String[0]);
            }
            case CaptureException e -> {
                err.println("bgpscope: " + Errors.oneLine(e.getMessage()));
                return FAILED;
            }
            case org.bgpscope.capture.LiveCaptureException e -> {
                err.println("bgpscope: " + Errors.oneLine(e.getMessage()));
                return FAILED;
            }
            case IOException e -> {
                err.println("bgpscope: " + Errors.describe(e));
                return FAILED;
            }
            case UncheckedIOException e -> {
                err.println("bgpscope: " + Errors.describe(e.getCause()));
                return FAILED;
            }
            case CancelledException e -> {
                err.println("bgpscope: cancelled");
                return FAILED;
            }
            case InternalError e when String.valueOf(e.getMessage()).contains("unsafe memory access") -> {
                // SIGBUS on the mapping: the file was cut shorter while it was read.
                err.println("bgpscope: " + (current == null ? "the file" : current.capture().changedWhileRead(e).getMessage()));
                return FAILED;
            }
            default -> {
                err.println("bgpscope: internal error: " + Errors.internal(t) + " (please report)");
                if (debug) {
                    t.printStackTrace(err);
                }
                return FAILED;
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Commands

    @Command(name = "list", mixinStandardHelpOptions = true, sortOptions = false,
            header = "One line per BGP message (JSON Lines with --json).",
            description = {"One line per BGP message, printed while the file is indexed: number, frame, time, "
                + "source → destination, type, length, summary. MRT rows that are no BGP message (RIB entries, "
                + "state changes, the peer table) are listed too."})
    static final class ListCommand implements Callable<Integer> {
        @ParentCommand
        Cli cli;
        @Parameters(paramLabel = "FILE", description = FILE_HELP)
        Path file;
        @Option(names = "--json", description = "JSON Lines: one object per message with index, frame, time, src, dst, "
                + "type, type_name, kind, length, pieces ([file offset, length] runs), peer_as, problems, summary")
        boolean json;
        @Option(names = "--messages", paramLabel = "1,5-9", converter = SelectionConverter.class, description = MESSAGES_HELP)
        MessageSelection.Spec messages;
        @Option(names = "--no-tcp-events", description = "leave out the TCP event rows (SYN, SYN-ACK, FIN, RST, refused "
                + "connections, retransmissions, out-of-order segments, lost bytes); they are left out with --messages too")
        boolean noTcpEvents;
        @Option(names = {"-f", "--follow"}, description = "keep listing the messages another program appends to the file "
                + "(tcpdump -w, an MRT dump), like tail -f, until interrupted or the file is replaced or cut")
        boolean follow;
        @Option(names = "--filter", paramLabel = "WORDS", description = "only the messages and RIB entries that match every "
                + "word, as the window's filter: type:update, peer:ADDRESS, asn:N (anywhere in the path), origin:N, "
                + "prefix:P/LEN (exact) or prefix:P/LEN+ (covering), community:A:B or A:B:C, or text in the row; "
                + "TCP events are left out, and how many matched is said on standard error")
        String filter;

        @Override
        public Integer call() throws Exception {
            return cli.list(this);
        }
    }

    @Command(name = "capture", mixinStandardHelpOptions = true, sortOptions = false,
            header = "Capture BGP live from an interface to a pcapng file, listing its messages as they arrive.",
            description = {"Frames are written to OUT as they arrive (pcapng, nanosecond times) and the messages "
                + "they carry are listed as `list` lists them. Stops after --count frames, after --duration, or "
                + "on Ctrl-C; the file is complete in every case. Needs libpcap and the right to capture: root, "
                + "or the capabilities cap_net_raw and cap_net_admin on the program (see the README)."})
    static final class CaptureCommand implements Callable<Integer> {
        @ParentCommand
        Cli cli;
        @Parameters(paramLabel = "IFACE", arity = "0..1", description = "the interface (`--list` lists them; any: all of them)")
        String device;
        @Option(names = {"-w", "--write"}, paramLabel = "OUT.pcapng", description = "the pcapng file to write")
        Path output;
        @Option(names = "--filter", paramLabel = "EXPR", defaultValue = org.bgpscope.capture.LiveCapture.DEFAULT_FILTER,
                description = "pcap capture filter, as tcpdump takes (default: ${DEFAULT-VALUE})")
        String filter;
        @Option(names = "--snaplen", paramLabel = "N", defaultValue = "262144", description = "bytes kept of each frame "
                + "(default: ${DEFAULT-VALUE})")
        int snapLength;
        @Option(names = "--count", paramLabel = "N", description = "stop after N frames")
        Long count;
        @Option(names = "--duration", paramLabel = "S", description = "stop after S seconds")
        Double duration;
        @Option(names = "--json", description = "JSON Lines, as `list --json`")
        boolean json;
        @Option(names = "--list", description = "list the interfaces (name, addresses, description) and exit")
        boolean listDevices;

        @Override
        public Integer call() throws Exception {
            return cli.capture(this);
        }
    }

    @Command(name = "decode", mixinStandardHelpOptions = true, sortOptions = false,
            header = "The decoded field tree of each message, as text or JSON.",
            description = {"The field tree of each message as indented text (offset+length within the message per "
                + "field), or with --json one object per message with its pieces, the session state it was decoded "
                + "with, and the tree."})
    static final class DecodeCommand implements Callable<Integer> {
        @ParentCommand
        Cli cli;
        @Parameters(paramLabel = "FILE", arity = "0..1", description = FILE_HELP)
        Path file;
        @Option(names = "--hex", paramLabel = "HEX|-", description = "decode BGP messages given as hex instead of a file "
                + "(- reads standard input): bare hex with or without the marker, ExaBGP's log or API lines, or "
                + "Wireshark's Copy as Hex Dump")
        String hex;
        @Option(names = "--messages", paramLabel = "1,5-9", converter = SelectionConverter.class, description = MESSAGES_HELP)
        MessageSelection.Spec messages;
        @Option(names = "--json", description = "JSON Lines: per message {index, frame, pieces, session, tree}; each node "
                + "{name, key, offset, length, value, text, children} plus bitmask, reference and problems where present")
        boolean json;
        @Option(names = "--assume", paramLabel = "SPEC", converter = AssumeConverter.class,
                description = "what holds, over the OPENs, the MRT subtype and inference, comma-separated: "
                    + "addpath=FAMILY[:rx|:tx][+FAMILY...] (like ipv4-unicast; rx is what the side on port 179 or the "
                    + "MRT peer sent), no-addpath=..., as4, as2, extended-message, no-extended-message; "
                    + "e.g. addpath=ipv4-unicast+ipv6-unicast,as4")
        Overrides assume;

        @Override
        public Integer call() throws Exception {
            return cli.decode(this);
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
            header = "Write chosen messages as raw BGP, hex, pcap, MRT, JSON or ExaBGP JSON.",
            description = {"Writes the chosen messages to a file."})
    static final class ExportCommand implements Callable<Integer> {
        @ParentCommand
        Cli cli;
        @Parameters(paramLabel = "FILE", description = FILE_HELP)
        Path file;
        @Option(names = "--messages", paramLabel = "1,5-9", converter = SelectionConverter.class, description = MESSAGES_HELP)
        MessageSelection.Spec messages;
        @Option(names = "--format", required = true, paramLabel = "FORMAT", converter = FormatConverter.class,
                description = {"raw: the BGP messages end to end (re-opens in BGP Scope); hex: a dump per message with "
                    + "its file offsets; pcap: the original records carrying the messages (pcapng becomes a nanosecond "
                    + "pcap); mrt: the original MRT records; json: as decode --json; exabgp: ExaBGP 4's API JSON"})
        ExportFormat format;
        @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT", description = "the file to write")
        Path output;

        @Override
        public Integer call() throws Exception {
            return cli.export(this);
        }
    }

    @Command(name = "diagram", mixinStandardHelpOptions = true, sortOptions = false,
            header = "An RFC-style packet diagram of a message or one of its fields, as SVG.",
            description = {"Draws the structure of one message as the RFCs do: 32-bit rows under a bit ruler, a box per "
                + "field spanning its bits with its name and value, flag bits as one-bit boxes, variable-length fields "
                + "marked with their length. With --field, the structure holding the first field with that key (a path "
                + "attribute, a capability, an NLRI entry, the header) is drawn, that field tinted."})
    static final class DiagramCommand implements Callable<Integer> {
        @ParentCommand
        Cli cli;
        @Parameters(paramLabel = "FILE", description = FILE_HELP)
        Path file;
        @Option(names = "--messages", required = true, paramLabel = "N", converter = SelectionConverter.class,
                description = "the message to draw, numbered from 1")
        MessageSelection.Spec messages;
        @Option(names = "--field", paramLabel = "KEY", description = "a field key (see docs/keys.md), like bgp.update.attr.as_path or bgp.header")
        String field;
        @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT", description = "the SVG file to write")
        Path output;

        @Override
        public Integer call() throws Exception {
            return cli.diagram(this);
        }
    }

    @Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
            header = "Time indexing (and decoding) of a file, optionally against tshark.",
            description = {"Indexes FILE several times (after a warm-up run) and reports MB/s, messages/s and memory."})
    static final class BenchCommand implements Callable<Integer> {
        @ParentCommand
        Cli cli;
        @Parameters(paramLabel = "FILE", description = FILE_HELP)
        Path file;
        @Option(names = "--runs", paramLabel = "N", defaultValue = "5", converter = RunsConverter.class,
                description = "timed runs, at least 1 (default ${DEFAULT-VALUE})")
        int runs;
        @Option(names = "--tshark", description = "also time tshark on the same file (tshark -Y bgp -T fields -e bgp.type; "
                + "with --decode, tshark -Y bgp -V)")
        boolean tshark;
        @Option(names = "--decode", description = "also time the summary decode and the full decode (field trees) of every message")
        boolean decode;
        @Option(names = "--summaries", description = "also time the summary decode alone")
        boolean summaries;

        @Override
        public Integer call() throws Exception {
            return Bench.run(this, cli.out, cli.err);
        }
    }

    @Command(name = "version", hidden = true, description = "The version (as --version).")
    static final class VersionCommand implements Callable<Integer> {
        @ParentCommand
        Cli cli;

        @Override
        public Integer call() {
            cli.out.println("bgpscope " + VERSION);
            return OK;
        }
    }

    static final class SelectionConverter implements ITypeConverter<MessageSelection.Spec> {
        @Override
        public MessageSelection.Spec convert(String value) {
            try {
                return MessageSelection.spec(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class FormatConverter implements ITypeConverter<ExportFormat> {
        @Override
        public ExportFormat convert(String value) {
            try {
                return ExportFormat.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("'" + value + "' is not one of raw, hex, pcap, mrt, json, exabgp");
            }
        }
    }

    static final class AssumeConverter implements ITypeConverter<Overrides> {
        @Override
        public Overrides convert(String value) {
            try {
                return Sessions.parseAssume(value);
            } catch (IllegalArgumentException e) {
                String m = e.getMessage().replaceFirst("^--assume ", "");
                throw new TypeConversionException(m);
            }
        }
    }

    static final class RunsConverter implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            String v = value.trim();
            if (v.isEmpty() || !v.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
                throw new TypeConversionException("'" + value + "' is not a whole number");
            }
            int n;
            try {
                n = Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is too many runs");
            }
            if (n < 1) {
                throw new TypeConversionException("'" + value + "': at least 1 run");
            }
            return n;
        }
    }

    // ---------------------------------------------------------------------------------------------
    // What the commands do

    /** Progress of decompressing and indexing: a percentage on a terminal, cancellation, the test hook. */
    final class Meter implements Progress {
        private final boolean terminal;
        private volatile boolean show;
        private volatile boolean cancelled;
        private long last;
        private boolean shown;
        private int width = 4;

        Meter(boolean show) {
            this.terminal = isTerminal(2);
            this.show = show;
        }

        @Override
        public boolean update(long done, long total) {
            if (cancelled || !observer.update(done, total)) {
                return false;
            }
            if (show && terminal && total > 0) {
                long now = System.nanoTime();
                if (now - last > 250_000_000L) {
                    last = now;
                    shown = true;
                    width = 40;
                    java.util.function.Supplier<String> d = detail;
                    err.printf("\r%3d%%%s", done * 100 / total, d == null ? "" : " " + d.get());
                }
            }
            return !cancelled;
        }

        void cancel() {
            cancelled = true;
        }

        void show(boolean s) {
            show = s;
        }

        private volatile java.util.function.Supplier<String> detail;

        /** Text shown after the percentage (e.g. the matches so far). */
        void detail(java.util.function.Supplier<String> d) {
            detail = d;
        }

        /** Removes the percentage, so the next line starts clean. */
        synchronized void clear() {
            if (shown) {
                shown = false;
                err.print("\r" + " ".repeat(width) + "\r");
                err.flush();
            }
        }
    }

    /**
     * Whether file descriptor {@code fd} (1 standard output, 2 standard error) is a terminal: on Linux,
     * what {@code /proc/self/fd/N} links to, so that {@code list > out} in a terminal still shows its
     * progress on standard error; elsewhere whether the JVM has a console.
     */
    static boolean isTerminal(int fd) {
        try {
            String to = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            return to.startsWith("/dev/pts/") || to.startsWith("/dev/tty") || to.equals("/dev/console");
        } catch (IOException | RuntimeException e) {
            var console = System.console();
            return console != null && console.isTerminal();
        }
    }

    /** The capture being read, for the error a file cut shorter under us raises. */
    private volatile CaptureIndex current;

    private Meter meter(boolean show) {
        meter = new Meter(show);
        return meter;
    }

    /** Opens and indexes a whole capture (decode, export), with a percentage on a terminal. */
    CaptureIndex open(Path file) throws CaptureException {
        Meter m = meter(true);
        try {
            current = CaptureIndex.open(file, m);
            return current;
        } finally {
            m.clear();
        }
    }

    /**
     * Indexes on one thread and writes rows on this one as the index grows, so the first rows go out
     * at once and a closed pipe ({@code | head}) stops the indexing too. The output is the same as
     * after a complete index: from the first row that could still change ({@link ListOutput#settled},
     * an UPDATE of a session whose OPENs were not both seen), the rest waits for the end.
     */
    private int list(ListCommand c) throws CaptureException, IOException {
        Meter m = meter(true);
        MappedCapture capture;
        try {
            capture = MappedCapture.open(c.file, m);
        } finally {
            m.clear();
        }
        if (c.follow && !capture.followable()) {
            err.println("bgpscope: " + c.file + ": warning: a " + (capture.compression() != org.bgpscope.capture.Compression.NONE
                    ? capture.compression().name().toLowerCase(java.util.Locale.ROOT) + " file" : capture.format().label() + " file")
                    + " is not followed; it is listed as it is");
        }
        org.bgpscope.bgp.MessageFilter filter = null;
        if (c.filter != null) {
            try {
                filter = org.bgpscope.bgp.MessageFilter.parse(c.filter);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(new picocli.CommandLine(c), "--filter: " + e.getMessage());
            }
        }
        return listRows(capture, c.file, c.json, c.messages, filter == null && !c.noTcpEvents, c.follow ? () -> true : null,
                filter == null || filter.isEmpty() ? null : filter, c.filter);
    }

    /**
     * Lists the messages of {@code capture} as it is indexed; with {@code keepFollowing}, the file is
     * followed while it grows, until that says stop (the end of a live capture) or the file is
     * replaced or cut, and rows go out as soon as their records are written.
     */
    private int listRows(MappedCapture capture, Path file, boolean json, MessageSelection.Spec selection, boolean tcpEvents,
                         java.util.function.BooleanSupplier keepFollowing) throws CaptureException, IOException {
        return listRows(capture, file, json, selection, tcpEvents, keepFollowing, null, null);
    }

    private int listRows(MappedCapture capture, Path file, boolean json, MessageSelection.Spec selection, boolean tcpEvents,
                         java.util.function.BooleanSupplier keepFollowing, org.bgpscope.bgp.MessageFilter filter, String filterText)
            throws CaptureException, IOException {
        // The percentage goes to standard error while rows go to a file or a pipe, not between rows on the terminal.
        Meter m = meter(!isTerminal(1));
        current = new CaptureIndex(capture);
        Indexer indexer = new Indexer(current, m, keepFollowing);
        CaptureIndex index = indexer.index;
        boolean follow = keepFollowing != null;
        try (ListOutput rows = new ListOutput(index, out, json)) {
            rows.filter(filter);
            // A followed file's rows read as the messages so far say; otherwise the rows written before
            // the end are settled ones, and the rest are written with every UPDATE read.
            rows.inferOnlyWhen(follow ? () -> true : indexer::done);
            if (filter != null) {
                m.detail(() -> String.format("%,d matches", rows.matched()));
            }
            indexer.start();
            MessageIndex messages = index.messages();
            TcpEvents events = index.events();
            boolean withEvents = selection == null && tcpEvents;
            int next = 0;
            int nextEvent = 0;
            // Rows 1, 2, 4, ... 4096 go out at once: `| head -N` closes the pipe after its rows,
            // and the next write finds that out; from then on the 64 KiB buffer decides.
            long flushAt = 1;
            while (true) {
                boolean done = indexer.done();
                long quiet = indexer.quiet();
                int n = messages.size();
                int ne = withEvents ? events.size() : 0;
                // A followed file that has nothing new: every frame read so far is whole, the last one too.
                boolean caughtUp = done || quiet >= 0 && indexer.quiet() == quiet;
                // Until the end, rows of the last frame seen may still gain an event or a message: they wait.
                int frameSeen = Math.max(n > 0 ? messages.frame(n - 1) : 0, ne > 0 ? events.frame(ne - 1) : 0);
                boolean unsettled = false;
                while (next < n || nextEvent < ne) {
                    boolean event = nextEvent < ne && (next >= n || index.eventFirst(nextEvent, next));
                    if (event) {
                        if (!caughtUp && events.frame(nextEvent) >= frameSeen) {
                            break;
                        }
                        rows.event(nextEvent++);
                    } else {
                        if (selection != null && !selection.contains(next + 1L)) {
                            next++;
                            continue;
                        }
                        if (!done && !follow && !rows.settled(next) || !caughtUp && withEvents && messages.frame(next) >= frameSeen) {
                            // Its session's reading is still being inferred: the rest waits until it settles, or the end.
                            // (A followed file has no end to wait for: its rows read as the messages so far say.)
                            unsettled = !follow && !rows.settled(next);
                            break;
                        }
                        rows.row(next++);
                    }
                    if (rows.rows() == flushAt && flushAt <= 4096) {
                        flushAt *= 2;
                        rows.flush();
                    }
                }
                if (next >= n && nextEvent >= ne && done) {
                    break;
                }
                rows.flush();
                // An unsettled row is looked at again as more UPDATEs are read: one that parses only
                // one way may settle it long before the end (a whole index of a large file can take seconds).
                indexer.await(Duration.ofMillis(follow ? 50 : unsettled ? 10 : 2));
            }
            if (indexer.failure() != null) {
                rows.flush();
                rethrow(indexer.failure());
            }
            rows.finish();
            m.clear();
            if (filter != null) {
                err.printf("bgpscope: %s: %,d of %,d entries match \"%s\"%n", file.getFileName(), rows.matched(),
                        index.messages().size(), filterText);
            }
        } catch (CaptureException | IOException | RuntimeException | Error e) {
            indexer.abandon();
            throw e;
        }
        try {
            warnPast(file, selection, index.messages().size());
            return finish(index);
        } finally {
            indexer.close();
        }
    }

    /** How often a followed file is looked at for new records. */
    static final Duration FOLLOW_EVERY = Duration.ofMillis(200);

    /**
     * {@code bgpscope capture}: pcap4j writes the frames to OUT as they arrive, and OUT is listed as
     * a followed file, so the rows printed are the file's rows.
     */
    private int capture(CaptureCommand c) throws CaptureException, IOException, org.bgpscope.capture.LiveCaptureException {
        if (c.listDevices) {
            for (org.bgpscope.capture.LiveCapture.Device d : org.bgpscope.capture.LiveCapture.devices()) {
                out.println(d.label());
            }
            return OK;
        }
        picocli.CommandLine cl = new picocli.CommandLine(c);
        if (c.device == null) {
            throw new ParameterException(cl, "capture needs an interface (`bgpscope capture --list` lists them)");
        }
        if (c.output == null) {
            throw new ParameterException(cl, "capture needs -w OUT.pcapng, the file to write");
        }
        if (c.count != null && c.duration != null) {
            throw new ParameterException(cl, "--count and --duration: give one of them");
        }
        if (c.count != null && c.count < 1) {
            throw new ParameterException(cl, "--count: at least 1 frame, not " + c.count);
        }
        if (c.duration != null && !(c.duration > 0 && c.duration < 1e9)) {
            throw new ParameterException(cl, "--duration: a number of seconds above 0, not " + c.duration);
        }
        if (c.snapLength < 1 || c.snapLength > org.bgpscope.capture.LiveCapture.DEFAULT_SNAP_LENGTH) {
            throw new ParameterException(cl, "--snaplen: from 1 to " + org.bgpscope.capture.LiveCapture.DEFAULT_SNAP_LENGTH
                    + " bytes, not " + c.snapLength);
        }
        Duration duration = c.duration == null ? null : Duration.ofNanos((long) (c.duration * 1e9));
        org.bgpscope.capture.LiveCapture live = org.bgpscope.capture.LiveCapture.start(new org.bgpscope.capture.LiveCapture.Settings(
                c.device, c.filter, c.snapLength, c.output, c.count == null ? 0 : c.count, duration));
        // Ctrl-C ends a capture: the file is completed before the process goes.
        Thread hook = new Thread(live::close, "bgpscope-capture-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        err.println("bgpscope: capturing on " + c.device + " (filter: " + (c.filter.isBlank() ? "none" : c.filter) + ") to "
                + c.output + (c.count != null ? ", " + c.count + " frames" : duration != null ? ", for " + c.duration + " s" : ", until Ctrl-C"));
        int code;
        try {
            MappedCapture capture = MappedCapture.open(c.output);
            code = listRows(capture, c.output, c.json, null, true, live::running);
        } finally {
            live.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // shutting down already
            }
        }
        org.bgpscope.capture.LiveCapture.Stats st = live.stats();
        err.println(String.format("bgpscope: %,d frames (%,d bytes) captured, %,d BGP messages, %,d dropped by libpcap, "
                + "%,d by the interface; written to %s", st.frames(), st.bytes(), current.messages().size(), st.dropped(),
                st.droppedByInterface(), c.output));
        if (live.failure() != null) {
            err.println("bgpscope: " + live.failure());
            return FAILED;
        }
        return code;
    }

    /**
     * A capture indexed on its own thread. The index's native memory is freed when it closes, which
     * must wait until the indexing thread is out of it: {@link #abandon()} cancels, waits a moment,
     * and otherwise leaves the closing to that thread, so a command stops at once.
     */
    private static final class Indexer {
        final CaptureIndex index;
        private final Meter meter;
        private final Thread thread;
        private volatile Throwable failure;
        private boolean finished;
        private boolean abandoned;
        private boolean closed;

        /** Odd while a followed file has nothing new and the indexer sleeps; changes whenever it reads again. */
        private final java.util.concurrent.atomic.AtomicLong quiet = new java.util.concurrent.atomic.AtomicLong();

        /** Null: index the file once; else follow it while this says so. */
        private final java.util.function.BooleanSupplier keepFollowing;

        Indexer(CaptureIndex index, Meter meter, java.util.function.BooleanSupplier keepFollowing) {
            this.index = index;
            this.meter = meter;
            this.keepFollowing = keepFollowing;
            this.thread = Thread.ofPlatform().name("bgpscope-index").daemon(true).unstarted(this::run);
        }

        void start() {
            thread.start();
        }

        private void run() {
            try {
                if (keepFollowing == null) {
                    index.build(meter);
                } else {
                    index.buildFollowing(meter);
                    while (index.following() && keepFollowing.getAsBoolean() && meter.update(0, 0)) {
                        if (index.follow() == 0) {
                            quiet.incrementAndGet();
                            Thread.sleep(FOLLOW_EVERY);
                            quiet.incrementAndGet();
                        }
                    }
                    // What was written before the writer stopped.
                    index.follow();
                    index.stopFollowing();
                }
            } catch (Throwable t) {
                failure = t;
            } finally {
                synchronized (this) {
                    finished = true;
                    if (abandoned) {
                        closeNow();
                    }
                }
            }
        }

        boolean done() {
            return !thread.isAlive();
        }

        /**
         * A token that is at least 0 while the followed file has nothing new (every frame read is
         * indexed whole), -1 while the indexer reads; the same token read twice around a look at the
         * index means the look saw no half-indexed frame.
         */
        long quiet() {
            long q = quiet.get();
            return (q & 1) == 1 ? q : -1;
        }

        Throwable failure() {
            return failure;
        }

        /** Waits until the indexing ends, or at most {@code d} when not null. */
        void await(Duration d) {
            try {
                if (d == null) {
                    thread.join();
                } else {
                    thread.join(d);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                abandon();
                throw new CancelledException();
            }
        }

        /** Stops the indexing; closes the index now if the thread stops soon, else when it does. */
        void abandon() {
            meter.cancel();
            try {
                thread.join(Duration.ofMillis(50));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (this) {
                if (finished || thread.getState() == Thread.State.NEW) {
                    closeNow();
                } else {
                    abandoned = true;
                }
            }
        }

        /** After {@link #done()}: frees the index. */
        synchronized void close() {
            closeNow();
        }

        private void closeNow() {
            if (!closed) {
                closed = true;
                index.close();
            }
        }
    }

    private static void rethrow(Throwable t) throws CaptureException {
        switch (t) {
            case CaptureException e -> throw e;
            case RuntimeException e -> throw e;
            case Error e -> throw e;
            default -> throw new IllegalStateException(t);
        }
    }

    private static void joinQuietly(Thread t) {
        boolean interrupted = false;
        while (t.isAlive()) {
            try {
                t.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Numbers past the last message are ignored, and said so once. */
    private void warnPast(Path file, MessageSelection.Spec spec, int count) {
        if (spec != null && spec.highestAsked() > count) {
            out.flush();
            err.println("bgpscope: " + file + ": warning: --messages " + spec + " goes past the last message"
                    + (count == 0 ? " (there is none)" : ", " + count) + "; the numbers past it are ignored");
        }
    }

    /** Index problems said on stderr at most: the rest are counted. */
    static final int WARNINGS = 10;

    /**
     * A capture read only up to a truncated record lists what it had, then says so and fails. What
     * indexing found on the way (damaged records skipped, unreadable frames, streams closed early) is
     * said as warnings, so that a short or empty list is never silent.
     */
    private int finish(CaptureIndex index) {
        out.flush();
        java.util.List<org.bgpscope.net.IndexProblem> problems = index.problems();
        int shown = 0;
        for (org.bgpscope.net.IndexProblem p : problems) {
            if (index.stoppedEarly() != null && p.fileOffset() == index.stoppedAt() && p.text().equals(index.stoppedEarly())) {
                continue;
            }
            if (shown++ < WARNINGS) {
                err.println("bgpscope: " + index.capture().file() + ": warning: frame " + p.frame() + ", offset " + p.fileOffset()
                        + ": " + p.text());
            }
        }
        long more = index.problemCount() - (index.stoppedEarly() != null ? 1 : 0) - Math.min(shown, WARNINGS);
        if (more > 0) {
            err.println("bgpscope: " + index.capture().file() + ": warning: " + String.format("%,d", more) + " more problems");
        }
        if (index.stoppedEarly() != null) {
            err.println("bgpscope: " + index.capture().file() + ": at offset " + index.stoppedAt() + ": " + index.stoppedEarly());
            return FAILED;
        }
        return OK;
    }

    private int decode(DecodeCommand c) throws CaptureException, IOException {
        if ((c.file == null) == (c.hex == null)) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(c),
                    c.file == null ? "decode needs a FILE or --hex" : "decode takes a FILE or --hex, not both");
        }
        Path pasted = null;
        if (c.hex != null) {
            String text = c.hex.equals("-") ? new String(System.in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8) : c.hex;
            byte[] bytes;
            try {
                bytes = org.bgpscope.capture.PastedHex.parse(text);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(c), "--hex: " + e.getMessage());
            }
            if (bytes.length == 0) {
                throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(c), "--hex: there is no hex to decode");
            }
            pasted = org.bgpscope.capture.TempFiles.create("-pasted.bgp");
            java.nio.file.Files.write(pasted, bytes);
            c.file = pasted;
        }
        try {
            return decodeFile(c);
        } finally {
            if (pasted != null) {
                java.nio.file.Files.deleteIfExists(pasted);
            }
        }
    }

    private int decodeFile(DecodeCommand c) throws CaptureException, IOException {
        try (CaptureIndex index = open(c.file)) {
            int count = index.messages().size();
            MessageSelection sel = c.messages == null ? MessageSelection.parse(null, count) : c.messages.resolve(count);
            Sessions sessions = new Sessions(index, c.assume);
            // The share written, on standard error while the trees go to a file or a pipe.
            Meter w = meter(!isTerminal(1));
            w.detail(() -> "written");
            try {
            if (c.json) {
                Exporter.json(index, sel, out, w, sessions);
            } else {
                long done = 0;
                for (int i = sel.next(0); i >= 0; i = sel.next(i + 1)) {
                    if ((++done & 1023) == 0 && !w.update(done, sel.size())) {
                        throw new org.bgpscope.capture.CancelledException();
                    }
                    MessageDecoder.Decoded d = MessageDecoder.decode(index, i, sessions);
                    out.println("message " + (i + 1) + ", frame " + index.messages().frame(i) + " (" + d.session().note() + ")");
                    String transport = sessions.transport(i);
                    if (transport != null) {
                        out.println("  transport: " + transport);
                    }
                    TreeText.print(d.root(), out);
                    out.println();
                }
            }
            } finally {
                w.clear();
            }
            warnPast(c.file, c.messages, count);
            return finish(index);
        }
    }

    private int export(ExportCommand c) throws CaptureException, IOException {
        try (CaptureIndex index = open(c.file)) {
            int count = index.messages().size();
            MessageSelection sel = c.messages == null ? MessageSelection.parse(null, count) : c.messages.resolve(count);
            Meter w = meter(true);
            w.detail(() -> "written");
            String wrote;
            try {
                wrote = Exporter.export(index, sel, c.format, c.output, w).describe(c.output);
            } finally {
                w.clear();
            }
            warnPast(c.file, c.messages, count);
            err.println("bgpscope: " + wrote);
            return finish(index);
        }
    }

    private int diagram(DiagramCommand c) throws CaptureException, IOException {
        try (CaptureIndex index = open(c.file)) {
            int count = index.messages().size();
            MessageSelection sel = c.messages.resolve(count);
            int i = sel.next(0);
            if (i < 0 || sel.next(i + 1) >= 0) {
                throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(c),
                        i < 0 ? "--messages: no such message (the last is " + count + ")" : "--messages: diagram draws one message");
            }
            MessageDecoder.Decoded d = MessageDecoder.decode(index, i, new Sessions(index));
            org.bgpscope.tree.FieldNode node = d.root();
            if (c.field != null) {
                java.util.List<org.bgpscope.tree.FieldNode> found = d.root().find(c.field);
                if (found.isEmpty()) {
                    err.println("bgpscope: message " + (i + 1) + " has no field " + c.field);
                    return FAILED;
                }
                node = found.getFirst();
            }
            org.bgpscope.tree.PacketDiagram diagram = org.bgpscope.tree.PacketDiagram.of(node);
            String svg = org.bgpscope.export.DiagramSvg.write(diagram, diagram.boxOf(node));
            java.nio.file.Files.writeString(c.output, svg, java.nio.charset.StandardCharsets.UTF_8);
            err.println("bgpscope: wrote the diagram of " + diagram.title() + " to " + c.output);
            return finish(index);
        }
    }
}
