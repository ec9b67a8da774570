package org.bgpscope.ui;

import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.function.IntPredicate;
import javafx.concurrent.Task;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import org.bgpscope.bgp.Sessions;
import org.bgpscope.bgp.Summaries;
import org.bgpscope.export.ByteFormats;
import org.bgpscope.net.CaptureIndex;
import org.bgpscope.net.Flow;
import org.bgpscope.net.MessageIndex;
import org.bgpscope.net.MessageKind;
import org.bgpscope.net.Times;
import org.bgpscope.tree.MessageDecoder;
import org.bgpscope.tree.TcpEventTree;

/**
 * The message list: its columns, their sorting (off the UI thread) and the time format. It shows the
 * selection's rows, sets the selected messages, and decodes the lead message into the selection.
 */
public final class MessageListPane {
    private final CaptureIndex capture;
    private final Sessions sessions;
    private final Selection selection;
    private final MessageTable table;
    private CaptureView.TimeFormat timeFormat = CaptureView.TimeFormat.ABSOLUTE;

    public MessageListPane(CaptureIndex capture, Sessions sessions, Selection selection, IntPredicate problem) {
        this.capture = capture;
        this.sessions = sessions;
        this.selection = selection;
        MessageIndex m = capture.messages();
        List<MessageTable.Column> cols = List.of(
                new MessageTable.Column("No.", 70, i -> EventRows.isEvent(i) ? "" : String.valueOf(i + 1),
                        (a, n, d) -> Sorting.sort(a, n, d, Integer::compare)),
                new MessageTable.Column("Time", 215, this::timeText,
                        (a, n, d) -> Sorting.sort(a, n, d, (x, y) -> Long.compare(m.time(x), m.time(y)))),
                new MessageTable.Column("Source", 165, i -> endpoint(i, true), (a, n, d) -> sortByFlow(a, n, d, true)),
                new MessageTable.Column("Destination", 165, i -> endpoint(i, false), (a, n, d) -> sortByFlow(a, n, d, false)),
                new MessageTable.Column("Type", 115, i -> EventRows.isEvent(i) ? "TCP " + capture.events().event(EventRows.event(i)).label()
                        : Summaries.typeName(capture, i),
                        (a, n, d) -> Sorting.sort(a, n, d, (x, y) -> Integer.compare(m.kind(x).ordinal() * 256 + m.type(x),
                                m.kind(y).ordinal() * 256 + m.type(y)))),
                new MessageTable.Column("Length", 70, i -> String.valueOf(EventRows.isEvent(i) ? capture.events().length(EventRows.event(i))
                        : m.length(i)), (a, n, d) -> Sorting.sort(a, n, d, (x, y) -> Integer.compare(m.length(x), m.length(y)))),
                new MessageTable.Column("Summary", 900, i -> EventRows.isEvent(i) ? eventSummary(EventRows.event(i))
                        : Summaries.summary(capture, i, sessions), null));
        table = new MessageTable(cols);
        table.setId("messages");
        selection.setAllRows(this::allRows);
        if (selection.rows().get() == null) {
            selection.rows().set(new MessageRows(m.size()));
        }
        table.setRows(selection.rows().get());
        table.setStyleOf(this::styleOf);
        table.setProblem(i -> EventRows.isEvent(i) ? EventRows.alarming(capture.events().event(EventRows.event(i)))
                : (m.flags(i) & (MessageIndex.F_INCOMPLETE | MessageIndex.F_BAD_LENGTH | MessageIndex.F_BAD_MARKER)) != 0 || problem.test(i));
        table.setOnSelectionChanged(() -> {
            selection.messages().set(table.selectedMessages());
            int msg = table.leadMessage();
            if (msg != -1 && msg != selection.message()) {
                showMessage(msg);
            }
        });
        table.setOnSort(this::sort);
        ContextMenu menu = new ContextMenu();
        for (ByteFormats f : ByteFormats.values()) {
            MenuItem item = new MenuItem("Copy message as " + f.label());
            item.setOnAction(e -> {
                MessageDecoder.Decoded current = selection.decoded();
                if (current != null) {
                    Clipboards.copy(f.format(current.bytes().toArray(ValueLayout.JAVA_BYTE)));
                }
            });
            menu.getItems().add(item);
        }
        table.setContextMenu(menu);

        // New rows (a filter, a sort): the message the user was on stays selected if it is among them.
        selection.rows().addListener((o, a, b) -> {
            int keep = selection.message();
            table.setRows(b);
            int row = keep < 0 ? -1 : b.rowOf(keep);
            if (row >= 0) {
                table.select(row);
            } else {
                table.reveal(0);
            }
        });
        selection.onReveal(this::reveal);
    }

