package org.bgpscope.net;

/** What an index entry is: a BGP message, or an MRT record that carries something else. */
public enum MessageKind {
    /**
     * A BGP message (RFC 4271 §4.1), from TCP, from an MRT BGP4MP record, or from a record of the
     * deprecated MRT type BGP (5), whose header is not in the file ({@link MessageIndex#F_NO_HEADER}).
     */
    BGP_MESSAGE("BGP"),
    /** Stream bytes that could not be framed as BGP (bad marker or length). */
    UNFRAMED("bytes"),
    /** MRT BGP4MP STATE_CHANGE (RFC 6396 §4.4.1). */
    MRT_STATE_CHANGE("STATE"),
    /** One entry (one peer's route) of a TABLE_DUMP_V2 RIB record (RFC 6396 §4.3.2) or a TABLE_DUMP record (§4.2). */
    MRT_RIB_ENTRY("RIB"),
    /** TABLE_DUMP_V2 PEER_INDEX_TABLE (RFC 6396 §4.3.1). */
    MRT_PEER_INDEX("PEERS"),
    /** Any other MRT record, kept whole. */
    MRT_OTHER("MRT"),
    /**
     * A BMP message (RFC 7854 §4), its type in the type byte; the BGP messages it carries are rows of
     * their own ({@link CaptureIndex#bmpLinks()}).
     */
    BMP_MESSAGE("BMP"),
    /** A TCP event ({@link TcpEvent}): rows of {@link TcpEvents}, never of the message index. */
    TCP_EVENT("TCP");

    static final MessageKind[] VALUES = values();

    private final String label;

    MessageKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
