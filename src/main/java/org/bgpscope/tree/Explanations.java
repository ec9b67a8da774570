package org.bgpscope.tree;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What each field of the tree is for, in plain words: the catalogue
 * {@code org/bgpscope/tree/explanations.txt}, loaded once. {@link #of(String)} answers a field key
 * (as in docs/keys.md) with a few sentences on what the field is for and what a router does with
 * it, the meaning of each value of an enumerated field, and the RFC section that defines it with a
 * link to it.
 *
 * <p>A key is looked up in this order: the entry with exactly that key; the entry of the longest
 * wildcard suffix that matches ({@code *.afi} answers {@code bgp.open.cap.mp.afi}); then, for keys
 * the catalogue does not know, the nearest ancestor's answer, with a note saying so. A key may carry
 * a qualifier in brackets, the value of the field that decides what this one means:
 * {@code bgp.notification.subcode[6]} (the subcodes of Cease), {@code mrt.subtype[13]} (the
 * subtypes of TABLE_DUMP_V2), {@code bgp.update.attr.extended_community.subtype[128]}; a qualified
 * entry takes what it does not say from the unqualified one, and a qualifier the catalogue does not
 * know gives the unqualified answer. A generic wildcard may say {@code rfc: inherit}: its reference
 * is then that of the nearest enclosing field's entry ({@code *.tlv.type} under AIGP is RFC 7311's).
 */
public final class Explanations {

