package org.leap.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.leap.encoder.DeviceRequest;

/** Config errors fail before training, with a message that names the problem. */
class TrainingConfigTests {
    @TempDir
    Path dir;

    @BeforeEach
    void data() throws IOException {
        Files.writeString(dir.resolve("sentences.txt"), "a sentence\nanother one\n");
        Files.writeString(dir.resolve("pairs.tsv"), "source\ttext\nsnli\tTwo women .\n");
    }

    private TrainingConfig read(String json) throws IOException {
        Path file = dir.resolve("train.json");
        Files.writeString(file, json);
        return TrainingConfig.read(file);
    }

    private String minimal(String extra) {
        return "{\"teacher\": \"bge-small-en-v1.5\", \"student_init\": \"bge-small-en-v1.5\", \"output_dir\": \"out\", "
            + "\"data\": [\"sentences.txt\", {\"path\": \"pairs.tsv\", \"column\": \"text\"}]" + extra + "}";
    }

    private String error(String json) {
        return assertThrows(IllegalArgumentException.class, () -> read(json)).getMessage();
    }

    @Test
    void testReadsMinimalConfigWithDefaultsAndResolvesPathsAgainstItsFolder() throws IOException {
        TrainingConfig c = read(minimal(""));
        assertEquals(dir.resolve("out"), c.outputDir());
        assertEquals(List.of(new DataSource(dir.resolve("sentences.txt"), null), new DataSource(dir.resolve("pairs.tsv"), "text")),
            c.data());
        assertEquals("bge-small-en-v1.5-leap", c.modelName());
        assertEquals(32, c.batchSize());
        assertEquals(64, c.maxTokens());
        assertTrue(c.freezeWordEmbeddings());
        assertEquals(dir.resolve("out").resolve("STOP"), c.stopFile());
        assertEquals(LeapLossConfig.defaults(), c.loss());
    }

    @Test
    void testReadsLossExtensions() throws IOException {
        LeapLossConfig loss = read(minimal(", \"loss\": {\"alpha\": 0, \"direct\": 1, \"direct_layer_weights\": {\"7\": 3, \"8\": 1},"
            + " \"inter_map\": \"final\", \"stop_grad_final_target\": true, \"exit_contrast\": 0.3, \"exit_contrast_layer\": 7,"
            + " \"final_follow\": 0.5, \"final_follow_layer\": 6}")).loss();
        assertEquals(0, loss.alpha());
        assertEquals(java.util.Map.of(7, 3.0, 8, 1.0), loss.directLayerWeights());
        assertEquals("final", loss.interMap());
        assertTrue(loss.stopGradFinalTarget());
        assertEquals(0.3, loss.exitContrast());
        assertEquals(0.5, loss.finalFollow());
        assertEquals(6, loss.finalFollowLayer());
    }

    @Test
    void testRejectsUnknownKeyAndNamesIt() {
        String message = error(minimal(", \"learning_rate\": 1e-4"));
        assertTrue(message.contains("[learning_rate]") && message.contains("lr"), message);
        String nested = error(minimal(", \"loss\": {\"alfa\": 0.3}"));
        assertTrue(nested.contains("[loss.alfa]"), nested);
    }

    @Test
    void testRejectsMissingDataFile() {
        String message = error(minimal("").replace("sentences.txt", "nope.txt"));
        assertTrue(message.contains("nope.txt") && message.contains("does not exist"), message);
    }

    @Test
    void testRejectsOutOfRangeValues() {
        assertTrue(error(minimal(", \"batch_size\": 1")).contains("[batch_size]"));
        assertTrue(error(minimal(", \"lr\": 0")).contains("[lr]"));
        assertTrue(error(minimal(", \"steps\": 10, \"warmup\": 10")).contains("[warmup]"));
        assertTrue(error(minimal(", \"loss\": {\"tau\": 1.5}")).contains("[loss.tau]"));
        assertTrue(error(minimal(", \"loss\": {\"beta\": -1}")).contains("[loss.beta]"));
        assertTrue(error(minimal(", \"loss\": {\"inter_map\": \"diagonal\"}")).contains("[loss.inter_map]"));
        assertTrue(error(minimal(", \"steps\": \"many\"")).contains("[steps] must be an integer"));
    }