    public MessageTable table() {
        return table;
    }

    private boolean showEvents;

    /** Shows or hides the TCP event rows (off by default); a filter or sort shows messages only. */
    void showTcpEvents(boolean on) {
        if (on == showEvents) {
            return;
        }
        showEvents = on;
        MessageRows rows = selection.rows().get();
        if (rows == null || rows.isAll() || rows == lastAll) {
            selection.rows().set(allRows());
        }
    }

    private MessageRows lastAll;

    /** The unfiltered rows: every message, merged with the TCP events when they are shown. */
    private MessageRows allRows() {
        lastAll = showEvents ? EventRows.all(capture) : new MessageRows(capture.messages().size());
        return lastAll;
    }

    boolean showsTcpEvents() {
        return showEvents;
    }

    private String eventSummary(int e) {
        org.bgpscope.net.TcpEvents ev = capture.events();
        String detail = ev.detail(e);
        return detail == null ? ev.event(e).meaning() : ev.event(e).meaning() + ": " + detail;
    }

    /** Decodes message {@code i} and shows it (the tree, hex, details and problems follow); a TCP event row shows its packet. */
    public void showMessage(int i) {
        if (EventRows.isEvent(i)) {
            int e = EventRows.event(i);
            selection.show(i, new MessageDecoder.Decoded(TcpEventTree.decode(capture, e),
                    org.bgpscope.bgp.Negotiated.unknown("a TCP event, not a BGP message"), TcpEventTree.bytes(capture, e)));
            return;
        }
        long t0 = System.nanoTime();
        try {
            selection.show(i, MessageDecoder.decode(capture, i, sessions));
        } finally {
            long ms = (System.nanoTime() - t0) / 1_000_000;
            if (ms > 50) {
                System.err.println("bgpscope: showing message " + (i + 1) + " took " + ms + " ms");
            }
        }
    }

    /** Selects message {@code i}, showing every row first when the rows shown leave it out. */
    private void reveal(int i) {
        if (selection.rows().get().rowOf(i) < 0) {
            selection.rows().set(selection.allRows());
        }
        table.select(selection.rows().get().rowOf(i));
    }

    /** Called on the UI thread while and after indexing: new rows appear. */
    void refreshRows() {
        MessageRows rows = selection.rows().get();
        if (showEvents) {
            if (rows == lastAll && rows.size() != capture.messages().size() + capture.events().size()) {
                selection.rows().set(allRows());
            }
            return;
        }
        int before = rows.size();
        rows.grow(capture.messages().size());
        if (rows.size() != before) {
            table.rowsGrew();
        }
    }

    private int[] sortByFlow(int[] a, int n, boolean descending, boolean src) {
        List<Flow> flows = capture.flows().flows();
        Integer[] order = new Integer[flows.size()];
        for (int k = 0; k < order.length; k++) {
            order[k] = k;
        }
        java.util.Arrays.sort(order, java.util.Comparator.comparing(k -> src ? flows.get(k).src() : flows.get(k).dst()));
        int[] rank = new int[flows.size()];
        for (int k = 0; k < order.length; k++) {
            rank[order[k]] = k;
        }
        MessageIndex m = capture.messages();
        return Sorting.sort(a, n, descending, (x, y) -> Integer.compare(m.flow(x) < 0 ? -1 : rank[m.flow(x)], m.flow(y) < 0 ? -1 : rank[m.flow(y)]));
    }

