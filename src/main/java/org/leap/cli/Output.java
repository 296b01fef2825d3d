package org.leap.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** Writes reports: JSON on stdout or to a file, and fixed-width numbers for tables. */
final class Output {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Output() {}

    static void printJson(Object report) {
        try {
            System.out.println(JSON.writeValueAsString(report));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void writeJson(Path file, Object report) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            JSON.writeValue(file.toFile(), report);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    static String f3(double v) {
        return Double.isNaN(v) ? "    -" : String.format(Locale.ROOT, "%5.3f", v);
    }

    /** Rounds for JSON so reports stay readable; NaN becomes null. */
    static Double round(double v) {
        return Double.isNaN(v) ? null : Math.round(v * 10000) / 10000.0;
    }

    static java.util.List<Double> round(double[] values) {
        java.util.List<Double> out = new java.util.ArrayList<>(values.length);
        for (double v : values) {
            out.add(round(v));
        }
        return out;
    }
}
