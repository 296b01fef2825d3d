package org.leap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leap.eval.DataFileException;

class PassageFileTests {
    @TempDir
    Path dir;

    @Test
    void testReadsTheTextColumnOfAGzipTsv() throws IOException {
        Path f = dir.resolve("passages.tsv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(f))) {
            out.write("source\ttext\nbbc\t\"Quoted\" first.\nimdb\tSecond one.\n".getBytes(StandardCharsets.UTF_8));
        }
        assertEquals(List.of("\"Quoted\" first.", "Second one."), PassageFile.read(f));
    }

    @Test
    void testReadsPlainTextOnePassagePerLine() throws IOException {
        Path f = Files.writeString(dir.resolve("p.txt"), "First passage.\nSecond passage.\n");
        assertEquals(List.of("First passage.", "Second passage."), PassageFile.read(f));
    }

    @Test
    void testNamesTheLineOfABlankPassage() throws IOException {
        Path f = Files.writeString(dir.resolve("p.tsv"), "source\ttext\nbbc\tfine\nbbc\t \n");
        DataFileException e = assertThrows(DataFileException.class, () -> PassageFile.read(f));
        assertTrue(e.getMessage().contains("p.tsv:3"), e.getMessage());
    }

    @Test
    void testNamesTheLineOfARowWithoutTheTextField() throws IOException {
        Path f = Files.writeString(dir.resolve("p.tsv"), "source\ttext\nbbc\n");
        DataFileException e = assertThrows(DataFileException.class, () -> PassageFile.read(f));
        assertTrue(e.getMessage().contains("p.tsv:2"), e.getMessage());
    }

    @Test
    void testMissingFileIsAClearError() {
        DataFileException e = assertThrows(DataFileException.class, () -> PassageFile.read(dir.resolve("nope.tsv.gz")));
        assertTrue(e.getMessage().contains("no such file"), e.getMessage());
    }
}