    /**
     * An explanation: the text, the meaning of each value of an enumerated field (empty for others),
     * where it is defined ("RFC 4271 §4.3", or a draft's name) and a link to that section.
     */
    public record Explanation(String text, Map<Long, String> values, String rfc, String rfcUrl) {
        public Explanation {
            values = values == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(values));
        }
    }

    /** One entry of the catalogue as written. */
    record Entry(String text, Map<Long, String> values, String rfc, String valuesFrom) {}

    static final String RESOURCE = "explanations.txt";

    /** {@code rfc: inherit}: the field is defined where its enclosing field is (generic wildcards). */
    static final String INHERIT = "inherit";

    private static final Map<String, Entry> ENTRIES = load();

    private Explanations() {}

    /** The explanation of the field with {@code key} (optionally qualified, {@code key[N]}), or null. */
    public static Explanation of(String key) {
        if (key == null || key.isEmpty()) {
            return null;
        }
        String base = key;
        String qualifier = null;
        int b = key.indexOf('[');
        if (b > 0 && key.endsWith("]")) {
            base = key.substring(0, b);
            qualifier = key.substring(b);
        }
        String found = source(base);
        if (found == null) {
            return null;
        }
        Entry e = ENTRIES.get(found);
        if (qualifier != null) {
            Entry q = ENTRIES.get(found + qualifier);
            if (q != null) {
                e = merge(q, e);
            }
        }
        Map<Long, String> values = values(e);
        String text = e.text();
        if (direct(base) == null) {
            // Not this field's own entry: say which enclosing field the text is about.
            String of = found.startsWith("*") ? ancestorMatching(base, found) : found;
            text = "(Part of " + of + "; the catalogue has no entry for this field itself.) " + text;
            values = Map.of();
        }
        String rfc = INHERIT.equals(e.rfc()) ? inheritedReference(base) : e.rfc();
        return new Explanation(text, values, rfc, url(rfc));
    }

    /** The reference of the nearest ancestor whose entry names one (for entries that say {@code rfc: inherit}). */
    private static String inheritedReference(String key) {
        for (String at = parent(key); at != null; at = parent(at)) {
            String d = direct(at);
            if (d != null && ENTRIES.get(d).rfc() != null && !INHERIT.equals(ENTRIES.get(d).rfc())) {
                return ENTRIES.get(d).rfc();
            }
        }
        return null;
    }

    /** The entry as written for a catalogue key (a key, a wildcard or a qualified key), or null. */
    static Entry entry(String catalogueKey) {
        return ENTRIES.get(catalogueKey);
    }

    /** What {@code value} of the field with {@code key} means, or null when the catalogue does not say. */
    public static String valueMeaning(String key, long value) {
        Explanation e = of(key);
        return e == null ? null : e.values().get(value);
    }

    /**
     * The catalogue key that answers {@code key}: the key itself, a wildcard such as {@code *.afi},
     * or (for keys the catalogue does not know) the nearest ancestor's; null when none does.
     */
    public static String source(String key) {
        String k = key;
        int b = k.indexOf('[');
        if (b > 0) {
            k = k.substring(0, b);
        }
        for (String at = k; at != null; at = parent(at)) {
            String d = direct(at);
            if (d != null) {
                return d;
            }
        }
        return null;
    }

    /** Every key and wildcard the catalogue has an entry for (qualified entries included). */
    public static List<String> entryKeys() {
        return List.copyOf(ENTRIES.keySet());
    }

    /**
     * The link for a reference: "RFC 4271 §4.3" gives
     * {@code https://www.rfc-editor.org/rfc/rfc4271#section-4.3}, "RFC 6396" the RFC itself,
     * "draft-walton-bgp-hostname-capability §3" the draft on the datatracker; null if it is neither.
     */
    public static String url(String reference) {
        if (reference == null) {
            return null;
        }
        Matcher m = REF.matcher(reference.trim());
        if (!m.matches()) {
            return null;
        }
        String section = m.group(3);
        String anchor = section == null ? "" : "#section-" + section;
        if (m.group(1) != null) {
            return "https://www.rfc-editor.org/rfc/rfc" + m.group(1) + anchor;
        }
        return "https://datatracker.ietf.org/doc/html/" + m.group(2) + anchor;
    }

    private static final Pattern REF = Pattern.compile(
            "(?:RFC (\\d{1,5})|(draft-[a-z0-9-]+[a-z0-9]))(?: §(\\d+(?:\\.\\d+)*))?");

    /** The entry for {@code key} itself: its own or a wildcard's, never an ancestor's; null if none. */
    static String direct(String key) {
        return ENTRIES.containsKey(key) ? key : wildcard(key);
    }

    private static String ancestorMatching(String key, String wildcard) {
        for (String at = parent(key); at != null; at = parent(at)) {
            if (wildcard.equals(wildcard(at))) {
                return at;
            }
        }
        return wildcard;
    }

    private static String parent(String key) {
        int dot = key.lastIndexOf('.');
        return dot < 0 ? null : key.substring(0, dot);
    }

    /** The longest {@code *.suffix} entry that matches {@code key}, or null. */
    private static String wildcard(String key) {
        for (int dot = key.indexOf('.'); dot >= 0; dot = key.indexOf('.', dot + 1)) {
            String w = "*" + key.substring(dot);
            if (ENTRIES.containsKey(w)) {
                return w;
            }
        }
        return null;
    }

    private static Entry merge(Entry q, Entry base) {
        return new Entry(q.text() != null ? q.text() : base.text(),
                q.values().isEmpty() && q.valuesFrom() == null ? base.values() : q.values(),
                q.rfc() != null ? q.rfc() : base.rfc(),
                q.values().isEmpty() && q.valuesFrom() == null ? base.valuesFrom() : q.valuesFrom());
    }

    private static Map<Long, String> values(Entry e) {
        if (e.valuesFrom() == null) {
            return e.values();
        }
        Map<Long, String> all = new TreeMap<>();
        Entry from = ENTRIES.get(e.valuesFrom());
        if (from != null) {
            all.putAll(values(from));
        }
        all.putAll(e.values());
        return all;
    }

    private static Map<String, Entry> load() {
        try (InputStream in = Explanations.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Parses the catalogue. An entry starts with a line {@code @ KEY [KEY…]} (several keys share
     * it) and has: {@code rfc: RFC 4271 §4.3} (or {@code rfc: inherit}); text lines, joined with spaces; {@code = N meaning}
     * lines (N decimal or 0x hex) for the values; {@code values: KEY} to take the values of another
     * entry first. Lines starting with {@code #} are comments; blank lines are ignored.
     */
    static Map<String, Entry> parse(String source) {
        Map<String, Entry> out = new LinkedHashMap<>();
        List<String> keys = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        Map<Long, String> values = new LinkedHashMap<>();
        String rfc = null;
        String valuesFrom = null;
        String[] lines = source.split("\r?\n", -1);
        for (int i = 0; i <= lines.length; i++) {
            String line = i < lines.length ? lines[i].strip() : "@";
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("@")) {
                if (!keys.isEmpty()) {
                    Entry e = new Entry(text.isEmpty() ? null : text.toString(), Map.copyOf(values), rfc, valuesFrom);
                    for (String k : keys) {
                        if (out.put(k, e) != null) {
                            throw new IllegalStateException(RESOURCE + ": " + k + " has two entries");
                        }
                    }
                }
                keys = new ArrayList<>(List.of(line.substring(1).strip().split("\\s+")));
                keys.removeIf(String::isEmpty);
                if (i < lines.length && keys.isEmpty()) {
                    throw new IllegalStateException(RESOURCE + " line " + (i + 1) + ": an entry with no key");
                }
                text.setLength(0);
                values.clear();
                rfc = null;
                valuesFrom = null;
            } else if (keys.isEmpty()) {
                throw new IllegalStateException(RESOURCE + " line " + (i + 1) + ": text before the first entry");
            } else if (line.startsWith("rfc:")) {
                rfc = line.substring(4).strip();
            } else if (line.startsWith("values:")) {
                valuesFrom = line.substring(7).strip();
            } else if (line.startsWith("=")) {
                String rest = line.substring(1).strip();
                int sp = rest.indexOf(' ');
                if (sp < 0) {
                    throw new IllegalStateException(RESOURCE + " line " + (i + 1) + ": a value with no meaning");
                }
                String n = rest.substring(0, sp);
                long v = n.startsWith("0x") ? Long.parseLong(n.substring(2), 16) : Long.parseLong(n);
                values.put(v, rest.substring(sp + 1).strip());
            } else {
                if (!text.isEmpty()) {
                    text.append(' ');
                }
                text.append(line);
            }
        }
        return Collections.unmodifiableMap(out);
    }
}
