package org.bgpscope.ui;

import org.bgpscope.net.CaptureIndex;
import org.bgpscope.net.MessageIndex;
import org.bgpscope.net.TcpEvent;
import org.bgpscope.net.TcpEvents;

/**
 * TCP events as rows of the message list. A row holds a message index (0 and up) or an event, coded
 * as {@code -2 - e} so that -1 stays "no message"; the merged order is the command line's (events of
 * a frame before its messages, but a FIN or RST after them).
 */
final class EventRows {
    private EventRows() {}

    static int row(int event) {
        return -2 - event;
    }

    static boolean isEvent(int row) {
        return row <= -2;
    }

    static int event(int row) {
        return -2 - row;
    }

    /** Every message and event of the capture, merged by frame. */
    static MessageRows all(CaptureIndex capture) {
        MessageIndex m = capture.messages();
        TcpEvents ev = capture.events();
        int n = m.size();
        int ne = ev.size();
        int[] view = new int[n + ne];
        int i = 0;
        int e = 0;
        int k = 0;
        while (i < n || e < ne) {
            if (e < ne && (i >= n || capture.eventFirst(e, i))) {
                view[k++] = row(e++);
            } else {
                view[k++] = i++;
            }
        }
        return new MessageRows(view, k);
    }

    /** Whether an event row is drawn as a problem: a connection broken, refused, or bytes lost or disputed. */
    static boolean alarming(TcpEvent e) {
        return e == TcpEvent.RST || e == TcpEvent.REFUSED || e == TcpEvent.LOST || e == TcpEvent.RETRANSMISSION_DIFFERENT;
    }
}