    /** Sorts the shown rows by a column off the UI thread, keeping the focused message selected. */
    private void sort(int column, boolean descending) {
        MessageTable.Sorter sorter = table.columns().get(column).sorter();
        MessageRows source = selection.rows().get();
        int n = source.size();
        Task<int[]> task = new Task<>() {
            @Override
            protected int[] call() {
                // Sorted rows are messages only: a TCP event has no type, length or summary to sort by.
                int[] a = new int[n];
                int k = 0;
                for (int r = 0; r < n; r++) {
                    int v = source.get(r);
                    if (!EventRows.isEvent(v)) {
                        a[k++] = v;
                    }
                }
                return sorter.sort(a, k, descending);
            }
        };
        task.setOnSucceeded(e -> {
            if (selection.rows().get() != source) {
                return;
            }
            selection.rows().set(new MessageRows(task.getValue(), task.getValue().length));
            selection.rowsNote().set("sorted by " + table.columns().get(column).title() + (descending ? ", descending" : ""));
        });
        selection.rowsNote().set("sorting " + n + " rows…");
        Thread th = new Thread(task, "sort");
        th.setDaemon(true);
        th.start();
    }

    public void setTimeFormat(CaptureView.TimeFormat f) {
        timeFormat = f;
        table.redraw();
    }

    String timeText(int i) {
        MessageIndex m = capture.messages();
        int digits = Math.max(capture.timeDigits(), 0);
        if (EventRows.isEvent(i)) {
            long t = capture.events().time(EventRows.event(i));
            return switch (timeFormat) {
                case ABSOLUTE -> Times.iso(t, capture.timeDigits());
                case RELATIVE, DELTA -> seconds(t - (m.size() > 0 ? m.time(0) : t), digits);
            };
        }
        return switch (timeFormat) {
            case ABSOLUTE -> Times.iso(m.time(i), capture.timeDigits());
            case RELATIVE -> seconds(m.time(i) - m.time(0), digits);
            case DELTA -> seconds(i == 0 ? 0 : m.time(i) - m.time(i - 1), digits);
        };
    }

    /** Nanoseconds as seconds with the capture's digits: "12.345678", "-0.000100". */
    static String seconds(long nanos, int digits) {
        java.math.BigDecimal s = java.math.BigDecimal.valueOf(nanos, 9).setScale(digits, java.math.RoundingMode.HALF_EVEN);
        return s.toPlainString();
    }

    private String styleOf(int i) {
        if (EventRows.isEvent(i)) {
            return "type-tcp";
        }
        MessageIndex m = capture.messages();
        if (m.kind(i) != MessageKind.BGP_MESSAGE) {
            return "type-" + m.kind(i).label().toLowerCase();
        }
        return switch (m.type(i)) {
            case 1 -> "type-open";
            case 2 -> "type-update";
            case 3 -> "type-notification";
            case 4 -> "type-keepalive";
            case 5 -> "type-refresh";
            default -> "type-other";
        };
    }

    private String endpoint(int i, boolean src) {
        if (EventRows.isEvent(i)) {
            int e = EventRows.event(i);
            int flow = capture.events().flow(e);
            if (flow >= 0) {
                Flow f = capture.flows().flow(flow);
                return src ? f.src() : f.dst();
            }
            String[] ends = capture.events().endpoints(capture.capture().data(), e);
            return ends == null ? "" : ends[src ? 0 : 1];
        }
        int id = capture.messages().flow(i);
        if (id < 0) {
            return "";
        }
        Flow f = capture.flows().flow(id);
        return src ? f.src() : f.dst();
    }
}
