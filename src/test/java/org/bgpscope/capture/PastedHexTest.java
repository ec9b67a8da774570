package org.bgpscope.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Hex pasted from the places engineers copy BGP bytes from decodes to the same message. */
class PastedHexTest {
    /** A KEEPALIVE and an UPDATE (ORIGIN IGP, empty AS_PATH, NEXT_HOP 10.0.0.1, NLRI 192.0.2.0/24). */
    static final String KEEPALIVE = "ffffffffffffffffffffffffffffffff001304";
    static final String UPDATE = "ffffffffffffffffffffffffffffffff002902" + "0000" + "000e" + "40010100" + "400200"
            + "4003040a000001" + "18c00002";

    private static byte[] expected() {
        return HexFormat.of().parseHex(KEEPALIVE + UPDATE);
    }

    @Test
    void bareHexWithAnySeparatorsAndCase() {
        assertArrayEquals(expected(), PastedHex.parse((KEEPALIVE + UPDATE).toUpperCase()));
        String spaced = (KEEPALIVE + UPDATE).replaceAll("(..)", "$1 ");
        assertArrayEquals(expected(), PastedHex.parse(spaced));
        assertArrayEquals(expected(), PastedHex.parse(spaced.trim().replace(' ', ':')));
        assertArrayEquals(expected(), PastedHex.parse("0x" + KEEPALIVE + "\n0x" + UPDATE + "\n"));
    }

    @Test
    void aMessageWithoutItsMarkerGetsItBack() {
        assertArrayEquals(expected(), PastedHex.parse(KEEPALIVE.substring(32) + " " + UPDATE.substring(32)));
    }

    @Test
    void exabgpApiTextAndDebugLogLines() {
        // ExaBGP 4's text API (header and body as 0x-prefixed upper-case hex) and its debug log (od() pairs).
        String api = "neighbor 10.0.0.2 receive update header 0x" + UPDATE.substring(0, 38).toUpperCase()
                + " body 0x" + UPDATE.substring(38).toUpperCase();
        assertArrayEquals(HexFormat.of().parseHex(UPDATE), PastedHex.parse(api));
        String log = "Thu, 01 Jan 2026 00:00:00 | DEBUG | 1234 | network | received complete TCP payload (  19) "
                + KEEPALIVE.toUpperCase().substring(0, 36).replaceAll("(....)", "$1 ") + "04";
        assertArrayEquals(HexFormat.of().parseHex(KEEPALIVE), PastedHex.parse(log));
    }

    @Test
    void wiresharkCopyAsHexDump() {
        String dump = """
                0000   ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff   ................
                0010   00 29 02 00 00 00 0e 40 01 01 00 40 02 00 40 03   .).....@...@..@.
                0020   04 0a 00 00 01 18 c0 00 02                        .........
                """;
        assertArrayEquals(HexFormat.of().parseHex(UPDATE), PastedHex.parse(dump));
    }

    @Test
    void ciscoMessageDumpWithItsSyslogPrefixAndWrappedLines() {
        // IOS logs a message it will not accept as %BGP-4-MSGDUMP, the bytes in groups of four digits, wrapped.
        String[] groups = UPDATE.toUpperCase().replaceAll("(....)", "$1 ").strip().split(" ");
        String first = String.join(" ", java.util.Arrays.copyOfRange(groups, 0, 12));
        String rest = String.join(" ", java.util.Arrays.copyOfRange(groups, 12, groups.length));
        String log = "*Nov 25 06:01:02.345: %BGP-4-MSGDUMP: unsupported or mal-formatted message received from 10.0.0.2: \n"
                + first + "\n" + rest + "\n";
        assertArrayEquals(HexFormat.of().parseHex(UPDATE), PastedHex.parse(log));
        String oneLine = "Nov 25 06:01:02 router1 %BGP-4-MSGDUMP: unsupported or mal-formatted message received from 2001:db8::2: "
                + UPDATE.toUpperCase().replaceAll("(....)", "$1 ");
        assertArrayEquals(HexFormat.of().parseHex(UPDATE), PastedHex.parse(oneLine));
    }

    @Test
    void aTraceOfDecodedFieldsSaysItHoldsNoBytes() {
        // Junos traceoptions print the fields they decoded, not the message's bytes.
        String trace = """
                Nov 25 06:01:02.000001 BGP RECV 192.0.2.1+179 -> 192.0.2.2+50000
                Nov 25 06:01:02.000002 BGP RECV message type 2 (Update) length 41
                Nov 25 06:01:02.000003 BGP RECV flags 0x40 code Origin(1): IGP, length(1)
                """;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PastedHex.parse(trace));
        assertEquals("3 log lines but no hex bytes in them: a trace of decoded fields (such as Junos's BGP RECV lines) does not hold "
                + "the message's bytes", e.getMessage());
    }

    @Test
    void textThatIsNotHexSaysWhere() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PastedHex.parse("ffff\nffzz"));
        assertEquals("line 2: \"z\" is not a hex digit", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PastedHex.parse("fff"));
        assertEquals("line 1: an odd number of hex digits (3)", e.getMessage());
    }
}
