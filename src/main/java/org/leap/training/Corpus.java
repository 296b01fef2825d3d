package org.leap.training;

import java.util.ArrayList;
import java.util.List;

import org.leap.text.TextChunker;

/**
 * The training texts of a run, file after file in config order, with how many each file gave, so that the run can
 * report per file what the token limit cut. Shuffling is the batch schedule's job.
 *
 * @param texts every text, verbatim
 * @param sizes texts per data file, in the order of the files
 */
record Corpus(List<String> texts, List<Integer> sizes) {
    Corpus {
        texts = List.copyOf(texts);
        sizes = List.copyOf(sizes);
    }

    /**
     * Reads the files (see {@link DataFile} for what each kind accepts).
     *
     * @throws IllegalArgumentException naming the file, and the line where there is one: a file that holds no text, a
     *         TSV without its column, a bad TSV row
     */
    static Corpus read(List<DataSource> sources) {
        return read(sources, null);
    }

    /** {@link #read(List)}, with the token counts that cut the windows of a source with {@code chunk_tokens}. */
    static Corpus read(List<DataSource> sources, TextChunker.TokenCounter counter) {
        List<String> texts = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        for (DataSource source : sources) {
            int before = texts.size();
            DataFile.read(source, counter, texts::add);
            if (texts.size() == before) {
                throw new IllegalArgumentException("data file " + source.path() + " holds no sentences"
                    + (source.column() == null ? " (only blank lines)" : " in column [" + source.column() + "]"));
            }
            sizes.add(texts.size() - before);
        }
        return new Corpus(texts, sizes);
    }
}
