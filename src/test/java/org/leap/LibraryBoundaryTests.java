package org.leap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** The encoder, model, evaluation and training code is a library the plugin wraps: it must not import OpenSearch. */
class LibraryBoundaryTests {
    @Test
    void testLibraryPackagesImportNoOpenSearch() throws IOException {
        Path root = Path.of("src/main/java/org/leap");
        List<String> offenders;
        try (Stream<Path> files = Files.walk(root)) {
            offenders = files.filter(p -> p.toString().endsWith(".java"))
                .filter(p -> List.of("model", "text", "encoder", "eval", "training").contains(root.relativize(p).getName(0).toString()))
                .filter(p -> {
                    try {
                        return Files.readString(p).contains("import org.opensearch");
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                })
                .map(Path::toString).toList();
        }
        assertEquals(List.of(), offenders);
    }
}
