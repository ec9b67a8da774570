package org.bgpscope.tree;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * An RFC-style packet diagram of one structure of the field tree (a message, its header, a path
 * attribute, a capability, an NLRI entry, a flowspec component, an MRT header): 32-bit rows under a
 * bit ruler, as in RFC 4271 §4, each field a box spanning its bits and labelled with its name and
 * value, flag bits as boxes of their own bits, variable-length fields as a box marked with their
 * length. The boxes come from the tree's byte ranges and bit masks, so the diagram shows the bytes
 * that were decoded. The geometry (cells in pixels) is part of the model: the window and the SVG
 * writer draw the same thing.
 *
 * <p>Most structures are packed bit after bit, as their RFC figures draw them. A variable-length
 * field takes the rest of its row, or two whole rows when it starts one, and the next field starts a
 * new row. RFC 4271 §4.2 draws the OPEN one field to a row, and so does this diagram.
 */
public final class PacketDiagram {
    /** Bits in a row, as in every RFC figure. */
    public static final int ROW_BITS = 32;
    /** The width of one bit, in pixels. */
    public static final double BIT_WIDTH = 26;
    /** The height of a row of boxes (two lines: name and value). */
    public static final double ROW_HEIGHT = 46;
    /** The height of the bit ruler above the rows (two lines: tens and units, as in the RFCs). */
    public static final double RULER_HEIGHT = 34;
    /** Space around the drawing and for the title above the ruler. */
    public static final double MARGIN = 12;
    public static final double TITLE_HEIGHT = 24;
    /** The longest value shown in a box; longer ones end in "…". */
    static final int MAX_VALUE = 40;

    /** Structures whose RFC figure puts each field on a row of its own. */
    private static final Set<String> ONE_FIELD_PER_ROW = Set.of("bgp.open");

    /**
     * A box's part on one row, in bits from the row's start ({@code from} inclusive, {@code to}
     * exclusive); {@code openLeft}/{@code openRight} say the box goes on from the row before or to the
     * next, {@code openTop}/{@code openBottom} that a variable box joins the row above or below.
     */
    public record Cell(int row, int from, int to, boolean openLeft, boolean openRight, boolean openTop, boolean openBottom) {
        public double x() { return MARGIN + from * BIT_WIDTH; }
        public double y() { return MARGIN + TITLE_HEIGHT + RULER_HEIGHT + row * ROW_HEIGHT; }
        public double width() { return (to - from) * BIT_WIDTH; }
        public double height() { return ROW_HEIGHT; }
    }

    /**
     * A field drawn as a box. {@code node} is the field (null for bits no field names: reserved or
     * unused), {@code bitOffset} and {@code bits} its place in the structure, {@code variable} whether it
     * is drawn as a variable-length field ({@code bytes} long), {@code flag} whether it is part of a
     * flags byte (one-bit boxes are labelled with {@code shortName}).
     */
    public record Box(FieldNode node, String name, String shortName, String value, int bitOffset, int bits,
            boolean variable, int bytes, boolean flag, List<Cell> cells) {
        /** The cell the label goes in: the widest, the first of equals. */
        public Cell labelCell() {
            Cell best = cells.getFirst();
            for (Cell c : cells) {
                if (c.to() - c.from() > best.to() - best.from()) {
                    best = c;
                }
            }
            return best;
        }

        /** What the box says: the name (or its letter, for a one-bit box that cannot hold it) and value. */
        public String label() {
            return value == null || value.isEmpty() ? name : name + " = " + value;
        }
    }

    private final String title;
    private final FieldNode structure;
    private final List<Box> boxes;
    private final int rows;
    private final List<String> legend;

    private PacketDiagram(String title, FieldNode structure, List<Box> boxes, int rows, List<String> legend) {
        this.title = title;
        this.structure = structure;
        this.boxes = List.copyOf(boxes);
        this.rows = rows;
        this.legend = List.copyOf(legend);
    }

    public String title() { return title; }
    public FieldNode structure() { return structure; }
    public List<Box> boxes() { return boxes; }
    public int rows() { return rows; }
    /** Lines under the diagram naming what a one-bit box's letter stands for. */
    public List<String> legend() { return legend; }

    public double width() {
        return 2 * MARGIN + ROW_BITS * BIT_WIDTH;
    }

    public double height() {
        return 2 * MARGIN + TITLE_HEIGHT + RULER_HEIGHT + rows * ROW_HEIGHT + legend.size() * 16 + (legend.isEmpty() ? 0 : 8);
    }

