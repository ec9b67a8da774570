package org.bgpscope.tree;

import java.util.ArrayList;
import java.util.List;
import org.bgpscope.bgp.QuickCheck;
import org.bgpscope.bgp.Sessions;
import org.bgpscope.net.CaptureIndex;
import org.bgpscope.net.MessageIndex;
import org.bgpscope.net.MessageKind;

/**
 * The errors and warnings decoding finds in a message, for the places a user scans for trouble (the
 * message list's red rows, the Problems pane's count, {@code list --json}'s {@code problems}). The
 * tree is built only when {@link QuickCheck} cannot vouch for the message, which for real captures is
 * rare, so listing stays fast.
 */
public final class MessageProblems {
    private MessageProblems() {}

    /** Problems of message {@code i} as "offset: text" lines, in tree order; empty when it is clean. */
    public static List<String> of(CaptureIndex capture, int i, Sessions sessions) {
        MessageIndex m = capture.messages();
        MessageKind kind = m.kind(i);
        if ((m.flags(i) & MessageIndex.F_INCOMPLETE) == 0
                && (kind == MessageKind.BGP_MESSAGE && QuickCheck.clean(capture.bytes(i), sessions.forMessage(i))
                || kind == MessageKind.MRT_RIB_ENTRY && (m.pieceCount(i) == 2
                        ? QuickCheck.ribEntry(capture.piece(i, 0), capture.piece(i, 1)) : QuickCheck.ribEntry(capture.bytes(i)))
                || kind == MessageKind.MRT_STATE_CHANGE || kind == MessageKind.MRT_PEER_INDEX)) {
            // State changes and the peer table carry nothing the decoder judges beyond what indexing checked.
            return List.of();
        }
        List<String> out = new ArrayList<>();
        collect(MessageDecoder.decode(capture, i, sessions).root(), out);
        return out;
    }

    private static void collect(FieldNode n, List<String> out) {
        for (Problem p : n.problems()) {
            if (p.severity() != Problem.Severity.INFO) {
                out.add("byte " + p.offset() + ": " + p.text() + (p.action() == null ? "" : " (RFC 7606: " + p.action() + ")"));
            }
        }
        for (int k = 0, count = n.childCount(); k < count; k++) {
            collect(n.child(k), out);
        }
    }
}
