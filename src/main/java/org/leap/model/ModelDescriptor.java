package org.leap.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What the runtime needs to know about one encoder: where its weights and tokenizer come from, its shape, and how
 * texts are prefixed. One JSON file per model lives in {@code models/}; the plugin and the command line both read it.
 *
 * @param name the id users pass as {@code --model} or {@code model_id}
 * @param source where the weights and the tokenizer are found, with their sha256
 * @param layers number of transformer layers L
 * @param hidden width of the hidden state and of the embedding
 * @param heads attention heads
 * @param maxLength longest token sequence; longer texts are truncated and reported as such
 * @param nativePooling pooling the model was trained with (cls or mean); LEAP always mean-pools
 * @param queryPrefix prefix for queries and symmetric tasks (e5 wants {@code "query: "})
 * @param passagePrefix prefix for indexed passages
 * @param exitThresholds per-layer thresholds calibrated on held-out text (the {@code calibrated} exit policy), or null
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record ModelDescriptor(
    @JsonProperty(value = "name", required = true) String name,
    @JsonProperty("description") String description,
    @JsonProperty(value = "source", required = true) Source source,
    @JsonProperty(value = "layers", required = true) int layers,
    @JsonProperty(value = "hidden", required = true) int hidden,
    @JsonProperty(value = "heads", required = true) int heads,
    @JsonProperty(value = "max_length", required = true) int maxLength,
    @JsonProperty("native_pooling") String nativePooling,
    @JsonProperty("pooling") String pooling,
    @JsonProperty("query_prefix") String queryPrefix,
    @JsonProperty("passage_prefix") String passagePrefix,
    @JsonProperty("exit_thresholds") ExitThresholds exitThresholds
) {
    public ModelDescriptor {
        if (layers < 1 || hidden < 1 || heads < 1 || hidden % heads != 0 || maxLength < 2) {
            throw new IllegalArgumentException("model [" + name + "] has an invalid shape: layers=" + layers + ", hidden="
                + hidden + ", heads=" + heads + ", max_length=" + maxLength);
        }
        queryPrefix = queryPrefix == null ? "" : queryPrefix;
        passagePrefix = passagePrefix == null ? "" : passagePrefix;
    }

    /** The prefix a text gets before tokenizing: the passage prefix for an indexed document, else the query prefix. */
    public String prefix(boolean passage) {
        return passage ? passagePrefix : queryPrefix;
    }

    /** This descriptor with calibrated exit thresholds stored in it. */
    public ModelDescriptor withExitThresholds(ExitThresholds thresholds) {
        return new ModelDescriptor(name, description, source, layers, hidden, heads, maxLength, nativePooling, pooling, queryPrefix,
            passagePrefix, thresholds);
    }

    /**
     * Where the weights come from. {@code onnx}, {@code weights} and {@code tokenizer} name class-path resources (the
     * Maven jars of the public models) or files in the descriptor's own folder. A model has either an ONNX export
     * (the public models) or a {@link TensorFile} of Hugging Face-named weights (the ones LEAP training writes).
     */
    public record Source(
        @JsonProperty("maven") String maven,
        @JsonProperty(value = "onnx") String onnx,
        @JsonProperty("onnx_sha256") String onnxSha256,
        @JsonProperty("weights") String weights,
        @JsonProperty("weights_sha256") String weightsSha256,
        @JsonProperty(value = "tokenizer", required = true) String tokenizer,
        @JsonProperty("tokenizer_sha256") String tokenizerSha256
    ) {
        @JsonCreator
        public Source {
            if ((onnx == null) == (weights == null)) {
                throw new IllegalArgumentException("a model source names exactly one of [onnx] and [weights]; got onnx=" + onnx
                    + ", weights=" + weights);
            }
        }

        /** An ONNX-backed source, as the shipped models have. */
        public Source(String maven, String onnx, String onnxSha256, String tokenizer, String tokenizerSha256) {
            this(maven, onnx, onnxSha256, null, null, tokenizer, tokenizerSha256);
        }
    }
}