    /** The box at a point of the drawing, or null. */
    public Box boxAt(double x, double y) {
        for (Box b : boxes) {
            for (Cell c : b.cells()) {
                if (x >= c.x() && x < c.x() + c.width() && y >= c.y() && y < c.y() + c.height()) {
                    return b;
                }
            }
        }
        return null;
    }

    /** The box drawing field {@code n}, or null. */
    public Box boxOf(FieldNode n) {
        for (Box b : boxes) {
            if (b.node() == n) {
                return b;
            }
        }
        return null;
    }

    /**
     * The structure a diagram of {@code selected} shows: the field itself when it is made of fields,
     * else the structure that holds it (a flag bit's attribute, a capability's code's capability).
     */
    public static FieldNode structureOf(FieldNode selected) {
        for (FieldNode n = selected; n != null; n = n.parent()) {
            for (FieldNode c : n.children()) {
                if (!c.isBitField()) {
                    return n;
                }
            }
        }
        return selected;
    }

    /** The diagram of the structure that {@code selected} is or belongs to. */
    public static PacketDiagram of(FieldNode selected) {
        FieldNode s = structureOf(selected);
        boolean message = s.parent() == null && s.key().equals("bgp");
        String styleKey = message && s.value() instanceof String type ? "bgp." + type.toLowerCase() : s.key();
        List<Box> raw = new ArrayList<>();
        List<FieldNode> fields = new ArrayList<>();
        for (FieldNode c : s.children()) {
            // RFC 4271 §4.2 to §4.5 draw each message after its header; the header has a figure of its own (§4.1).
            if (message && c.key().equals("bgp.header")) {
                continue;
            }
            fields.add(c);
        }
        int base = fields.isEmpty() ? s.offset() : fields.getFirst().offset();
        List<String> legend = new ArrayList<>();
        for (int k = 0; k < fields.size(); k++) {
            FieldNode c = fields.get(k);
            int start = (c.offset() - base) * 8;
            if (c.isBitField()) {
                raw.add(bitBox(c, start, legend));
                continue;
            }
            if (isFlags(c)) {
                addBits(c, start, raw, legend);
                continue;
            }
            if (isVariable(c)) {
                // A run of fields of one kind (the OPEN's optional parameters, an UPDATE's NLRI) is one variable field.
                int run = k;
                while (run + 1 < fields.size() && fields.get(run + 1).key().equals(c.key()) && isVariable(fields.get(run + 1))) {
                    run++;
                }
                int bytes = fields.get(run).end() - c.offset();
                String name = run > k ? plural(c.name(), run - k + 1) : c.name();
                raw.add(new Box(c, name, name, "", start, bytes * 8, true, bytes, false, List.of()));
                k = run;
                continue;
            }
            raw.add(new Box(c, c.name(), c.name(), valueText(c), start, c.length() * 8, false, c.length(), false, List.of()));
        }
        List<Box> placed = new ArrayList<>();
        int pos = 0;
        boolean newRowEach = ONE_FIELD_PER_ROW.contains(styleKey);
        boolean afterVariable = false;
        for (Box b : raw) {
            if ((newRowEach || afterVariable) && pos % ROW_BITS != 0 && !b.flag()) {
                pos = (pos / ROW_BITS + 1) * ROW_BITS;
            }
            List<Cell> cells = new ArrayList<>();
            if (b.variable()) {
                int row = pos / ROW_BITS;
                int col = pos % ROW_BITS;
                if (col == 0) {
                    cells.add(new Cell(row, 0, ROW_BITS, false, false, false, true));
                    cells.add(new Cell(row + 1, 0, ROW_BITS, false, false, true, false));
                    pos = (row + 2) * ROW_BITS;
                } else {
                    cells.add(new Cell(row, col, ROW_BITS, false, false, false, false));
                    pos = (row + 1) * ROW_BITS;
                }
                afterVariable = true;
            } else {
                int end = pos + Math.max(b.bits(), 1);
                for (int p = pos; p < end; ) {
                    int row = p / ROW_BITS;
                    int to = Math.min(end, (row + 1) * ROW_BITS);
                    cells.add(new Cell(row, p % ROW_BITS, to - row * ROW_BITS == 0 ? ROW_BITS : to - row * ROW_BITS,
                            p != pos, to != end, false, false));
                    p = to;
                }
                pos = end;
                afterVariable = false;
            }
            placed.add(new Box(b.node(), b.name(), b.shortName(), b.value(), b.bitOffset(), b.bits(), b.variable(), b.bytes(), b.flag(), cells));
        }
        int rows = (pos + ROW_BITS - 1) / ROW_BITS;
        return new PacketDiagram(title(s, message), s, placed, rows, legend);
    }

