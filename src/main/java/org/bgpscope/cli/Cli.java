package org.bgpscope.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bgpscope.capture.CancelledException;
import org.bgpscope.capture.CaptureException;
import org.bgpscope.capture.Progress;
import org.bgpscope.export.ExportFormat;
import org.bgpscope.export.Exporter;
import org.bgpscope.export.MessageSelection;
import org.bgpscope.net.CaptureIndex;
import org.bgpscope.bgp.Sessions;
import org.bgpscope.tree.MessageDecoder;

/** The command line: {@code bgpscope list|export|bench ...}. Returns an exit code, never calls exit. */
public final class Cli {
    public static final String VERSION = "0.1.0";
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private final PrintStream out;
    private final PrintStream err;

    public Cli(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static boolean isCommand(String arg) {
        return switch (arg) {
            case "list", "decode", "export", "bench", "help", "--help", "-h", "--version", "version" -> true;
            default -> false;
        };
    }

    public static int main(String[] args) {
        PrintStream out = new PrintStream(new BufferedOutputStream(System.out, 1 << 16), false, StandardCharsets.UTF_8);
        try {
            return new Cli(out, System.err).run(args);
        } finally {
            out.flush();
        }
    }

    public int run(String[] args) {
        if (args.length == 0) {
            usage();
            return USAGE;
        }
        Args a;
        try {
            a = Args.parse(args, 1);
        } catch (IllegalArgumentException e) {
            err.println("bgpscope: " + e.getMessage());
            return USAGE;
        }
        try {
            return switch (args[0]) {
                case "list" -> list(a);
                case "decode" -> decode(a);
                case "export" -> export(a);
                case "bench" -> Bench.run(a, out, err);
                case "--version", "version" -> {
                    out.println("bgpscope " + VERSION);
                    yield OK;
                }
                default -> {
                    usage();
                    yield args[0].equals("help") || args[0].startsWith("-h") || args[0].equals("--help") ? OK : USAGE;
                }
            };
        } catch (IllegalArgumentException e) {
            err.println("bgpscope: " + e.getMessage());
            return USAGE;
        } catch (CaptureException e) {
            out.flush();
            err.println("bgpscope: " + e.getMessage());
            return FAILED;
        } catch (IOException e) {
            out.flush();
            err.println("bgpscope: " + e.getMessage());
            return FAILED;
        } catch (CancelledException e) {
            err.println("bgpscope: cancelled");
            return FAILED;
        }
    }

    private void usage() {
        out.println("""
                usage: bgpscope [FILE...]                  open the window (the bundled sample with no file)
                       bgpscope list FILE [--json]         one line per BGP message (JSON Lines with --json)
                       bgpscope decode FILE [--messages 1,5-9] [--json] [--assume addpath=ipv4-unicast,as4]
                       bgpscope export FILE [--messages 1,5-9] --format raw|hex|pcap|mrt|json|exabgp -o OUT
                       bgpscope bench FILE [--runs N] [--tshark]
                       bgpscope --version""");
    }

    static Progress progress(PrintStream err) {
        if (System.console() == null) {
            return Progress.NONE;
        }
        long[] last = {0};
        return (done, total) -> {
            long now = System.nanoTime();
            if (now - last[0] > 250_000_000L && total > 0) {
                last[0] = now;
                err.printf("\r%3d%%", done * 100 / total);
            }
            return true;
        };
    }

    private int list(Args a) throws CaptureException {
        Path file = a.file();
        try (CaptureIndex index = CaptureIndex.open(file, progress(err))) {
            if (a.flag("json")) {
                ListOutput.json(index, out);
            } else {
                ListOutput.text(index, out);
            }
            return finish(index);
        }
    }

    /** A capture read only up to a truncated record lists what it had, then says so and fails. */
    private int finish(CaptureIndex index) {
        out.flush();
        if (index.stoppedEarly() != null) {
            err.println("bgpscope: " + index.capture().file() + ": at offset " + index.stoppedAt() + ": " + index.stoppedEarly());
            return FAILED;
        }
        return OK;
    }

    private int decode(Args a) throws CaptureException, IOException {
        Path file = a.file();
        try (CaptureIndex index = CaptureIndex.open(file, progress(err))) {
            MessageSelection sel = MessageSelection.parse(a.value("messages"), index.messages().size());
            Sessions sessions = new Sessions(index, a.value("assume") == null ? null : Sessions.parseAssume(a.value("assume")));
            if (a.flag("json")) {
                Exporter.json(index, sel, out, Progress.NONE, sessions);
            } else {
                for (int i = sel.next(0); i >= 0; i = sel.next(i + 1)) {
                    MessageDecoder.Decoded d = MessageDecoder.decode(index, i, sessions);
                    out.println("message " + (i + 1) + ", frame " + index.messages().frame(i) + " (" + d.session().note() + ")");
                    TreeText.print(d.root(), out);
                    out.println();
                }
            }
            return finish(index);
        }
    }

    private int export(Args a) throws CaptureException, IOException {
        Path file = a.file();
        String fmt = a.value("format");
        String o = a.value("o");
        if (fmt == null || o == null) {
            throw new IllegalArgumentException("export needs --format raw|hex|pcap|mrt|json and -o OUT");
        }
        ExportFormat format = ExportFormat.parse(fmt);
        try (CaptureIndex index = CaptureIndex.open(file, progress(err))) {
            MessageSelection sel = MessageSelection.parse(a.value("messages"), index.messages().size());
            err.println("bgpscope: " + Exporter.export(index, sel, format, Path.of(o), Progress.NONE).describe(o));
            return finish(index);
        }
    }

    /** Options after the command: positional files, {@code --flag}, {@code --key value}, {@code -o value}. */
    record Args(List<String> files, Map<String, String> options) {
        private static final List<String> VALUED = List.of("format", "o", "messages", "runs", "output", "assume");

        static Args parse(String[] args, int from) {
            List<String> files = new ArrayList<>();
            Map<String, String> opts = new LinkedHashMap<>();
            for (int i = from; i < args.length; i++) {
                String s = args[i];
                if (s.startsWith("-") && s.length() > 1) {
                    String k = s.replaceFirst("^--?", "");
                    String v = null;
                    int eq = k.indexOf('=');
                    if (eq >= 0) {
                        v = k.substring(eq + 1);
                        k = k.substring(0, eq);
                    }
                    if (k.equals("output")) {
                        k = "o";
                    }
                    if (VALUED.contains(k) && v == null) {
                        if (i + 1 >= args.length) {
                            throw new IllegalArgumentException("option " + s + " needs a value");
                        }
                        v = args[++i];
                    }
                    opts.put(k, v == null ? "true" : v);
                } else {
                    files.add(s);
                }
            }
            return new Args(files, opts);
        }

        Path file() {
            if (files.size() != 1) {
                throw new IllegalArgumentException(files.isEmpty() ? "no capture file given" : "one capture file, please: " + files);
            }
            return Path.of(files.getFirst());
        }

        boolean flag(String k) {
            return options.containsKey(k);
        }

        String value(String k) {
            return options.get(k);
        }
    }
}
