package org.bgpscope.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.bgpscope.net.CaptureIndex;

/**
 * Whole files through the readers: format detection, the pcap, pcapng and MRT readers, the gzip and
 * bzip2 front end, and the indexers behind them. A {@code CaptureException} is the expected answer
 * to a broken file; anything else thrown is a bug. Seeds are real captures cut to a few records.
 */
class CaptureReaderFuzzTest {
    @FuzzTest
    void pcap(byte[] data) {
        read("fuzz.pcap", data);
    }

    @FuzzTest
    void pcapng(byte[] data) {
        read("fuzz.pcapng", data);
    }

    @FuzzTest
    void mrt(byte[] data) {
        read("fuzz.mrt", data);
    }

    @FuzzTest
    void compressed(byte[] data) {
        read("fuzz.gz", data);
    }

    private static void read(String name, byte[] data) {
        try (CaptureIndex index = FuzzFiles.index(name, data)) {
            if (index != null) {
                FuzzFiles.checkPieces(index);
            }
        }
    }
}