    private static String title(FieldNode s, boolean message) {
        if (message) {
            return s.value() + " message after its 19-byte header" + (s.reference() == null ? "" : " (" + s.reference() + ")");
        }
        String ref = s.inheritedReference();
        return s.text() + " (" + s.length() + " bytes" + (ref == null ? "" : ", " + ref) + ")";
    }

    /** A field made only of flag bits (an attribute's flags, a flowspec operator): drawn bit by bit. */
    private static boolean isFlags(FieldNode c) {
        if (c.children().isEmpty()) {
            return false;
        }
        for (FieldNode b : c.children()) {
            if (!b.isBitField()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Drawn as a variable-length field: a field made of fields (a list of attributes, parameters,
     * prefixes), or one longer than the 16 bytes the RFC figures draw at full size.
     */
    private static boolean isVariable(FieldNode c) {
        return !c.children().isEmpty() || c.length() > 16 || c.length() == 0;
    }

    /** The bits of a flags field, most significant first; bits no flag names are drawn as reserved. */
    private static void addBits(FieldNode c, int start, List<Box> out, List<String> legend) {
        int width = c.length() * 8;
        boolean[] named = new boolean[width];
        List<Box> bits = new ArrayList<>();
        for (FieldNode b : c.children()) {
            Box box = bitBox(b, start, legend);
            bits.add(box);
            for (int i = box.bitOffset() - start; i < box.bitOffset() - start + box.bits() && i < width; i++) {
                if (i >= 0) {
                    named[i] = true;
                }
            }
        }
        for (int i = 0; i < width; ) {
            if (named[i]) {
                i++;
                continue;
            }
            int j = i;
            while (j < width && !named[j]) {
                j++;
            }
            long raw = c.value() instanceof Long l ? l : -1;
            String value = raw < 0 ? "" : Long.toBinaryString((raw >>> (width - j)) & ((1L << (j - i)) - 1) | (1L << (j - i))).substring(1);
            bits.add(new Box(null, c.name() + ": unused", "", value, start + i, j - i, false, 0, true, List.of()));
            i = j;
        }
        bits.sort(java.util.Comparator.comparingInt(Box::bitOffset));
        out.addAll(bits);
    }

    private static Box bitBox(FieldNode b, int start, List<String> legend) {
        long mask = b.bitMask();
        int width = b.length() * 8;
        int first = width - 64 + Long.numberOfLeadingZeros(mask);
        int bits = 64 - Long.numberOfLeadingZeros(mask) - Long.numberOfTrailingZeros(mask);
        String value = b.value() instanceof Boolean set ? (set ? "1" : "0") : valueText(b);
        String name = b.name();
        String shortName = name;
        if (bits < 4) {
            shortName = initials(name);
            legend.add(shortName + ": " + name + " = " + value);
        }
        return new Box(b, name, shortName, value, start + first, bits, false, 0, true, List.of());
    }

    /** "extended length" → "EL", "restart state (R)" → "R": the letter a one-bit box can hold. */
    static String initials(String name) {
        int open = name.lastIndexOf('(');
        int close = name.lastIndexOf(')');
        if (open >= 0 && close == open + 2) {
            return name.substring(open + 1, close);
        }
        StringBuilder sb = new StringBuilder();
        for (String w : name.split("[ _-]+")) {
            if (!w.isEmpty() && Character.isLetterOrDigit(w.charAt(0))) {
                sb.append(Character.toUpperCase(w.charAt(0)));
            }
        }
        return sb.isEmpty() ? "?" : sb.substring(0, Math.min(2, sb.length()));
    }

    private static String plural(String name, int n) {
        return name + " ×" + n;
    }

    /** The value a box shows: the field's value, shortened. */
    static String valueText(FieldNode n) {
        Object v = n.value();
        String s;
        if (v == null) {
            String t = n.text();
            int colon = t.indexOf(": ");
            s = colon >= 0 ? t.substring(colon + 2) : "";
        } else {
            s = String.valueOf(v);
        }
        return s.length() > MAX_VALUE ? s.substring(0, MAX_VALUE - 1) + "…" : s;
    }

    /** The bit ruler's labels as in the RFCs: tens above ("0", "1", "2", "3" at bits 0, 10, 20, 30), units below. */
    public static String rulerTens(int bit) {
        return bit % 10 == 0 ? Integer.toString(bit / 10) : "";
    }

    public static String rulerUnits(int bit) {
        return Integer.toString(bit % 10);
    }

    /** What a variable box says after its name. */
    public static String variableNote(Box b) {
        return "(variable, " + b.bytes() + (b.bytes() == 1 ? " byte)" : " bytes)");
    }
}
