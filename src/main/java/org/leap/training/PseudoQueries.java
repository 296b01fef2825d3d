package org.leap.training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

import org.leap.text.TextTokenizer;
import org.leap.text.TokenizedText;

/**
 * Draws a pseudo-query from each long text of a batch: one of its sentences, chosen by the seed and the step, so a
 * resumed run draws what the uninterrupted one would have. A sentence of a passage stands for a query that passage
 * answers (the inverse cloze task of retrieval pre-training), which is what the retrieval terms need and what the
 * corpus lacks: it has no queries paired with passages.
 */
final class PseudoQueries implements AutoCloseable {
    /** A sentence counts when it has this many words or more... */
    static final int MIN_WORDS = 4;
    /** ...and at most this many; a text without such a sentence gives its first {@value #FALLBACK_WORDS} words. */
    static final int MAX_WORDS = 40;
    static final int FALLBACK_WORDS = 20;
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+");
    private static final Pattern SPACE = Pattern.compile("\\s+");

    /**
     * The pseudo-queries of one step.
     *
     * @param sources the batch row each query was drawn from
     * @param student the queries in the student's tokenization
     * @param teacher the queries in the teacher's tokenization
     */
    record Drawn(int[] sources, List<String> texts, long[][] student, long[][] teacher) {}

    private final List<String> texts;
    private final int[] lengths;
    private final RetrievalTerms terms;
    private final long seed;
    private final TextTokenizer studentTokenizer;
    private final TextTokenizer teacherTokenizer;
    private final String studentPrefix;
    private final String teacherPrefix;

    /**
     * @param texts the corpus
     * @param lengths each corpus text's length in the student's tokens
     * @param teacherTokenizer null when the teacher tokenizes as the student does
     */
    PseudoQueries(List<String> texts, int[] lengths, RetrievalTerms terms, long seed, TextTokenizer studentTokenizer,
                  String studentPrefix, TextTokenizer teacherTokenizer, String teacherPrefix) {
        this.texts = texts;
        this.lengths = lengths;
        this.terms = terms;
        this.seed = seed;
        this.studentTokenizer = studentTokenizer;
        this.studentPrefix = studentPrefix;
        this.teacherTokenizer = teacherTokenizer;
        this.teacherPrefix = teacherPrefix;
    }

    /** The step's pseudo-queries, or null when fewer than two of the batch's texts are long enough. */
    Drawn draw(int[] rows, long step) {
        Random random = new Random(seed * 1_000_003L + step);
        List<Integer> eligible = new ArrayList<>();
        for (int row : rows) {
            if (lengths[row] >= terms.minPassageTokens()) {
                eligible.add(row);
            }
        }
        if (eligible.size() < 2) {
            return null;
        }
        java.util.Collections.shuffle(eligible, random);
        int[] sources = eligible.subList(0, Math.min(eligible.size(), terms.maxQueries())).stream().mapToInt(Integer::intValue)
            .sorted().toArray();
        List<String> queries = Arrays.stream(sources).mapToObj(r -> sentenceOf(texts.get(r), random)).toList();
        long[][] student = ids(studentTokenizer.tokenize(queries, studentPrefix));
        long[][] teacher = teacherTokenizer == null ? student : ids(teacherTokenizer.tokenize(queries, teacherPrefix));
        return new Drawn(sources, queries, student, teacher);
    }

    /** One sentence of {@value #MIN_WORDS}-{@value #MAX_WORDS} words, or the text's first words when none has that length. */
    static String sentenceOf(String text, Random random) {
        List<String> sentences = new ArrayList<>();
        for (String s : SENTENCE_END.split(text.strip())) {
            int words = SPACE.split(s.strip()).length;
            if (words >= MIN_WORDS && words <= MAX_WORDS) {
                sentences.add(s.strip());
            }
        }
        if (sentences.isEmpty()) {
            String[] words = SPACE.split(text.strip());
            return String.join(" ", Arrays.copyOf(words, Math.min(words.length, FALLBACK_WORDS)));
        }
        return sentences.get(random.nextInt(sentences.size()));
    }

    private static long[][] ids(List<TokenizedText> tokenized) {
        return tokenized.stream().map(TokenizedText::ids).toArray(long[][]::new);
    }

    @Override
    public void close() {
        studentTokenizer.close();
        if (teacherTokenizer != null) {
            teacherTokenizer.close();
        }
    }
}