    @Test
    void testRejectsMissingRequiredKeyAndBadJson() {
        assertTrue(error("{\"teacher\": \"x\", \"output_dir\": \"o\", \"data\": [\"sentences.txt\"]}").contains("[student_init] is required"));
        assertTrue(error("{\"teacher\": ").contains("not valid JSON"));
    }

    @Test
    void testRejectsLossLayersTheStudentLacks() {
        LeapLossConfig defaults = LeapLossConfig.defaults();
        String message = assertThrows(IllegalArgumentException.class, () -> defaults.checkedFor(6)).getMessage();
        assertTrue(message.contains("[loss.late_layers] names layer 9") && message.contains("6 layers"), message);
        defaults.checkedFor(12);
    }

    @Test
    void testRejectsAllWeightsZero() {
        String message = error(minimal(", \"loss\": {\"final_weight\": 0, \"alpha\": 0, \"beta\": 0, \"delta\": 0, \"epsilon\": 0, "
            + "\"gamma\": 0}"));
        assertTrue(message.contains("every loss weight is 0"), message);
    }

    @Test
    void testEmptyOrBlankDataFailsClearly() throws IOException {
        Files.writeString(dir.resolve("blank.txt"), "\n   \n\t\n");
        String message = assertThrows(IllegalArgumentException.class,
            () -> Corpus.read(List.of(new DataSource(dir.resolve("blank.txt"), null)))).getMessage();
        assertTrue(message.contains("holds no sentences"), message);
        String column = assertThrows(IllegalArgumentException.class,
            () -> Corpus.read(List.of(new DataSource(dir.resolve("pairs.tsv"), "sentence")))).getMessage();
        assertTrue(column.contains("no column [sentence]") && column.contains("[source, text]"), column);
    }

    @Test
    void testCorpusReadsLinesSkippingBlanksAndTsvColumnCountingTextsPerFile() throws IOException {
        Files.writeString(dir.resolve("gaps.txt"), "one\n\n  \ntwo\n");
        Corpus corpus = Corpus.read(List.of(new DataSource(dir.resolve("gaps.txt"), null),
            new DataSource(dir.resolve("pairs.tsv"), "text")));
        assertEquals(List.of("one", "two", "Two women ."), corpus.texts());
        assertEquals(List.of(2, 1), corpus.sizes());
    }

