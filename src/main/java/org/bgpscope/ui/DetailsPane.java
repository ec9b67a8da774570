package org.bgpscope.ui;

import java.lang.foreign.ValueLayout;
import java.util.function.Consumer;
import javafx.geometry.Insets;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.bgpscope.bgp.MessageType;
import org.bgpscope.net.CaptureIndex;
import org.bgpscope.net.MessageIndex;
import org.bgpscope.net.MessageKind;
import org.bgpscope.net.Piece;
import org.bgpscope.net.Times;
import org.bgpscope.tree.Explanations;
import org.bgpscope.tree.FieldNode;
import org.bgpscope.tree.MessageDecoder;
import org.bgpscope.tree.Problem;

/**
 * Details of what is selected: the message (its frames, time and session reading) or the field (key,
 * value, bytes in hex and binary, flag bits, file offset, RFC 7606 action), with what the field is for
 * in the catalogue's words and its RFC section as a link.
 */
public final class DetailsPane extends VBox {
    private final CaptureIndex capture;
    private final Selection selection;
    private final TextArea details = new TextArea();
    /** What the selected field is for, in the catalogue's words, and a link to its RFC section. */
    private final Label explanation = new Label();
    private final Hyperlink rfcLink = new Hyperlink();
    private Consumer<String> browse = url -> { };

    public DetailsPane(CaptureIndex capture, Selection selection) {
        this.capture = capture;
        this.selection = selection;
        details.setEditable(false);
        details.setWrapText(true);
        details.getStyleClass().add("details");
        explanation.setWrapText(true);
        explanation.setId("explanation");
        explanation.getStyleClass().add("explanation");
        rfcLink.setId("rfc-link");
        rfcLink.setOnAction(e -> {
            if (rfcLink.getUserData() instanceof String url) {
                browse.accept(url);
            }
        });
        VBox explained = new VBox(2, explanation, rfcLink);
        explained.setPadding(new Insets(4, 6, 2, 6));
        // Only a selected field has an explanation: no empty band above a message's details.
        explained.visibleProperty().bind(explanation.textProperty().isNotEmpty());
        explained.managedProperty().bind(explained.visibleProperty());
        getChildren().addAll(explained, details);
        VBox.setVgrow(details, Priority.ALWAYS);

        selection.shown().addListener((o, a, b) -> {
            if (b != null) {
                details.setText(messageDetails(b.message(), b.decoded()));
                explanation.setText("");
            }
        });
        selection.node().addListener((o, a, b) -> {
            if (b != null) {
                details.setText(nodeDetails(b));
                explain(b);
            }
        });
        selection.frameField().addListener((o, a, b) -> {
            if (b != null) {
                showFrameField(b);
            }
        });
    }

    /** Opens links (the RFC sections of the explanations) in the user's browser. */
    public void setBrowser(Consumer<String> browse) {
        this.browse = browse;
    }

    public TextArea detailsArea() { return details; }
    public Label explanationLabel() { return explanation; }
    public Hyperlink rfcLink() { return rfcLink; }

    private void showFrameField(Selection.FrameField f) {
        FieldNode n = f.node();
        details.setText(n == null ? "A byte of the frame outside the BGP message."
                : "Frame " + f.frame() + " header: " + n.text() + "\nKey: " + n.key() + "\nBytes " + n.offset() + " to "
                + (n.end() - 1) + " of the frame" + (n.inheritedReference() == null ? "" : "\nDefined in " + n.inheritedReference())
                + "\nNot part of the BGP message.");
        if (n != null) {
            explain(n);
        }
    }

    private String messageDetails(int i, MessageDecoder.Decoded current) {
        if (EventRows.isEvent(i)) {
            org.bgpscope.net.TcpEvents ev = capture.events();
            int e = EventRows.event(i);
            return current.root().text() + "\nFrame " + ev.frame(e) + " at " + Times.iso(ev.time(e), capture.timeDigits())
                    + (ev.detail(e) == null ? "" : "\n" + ev.detail(e))
                    + (ev.length(e) == 0 ? "" : "\nIts IP packet: " + ev.length(e) + " bytes at file offset " + ev.offset(e));
        }
        MessageIndex m = capture.messages();
        StringBuilder sb = new StringBuilder();
        sb.append("Message ").append(i + 1).append(": ").append(current.root().text()).append('\n');
        sb.append("Completed by frame ").append(m.frame(i)).append(" at ").append(Times.iso(m.time(i), capture.timeDigits())).append('\n');
        if (m.kind(i) != MessageKind.BGP_MESSAGE || m.type(i) == MessageType.UPDATE) {
            // Only UPDATEs (and MRT entries) are read differently by session; an OPEN is what sets it.
            sb.append("Session: ").append(current.session().note()).append(" (").append(current.session().source().name().toLowerCase()).append(")\n");
        }
        sb.append("Bytes in the file:");
        for (Piece p : m.pieces(i)) {
            sb.append("\n  frame ").append(p.frame()).append(": ").append(p.length()).append(" bytes at file offset ").append(p.fileOffset());
        }
        return sb.toString();
    }

