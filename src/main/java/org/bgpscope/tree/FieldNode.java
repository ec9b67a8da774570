package org.bgpscope.tree;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One decoded field of a message: what it is called, its stable key, the bytes it came from (offset
 * and length within the message; a bit mask over those bytes for flag bits), its typed value
 * ({@code Long}, {@code String}, {@code Boolean} or null), a one-line text, where the wire format is
 * defined, its children and the problems found in it. The tree view, hex view, JSON export and
 * command line all read this one model.
 */
public sealed class FieldNode permits FieldNode.Bit {
    private final String name;
    private final String key;
    private final int offset;
    private int length;
    private Object value;
    private String text;
    private String reference;
    private FieldNode parent;
    /** The children, in {@code kids[0, count)}: an array of its own, not a list, for a tree is built per message. */
    private FieldNode[] kids = NONE;
    private int count;
    /** What few nodes have (a session decision, problems) and views made when first asked for: null until then. */
    private Extra extra;

    private static final FieldNode[] NONE = new FieldNode[0];

    /**
     * The rarer parts of a node, kept apart so that a node is 56 bytes, not 88: a tree is built per
     * message, and most of its nodes are leaves with none of these.
     */
    private static final class Extra {
        String session;
        List<Problem> problems;
        List<Problem> problemsView;
        List<FieldNode> childrenView;
    }

    /** A flag bit of its parent's bytes: the mask over them, and their raw value when known. */
    static final class Bit extends FieldNode {
        private final long mask;
        private final long raw;

        private Bit(String name, String key, int offset, int length, long mask, long raw) {
            super(name, key, offset, length);
            this.mask = mask;
            this.raw = raw;
        }
    }

    public FieldNode(String name, String key, int offset, int length) {
        this.name = name;
        this.key = key;
        this.offset = offset;
        this.length = length;
    }

    private Extra extra() {
        Extra e = extra;
        if (e == null) {
            e = new Extra();
            extra = e;
        }
        return e;
    }

    /** Adds and returns a child covering {@code [offset, offset+length)} of the message. */
    public FieldNode add(String name, String key, int offset, int length) {
        return add(new FieldNode(name, key, offset, length));
    }

    public FieldNode add(FieldNode child) {
        if (count == kids.length) {
            kids = java.util.Arrays.copyOf(kids, count == 0 ? 4 : count * 2);
        }
        child.parent = this;
        kids[count++] = child;
        return child;
    }

    /** Adds a leaf with a value whose text is "name: value". */
    public FieldNode leaf(String name, String key, int offset, int length, Object value) {
        return add(name, key, offset, length).value(value);
    }

    /** Adds a flag bit of this one-byte (or wider) field. */
    public FieldNode bit(String name, String key, long mask, boolean set) {
        // The field's raw value, when known, shows the bits as they are on the wire.
        FieldNode b = add(new Bit(name, key, offset, length, mask, value instanceof Long l ? l : (set ? mask : 0)));
        b.value = set;
        return b;
    }

    /** "..1. .... name: value": the bits under the mask as they are, the others as dots, then name and value. */
    private static String bitText(long mask, long raw, int bytes, String name, String v) {
        int bits = bytes * 8;
        StringBuilder sb = new StringBuilder(bits + bits / 4 + name.length() + v.length() + 3);
        for (int i = bits - 1; i >= 0; i--) {
            sb.append((mask >>> i & 1) == 0 ? '.' : (raw >>> i & 1) != 0 ? '1' : '0');
            if (i % 4 == 0 && i > 0) {
                sb.append(' ');
            }
        }
        return sb.append(' ').append(name).append(": ").append(v).toString();
    }

    /** Sets the value; the text defaults to "name: value", built only when asked for. */
    public FieldNode value(Object v) {
        this.value = v;
        return this;
    }

    public FieldNode text(String t) {
        this.text = t;
        return this;
    }

    public FieldNode reference(String r) {
        this.reference = r;
        return this;
    }

    /** How the session model decided what this field's decoding depends on, and why. */
    public FieldNode session(String decision) {
        if (decision != null || extra != null) {
            extra().session = decision;
        }
        return this;
    }

    public FieldNode problem(Problem p) {
        Extra e = extra();
        if (e.problems == null) {
            e.problems = new ArrayList<>(1);
            e.problemsView = Collections.unmodifiableList(e.problems);
        }
        e.problems.add(p);
        return this;
    }

    /** Shrinks or grows the range, for containers whose end is known only after decoding them. */
    public FieldNode length(int length) {
        this.length = length;
        return this;
    }

