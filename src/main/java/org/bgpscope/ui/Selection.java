package org.bgpscope.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.bgpscope.tree.FieldNode;
import org.bgpscope.tree.MessageDecoder;

/**
 * What one capture tab has selected, as observable properties: the rows shown (after filter and
 * sort), the selected messages, the message shown with its decoded tree, the selected field, a field
 * of a frame header (Frames mode), and the field under the pointer. Every pane observes this model
 * and sets it; no pane calls another, so the tree, hex view, details, problems, diagram and ladder
 * follow each other through it.
 */
public final class Selection {
    /** A message on show: its index and its decoded tree. */
    public record Shown(int message, MessageDecoder.Decoded decoded) {}

    /** A field of a frame's link, IP or TCP header, selected in Frames mode: not part of the BGP message. */
    public record FrameField(int frame, int byteInFrame, FieldNode node) {}

    private final ObjectProperty<MessageRows> rows = new SimpleObjectProperty<>(this, "rows");
    private final ObjectProperty<int[]> messages = new SimpleObjectProperty<>(this, "messages", new int[0]);
    private final ObjectProperty<Shown> shown = new SimpleObjectProperty<>(this, "shown");
    private final ObjectProperty<FieldNode> node = new SimpleObjectProperty<>(this, "node");
    private final ObjectProperty<FrameField> frameField = new SimpleObjectProperty<>(this, "frameField");
    private final ObjectProperty<FieldNode> hovered = new SimpleObjectProperty<>(this, "hovered");
    private final StringProperty rowsNote = new SimpleStringProperty(this, "rowsNote", "");
    private final List<IntConsumer> revealers = new ArrayList<>();

    private java.util.function.Supplier<MessageRows> allRows = () -> null;

    /** The unfiltered rows: every message, and the TCP events when they are shown. */
    public MessageRows allRows() { return allRows.get(); }

    void setAllRows(java.util.function.Supplier<MessageRows> all) { allRows = all; }

    /** The rows shown in the message list: all messages, or those a filter kept, in the sorted order. */
    public ObjectProperty<MessageRows> rows() { return rows; }

    /** The selected messages, ascending. */
    public ObjectProperty<int[]> messages() { return messages; }

    /** The message whose tree and bytes are on show (the lead of the selection), or null. */
    public ObjectProperty<Shown> shown() { return shown; }

    /** The selected field of the shown message, or null when the message itself is selected. */
    public ObjectProperty<FieldNode> node() { return node; }

    /** A frame header field selected in Frames mode, or null. */
    public ObjectProperty<FrameField> frameField() { return frameField; }

    /** The field under the pointer in a pane that shows fields (the diagram), or null. */
    public ObjectProperty<FieldNode> hovered() { return hovered; }

    /** What the last filter or sort did to the rows ("12 of 40 messages", "sorted by Length"). */
    public StringProperty rowsNote() { return rowsNote; }

    /** The decoded message on show, or null. */
    public MessageDecoder.Decoded decoded() {
        Shown s = shown.get();
        return s == null ? null : s.decoded();
    }

    /** The index of the message on show, or -1. */
    public int message() {
        Shown s = shown.get();
        return s == null ? -1 : s.message();
    }

    /** Shows a message: its tree replaces the last, and no field is selected yet. */
    public void show(int message, MessageDecoder.Decoded decoded) {
        node.set(null);
        frameField.set(null);
        hovered.set(null);
        shown.set(new Shown(message, decoded));
    }

    /** Selects a field of the shown message (null for the message itself). */
    public void select(FieldNode n) {
        frameField.set(null);
        node.set(n);
    }

    /** Selects a frame header field, which is no field of the message. */
    public void selectFrameField(FrameField f) {
        node.set(null);
        frameField.set(f);
    }

    /** Asks the message list to select message {@code i}, clearing a filter that hides it. */
    public void reveal(int i) {
        for (IntConsumer r : List.copyOf(revealers)) {
            r.accept(i);
        }
    }

    /** Called with a message some pane wants to see (the message list selects it). */
    public void onReveal(IntConsumer r) {
        revealers.add(r);
    }
}
