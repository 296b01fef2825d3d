package org.leap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.spi.ToolProvider;

import org.junit.jupiter.api.Test;

/**
 * The arrows between packages, read from the compiled classes by the JDK's jdeps (so a fully qualified name counts as
 * much as an import): the library (encoder, model, eval, training, text, cli) never reaches OpenSearch or the plugin,
 * and the plugin's packages form no cycle.
 */
class PackageDependencyTests {
    private static final List<String> LIBRARY = List.of("org.leap.encoder", "org.leap.model", "org.leap.eval", "org.leap.training",
        "org.leap.text", "org.leap.cli", "org.leap.tuning");

    /** package -> the packages its classes use, for every package under org.leap. */
    private static Map<String, Set<String>> graph() {
        Path classes = Path.of("target/classes");
        assertTrue(Files.isDirectory(classes), "compile first: " + classes.toAbsolutePath());
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() -> new AssertionError("this JDK has no jdeps"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = jdeps.run(new PrintWriter(out), new PrintWriter(err), "-verbose:package", "-filter:none", classes.toString());
        assertEquals(0, status, err.toString());
        Map<String, Set<String>> graph = new TreeMap<>();
        for (String line : out.toString().split("\n")) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length >= 3 && parts[1].equals("->") && parts[0].startsWith("org.leap")) {
                graph.computeIfAbsent(parts[0], p -> new TreeSet<>()).add(parts[2]);
            }
        }
        assertTrue(graph.containsKey("org.leap.encoder") && graph.containsKey("org.leap.plugin"), "jdeps read nothing: " + out);
        return graph;
    }

    private static boolean inLibrary(String pkg) {
        return LIBRARY.stream().anyMatch(lib -> pkg.equals(lib) || pkg.startsWith(lib + "."));
    }

    @Test
    void testTheLibraryUsesNeitherOpenSearchNorThePlugin() {
        List<String> offenders = new ArrayList<>();
        graph().forEach((pkg, uses) -> {
            if (inLibrary(pkg)) {
                uses.stream().filter(u -> u.startsWith("org.opensearch") || u.startsWith("org.leap.plugin"))
                    .forEach(u -> offenders.add(pkg + " -> " + u));
            }
        });
        assertEquals(List.of(), offenders);
    }

    @Test
    void testThePluginsPackagesFormNoCycle() {
        Map<String, Set<String>> plugin = new TreeMap<>();
        graph().forEach((pkg, uses) -> {
            if (pkg.startsWith("org.leap.plugin")) {
                plugin.put(pkg, new TreeSet<>(uses.stream().filter(u -> u.startsWith("org.leap.plugin") && u.equals(pkg) == false).toList()));
            }
        });
        assertEquals(List.of(), cycle(plugin));
    }

    @Test
    void testACycleIsFound() {
        Map<String, Set<String>> graph = Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d", Set.of("a"));
        List<String> found = cycle(graph);
        assertEquals(4, found.size(), found.toString());
        assertEquals(found.get(0), found.get(3));
        assertEquals(List.of(), cycle(Map.of("a", Set.of("b"), "b", Set.of("c"), "d", Set.of("a", "c"))));
    }

    /** One cycle of the graph as its packages in order, the first repeated at the end; empty when there is none. */
    static List<String> cycle(Map<String, Set<String>> graph) {
        Map<String, Integer> state = new TreeMap<>(); // 1 on the current path, 2 finished
        for (String start : new TreeSet<>(graph.keySet())) {
            Deque<String> path = new ArrayDeque<>();
            List<String> found = visit(start, graph, state, path);
            if (found.isEmpty() == false) {
                return found;
            }
        }
        return List.of();
    }

    private static List<String> visit(String node, Map<String, Set<String>> graph, Map<String, Integer> state, Deque<String> path) {
        Integer s = state.get(node);
        if (s != null && s == 2) {
            return List.of();
        }
        if (s != null && s == 1) {
            List<String> onPath = new ArrayList<>(path);
            List<String> loop = new ArrayList<>(onPath.subList(onPath.indexOf(node), onPath.size()));
            loop.add(node);
            return loop;
        }
        state.put(node, 1);
        path.addLast(node);
        for (String next : graph.getOrDefault(node, Set.of())) {
            List<String> found = visit(next, graph, state, path);
            if (found.isEmpty() == false) {
                return found;
            }
        }
        path.removeLast();
        state.put(node, 2);
        return List.of();
    }
}
