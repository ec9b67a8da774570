package org.bgpscope.capture;

import java.io.ByteArrayOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * BGP messages pasted as text, turned back into bytes: bare hex (spaces, colons, commas, {@code 0x}
 * prefixes, line breaks, upper or lower case), ExaBGP's logs ({@code received complete TCP payload
 * (  45) FFFF FFFF …}) and API text ({@code header 0xFFFF… body 0x0000…}), and Wireshark's "Copy as
 * Hex Dump" (offset, up to 16 bytes, the ASCII column), and router logs: a line that starts like a
 * syslog line (a date, Cisco's {@code %BGP-4-MSGDUMP:} tag, Junos's {@code rpd[..]:} or {@code BGP RECV})
 * gives the run of hex it ends with (Cisco's message dump, a NOTIFICATION's data), or nothing; the
 * hex may go on in the lines that follow. A message pasted without its 16-byte marker
 * gets it back, so what comes out is a raw BGP stream that opens like any capture.
 */
public final class PastedHex {
    private PastedHex() {}

    private static final Pattern EXABGP_API = Pattern.compile("\\b(header|body)\\s+0x([0-9A-Fa-f]+)");
    private static final Pattern EXABGP_LOG = Pattern.compile("TCP payload\\s*\\(\\s*\\d+\\)\\s*([0-9A-Fa-f ]+)");
    /** Wireshark's hex dump: an offset of 4 or more hex digits, then hex bytes, then the ASCII column. */
    private static final Pattern DUMP_LINE = Pattern.compile("^\\s*([0-9A-Fa-f]{4,8})\\s{1,3}((?:[0-9A-Fa-f]{2}\\s){1,16})");

    /** A router or syslog line: a date or time stamp, a Cisco facility tag, Junos's rpd or BGP trace words. */
    private static final Pattern LOG_LINE = Pattern.compile("^\\*?(?:[A-Z][a-z]{2}\\s+\\d{1,2}\\s+\\d\\d:\\d\\d:\\d\\d|\\d{4}-\\d\\d-\\d\\d[T ]\\d\\d:)"
            + "|%[A-Z_]*BGP[A-Z_]*-\\d-[A-Z_]+:|\\brpd\\[\\d+\\]:|\\bBGP (?:RECV|SEND)\\b");
    /** The run of hex a log line ends with: four or more groups of 2 to 8 hex digits. */
    private static final Pattern HEX_TAIL = Pattern.compile("(?:^|[\\s:])((?:(?:0[xX])?[0-9A-Fa-f]{2,8}\\s+){3,}(?:0[xX])?[0-9A-Fa-f]{2,8})\\s*$");

    /** The bytes the text holds; an {@link IllegalArgumentException} says where it is not hex. */
    public static byte[] parse(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int lineNo = 0;
        int logLines = 0;
        for (String line : text.split("\\R")) {
            lineNo++;
            String l = line.strip();
            if (l.isEmpty()) {
                continue;
            }
            if (LOG_LINE.matcher(l).find() && !bareHex(l)) {
                logLines++;
                Matcher tail = HEX_TAIL.matcher(l);
                if (tail.find()) {
                    hex(tail.group(1), out, lineNo);
                }
                continue;
            }
            Matcher api = EXABGP_API.matcher(l);
            boolean any = false;
            while (api.find()) {
                hex(api.group(2), out, lineNo);
                any = true;
            }
            if (any) {
                continue;
            }
            Matcher log = EXABGP_LOG.matcher(l);
            if (log.find()) {
                hex(log.group(1), out, lineNo);
                continue;
            }
            Matcher dump = DUMP_LINE.matcher(line + " ");
            if (dump.find() && !bareHex(l)) {
                hex(dump.group(2), out, lineNo);
                continue;
            }
            hex(l, out, lineNo);
        }
        if (out.size() == 0 && logLines > 0) {
            throw new IllegalArgumentException(logLines + " log line" + (logLines == 1 ? "" : "s") + " but no hex bytes in them: "
                    + "a trace of decoded fields (such as Junos's BGP RECV lines) does not hold the message's bytes");
        }
        return withMarkers(out.toByteArray());
    }

    /** Whether a line is nothing but hex digits and separators (then it is all data, no offset column). */
    private static boolean bareHex(String l) {
        return l.replaceAll("0[xX]", "").matches("[0-9A-Fa-f\\s:,]+") && !l.matches("^[0-9A-Fa-f]{4,8}\\s{2,}.*");
    }

    private static void hex(String s, ByteArrayOutputStream out, int lineNo) {
        String digits = s.replaceAll("0[xX]", "").replaceAll("[\\s:,.-]", "");
        if (!digits.matches("[0-9A-Fa-f]*")) {
            int bad = 0;
            while (bad < digits.length() && Character.digit(digits.charAt(bad), 16) >= 0) {
                bad++;
            }
            throw new IllegalArgumentException("line " + lineNo + ": \"" + digits.charAt(bad) + "\" is not a hex digit");
        }
        if (digits.length() % 2 != 0) {
            throw new IllegalArgumentException("line " + lineNo + ": an odd number of hex digits (" + digits.length() + ")");
        }
        for (int i = 0; i < digits.length(); i += 2) {
            out.write(Integer.parseInt(digits, i, i + 2, 16));
        }
    }

    /**
     * The bytes as a BGP stream: each message that starts without its marker (a length that fits and
     * a type 1 to 5, RFC 4271 §4.1) gets the 16 bytes of ones in front.
     */
    static byte[] withMarkers(byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int p = 0;
        while (p < b.length) {
            boolean marker = p + 16 <= b.length;
            for (int i = 0; i < 16 && marker; i++) {
                marker = b[p + i] == (byte) 0xFF;
            }
            if (marker && p + 18 <= b.length) {
                int len = ((b[p + 16] & 0xFF) << 8) | (b[p + 17] & 0xFF);
                int take = len >= 19 ? Math.min(len, b.length - p) : b.length - p;
                out.write(b, p, take);
                p += take;
                continue;
            }
            if (p + 3 <= b.length) {
                int len = ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF);
                int type = b[p + 2] & 0xFF;
                if (len >= 19 && type >= 1 && type <= 5 && p + len - 16 <= b.length) {
                    out.writeBytes(new byte[] {-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1});
                    out.write(b, p, len - 16);
                    p += len - 16;
                    continue;
                }
            }
            out.write(b, p, b.length - p);
            break;
        }
        return out.toByteArray();
    }
}
