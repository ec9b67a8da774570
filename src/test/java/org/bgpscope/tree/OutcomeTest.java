package org.bgpscope.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.MemorySegment;
import java.util.HexFormat;
import org.bgpscope.bgp.Negotiated;
import org.bgpscope.net.MessageKind;
import org.junit.jupiter.api.Test;

/** What a router does with a message (RFC 4271 §6, RFC 7606), read from its tree: the byte editor's verdict. */
class OutcomeTest {
    private static final String M = "ffffffffffffffffffffffffffffffff";

    private static Outcome outcome(String hex) {
        byte[] b = HexFormat.of().parseHex(hex.replace(" ", ""));
        Negotiated s = new Negotiated(true, java.util.Set.of(), true, false, java.util.Set.of(), Negotiated.Source.ASSUMED, "test");
        FieldNode root = MessageDecoder.decode(MemorySegment.ofArray(b), MessageKind.BGP_MESSAGE, b.length > 18 ? b[18] & 0xFF : 0,
                b.length, 0, s);
        return Outcome.of(root);
    }

    private static String brief(Outcome o) {
        return o.action() + (o.code() == 0 ? "" : " " + o.code() + "/" + o.subcode());
    }

    // UPDATE: no withdrawn routes, attributes ORIGIN (value V), AS_PATH 65001 (4-octet), NEXT_HOP 192.0.2.1, NLRI 10.0.0.0/24.
    private static String update(String origin, String nlri) {
        String attrs = "40010100".substring(0, 6) + origin + "40020602010000fde9" + "400304c0000201";
        int len = 19 + 2 + 2 + attrs.length() / 2 + nlri.length() / 2;
        return M + String.format("%04x", len) + "02" + "0000" + String.format("%04x", attrs.length() / 2) + attrs + nlri;
    }

    @Test
    void aCleanMessageIsAccepted() {
        assertEquals("accept", brief(outcome(M + "001304")));
        assertEquals("accept", brief(outcome(update("00", "180a0000"))));
    }

    @Test
    void headerErrorsAreNotificationsOfCodeOne() {
        assertEquals("notification 1/1", brief(outcome("ff".repeat(15) + "fe" + "001304")), "a marker byte not all ones");
        assertEquals("notification 1/2", brief(outcome(M + "001404" + "00")), "a KEEPALIVE of 20 bytes");
        assertEquals("notification 1/3", brief(outcome(M + "001309")), "type 9");
    }

    @Test
    void updateErrorsFollowRfc7606() {
        Outcome origin = outcome(update("03", "180a0000"));
        assertEquals("treat-as-withdraw", brief(origin), "ORIGIN 3 (RFC 7606 §7.1)");
        assertEquals("notification 3/10", brief(outcome(update("00", "210a000000"))), "a /33 IPv4 prefix: the NLRI cannot be read");
        // An attribute whose length runs past the attributes: they cannot be delimited (RFC 7606 §4).
        String broken = M + "0025" + "02" + "0000" + "000e" + "40010500" + "40020602010000fde9";
        assertEquals("notification 3/1", brief(outcome(broken)));
    }

    @Test
    void openErrorsNameTheirSubcode() {
        // OPEN version 3, AS 65001, hold 90, id 192.0.2.1, no optional parameters.
        assertEquals("notification 2/1", brief(outcome(M + "001d01" + "03" + "fde9" + "005a" + "c0000201" + "00")));
        // Hold time 2 s: RFC 4271 §6.2 says 0 or at least 3.
        assertEquals("notification 2/6", brief(outcome(M + "001d01" + "04" + "fde9" + "0002" + "c0000201" + "00")));
        // Identifier 0.0.0.0 (RFC 6286 §2.2).
        assertEquals("notification 2/3", brief(outcome(M + "001d01" + "04" + "fde9" + "005a" + "00000000" + "00")));
        assertEquals("accept", brief(outcome(M + "001d01" + "04" + "fde9" + "0000" + "c0000201" + "00")), "hold time 0 is allowed");
    }
}
