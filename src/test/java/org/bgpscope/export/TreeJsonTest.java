package org.bgpscope.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bgpscope.bgp.Sessions;
import org.bgpscope.capture.Progress;
import org.bgpscope.net.CaptureIndex;
import org.bgpscope.testing.TestCaptures;
import org.bgpscope.tree.FieldNode;
import org.bgpscope.tree.MessageDecoder;
import org.bgpscope.tree.Problem;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The field tree as JSON ({@code decode --json}, {@code export --format json}) is written by a fast
 * path: names, keys and references encoded once and reused. It must write what an ordinary JSON
 * writer makes of the same tree: here Jackson's object mapper, given each node as a map.
 */
class TreeJsonTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static java.util.stream.Stream<String> captures() throws Exception {
        return ParallelJsonTest.captures();
    }

    @ParameterizedTest
    @MethodSource("captures")
    void everyMessageTreeIsWrittenAsAnOrdinaryJsonWriterWritesIt(String name) throws Exception {
        CaptureIndex index;
        try {
            index = CaptureIndex.open(TestCaptures.file(name), Progress.NONE);
        } catch (org.bgpscope.capture.CaptureException e) {
            return; // captures that cannot be indexed whole have their own tests
        }
        try (index) {
            Sessions sessions = new Sessions(index);
            int n = index.messages().size();
            assertTrue(n > 0, name);
            JsonFactory factory = new JsonFactory();
            for (int i = 0; i < n; i++) {
                FieldNode root = MessageDecoder.decode(index, i, sessions).root();
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                try (JsonGenerator g = factory.createGenerator(bytes, JsonEncoding.UTF8)) {
                    TreeJson.node(g, root);
                }
                assertEquals(MAPPER.writeValueAsString(plain(root)), bytes.toString(StandardCharsets.UTF_8),
                        name + ", message " + (i + 1));
            }
        }
    }

    /** The node as the export documents it: name, key, offset, length, bitmask, value, text, reference, session, problems, children. */
    private static Map<String, Object> plain(FieldNode n) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", n.name());
        m.put("key", n.key());
        m.put("offset", n.offset());
        m.put("length", n.length());
        if (n.isBitField()) {
            m.put("bitmask", n.bitMask());
        }
        Object v = n.value();
        m.put("value", v == null || v instanceof Long || v instanceof Boolean ? v : v.toString());
        m.put("text", n.text());
        if (n.reference() != null) {
            m.put("reference", n.reference());
        }
        if (n.session() != null) {
            m.put("session", n.session());
        }
        if (!n.problems().isEmpty()) {
            List<Map<String, Object>> ps = new ArrayList<>();
            for (Problem p : n.problems()) {
                Map<String, Object> pm = new LinkedHashMap<>();
                pm.put("severity", p.severity().name().toLowerCase());
                pm.put("text", p.text());
                pm.put("offset", p.offset());
                if (p.action() != null) {
                    pm.put("rfc7606", p.action());
                }
                ps.add(pm);
            }
            m.put("problems", ps);
        }
        List<Map<String, Object>> kids = new ArrayList<>();
        for (FieldNode c : n.children()) {
            kids.add(plain(c));
        }
        m.put("children", kids);
        return m;
    }
}
