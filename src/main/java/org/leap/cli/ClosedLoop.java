package org.leap.cli;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The rate a node sustains: {@code clients} clients each send their next request when the last is answered, for a
 * fixed time, so the node is kept busy without a queue growing. The same loop measures {@code leap_neural} queries and
 * plain k-NN searches, so the two rates compare. A 200 counts as answered and a 429 as refused; any other status fails
 * the run, because a rate of failing requests would be no rate at all.
 */
final class ClosedLoop {
    private final HttpClient http;
    private final int clients;
    private final int seconds;

    ClosedLoop(HttpClient http, int clients, int seconds) {
        if (clients < 1) {
            throw new IllegalArgumentException("--clients must be at least 1, got " + clients);
        }
        if (seconds < 1) {
            throw new IllegalArgumentException("--step-seconds must be at least 1, got " + seconds);
        }
        this.http = http;
        this.clients = clients;
        this.seconds = seconds;
    }

    /** Requests answered with a 200 per second, the clients taking {@code requests} in turn, round and round. */
    double answeredPerSecond(List<HttpRequest> requests) throws InterruptedException {
        if (requests.isEmpty()) {
            throw new IllegalArgumentException("a closed loop needs at least one request to send");
        }
        AtomicLong next = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            long begin = System.nanoTime();
            long end = begin + TimeUnit.SECONDS.toNanos(seconds);
            List<Future<Integer>> counts = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                counts.add(pool.submit(() -> {
                    int answered = 0;
                    while (System.nanoTime() < end) {
                        HttpRequest request = requests.get((int) (next.getAndIncrement() % requests.size()));
                        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() == 200) {
                            answered++;
                        } else if (response.statusCode() != 429) {
                            throw new IllegalStateException(request.method() + " " + request.uri() + " -> " + response.statusCode()
                                + ": " + response.body());
                        }
                    }
                    return answered;
                }));
            }
            int answered = 0;
            for (Future<Integer> f : counts) {
                try {
                    answered += f.get();
                } catch (ExecutionException e) {
                    throw new IllegalStateException("a client of the closed loop failed: " + e.getCause().getMessage(), e.getCause());
                }
            }
            return answered / ((System.nanoTime() - begin) / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }
}
