package org.bgpscope.ui;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.bgpscope.capture.CaptureFormat;
import org.bgpscope.net.CaptureIndex;
import org.bgpscope.net.Piece;
import org.bgpscope.tree.FieldNode;
import org.bgpscope.tree.FrameHeaders;

/**
 * The hex view of the shown message, or in Frames mode of the whole frames that carried it (link, IP
 * and TCP headers included) with the message's ranges mapped across its segments. It lights the
 * selected field's bytes (and the hovered field's, while the pointer is on it elsewhere); clicking a
 * byte selects the deepest field that holds it.
 */
public final class HexPane extends VBox {
    private final CaptureIndex capture;
    private final Selection selection;
    private final HexView hex = new HexView();
    private final Label hexLabel = new Label();
    private boolean framesMode;
    /** In frames mode: per piece, its start in the message, its length, and its start in the frames shown. */
    private int[][] frameMap;

    /** The decoded headers of a frame shown in Frames mode, and where its bytes start among those shown. */
    private record FrameHeaderTree(int frame, int start, int length, FieldNode root) {}

    private final List<FrameHeaderTree> headers = new ArrayList<>();

    public HexPane(CaptureIndex capture, Selection selection) {
        this.capture = capture;
        this.selection = selection;
        hex.setOnByteSelected(this::selectByte);
        hex.setDescriber(this::describeByte);
        ToggleGroup mode = new ToggleGroup();
        ToggleButton messageMode = new ToggleButton("Message bytes");
        ToggleButton framesModeButton = new ToggleButton("Frames");
        framesModeButton.setId("frames-mode");
        messageMode.setToggleGroup(mode);
        framesModeButton.setToggleGroup(mode);
        messageMode.setSelected(true);
        // In a narrow column the note beside them is cut, not the buttons' names.
        messageMode.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        framesModeButton.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        boolean packets = capture.capture().format() == CaptureFormat.PCAP || capture.capture().format() == CaptureFormat.PCAPNG;
        framesModeButton.setDisable(!packets);
        if (packets && Boolean.getBoolean("bgpscope.frames")) {
            framesModeButton.setSelected(true);
            framesMode = true;
        }
        mode.selectedToggleProperty().addListener((o, a, b) -> {
            if (b == null) {
                a.setSelected(true);
                return;
            }
            setFramesMode(b == framesModeButton);
        });
        hexLabel.getStyleClass().add("filter-status");
        HBox hexBar = new HBox(6, messageMode, framesModeButton, hexLabel);
        hexBar.setPadding(new Insets(3, 6, 3, 6));
        hexBar.setAlignment(Pos.CENTER_LEFT);
        getChildren().addAll(hexBar, hex);
        VBox.setVgrow(hex, Priority.ALWAYS);

        selection.shown().addListener((o, a, b) -> {
            if (b != null) {
                showBytes();
            }
        });
        selection.node().addListener((o, a, b) -> {
            if (b != null) {
                light(b);
            }
        });
        selection.hovered().addListener((o, a, b) -> {
            FieldNode back = b != null ? b : selection.node().get();
            if (back != null) {
                light(back);
            } else if (a != null) {
                hex.highlight(0, 0, -1, 0);
            }
        });
    }

    public HexView view() {
        return hex;
    }

    private void setFramesMode(boolean on) {
        framesMode = on;
        if (selection.decoded() != null) {
            showBytes();
            FieldNode n = selection.node().get();
            if (n != null) {
                light(n);
            }
        }
    }

    /** Lights a field's bytes, and its parent's in a lighter tint. */
    private void light(FieldNode n) {
        FieldNode p = n.parent();
        if (framesMode && frameMap != null) {
            hex.highlightRanges(toFrames(n.offset(), n.length()));
        } else {
            hex.highlight(n.offset(), n.length(), p == null ? -1 : p.offset(), p == null ? 0 : p.length());
        }
    }

