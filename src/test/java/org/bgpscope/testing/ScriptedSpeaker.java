package org.bgpscope.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Two BGP speakers over a real TCP connection: the passive one listens on port 179 of a loopback
 * address, the active one connects, and both send real messages, as RFC 4271 orders them: OPEN
 * (4-octet AS, IPv4 unicast, route refresh), KEEPALIVE, UPDATEs announcing and withdrawing IPv4
 * prefixes, a KEEPALIVE, then the active side's NOTIFICATION (Cease, administrative shutdown). Each
 * side reads what the other sent before answering, so the exchange is the same every run.
 */
public final class ScriptedSpeaker {
    private ScriptedSpeaker() {}

    /** Runs the exchange between {@code active} and {@code passive}:179; returns the messages each sent, in order. */
    public static List<byte[]> exchange(InetAddress active, InetAddress passive) throws IOException, InterruptedException {
        List<byte[]> sent = new ArrayList<>();
        try (ServerSocket server = new ServerSocket()) {
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(passive, 179));
            Thread[] acceptor = new Thread[1];
            IOException[] failed = new IOException[1];
            List<byte[]> passiveSent = new ArrayList<>();
            acceptor[0] = Thread.ofPlatform().start(() -> {
                try (Socket s = server.accept()) {
                    s.setTcpNoDelay(true);
                    InputStream in = s.getInputStream();
                    OutputStream out = s.getOutputStream();
                    read(in); // OPEN
                    send(out, passiveSent, open(65002, "10.0.0.2"));
                    read(in); // KEEPALIVE
                    send(out, passiveSent, keepalive());
                    read(in); // UPDATE
                    send(out, passiveSent, update(65002, "10.0.0.2", new int[] {198, 51, 100, 0}, 24));
                    read(in); // UPDATE
                    read(in); // withdrawal
                    send(out, passiveSent, keepalive());
                    read(in); // NOTIFICATION
                } catch (IOException e) {
                    failed[0] = e;
                }
            });
            try (Socket s = new Socket()) {
                s.setTcpNoDelay(true);
                s.bind(new InetSocketAddress(active, 0));
                s.connect(new InetSocketAddress(passive, 179), 5000);
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                List<byte[]> mine = new ArrayList<>();
                send(out, mine, open(65001, "10.0.0.1"));
                read(in);
                send(out, mine, keepalive());
                read(in);
                send(out, mine, update(65001, "10.0.0.1", new int[] {192, 0, 2, 0}, 24));
                read(in);
                send(out, mine, update(65001, "10.0.0.1", new int[] {203, 0, 113, 128}, 25));
                send(out, mine, withdraw(new int[] {192, 0, 2, 0}, 24));
                read(in);
                send(out, mine, notification(6, 2));
                acceptor[0].join(5000);
                sent.addAll(mine);
            }
            if (failed[0] != null) {
                throw failed[0];
            }
            sent.addAll(passiveSent);
        }
        return sent;
    }

    private static void send(OutputStream out, List<byte[]> log, byte[] message) throws IOException {
        out.write(message);
        out.flush();
        log.add(message);
    }

    /** Reads one BGP message (header, then the rest its length says). */
    private static byte[] read(InputStream in) throws IOException {
        byte[] header = in.readNBytes(19);
        if (header.length < 19) {
            throw new IOException("the peer closed the connection");
        }
        int len = ((header[16] & 0xFF) << 8) | (header[17] & 0xFF);
        byte[] body = in.readNBytes(len - 19);
        byte[] all = Arrays.copyOf(header, len);
        System.arraycopy(body, 0, all, 19, body.length);
        return all;
    }

    static byte[] message(int type, byte[] body) {
        byte[] m = new byte[19 + body.length];
        Arrays.fill(m, 0, 16, (byte) 0xFF);
        m[16] = (byte) (m.length >>> 8);
        m[17] = (byte) m.length;
        m[18] = (byte) type;
        System.arraycopy(body, 0, m, 19, body.length);
        return m;
    }

    /** OPEN (RFC 4271 §4.2) with capabilities MP IPv4 unicast (RFC 4760), route refresh (RFC 2918), 4-octet AS (RFC 6793). */
    static byte[] open(int as, String id) throws IOException {
        ByteArrayOutputStream caps = new ByteArrayOutputStream();
        caps.write(new byte[] {1, 4, 0, 1, 0, 1});
        caps.write(new byte[] {2, 0});
        caps.write(new byte[] {65, 4, (byte) (as >>> 24), (byte) (as >>> 16), (byte) (as >>> 8), (byte) as});
        byte[] c = caps.toByteArray();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(4);
        int two = as > 0xFFFF ? 23456 : as;
        b.write(two >>> 8);
        b.write(two);
        b.write(0);
        b.write(90);
        b.write(InetAddress.getByName(id).getAddress());
        b.write(c.length + 2);
        b.write(2);
        b.write(c.length);
        b.write(c);
        return message(1, b.toByteArray());
    }

    static byte[] keepalive() {
        return message(4, new byte[0]);
    }

    /** UPDATE (RFC 4271 §4.3): ORIGIN IGP, AS_PATH of one 4-octet AS, NEXT_HOP, one prefix. */
    static byte[] update(int as, String nextHop, int[] prefix, int length) throws IOException {
        ByteArrayOutputStream attrs = new ByteArrayOutputStream();
        attrs.write(new byte[] {0x40, 1, 1, 0});
        attrs.write(new byte[] {0x40, 2, 6, 2, 1, (byte) (as >>> 24), (byte) (as >>> 16), (byte) (as >>> 8), (byte) as});
        attrs.write(new byte[] {0x40, 3, 4});
        attrs.write(InetAddress.getByName(nextHop).getAddress());
        byte[] a = attrs.toByteArray();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(new byte[] {0, 0, (byte) (a.length >>> 8), (byte) a.length});
        b.write(a);
        prefix(b, prefix, length);
        return message(2, b.toByteArray());
    }

    static byte[] withdraw(int[] prefix, int length) {
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        prefix(p, prefix, length);
        byte[] w = p.toByteArray();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(0);
        b.write(w.length);
        b.write(w, 0, w.length);
        b.write(0);
        b.write(0);
        return message(2, b.toByteArray());
    }

    private static void prefix(ByteArrayOutputStream b, int[] prefix, int length) {
        b.write(length);
        for (int k = 0; k < (length + 7) / 8; k++) {
            b.write(prefix[k]);
        }
    }

    static byte[] notification(int code, int subcode) {
        return message(3, new byte[] {(byte) code, (byte) subcode});
    }
}
