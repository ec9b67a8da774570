package org.bgpscope.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bgpscope.tree.Explanations.Explanation;
import org.junit.jupiter.api.Test;

/** The explanation catalogue covers every key of docs/keys.md, and says what a student needs. */
class ExplanationsTest {
    private static final Pattern TICKED = Pattern.compile("`([^`]+)`");
    private static final Pattern KEY = Pattern.compile("(bgp|mrt|bmp)(\\.[a-z0-9_]+)*");
    private static final Pattern NAME = Pattern.compile("[a-z0-9_]+");
    private static final Pattern SUFFIX = Pattern.compile("(\\.[a-z0-9_]+)+");

    /**
     * The keys docs/keys.md names: every backticked key in its tables and lists, and the keys its
     * lists spell as patterns: {@code bgp.open.cap.NAME} and {@code bgp.update.attr.NAME} with each
     * NAME listed, the flag bits {@code .optional} … of {@code bgp.update.attr.flags}, and the
     * family-specific children {@code .label}, {@code .rd} … of {@code ...nlri.prefix}.
     */
    static Set<String> documentedKeys() throws Exception {
        Set<String> keys = new TreeSet<>();
        List<String> items = new ArrayList<>();
        StringBuilder item = null;
        for (String line : Files.readAllLines(Path.of("docs/keys.md"))) {
            if (line.startsWith("- ")) {
                if (item != null) {
                    items.add(item.toString());
                }
                item = new StringBuilder(line);
            } else if (item != null && line.startsWith("  ")) {
                item.append(' ').append(line.strip());
            } else {
                if (item != null) {
                    items.add(item.toString());
                    item = null;
                }
                items.add(line);
            }
        }
        if (item != null) {
            items.add(item.toString());
        }
        for (String it : items) {
            String namePrefix = it.contains("`bgp.open.cap.NAME`") ? "bgp.open.cap."
                    : it.contains("`bgp.update.attr.NAME`") ? "bgp.update.attr." : null;
            String suffixPrefix = it.contains("`bgp.update.attr.flags`") ? "bgp.update.attr.flags"
                    : it.contains("`...nlri.prefix`") ? "bgp.update.attr.mp_reach.nlri.prefix" : null;
            Matcher m = TICKED.matcher(it);
            while (m.find()) {
                String t = m.group(1);
                if (KEY.matcher(t).matches()) {
                    keys.add(t);
                } else if (namePrefix != null && NAME.matcher(t).matches()) {
                    keys.add(namePrefix + t);
                } else if (suffixPrefix != null && SUFFIX.matcher(t).matches()) {
                    keys.add(suffixPrefix + t);
                }
            }
        }
        return keys;
    }

    @Test
    void everyDocumentedKeyHasItsOwnExplanation() throws Exception {
        Set<String> keys = documentedKeys();
        assertTrue(keys.size() > 150, "docs/keys.md gave only " + keys.size() + " keys; is the parser still right?");
        assertTrue(keys.contains("bgp.open.cap.add_path") && keys.contains("bgp.update.attr.otc")
                && keys.contains("bgp.update.attr.flags.partial") && keys.contains("bgp.update.attr.mp_reach.nlri.prefix.esi"),
                "the registry lists of docs/keys.md were not read");
        List<String> missing = new ArrayList<>();
        List<String> bad = new ArrayList<>();
        // target/explanations-resolved.md: which entry answers each documented key, to review by eye.
        StringBuilder review = new StringBuilder("| key | entry | reference |\n|---|---|---|\n");
        for (String k : keys) {
            Explanation r = Explanations.of(k);
            review.append("| `").append(k).append("` | `").append(Explanations.source(k)).append("` | ")
                    .append(r == null ? "" : r.rfc()).append(" |\n");
        }
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/explanations-resolved.md"), review);
        for (String k : keys) {
            // Its own entry or a wildcard written for it, not an enclosing field's.
            if (Explanations.direct(k) == null) {
                missing.add(k);
                continue;
            }
            Explanation e = Explanations.of(k);
            if (e == null || e.text() == null || e.text().isBlank()) {
                bad.add(k + ": no text");
            } else if (e.rfc() == null || e.rfcUrl() == null) {
                bad.add(k + ": reference " + (e == null ? null : e.rfc()) + " does not parse");
            }
        }
        if (!missing.isEmpty()) {
            fail(missing.size() + " keys of docs/keys.md have no entry in " + Explanations.RESOURCE + ":\n  "
                    + String.join("\n  ", missing));
        }
        assertTrue(bad.isEmpty(), String.join("\n", bad));
    }