    /** The message's bytes, or the whole frames that carry them with each piece's start marked. */
    private void showBytes() {
        int message = selection.message();
        MemorySegment bytes = selection.decoded().bytes();
        List<Piece> pieces;
        if (EventRows.isEvent(message)) {
            // A TCP event: the IP packet that shows it, one slice of its frame.
            org.bgpscope.net.TcpEvents ev = capture.events();
            int e = EventRows.event(message);
            pieces = ev.length(e) == 0 ? List.of() : List.of(new Piece(ev.offset(e), ev.length(e), ev.frame(e)));
        } else {
            pieces = capture.messages().pieces(message);
        }
        frameMap = null;
        headers.clear();
        if (framesMode) {
            try {
                java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
                java.util.LinkedHashMap<Integer, Integer> frameStart = new java.util.LinkedHashMap<>();
                int[][] map = new int[pieces.size()][];
                int msgOff = 0;
                StringBuilder label = new StringBuilder();
                for (int k = 0; k < pieces.size(); k++) {
                    Piece p = pieces.get(k);
                    CaptureIndex.FrameRecord f = capture.frame(p.frame());
                    if (f == null) {
                        throw new IllegalStateException("frame " + p.frame() + " not found");
                    }
                    Integer start = frameStart.get(p.frame());
                    if (start == null) {
                        start = all.size();
                        frameStart.put(p.frame(), start);
                        MemorySegment frameBytes = capture.capture().data().asSlice(f.dataOffset(), f.capturedLength());
                        headers.add(new FrameHeaderTree(p.frame(), start, f.capturedLength(), FrameHeaders.decode(frameBytes, f.linkType())));
                        all.writeBytes(frameBytes.toArray(ValueLayout.JAVA_BYTE));
                        label.append(label.isEmpty() ? "frames " : ", ").append(p.frame()).append(" (").append(f.capturedLength()).append(" B)");
                    }
                    map[k] = new int[] {msgOff, p.length(), start + (int) (p.fileOffset() - f.dataOffset())};
                    msgOff += p.length();
                }
                frameMap = map;
                long[] marks = new long[map.length];
                for (int k = 0; k < map.length; k++) {
                    marks[k] = map[k][2];
                }
                hex.show(MemorySegment.ofArray(all.toByteArray()), marks);
                hexLabel.setText(label + "; the message's bytes start at the marks");
                return;
            } catch (org.bgpscope.capture.CaptureException | RuntimeException e) {
                hexLabel.setText("frames unavailable: " + e.getMessage());
            }
        }
        long[] starts = new long[pieces.size()];
        long o = 0;
        for (int k = 0; k < pieces.size(); k++) {
            starts[k] = o;
            o += pieces.get(k).length();
        }
        hex.show(bytes, starts);
        hexLabel.setText(pieces.isEmpty() ? "no bytes: the event is what the capture lacks" : EventRows.isEvent(message)
                ? "the IP packet of frame " + pieces.getFirst().frame() + " (" + bytes.byteSize() + " bytes)"
                : pieces.size() == 1 ? bytes.byteSize() + " bytes, one slice of frame " + pieces.getFirst().frame()
                : bytes.byteSize() + " bytes from " + pieces.size() + " TCP segments (marks show where each begins)");
    }

    /** The deepest header field of the frames shown that holds byte {@code k}, or null. */
    private FrameHeaderTree headerAt(int k) {
        for (FrameHeaderTree h : headers) {
            if (k >= h.start() && k < h.start() + h.length()) {
                return h;
            }
        }
        return null;
    }

    /** A message range as ranges of the frames shown. */
    private int[] toFrames(int off, int len) {
        List<Integer> out = new ArrayList<>();
        for (int[] m : frameMap) {
            int from = Math.max(off, m[0]);
            int to = Math.min(off + len, m[0] + m[1]);
            if (from < to) {
                out.add(m[2] + from - m[0]);
                out.add(to - from);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** A byte of the frames shown as a message offset, or -1 when it is a header byte of the frame. */
    private int toMessage(int k) {
        for (int[] m : frameMap) {
            if (k >= m[2] && k < m[2] + m[1]) {
                return m[0] + k - m[2];
            }
        }
        return -1;
    }

    /** A byte was clicked or reached with the caret: select the deepest field that holds it. */
    private void selectByte(int k) {
        if (selection.decoded() == null) {
            return;
        }
        if (framesMode && frameMap != null) {
            int shown = k;
            k = toMessage(k);
            if (k < 0) {
                FrameHeaderTree h = headerAt(shown);
                FieldNode n = h == null ? null : h.root().deepestAt(shown - h.start());
                selection.selectFrameField(new Selection.FrameField(h == null ? -1 : h.frame(), h == null ? shown : shown - h.start(), n));
                return;
            }
        }
        FieldNode n = selection.decoded().root().deepestAt(k);
        if (n != null) {
            selection.select(n);
        }
    }

    private String describeByte(int k) {
        if (selection.decoded() == null) {
            return null;
        }
        if (framesMode && frameMap != null) {
            int shown = k;
            k = toMessage(k);
            if (k < 0) {
                FrameHeaderTree h = headerAt(shown);
                FieldNode n = h == null ? null : h.root().deepestAt(shown - h.start());
                return n == null ? "a byte of the frame outside the BGP message"
                        : "frame " + h.frame() + " header: " + n.text() + "\nbyte " + (shown - h.start()) + " of the frame";
            }
        }
        FieldNode n = selection.decoded().root().deepestAt(k);
        int shownRow = selection.message();
        long file = EventRows.isEvent(shownRow) ? capture.events().offset(EventRows.event(shownRow)) + k : capture.fileOffsetOf(shownRow, k);
        int b = selection.decoded().bytes().get(ValueLayout.JAVA_BYTE, k) & 0xFF;
        return (n == null ? "" : n.text() + "\n") + "byte " + k + " = 0x" + String.format("%02x", b) + " (" + b + ")"
                + ", file offset " + file;
    }

    public void setDark(boolean dark) {
        hex.setDark(dark);
    }
}