    public String name() { return name; }
    public String key() { return key; }
    public int offset() { return offset; }
    public int length() { return length; }
    public int end() { return offset + length; }
    public long bitMask() { return this instanceof Bit b ? b.mask : 0; }
    public boolean isBitField() { return this instanceof Bit; }
    public Object value() { return value; }
    public String text() {
        if (text != null) {
            return text;
        }
        if (this instanceof Bit b) {
            String v = value instanceof Boolean bv ? (bv ? "yes" : "no") : String.valueOf(value);
            return bitText(b.mask, b.raw, length, name, v);
        }
        return value == null ? name : name + ": " + value;
    }
    public String reference() { return reference; }
    public String session() { return extra == null ? null : extra.session; }
    public FieldNode parent() { return parent; }
    public List<FieldNode> children() {
        if (count == 0) {
            return List.of();
        }
        List<FieldNode> v = extra == null ? null : extra.childrenView;
        if (v == null) {
            v = new Children();
            extra().childrenView = v;
        }
        return v;
    }

    /** How many children this node has; with {@link #child}, a walk over them that makes no view. */
    public int childCount() { return count; }

    public FieldNode child(int k) {
        java.util.Objects.checkIndex(k, count);
        return kids[k];
    }

    /** The read-only list of the children as they are now. */
    private final class Children extends java.util.AbstractList<FieldNode> implements java.util.RandomAccess {
        @Override
        public FieldNode get(int k) {
            return child(k);
        }

        @Override
        public int size() {
            return count;
        }
    }
    public List<Problem> problems() { return extra == null || extra.problemsView == null ? List.of() : extra.problemsView; }

    /** The reference of this node or its nearest ancestor that has one. */
    public String inheritedReference() {
        for (FieldNode n = this; n != null; n = n.parent) {
            if (n.reference != null) {
                return n.reference;
            }
        }
        return null;
    }

    /** The session decision of this node or its nearest ancestor that depends on one, or null. */
    public String inheritedSession() {
        for (FieldNode n = this; n != null; n = n.parent) {
            String s = n.session();
            if (s != null) {
                return s;
            }
        }
        return null;
    }

    public boolean hasProblemsBelow() {
        if (extra != null && extra.problems != null) {
            return true;
        }
        for (int k = 0; k < count; k++) {
            if (kids[k].hasProblemsBelow()) {
                return true;
            }
        }
        return false;
    }

    /** The deepest byte-range node (not a flag bit) whose range holds message byte {@code k}. */
    public FieldNode deepestAt(int k) {
        if (k < offset || k >= end()) {
            return null;
        }
        for (int j = 0; j < count; j++) {
            FieldNode c = kids[j];
            if (!c.isBitField()) {
                FieldNode d = c.deepestAt(k);
                if (d != null) {
                    return d;
                }
            }
        }
        return this;
    }

    /** Every node of the subtree with {@code key}, depth first. */
    public List<FieldNode> find(String key) {
        List<FieldNode> out = new ArrayList<>();
        collect(key, out);
        return out;
    }

    private void collect(String k, List<FieldNode> out) {
        if (k.equals(key)) {
            out.add(this);
        }
        for (int j = 0; j < count; j++) {
            kids[j].collect(k, out);
        }
    }

    /**
     * Covers what the children of every container leave out with explicit "undecoded" leaves, so
     * that every byte of the message lies in exactly one leaf.
     */
    public void fillGaps() {
        if (count == 0) {
            return;
        }
        // Most containers' children are already in order and leave no byte out: nothing to add.
        int reached = offset;
        int last = Integer.MIN_VALUE;
        boolean whole = true;
        for (int k = 0; k < count; k++) {
            FieldNode c = kids[k];
            if (c.isBitField()) {
                continue;
            }
            if (c.offset < last || c.offset > reached) {
                whole = false;
                break;
            }
            last = c.offset;
            reached = Math.max(reached, c.end());
        }
        if (whole && reached >= end()) {
            for (int k = 0; k < count; k++) {
                if (!kids[k].isBitField()) {
                    kids[k].fillGaps();
                }
            }
            return;
        }
        List<FieldNode> ranged = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            FieldNode c = kids[k];
            if (!c.isBitField()) {
                ranged.add(c);
            }
        }
        if (ranged.isEmpty()) {
            return;
        }
        ranged.sort((a, b) -> Integer.compare(a.offset, b.offset));
        int at = offset;
        List<FieldNode> gaps = new ArrayList<>();
        for (FieldNode c : ranged) {
            if (c.offset > at) {
                gaps.add(undecoded(at, c.offset - at));
            }
            at = Math.max(at, c.end());
            c.fillGaps();
        }
        if (at < end()) {
            gaps.add(undecoded(at, end() - at));
        }
        for (FieldNode g : gaps) {
            add(g);
        }
        if (!gaps.isEmpty()) {
            java.util.Arrays.sort(kids, 0, count, (a, b) -> a.isBitField() || b.isBitField() ? 0 : Integer.compare(a.offset, b.offset));
        }
    }

    private FieldNode undecoded(int off, int len) {
        FieldNode g = new FieldNode("undecoded", key + ".undecoded", off, len);
        g.text = "undecoded: " + len + " byte" + (len == 1 ? "" : "s");
        return g;
    }

    @Override
    public String toString() {
        return text() + " [" + offset + "+" + length + "]";
    }
}
