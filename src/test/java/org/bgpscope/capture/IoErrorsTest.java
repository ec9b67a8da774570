package org.bgpscope.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

/** Java's file exceptions carry only the path; the reason a user reads comes from their type. */
class IoErrorsTest {
    @Test
    void theReasonIsNamedNotThePathAgain() {
        assertEquals("permission denied", IoErrors.reason(new AccessDeniedException("/x.pcap")));
        assertEquals("no such file or folder", IoErrors.reason(new NoSuchFileException("/x.pcap")));
        assertEquals("No space left on device", IoErrors.reason(new FileSystemException("/tmp/x", null, "No space left on device")));
        assertEquals("Broken pipe", IoErrors.reason(new IOException("Broken pipe")));
    }

    @Test
    void aFolderOrABrokenLinkSaysWhatItIs(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        CaptureException e = org.junit.jupiter.api.Assertions.assertThrows(CaptureException.class, () -> MappedCapture.open(dir));
        assertEquals("not a regular file", e.problem());
        java.nio.file.Path link = java.nio.file.Files.createSymbolicLink(dir.resolve("gone.pcap"), dir.resolve("nothing.pcap"));
        e = org.junit.jupiter.api.Assertions.assertThrows(CaptureException.class, () -> MappedCapture.open(link));
        assertEquals("a link to a file that does not exist", e.problem());
    }
}
