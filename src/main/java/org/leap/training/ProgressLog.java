package org.leap.training;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What a run tells its operator: a one-line progress report every few steps (step/total, steps/s, ETA, each loss
 * term) and a JSON-lines file with every step and event, appended across resumes, for plotting and comparing runs.
 */
public final class ProgressLog implements AutoCloseable {
    private final ObjectMapper json = new ObjectMapper();
    private final BufferedWriter file;
    private final PrintStream console;
    private final int every;
    private final long total;
    private long windowStartStep;
    private long windowStartNanos;

    /**
     * @param jsonLines the JSON-lines file, appended to
     * @param console where progress lines go, or null for none
     * @param every steps between progress lines
     * @param total steps of the run
     * @param firstStep the step this session starts from (after a resume)
     */
    public ProgressLog(Path jsonLines, PrintStream console, int every, long total, long firstStep) {
        try {
            Files.createDirectories(jsonLines.toAbsolutePath().getParent());
            this.file = Files.newBufferedWriter(jsonLines, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open training log " + jsonLines, e);
        }
        this.console = console;
        this.every = every;
        this.total = total;
        this.windowStartStep = firstStep;
        this.windowStartNanos = System.nanoTime();
    }

    /** Restarts the steps/s window, e.g. after a resume. */
    public void startAt(long step) {
        windowStartStep = step;
        windowStartNanos = System.nanoTime();
    }

    /**
     * Records a finished step (1-based count of steps done) with the milliseconds of its phases, and prints a progress
     * line every {@code every} steps.
     */
    public void step(long done, Map<String, Float> terms, double lr, double gradNorm, boolean skipped, Map<String, Long> millis) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("type", "step");
        record.put("step", done);
        record.put("lr", lr);
        record.put("grad_norm", Double.isFinite(gradNorm) ? gradNorm : String.valueOf(gradNorm));
        if (skipped) {
            record.put("skipped", true);
        }
        record.put("loss", terms);
        record.put("ms", millis);
        write(record);
        if (done % every == 0 || done == total) {
            long now = System.nanoTime();
            double rate = (done - windowStartStep) / Math.max(1e-9, (now - windowStartNanos) / 1e9);
            windowStartStep = done;
            windowStartNanos = now;
            print(line(done, rate, terms, lr, gradNorm));
        }
    }

    String line(long done, double rate, Map<String, Float> terms, double lr, double gradNorm) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "step %d/%d  %.2f steps/s  ETA %s ", done, total, rate,
            duration(rate > 0 ? (total - done) / rate : Double.NaN)));
        terms.forEach((name, value) -> s.append(String.format(Locale.ROOT, " %s %.4f", name, value)));
        s.append(String.format(Locale.ROOT, "  lr %.2e  gnorm %.3f", lr, gradNorm));
        return s.toString();
    }

    /** Records an event (checkpoint, resume, probe, stop) and prints it. */
    public void event(String type, Map<String, ?> fields) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("type", type);
        record.put("time", Instant.now().toString());
        record.putAll(fields);
        write(record);
        try {
            print(type + " " + json.writeValueAsString(fields));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a log record", e);
        }
    }

    public void message(String text) {
        print(text);
    }

    static String duration(double seconds) {
        if (Double.isFinite(seconds) == false) {
            return "?";
        }
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60)
            : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }

    private void print(String text) {
        if (console != null) {
            console.println(text);
            console.flush();
        }
    }

    private void write(Map<String, Object> record) {
        try {
            file.write(json.writeValueAsString(record));
            file.newLine();
            file.flush();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a log record", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the training log", e);
        }
    }

    @Override
    public void close() {
        try {
            file.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the training log", e);
        }
    }
}