    @Test
    void testReadsGzipPassages() throws IOException {
        Path gz = dir.resolve("passages.tsv.gz");
        try (var out = new java.io.OutputStreamWriter(new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz)),
            java.nio.charset.StandardCharsets.UTF_8)) {
            out.write("source\ttext\nbbc_news\tA first passage, about \"markets\".\nimdb_review\tA second one.\n");
        }
        assertEquals(List.of("A first passage, about \"markets\".", "A second one."),
            Corpus.read(List.of(new DataSource(gz, "text"))).texts());
    }

    @Test
    void testBadPassageRowsFailNamingFileAndLine() throws IOException {
        String empty = tsvError("source\ttext\nbbc_news\tfine\n\nbbc_news\tafter\n");
        assertTrue(empty.contains("passages.tsv:3: empty line"), empty);
        String missing = tsvError("source\ttext\nbbc_news\tfine\nimdb_review\n");
        assertTrue(missing.contains("passages.tsv:3: has 1 fields but the header names 2"), missing);
        String extra = tsvError("source\ttext\nbbc_news\ta text\twith a tab\n");
        assertTrue(extra.contains("passages.tsv:2: has 3 fields"), extra);
        String blank = tsvError("source\ttext\nbbc_news\t  \n");
        assertTrue(blank.contains("passages.tsv:2: column [text] holds no text"), blank);
    }

    @Test
    void testReadsTokenBudgetAndKeepsFixedBatchesWithoutIt() throws IOException {
        assertEquals(0, read(minimal("")).tokenBudget());
        TrainingConfig c = read(minimal(", \"max_tokens\": 512, \"token_budget\": 8192, \"batch_size\": 64"));
        assertEquals(8192, c.tokenBudget());
        assertEquals(512, c.maxTokens());
        String message = error(minimal(", \"max_tokens\": 256, \"token_budget\": 500"));
        assertTrue(message.contains("[token_budget]") && message.contains("at least 512"), message);
    }

    /** Whitespace-separated words as tokens: enough to see windows cut and titled, without a model's tokenizer. */
    private static int[] words(List<String> texts) {
        return texts.stream().mapToInt(t -> t.isBlank() ? 0 : t.strip().split("\\s+").length).toArray();
    }

    @Test
    void testJsonLinesChunkedIntoWindowsWithTheTitleBeforeEach() throws IOException {
        Files.writeString(dir.resolve("corpus.jsonl"), "{\"_id\": \"1\", \"title\": \"On rivers\", \"text\": \"Rivers flow. They carry"
            + " silt to the sea. Floods come in spring.\"}\n\n{\"_id\": \"2\", \"title\": \"\", \"text\": \"Lakes are still.\"}\n");
        TrainingConfig c = read(minimal("").replace("\"data\": [", "\"data\": [{\"path\": \"corpus.jsonl\", \"column\": \"text\","
            + " \"title_column\": \"title\", \"chunk_tokens\": 6}, "));
        assertEquals(new DataSource(dir.resolve("corpus.jsonl"), "text", "title", 6), c.data().get(0));
        Corpus corpus = Corpus.read(List.of(c.data().get(0)), TrainingConfigTests::words);
        assertEquals(List.of("On rivers Rivers flow.", "On rivers They carry silt to the sea.", "On rivers Floods come in spring.",
            "Lakes are still."), corpus.texts());
        Files.writeString(dir.resolve("titles.jsonl"), "{\"title\": \"On rivers\"}\n{\"text\": \"no title\"}\n");
        String message = assertThrows(IllegalArgumentException.class, () -> Corpus.read(List.of(new DataSource(dir.resolve(
            "titles.jsonl"), "title")))).getMessage();
        assertTrue(message.contains("titles.jsonl:2: key [title] holds no text"), message);
    }

    @Test
    void testRefusesJsonLinesWithoutAKeyAndChunksBelowOneToken() throws IOException {
        Files.writeString(dir.resolve("corpus.jsonl"), "{\"text\": \"x\"}\n");
        String message = error(minimal("").replace("\"data\": [", "\"data\": [\"corpus.jsonl\", "));
        assertTrue(message.contains("needs a [column]: a .jsonl file holds JSON objects"), message);
        message = error(minimal("").replace("\"data\": [", "\"data\": [{\"path\": \"pairs.tsv\", \"column\": \"text\","
            + " \"chunk_tokens\": 0}, "));
        assertTrue(message.contains("[chunk_tokens] of data file") && message.contains("must be at least 1, got 0"), message);
    }

    private String tsvError(String content) throws IOException {
        Path file = dir.resolve("passages.tsv");
        Files.writeString(file, content);
        return assertThrows(IllegalArgumentException.class, () -> Corpus.read(List.of(new DataSource(file, "text")))).getMessage();
    }

    @Test
    void testDeviceIsCpuByDefaultAndAnotherNameIsRefused() throws IOException {
        assertEquals(new DeviceRequest(DeviceRequest.Kind.CPU, "device"), read(minimal("")).device());
        String error = error(minimal(", \"device\": \"cuda\""));
        assertTrue(error.endsWith("train.json: [device] must be one of cpu, gpu, auto; got [cuda]"), error);
    }
}
