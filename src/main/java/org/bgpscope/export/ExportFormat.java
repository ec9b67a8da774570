package org.bgpscope.export;

/** What {@link Exporter} writes. */
public enum ExportFormat {
    /** The BGP messages end to end, exactly as sent: a file BGP Scope re-opens as a raw BGP stream. */
    RAW,
    /** A hex dump per message with its number, frame and file offsets. */
    HEX,
    /** The original packet records that carry the messages, as a classic pcap. */
    PCAP,
    /** The original MRT records that carry the entries (MRT captures only). */
    MRT,
    /** JSON Lines: one object per message with its field tree. */
    JSON,
    /** JSON Lines in ExaBGP 4's API format, for the messages it can express. */
    EXABGP;

    /** Whether this format can be written from a capture of {@code source}'s format. */
    public boolean appliesTo(org.bgpscope.capture.CaptureFormat source) {
        return switch (this) {
            case PCAP -> source == org.bgpscope.capture.CaptureFormat.PCAP || source == org.bgpscope.capture.CaptureFormat.PCAPNG;
            case MRT -> source == org.bgpscope.capture.CaptureFormat.MRT;
            default -> true;
        };
    }

    /** What one written unit is: records for the formats that copy the capture's records, else messages. */
    public String unit() {
        return this == PCAP || this == MRT ? "records" : "messages";
    }

    public static ExportFormat parse(String s) {
        for (ExportFormat f : values()) {
            if (f.name().equalsIgnoreCase(s)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown export format \"" + s + "\"; expected raw, hex, pcap, mrt, json or exabgp");
    }
}