    @Test
    void everyEntryIsComplete() {
        List<String> bad = new ArrayList<>();
        for (String k : Explanations.entryKeys()) {
            Explanation e = Explanations.of(k.startsWith("*") ? "bgp.x" + k.substring(1) : k);
            if (e == null || e.text() == null || e.text().isBlank()) {
                bad.add(k + ": no text");
            } else if (e.rfcUrl() == null && !Explanations.INHERIT.equals(Explanations.entry(k).rfc())) {
                bad.add(k + ": reference " + e.rfc() + " does not parse");
            }
            String from = Explanations.entry(k).valuesFrom();
            if (from != null && Explanations.entry(from) == null) {
                bad.add(k + ": values: " + from + " names no entry");
            }
            int b = k.indexOf('[');
            if (b > 0 && !Explanations.entryKeys().contains(k.substring(0, b))) {
                bad.add(k + ": no entry for the unqualified key");
            }
        }
        assertTrue(bad.isEmpty(), String.join("\n", bad));
    }

    @Test
    void sayWhatAStudentNeeds() {
        assertEquals("https://www.rfc-editor.org/rfc/rfc4271#section-5.1.1", Explanations.of("bgp.update.attr.origin").rfcUrl());
        assertTrue(Explanations.valueMeaning("bgp.update.attr.origin", 2).startsWith("INCOMPLETE"));
        assertTrue(Explanations.valueMeaning("bgp.update.attr.origin.value", 0).startsWith("IGP"));
        assertTrue(Explanations.valueMeaning("bgp.notification.code", 6).startsWith("Cease"));
        assertTrue(Explanations.valueMeaning("bgp.notification.subcode[6]", 2).startsWith("Administrative Shutdown"));
        assertTrue(Explanations.valueMeaning("bgp.notification.subcode[3]", 11).contains("AS_PATH"));
        assertTrue(Explanations.of("bgp.update.attr.as_path").text().contains("loop detection"));
        assertTrue(Explanations.valueMeaning("bgp.update.attr.as_path.segment.type", 1).startsWith("AS_SET"));
        assertTrue(Explanations.valueMeaning("bgp.update.attr.as_path.segment.type", 2).startsWith("AS_SEQUENCE"));
        assertTrue(Explanations.valueMeaning("bgp.open.cap.add_path.family.send_receive", 3).contains("both"));
        assertTrue(Explanations.valueMeaning("bgp.open.cap.add_path.family.send_receive", 1).startsWith("receive"));
        assertTrue(Explanations.valueMeaning("mrt.subtype[13]", 1).startsWith("PEER_INDEX_TABLE"));
        assertTrue(Explanations.valueMeaning("mrt.subtype[16]", 4).startsWith("MESSAGE_AS4"));
        assertTrue(Explanations.valueMeaning("mrt.new_state", 6).startsWith("Established"));
        assertTrue(Explanations.valueMeaning("bgp.update.attr.community", 0xFFFFFF01L).startsWith("NO_EXPORT"));
        assertTrue(Explanations.valueMeaning("bgp.type", 2).startsWith("UPDATE"));
        assertTrue(Explanations.valueMeaning("bmp.peer_down.reason", 3).startsWith("the peer closed it"));
        assertTrue(Explanations.valueMeaning("bmp.type", 0).startsWith("Route Monitoring"));
        // Shared lists: AFI and SAFI anywhere.
        assertEquals("IPv6", Explanations.valueMeaning("bgp.open.cap.mp.afi", 2));
        assertEquals("IPv6", Explanations.valueMeaning("bgp.route_refresh.afi", 2));
        assertTrue(Explanations.valueMeaning("bgp.update.attr.mp_reach.safi", 70).startsWith("EVPN"));
        assertTrue(Explanations.valueMeaning("bgp.notification.hard_reset.code", 6).startsWith("Cease"));
        assertNull(Explanations.valueMeaning("bgp.update.attr.origin", 7));
    }

