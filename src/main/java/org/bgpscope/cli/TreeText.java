package org.bgpscope.cli;

import java.io.PrintStream;
import org.bgpscope.tree.FieldNode;
import org.bgpscope.tree.Problem;

/** The field tree as indented text: one line per node with its byte range. */
final class TreeText {
    private TreeText() {}

    static void print(FieldNode n, PrintStream out) {
        print(n, out, 0);
    }

    private static void print(FieldNode n, PrintStream out, int depth) {
        StringBuilder sb = new StringBuilder();
        sb.append("  ".repeat(depth)).append(n.text());
        sb.append("  [").append(n.offset()).append('+').append(n.length());
        if (n.isBitField()) {
            sb.append(" mask 0x").append(Long.toHexString(n.bitMask()));
        }
        sb.append(']');
        out.println(sb);
        if (n.session() != null) {
            out.println("  ".repeat(depth + 1) + "~ decoded with " + n.session());
        }
        for (Problem p : n.problems()) {
            out.println("  ".repeat(depth + 1) + "! " + p.severity().name().toLowerCase() + " at " + p.offset() + ": " + p.text()
                    + (p.action() == null ? "" : " (RFC 7606: " + p.action() + ")"));
        }
        for (FieldNode c : n.children()) {
            print(c, out, depth + 1);
        }
    }
}
