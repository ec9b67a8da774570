package org.bgpscope.tree;

import java.lang.foreign.MemorySegment;
import org.bgpscope.net.CaptureIndex;
import org.bgpscope.net.LinkType;
import org.bgpscope.net.TcpEvent;
import org.bgpscope.net.TcpEvents;

/**
 * The tree of a TCP event row: what happened and why it matters to BGP, over the IP and TCP headers of
 * the packet that shows it (RFC 9293 §3.1), read by {@link FrameHeaders}.
 */
public final class TcpEventTree {
    private TcpEventTree() {}

    /** The bytes of event {@code e}: its IP packet as captured, or none. */
    public static MemorySegment bytes(CaptureIndex capture, int e) {
        TcpEvents ev = capture.events();
        return ev.length(e) == 0 ? MemorySegment.NULL : capture.capture().data().asSlice(ev.offset(e), ev.length(e));
    }

    public static FieldNode decode(CaptureIndex capture, int e) {
        TcpEvents ev = capture.events();
        TcpEvent event = ev.event(e);
        MemorySegment bytes = bytes(capture, e);
        int size = (int) bytes.byteSize();
        FieldNode root = new FieldNode("TCP event", "tcp.event", 0, size).reference(reference(event));
        root.value(event.label()).text("TCP event: " + event.label() + " (" + event.meaning() + ")");
        String detail = ev.detail(e);
        if (detail != null) {
            root.add(new FieldNode("what", "tcp.event.detail", 0, 0)).value(detail).text(detail);
        }
        if (size > 0) {
            FieldNode headers = FrameHeaders.decode(bytes, LinkType.RAW);
            for (FieldNode c : headers.children()) {
                root.add(c);
            }
            for (Problem p : headers.problems()) {
                root.problem(p);
            }
        }
        root.fillGaps();
        return root;
    }

    private static String reference(TcpEvent e) {
        return switch (e) {
            case SYN, SYN_ACK -> "RFC 9293 §3.5";
            case FIN -> "RFC 9293 §3.6";
            case RST -> "RFC 9293 §3.5.2";
            case REFUSED -> "RFC 9293 §3.10.7.1";
            case RETRANSMISSION, RETRANSMISSION_DIFFERENT -> "RFC 9293 §3.8.1";
            case OUT_OF_ORDER, LOST -> "RFC 9293 §3.4";
        };
    }
}