    private String nodeDetails(FieldNode n) {
        MessageDecoder.Decoded current = selection.decoded();
        int currentMessage = selection.message();
        StringBuilder sb = new StringBuilder();
        sb.append(n.name()).append('\n');
        sb.append("Key: ").append(n.key()).append('\n');
        if (n.value() != null) {
            sb.append("Value: ").append(n.value()).append('\n');
        }
        sb.append("Bytes ").append(n.offset()).append(" to ").append(n.end() - 1).append(" of the message (")
                .append(n.length()).append(n.length() == 1 ? " byte" : " bytes").append("), file offset ")
                .append(currentMessage == -1 ? "" : EventRows.isEvent(currentMessage)
                        ? capture.events().offset(EventRows.event(currentMessage)) + n.offset()
                        : capture.fileOffsetOf(currentMessage, n.offset())).append('\n');
        int shown = Math.min(n.length(), 32);
        StringBuilder hexText = new StringBuilder();
        StringBuilder bin = new StringBuilder();
        for (int k = 0; k < shown; k++) {
            int b = current.bytes().get(ValueLayout.JAVA_BYTE, n.offset() + k) & 0xFF;
            hexText.append(String.format("%02x ", b));
            if (n.length() <= 4) {
                bin.append(String.format("%8s", Integer.toBinaryString(b)).replace(' ', '0')).append(' ');
            }
        }
        sb.append("Hex: ").append(hexText.toString().trim()).append(n.length() > shown ? " …" : "").append('\n');
        if (!bin.isEmpty()) {
            sb.append("Binary: ").append(bin.toString().trim()).append('\n');
        }
        if (n.isBitField()) {
            sb.append("Bit mask: ").append(Long.toBinaryString(n.bitMask())).append('\n');
        }
        for (FieldNode c : n.children()) {
            if (c.isBitField()) {
                sb.append("  ").append(c.text()).append('\n');
            }
        }
        String ref = n.inheritedReference();
        if (ref != null) {
            sb.append("Defined in ").append(ref).append('\n');
        }
        String decided = n.inheritedSession();
        if (decided != null) {
            sb.append("Decoded with ").append(decided).append('\n');
        }
        for (Problem p : n.problems()) {
            sb.append(p.severity().name()).append(" at byte ").append(p.offset()).append(": ").append(p.text());
            if (p.action() != null) {
                sb.append("\n  RFC 7606: a router would ").append(p.action().replace('-', ' '));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /**
     * Shows what the field is for (tree/Explanations), the meaning of its value where the values are
     * enumerated, and the RFC section as a link. A NOTIFICATION subcode and an MRT subtype are
     * explained by their code and type ({@code bgp.notification.subcode[6]}).
     */
    private void explain(FieldNode n) {
        String key = n.key();
        String qualifier = switch (key) {
            case "bgp.notification.subcode" -> sibling(n, "bgp.notification.code");
            case "mrt.subtype" -> sibling(n, "mrt.type");
            default -> null;
        };
        Explanations.Explanation e = Explanations.of(qualifier == null ? key : key + "[" + qualifier + "]");
        if (e == null) {
            explanation.setText("");
            rfcLink.setText("");
            rfcLink.setUserData(null);
            return;
        }
        StringBuilder sb = new StringBuilder(e.text());
        if (n.value() instanceof Long v && e.values().containsKey(v)) {
            sb.append("\n").append(v).append(": ").append(e.values().get(v));
        }
        explanation.setText(sb.toString());
        rfcLink.setText(e.rfc() == null ? "" : e.rfc());
        rfcLink.setUserData(e.rfcUrl());
    }

    private static String sibling(FieldNode n, String key) {
        if (n.parent() == null) {
            return null;
        }
        for (FieldNode c : n.parent().children()) {
            if (c.key().equals(key) && c.value() instanceof Long v) {
                return Long.toString(v);
            }
        }
        return null;
    }
}
