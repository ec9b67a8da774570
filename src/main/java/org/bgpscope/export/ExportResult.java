package org.bgpscope.export;

/**
 * What an export wrote: {@code written} messages (or records, for pcap and MRT), and the selected
 * entries it left out, with why. A raw export leaves out what is no complete BGP message, so that the
 * file re-opens to exactly the messages written.
 */
public record ExportResult(long written, String unit, long skipped, String skippedWhy) {
    /** One line for a status bar or stderr: "wrote 12 messages to OUT; left out 2 entries that ...". */
    public String describe(Object out) {
        String s = "wrote " + written + " " + unit + " to " + out;
        return skipped == 0 ? s : s + "; left out " + skipped + (skipped == 1 ? " entry" : " entries") + " " + skippedWhy;
    }
}
