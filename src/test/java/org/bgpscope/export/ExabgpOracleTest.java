package org.bgpscope.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.bgpscope.cli.Cli;
import org.bgpscope.testing.TestCaptures;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `export --format exabgp` against ExaBGP 4.2 itself: for every capture the tests carry, ExaBGP's own
 * JSON encoder (tools/oracle/capture_to_oracle.py, run once per capture) decodes each message under the
 * session state of the capture's OPENs, and our line must equal its line key by key and value by value.
 * Only the run-dependent keys (time, host, pid, ppid, counter) and our top-level "error" (what the tree
 * found malformed) are left out; the departures where ExaBGP is wrong by an RFC (README, "ExaBGP
 * export") are undone on ExaBGP's side first, each counted.
 */
class ExabgpOracleTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Path ORACLE = Path.of("tools/oracle/capture_to_oracle.py");
    private static final List<String> VOLATILE = List.of("time", "host", "pid", "ppid", "counter");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** Counts per outcome, over all captures. */
    private final Map<String, Integer> tally = new TreeMap<>();
    private final List<String> diffs = new ArrayList<>();

    @Test
    void everyMessageOfEveryCaptureMatchesExabgpsOwnEncoderKeyByKey() throws Exception {
        requireExabgp();
        List<Path> captures = captures();
        assertTrue(captures.size() >= 12, "captures found: " + captures);
        int messages = 0;
        for (Path capture : captures) {
            messages += compare(capture);
        }
        String summary = messages + " messages in " + captures.size() + " captures: " + tally;
        System.out.println("ExabgpOracleTest: " + summary);
        if (!diffs.isEmpty()) {
            fail(diffs.size() + " messages differ from ExaBGP (" + summary + "); the first:\n"
                    + String.join("\n", diffs.subList(0, Math.min(5, diffs.size()))));
        }
        assertTrue(tally.getOrDefault("identical", 0) > 9000, summary);
        // The departures this run must have met, so that each stays checked.
        for (String d : List.of("graceful-restart flags (RFC 4724 §3)", "route origin 2-octet AS (RFC 4360 §5)",
                "route-refresh JSON (RFC 2918 §3)", "Cease shutdown communication (RFC 9003 §2)")) {
            assertTrue(tally.getOrDefault(d, 0) > 0, "departure not met: " + d + " in " + tally);
        }
    }

    /**
     * What the test captures do not carry, in one made session between two OPENs (4-octet AS, GR with
     * the R and F bits set, route refresh codes 2 and 128, FQDN): the five EVPN route types, a
     * flowspec rule with OR-ed and AND-ed values and bit masks, an IPv6 route with a link-local next
     * hop, every well-known attribute, AS_SET and confederation segments, an unknown transitive
     * attribute, the traffic-action extended communities, labeled and EVPN withdrawals.
     */
    @Test
    void madeSessionWithEvpnFlowspecAndLinkLocalNextHopMatchesExabgp() throws Exception {
        requireExabgp();
        Path capture = dir.resolve("made-session.pcap");
        Files.write(capture, MadeSession.pcap());
        int messages = compare(capture);
        String summary = messages + " messages: " + tally;
        System.out.println("ExabgpOracleTest, made session: " + summary);
        if (!diffs.isEmpty()) {
            fail(diffs.size() + " messages differ from ExaBGP (" + summary + "); the first:\n"
                    + String.join("\n", diffs.subList(0, Math.min(5, diffs.size()))));
        }
        assertEquals(MadeSession.MESSAGES, messages, summary);
        assertEquals(MadeSession.MESSAGES, tally.entrySet().stream().filter(e -> !e.getKey().contains("error said"))
                .mapToInt(Map.Entry::getValue).sum(), "every message decoded by ExaBGP: " + summary);
        for (String d : List.of("graceful-restart flags (RFC 4724 §3)", "route origin 2-octet AS (RFC 4360 §5)",
                "IPv6 link-local next hop (RFC 2545 §3)", "treat-as-withdraw (RFC 7606 §7)")) {
            assertTrue(tally.getOrDefault(d, 0) > 0, "departure not met: " + d + " in " + tally);
        }
    }

    private static void requireExabgp() throws Exception {
        String why = null;
        if (!Files.isExecutable(PYTHON)) {
            why = PYTHON + " is not there";
        } else {
            Process p = new ProcessBuilder(PYTHON.toString(), "-c",
                    "import sys; sys.path.append('/usr/lib/python3/dist-packages'); import exabgp.version")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                why = PYTHON + " cannot import exabgp: " + out.strip();
            }
        }
        if (why != null) {
            String msg = "ExaBGP oracle unavailable (apt-get install exabgp): " + why;
            if ("1".equals(System.getenv("BGPSCOPE_REQUIRE_ORACLES"))) {
                fail(msg + "; BGPSCOPE_REQUIRE_ORACLES=1 requires it");
            }
            Assumptions.abort(msg);
        }
        assertTrue(Files.isRegularFile(ORACLE), ORACLE.toAbsolutePath() + " missing");
    }

    private static List<Path> captures() throws IOException {
        List<Path> all = new ArrayList<>();
        try (Stream<Path> s = Files.walk(TestCaptures.dir(), 2)) {
            // Not the BMP captures: the oracle works the session out from TCP endpoints and MRT headers,
            // while a BMP view's state comes from its peer's Peer Up and the A flag (BmpCaptureTest,
            // BmpDecodingTest); ExaBGP reads no BMP to compare with.
            s.filter(Files::isRegularFile).filter(p -> !p.toString().contains("reference"))
                    .filter(p -> !p.getFileName().toString().startsWith("bmp"))
                    .filter(p -> p.toString().matches(".*\\.(pcap|pcapng|mrt)$") || p.getParent().getFileName().toString().equals("ris"))
                    .sorted().forEach(all::add);
        }
        return all;
    }

    private record Run(int code, String out) {}

    private static Run cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        int code = new Cli(o, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).run(args);
        o.flush();
        return new Run(code, out.toString(StandardCharsets.UTF_8));
    }

    /** Compares one capture; returns how many messages it has. */
    private int compare(Path capture) throws Exception {
        String name = capture.startsWith(TestCaptures.dir()) ? TestCaptures.dir().relativize(capture).toString() : capture.getFileName().toString();
        Path listing = dir.resolve("list.jsonl");
        Files.writeString(listing, cli("list", capture.toString(), "--json").out());
        Path ours = dir.resolve("ours.jsonl");
        Files.deleteIfExists(ours);
        Run export = cli("export", capture.toString(), "--format", "exabgp", "-o", ours.toString());
        List<String> ourLines = Files.exists(ours) ? Files.readAllLines(ours) : List.of();
        // Our export writes the BGP messages ExaBGP has JSON for, in order: pair them with their index.
        List<Integer> indexes = new ArrayList<>();
        for (String line : Files.readAllLines(listing)) {
            JsonNode row = JSON.readTree(line);
            int type = row.path("type").asInt(0);
            if ("BGP".equals(row.path("kind").asText()) && type >= 1 && type <= 5) {
                indexes.add(row.get("index").asInt());
            }
        }
        assertEquals(indexes.size(), ourLines.size(), name + ": export wrote " + ourLines.size() + " lines for "
                + indexes.size() + " messages (exit " + export.code() + ")");
        Process p = new ProcessBuilder(PYTHON.toString(), ORACLE.toString(), "--listing", listing.toString(), capture.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Map<Integer, JsonNode> oracle = new HashMap<>();
        for (String line : new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                JsonNode o = JSON.readTree(line);
                oracle.put(o.get("index").asInt(), o);
            }
        }
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), name + ": oracle did not finish");
        assertEquals(0, p.exitValue(), name + ": oracle failed");
        for (int k = 0; k < ourLines.size(); k++) {
            int index = indexes.get(k);
            JsonNode o = oracle.get(index);
            ObjectNode mine = (ObjectNode) JSON.readTree(ourLines.get(k));
            String outcome = outcome(mine, o);
            tally.merge(outcome, 1, Integer::sum);
            if (outcome.startsWith("DIFF")) {
                diffs.add(name + " message " + index + ": " + outcome.substring(5) + "\n  ours:   " + trim(mine) + "\n  ExaBGP: " + trim(o));
            }
        }
        return ourLines.size();
    }

    private static String trim(JsonNode n) {
        String s = String.valueOf(n);
        return s.length() > 700 ? s.substring(0, 700) + "…" : s;
    }

    private static final Pattern HEADER_SHORT = Pattern.compile("bad input: the header says \\d+ bytes but the hex has \\d+");

    /** "identical", a departure's name, another accepted outcome, or "DIFF path: …". */
    private static String outcome(ObjectNode mine, JsonNode o) throws IOException {
        if (o == null) {
            return "DIFF no oracle line";
        }
        boolean ourError = mine.has("error");
        mine.remove(VOLATILE);
        mine.remove("error");
        JsonNode expected = o.get("exabgp");
        String departure = null;
        if (expected == null) {
            String error = o.path("error").asText();
            if (o.has("fallback")) {
                // ExaBGP throws on an RFC 9003 shutdown communication; its encoder without that step
                expected = o.get("fallback");
                departure = "Cease shutdown communication (RFC 9003 §2)";
            } else if (error.equals("ExaBGP wrote invalid JSON")) {
                // ExaBGP quotes ROUTE-REFRESH's afi, safi and subtype twice: the JSON it means
                expected = JSON.readTree(o.get("text").asText().replaceAll("\"\"([^\"]*)\"\"", "\"$1\""));
                departure = "route-refresh JSON (RFC 2918 §3)";
            } else if (HEADER_SHORT.matcher(error).matches()) {
                // the capture lost the message's end (snap length): no peer ever received it whole
                return ourError ? "incomplete in the capture, error said" : "DIFF incomplete message without an error";
            } else {
                return ourError ? "refused by ExaBGP, error said" : "DIFF ExaBGP refuses it (" + error + "), ours has no error";
            }
        }
        ObjectNode want = expected.deepCopy();
        want.remove(VOLATILE);
        String undone = undoDepartures(want, mine);
        departure = departure != null ? departure : undone;
        if (mine.equals(want)) {
            return departure != null ? departure : "identical";
        }
        return "DIFF " + firstDifference("", mine, want);
    }

    /** Undoes on ExaBGP's line the departures the README lists; names the one undone, or null. */
    private static String undoDepartures(ObjectNode want, ObjectNode mine) {
        String undone = null;
        JsonNode attribute = want.at("/neighbor/message/update/attribute");
        if (mine.at("/neighbor/message/update/attribute/error").asText().equals("treat-as-withdraw")
                && attribute instanceof ObjectNode a && !a.has("error")) {
            // RFC 7606 §7: ExaBGP misses some malformed attributes (an undefined ORIGIN, §7.1) and
            // announces the routes; it withdraws them, and says so in "attribute", where it sees one
            ObjectNode update = (ObjectNode) want.at("/neighbor/message/update");
            JsonNode announce = update.remove("announce");
            if (announce != null) {
                ObjectNode withdraw = update.has("withdraw") ? (ObjectNode) update.get("withdraw") : update.putObject("withdraw");
                for (Iterator<Map.Entry<String, JsonNode>> it = announce.fields(); it.hasNext();) {
                    Map.Entry<String, JsonNode> family = it.next();
                    ArrayNode list = withdraw.has(family.getKey()) ? (ArrayNode) withdraw.get(family.getKey()) : withdraw.putArray(family.getKey());
                    for (JsonNode routes : family.getValue()) {
                        list.addAll((ArrayNode) routes);
                    }
                }
            }
            a.put("error", "treat-as-withdraw");
            undone = "treat-as-withdraw (RFC 7606 §7)";
        }
        JsonNode gr = want.at("/neighbor/open/capabilities/64");
        if (gr instanceof ObjectNode g) {
            // RFC 4724 §3: ExaBGP calls the R bit "forwarding" and each family's F bit "restart"
            boolean changed = swap(g.get("restart-flags"));
            for (JsonNode flags : g.path("address-family-flags")) {
                changed |= swap(flags);
            }
            undone = changed ? "graceful-restart flags (RFC 4724 §3)" : undone;
        }
        JsonNode update = want.at("/neighbor/message/update");
        for (JsonNode c : update.path("attribute").path("extended-community")) {
            // RFC 4360 §5: a 2-octet AS route origin's local administrator is a number, not an address
            long value = c.path("value").bigIntegerValue().longValue();
            Matcher m = Pattern.compile("origin:(\\d+):(\\d+)\\.(\\d+)\\.(\\d+)\\.(\\d+)").matcher(c.path("string").asText());
            if ((value >>> 56 & 0x0F) == 0 && (value >>> 48 & 0xFF) == 3 && m.matches()) {
                long n = Long.parseLong(m.group(2)) << 24 | Long.parseLong(m.group(3)) << 16 | Long.parseLong(m.group(4)) << 8 | Long.parseLong(m.group(5));
                ((ObjectNode) c).put("string", "origin:" + m.group(1) + ":" + n);
                undone = "route origin 2-octet AS (RFC 4360 §5)";
            }
        }
        for (JsonNode family : update.path("announce")) {
            // RFC 2545 §3: the link-local next hop is the global one's companion, not a second route
            List<String> hops = new ArrayList<>();
            family.fieldNames().forEachRemaining(hops::add);
            for (String hop : hops) {
                if (hop.toLowerCase().startsWith("fe80:") && hops.stream().anyMatch(h -> !h.equals(hop) && family.get(h).equals(family.get(hop)))) {
                    ((ObjectNode) family).remove(hop);
                    undone = "IPv6 link-local next hop (RFC 2545 §3)";
                }
            }
        }
        return undone;
    }

    private static boolean swap(JsonNode list) {
        boolean changed = false;
        if (list instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                String s = a.get(i).asText();
                if (s.equals("restart") || s.equals("forwarding")) {
                    a.set(i, TextNode.valueOf(s.equals("restart") ? "forwarding" : "restart"));
                    changed = true;
                }
            }
        }
        return changed;
    }

    private static String firstDifference(String path, JsonNode a, JsonNode b) {
        if (a instanceof ObjectNode x && b instanceof ObjectNode y) {
            for (Iterator<String> it = x.fieldNames(); it.hasNext();) {
                String k = it.next();
                if (!y.has(k)) {
                    return path + "/" + k + " only in ours";
                }
                if (!x.get(k).equals(y.get(k))) {
                    return firstDifference(path + "/" + k, x.get(k), y.get(k));
                }
            }
            for (Iterator<String> it = y.fieldNames(); it.hasNext();) {
                String k = it.next();
                if (!x.has(k)) {
                    return path + "/" + k + " only in ExaBGP's";
                }
            }
        }
        if (a instanceof ArrayNode x && b instanceof ArrayNode y && x.size() == y.size()) {
            for (int i = 0; i < x.size(); i++) {
                if (!x.get(i).equals(y.get(i))) {
                    return firstDifference(path + "/" + i, x.get(i), y.get(i));
                }
            }
        }
        return path + ": ours " + trim(a) + ", ExaBGP " + trim(b);
    }
}
