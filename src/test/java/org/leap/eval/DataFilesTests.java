package org.leap.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataFilesTests {
    @TempDir
    Path dir;

    @Test
    void testReadsStsRowsWithExtraFieldsAndQuotes() throws IOException {
        Path f = Files.writeString(dir.resolve("sts.tsv"),
            "main-news\tMSRvid\t2012\t0001\t4.2\tA \"quoted\" man.\tA man.\textra\tmore\nmain\tx\t2012\t2\t0\tOne.\tTwo.\n");
        StsDataset sts = StsDataset.read(f);
        assertEquals(2, sts.pairs().size());
        assertEquals("A \"quoted\" man.", sts.pairs().get(0).first());
        assertEquals(4.2, sts.pairs().get(0).score());
    }

    @Test
    void testNamesTheLineOfAMalformedStsRow() throws IOException {
        Path f = Files.writeString(dir.resolve("sts.tsv"), "a\tb\tc\td\t1.0\tx\ty\na\tb\tc\td\tnot-a-score\tx\ty\n");
        DataFileException e = assertThrows(DataFileException.class, () -> StsDataset.read(f));
        assertTrue(e.getMessage().contains("sts.tsv:2"), e.getMessage());
    }

    @Test
    void testMissingFileIsAClearError() {
        DataFileException e = assertThrows(DataFileException.class, () -> StsDataset.read(dir.resolve("nope.tsv")));
        assertTrue(e.getMessage().contains("no such file"));
    }

    @Test
    void testSentenceFileRejectsBlankLineByNumber() throws IOException {
        Path f = Files.writeString(dir.resolve("s.txt"), "one\n\nthree\n");
        DataFileException e = assertThrows(DataFileException.class, () -> SentenceFile.read(f, 0));
        assertTrue(e.getMessage().contains("s.txt:2"), e.getMessage());
    }

    @Test
    void testBeirNamesTheSplitsThatExist() throws IOException {
        Files.createDirectories(dir.resolve("qrels"));
        Files.writeString(dir.resolve("qrels/train.tsv"), "query-id\tcorpus-id\tscore\n1\td1\t1\n");
        DataFileException e = assertThrows(DataFileException.class, () -> BeirDataset.read(dir, "test"));
        assertTrue(e.getMessage().contains("[train]"), e.getMessage());
    }
}
