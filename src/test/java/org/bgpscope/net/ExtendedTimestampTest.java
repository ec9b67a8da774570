package org.bgpscope.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bgpscope.bgp.Sessions;
import org.bgpscope.capture.Progress;
import org.bgpscope.testing.TestCaptures;
import org.bgpscope.tree.FieldNode;
import org.bgpscope.tree.MessageDecoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * BGP4MP_ET (RFC 6396 §3): the same records as BGP4MP with a microsecond field after the common
 * header. A real GoBGP dump rewritten record by record into the _ET form lists the same messages with
 * the same bytes, and each message's time carries its microseconds.
 */
class ExtendedTimestampTest {
    @TempDir
    Path dir;

    @Test
    void bgp4mpEtRecordsListTheSameMessagesWithMicrosecondTimes() throws Exception {
        byte[] plain = Files.readAllBytes(TestCaptures.file("gobgp-updates.mrt"));
        ByteBuffer in = ByteBuffer.wrap(plain);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int k = 0;
        while (in.remaining() >= 12) {
            int ts = in.getInt();
            int type = in.getShort() & 0xFFFF;
            int sub = in.getShort() & 0xFFFF;
            int len = in.getInt();
            byte[] body = new byte[len];
            in.get(body);
            assertEquals(16, type, "the dump is BGP4MP");
            ByteBuffer r = ByteBuffer.allocate(16 + len);
            r.putInt(ts).putShort((short) 17).putShort((short) sub).putInt(len + 4).putInt(1000 * k++ + 7).put(body);
            out.writeBytes(r.array());
        }
        Path et = dir.resolve("et.mrt");
        Files.write(et, out.toByteArray());
        try (CaptureIndex a = CaptureIndex.open(TestCaptures.file("gobgp-updates.mrt"), Progress.NONE);
             CaptureIndex b = CaptureIndex.open(et, Progress.NONE)) {
            assertEquals(a.messages().size(), b.messages().size());
            assertEquals(a.problems(), b.problems());
            Sessions sb = new Sessions(b);
            for (int i = 0; i < a.messages().size(); i++) {
                assertArrayEquals(a.bytes(i).toArray(ValueLayout.JAVA_BYTE), b.bytes(i).toArray(ValueLayout.JAVA_BYTE), "message " + (i + 1));
                long frame = b.messages().frame(i);
                assertEquals(a.messages().time(i) + (1000 * (frame - 1) + 7) * 1000L, b.messages().time(i), "message " + (i + 1));
                assertEquals(a.messages().flags(i), b.messages().flags(i));
                FieldNode root = MessageDecoder.decode(b, i, sb).root();
                assertEquals(false, root.hasProblemsBelow(), root.toString());
            }
        }
    }
}