    @Test
    void referencesBecomeLinks() {
        assertEquals("https://www.rfc-editor.org/rfc/rfc4271#section-4.3", Explanations.url("RFC 4271 §4.3"));
        assertEquals("https://www.rfc-editor.org/rfc/rfc1997", Explanations.url("RFC 1997"));
        assertEquals("https://datatracker.ietf.org/doc/html/draft-walton-bgp-hostname-capability",
                Explanations.url("draft-walton-bgp-hostname-capability"));
        assertEquals("https://datatracker.ietf.org/doc/html/draft-ietf-idr-dynamic-cap#section-3",
                Explanations.url("draft-ietf-idr-dynamic-cap §3"));
        assertNull(Explanations.url("see the manual"));
        assertEquals("https://www.rfc-editor.org/rfc/rfc6396#section-4.3.1", Explanations.of("mrt.peer_index").rfcUrl());
    }

    @Test
    void lookupOrder() {
        // A wildcard answers the key itself.
        assertEquals("*.afi", Explanations.source("bgp.open.cap.graceful_restart.family.afi"));
        assertEquals("*.rd.type", Explanations.source("bgp.update.attr.mp_reach.nlri.prefix.rd.type"));
        // A key the catalogue does not know gets its nearest ancestor's entry, with a note.
        Explanation e = Explanations.of("bgp.open.cap.bgpsec.version");
        assertNotNull(e);
        assertTrue(e.text().startsWith("(Part of bgp.open.cap.bgpsec;"), e.text());
        assertEquals("RFC 8205 §2.1", e.rfc());
        assertTrue(e.values().isEmpty());
        // An unknown qualifier gives the unqualified answer; a known one adds its values.
        assertEquals(Explanations.of("bgp.notification.subcode").text(), Explanations.of("bgp.notification.subcode[99]").text());
        assertTrue(Explanations.of("bgp.notification.subcode[99]").values().isEmpty());
        assertEquals(Explanations.of("bgp.notification.subcode").text(), Explanations.of("bgp.notification.subcode[1]").text());
        assertNull(Explanations.of("tcp.port"));
        // A generic wildcard takes the reference of the field it is in.
        assertEquals("RFC 7311 §3", Explanations.of("bgp.update.attr.aigp.tlv.type").rfc());
        assertEquals("RFC 9012 §2", Explanations.of("bgp.update.attr.tunnel_encapsulation.tlv").rfc());
        assertEquals("RFC 4760 §5", Explanations.of("bgp.update.attr.mp_reach.nlri.prefix.length").rfc());
        assertEquals("RFC 4271 §4.3", Explanations.of("bgp.update.nlri.prefix.length").rfc());
        // The same key means different things per family: the SAFI qualifies it.
        String routeType = "bgp.update.attr.mp_reach.nlri.prefix.route_type";
        assertTrue(Explanations.valueMeaning(routeType + "[70]", 2).startsWith("MAC/IP"));
        assertTrue(Explanations.valueMeaning(routeType + "[5]", 7).startsWith("Source Tree Join"));
        assertNull(Explanations.valueMeaning(routeType, 2));
        assertNull(Explanations.of(""));
    }

    @Test
    void parserRejectsMistakes() {
        Map<String, Explanations.Entry> m = Explanations.parse("""
                # comment
                @ a.b *.c
                rfc: RFC 1 §2
                One line
                  and another.
                = 0x10 sixteen
                = 3 three
                """);
        assertEquals("One line and another.", m.get("a.b").text());
        assertEquals("sixteen", m.get("*.c").values().get(16L));
        assertEquals("RFC 1 §2", m.get("a.b").rfc());
        try {
            Explanations.parse("@ a\ntext\n@ a\ntext\n");
            fail("a key with two entries must be refused");
        } catch (IllegalStateException expected) {
            assertTrue(expected.getMessage().contains("two entries"));
        }
    }
}
