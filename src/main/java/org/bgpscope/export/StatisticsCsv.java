package org.bgpscope.export;

import org.bgpscope.bgp.Statistics;

/** A statistics table as CSV (RFC 4180: comma-separated, CRLF line ends, fields with a comma or quote quoted). */
public final class StatisticsCsv {
    private StatisticsCsv() {}

    public static String write(Statistics.Table t) {
        StringBuilder sb = new StringBuilder();
        line(sb, t.header());
        for (java.util.List<String> r : t.rows()) {
            line(sb, r);
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, java.util.List<String> fields) {
        for (int k = 0; k < fields.size(); k++) {
            String f = fields.get(k);
            if (k > 0) {
                sb.append(',');
            }
            if (f.indexOf(',') >= 0 || f.indexOf('"') >= 0 || f.indexOf('\n') >= 0) {
                sb.append('"').append(f.replace("\"", "\"\"")).append('"');
            } else {
                sb.append(f);
            }
        }
        sb.append("\r\n");
    }
}
