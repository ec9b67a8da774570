package org.bgpscope.export;

import java.util.Base64;
import java.util.HexFormat;

/** Text forms of bytes for the clipboard: hex, hex dump, base64, Java and Python literals. */
public enum ByteFormats {
    HEX("Hex"),
    HEX_DUMP("Hex dump"),
    BASE64("Base64"),
    JAVA("Java byte[]"),
    PYTHON("Python bytes");

    private final String label;

    ByteFormats(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public String format(byte[] b) {
        return switch (this) {
            case HEX -> HexFormat.of().formatHex(b);
            case HEX_DUMP -> dump(b);
            case BASE64 -> Base64.getEncoder().encodeToString(b);
            case JAVA -> java(b);
            case PYTHON -> python(b);
        };
    }

    private static String dump(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (int o = 0; o < b.length; o += 16) {
            sb.append(String.format("%06x ", o));
            StringBuilder ascii = new StringBuilder();
            for (int k = o; k < o + 16; k++) {
                if (k < b.length) {
                    int v = b[k] & 0xFF;
                    sb.append(String.format(" %02x", v));
                    ascii.append(v >= 0x20 && v < 0x7F ? (char) v : '.');
                } else {
                    sb.append("   ");
                }
            }
            sb.append("  ").append(ascii).append('\n');
        }
        return sb.toString();
    }

    private static String java(byte[] b) {
        StringBuilder sb = new StringBuilder("new byte[] {");
        for (int i = 0; i < b.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(String.format("(byte) 0x%02x", b[i] & 0xFF));
        }
        return sb.append('}').toString();
    }

    private static String python(byte[] b) {
        StringBuilder sb = new StringBuilder("b'");
        for (byte x : b) {
            sb.append(String.format("\\x%02x", x & 0xFF));
        }
        return sb.append('\'').toString();
    }
}
