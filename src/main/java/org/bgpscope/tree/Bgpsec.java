package org.bgpscope.tree;

/**
 * BGPsec_PATH (RFC 8205 §3): the Secure_Path, then one or two Signature_Blocks. Every length is
 * checked against what it must hold; one that is wrong is an error at its offset, and RFC 8205 §5.2
 * makes the UPDATE treat-as-withdraw.
 */
final class Bgpsec {
    private Bgpsec() {}

    static void path(Ctx c, FieldNode a, String key, int off, int len) {
        Wire w = c.w();
        int end = off + len;
        // §3.1: Secure_Path Length (2 bytes, counting itself), then 6-byte segments.
        w.need(off, 2, end, "Secure_Path length");
        int spLen = w.u16(off);
        FieldNode sp = a.add("Secure_Path", key + ".secure_path", off, Math.min(Math.max(spLen, 2), len)).reference("RFC 8205 §3.1");
        sp.leaf("Secure_Path length", key + ".secure_path.length", off, 2, (long) spLen);
        if (spLen < 8 || (spLen - 2) % 6 != 0 || spLen > len) {
            sp.problem(Problem.error(off, "Secure_Path length " + spLen + " is not 2 plus a non-zero multiple of 6 within the "
                    + len + "-byte attribute (RFC 8205 §5.2)").withAction(Attributes.TREAT_AS_WITHDRAW));
            return;
        }
        int segments = (spLen - 2) / 6;
        StringBuilder path = new StringBuilder();
        for (int p = off + 2; p < off + spLen; p += 6) {
            int pCount = w.u8(p);
            int flags = w.u8(p + 1);
            long as = w.u32(p + 2);
            String text = as + (pCount == 1 ? "" : " ×" + pCount) + ((flags & 0x80) != 0 ? " (confed)" : "");
            FieldNode s = sp.add("Secure_Path segment", key + ".secure_path.segment", p, 6).value(text).text("segment: AS " + text);
            s.leaf("pCount", key + ".secure_path.segment.pcount", p, 1, (long) pCount);
            FieldNode f = s.add("flags", key + ".secure_path.segment.flags", p + 1, 1).value((long) flags);
            f.bit("Confed_Segment", key + ".secure_path.segment.flags.confed", 0x80, (flags & 0x80) != 0);
            s.leaf("AS number", key + ".secure_path.segment.asn", p + 2, 4, as);
            path.append(path.isEmpty() ? "" : " ").append(text);
        }
        sp.value(path.toString()).text("Secure_Path: " + path);
        // §3.2: one or two Signature_Blocks, each a length (counting itself), an algorithm suite and segments.
        int p = off + spLen;
        int blocks = 0;
        while (p < end) {
            if (blocks == 2) {
                a.problem(Problem.error(p, "more than two Signature_Blocks (RFC 8205 §3)").withAction(Attributes.TREAT_AS_WITHDRAW));
                return;
            }
            blocks++;
            w.need(p, 3, end, "Signature_Block length and algorithm suite");
            int bl = w.u16(p);
            FieldNode b = a.add("Signature_Block", key + ".signature_block", p, Math.min(Math.max(bl, 3), end - p)).reference("RFC 8205 §3.2");
            b.leaf("Signature_Block length", key + ".signature_block.length", p, 2, (long) bl);
            int suite = w.u8(p + 2);
            b.leaf("algorithm suite identifier", key + ".signature_block.algorithm", p + 2, 1, (long) suite)
                    .text("algorithm suite identifier: " + suite + (suite == 1 ? " (ECDSA P-256, SHA-256; RFC 8208)" : ""));
            if (bl < 3 || bl > end - p) {
                b.problem(Problem.error(p, "Signature_Block length " + bl + " does not fit the " + (end - p)
                        + " bytes left (RFC 8205 §5.2)").withAction(Attributes.TREAT_AS_WITHDRAW));
                return;
            }
            int q = p + 3;
            int stop = p + bl;
            int n = 0;
            while (q < stop) {
                if (stop - q < 22) {
                    b.problem(Problem.error(q, "Signature_Block length " + bl + " leaves " + (stop - q)
                            + " bytes, too few for a signature segment's SKI and signature length (RFC 8205 §5.2)")
                            .withAction(Attributes.TREAT_AS_WITHDRAW));
                    return;
                }
                int sl = w.u16(q + 20);
                FieldNode s = b.add("signature segment", key + ".signature_block.segment", q, Math.min(22 + sl, stop - q));
                s.leaf("Subject Key Identifier", key + ".signature_block.segment.ski", q, 20, w.hex(q, 20));
                s.leaf("signature length", key + ".signature_block.segment.signature_length", q + 20, 2, (long) sl);
                if (sl > stop - q - 22) {
                    s.problem(Problem.error(q + 20, "signature length " + sl + " runs past the Signature_Block ("
                            + (stop - q - 22) + " bytes left, RFC 8205 §5.2)").withAction(Attributes.TREAT_AS_WITHDRAW));
                    return;
                }
                if (sl > 0) {
                    s.leaf("signature", key + ".signature_block.segment.signature", q + 22, sl, w.hex(q + 22, sl));
                }
                s.value("SKI " + w.hex(q, 20)).text("signature segment: SKI " + w.hex(q, 20) + ", " + sl + "-byte signature");
                q += 22 + sl;
                n++;
            }
            b.value((long) n).text("Signature_Block: algorithm suite " + suite + ", " + n + " signature" + (n == 1 ? "" : "s"));
            if (n != segments) {
                // §5.2: each Signature_Block has one signature segment per Secure_Path segment.
                b.problem(Problem.error(p, n + " signature segments for " + segments + " Secure_Path segments (RFC 8205 §5.2)")
                        .withAction(Attributes.TREAT_AS_WITHDRAW));
            }
            p = stop;
        }
        if (blocks == 0) {
            a.problem(Problem.error(end, "no Signature_Block after the Secure_Path (RFC 8205 §3)").withAction(Attributes.TREAT_AS_WITHDRAW));
        }
        a.value(path.toString()).text("BGPsec_PATH: " + path + ", " + blocks + " Signature_Block" + (blocks == 1 ? "" : "s"));
    }
}
