package org.bgpscope.net;

/**
 * What happened on a TCP connection carrying BGP, beside its messages (RFC 9293 §3.5 and §3.10): the
 * handshake, the close, resets, and what reassembly saw of the byte stream. Each is a row of its own
 * in {@link TcpEvents}.
 */
public enum TcpEvent {
    SYN("SYN", "connection attempt (SYN)"),
    SYN_ACK("SYN-ACK", "connection accepted (SYN-ACK)"),
    FIN("FIN", "the sender has no more data (FIN)"),
    RST("RST", "connection reset (RST)"),
    /** A RST answering a SYN that no SYN-ACK answered: nothing listens, or the peer refuses (RFC 9293 §3.10.7.1). */
    REFUSED("refused", "connection refused: a RST answered the SYN"),
    RETRANSMISSION("retransmission", "bytes sent again that the stream already had"),
    /** A retransmission whose bytes differ from the copy already taken: the first copy is used. */
    RETRANSMISSION_DIFFERENT("retransmission (different bytes)", "bytes sent again that differ from the copy already taken"),
    OUT_OF_ORDER("out of order", "a segment arrived ahead of bytes still missing"),
    LOST("lost", "stream bytes the capture does not have");

    static final TcpEvent[] VALUES = values();

    private final String label;
    private final String meaning;

    TcpEvent(String label, String meaning) {
        this.label = label;
        this.meaning = meaning;
    }

    /** Short name, as in the type column. */
    public String label() {
        return label;
    }

    /** One line saying what the event means. */
    public String meaning() {
        return meaning;
    }

    public static TcpEvent of(int code) {
        return VALUES[code];
    }
}
