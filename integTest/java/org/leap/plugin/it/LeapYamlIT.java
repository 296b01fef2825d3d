package org.leap.plugin.it;

import java.io.IOException;

import com.carrotsearch.randomizedtesting.annotations.Name;
import com.carrotsearch.randomizedtesting.annotations.ParametersFactory;

import org.junit.After;
import org.opensearch.client.Request;
import org.opensearch.test.rest.yaml.ClientYamlTestCandidate;
import org.opensearch.test.rest.yaml.OpenSearchClientYamlSuiteTestCase;

/** Runs the YAML REST tests of rest-api-spec/test against the real node started by integTest/node.sh. */
public class LeapYamlIT extends OpenSearchClientYamlSuiteTestCase {
    public LeapYamlIT(@Name("yaml") ClientYamlTestCandidate testCandidate) {
        super(testCandidate);
    }

    @ParametersFactory
    public static Iterable<Object[]> parameters() throws Exception {
        return createParameters();
    }

    /**
     * OpenSearch's wipe after each test fails once two of the plugin's system indices exist (one warning per index), so
     * whether it passed would depend on whether a training suite ran first; the YAML tests' own indices, all
     * {@code leap-yaml-*}, are deleted here instead.
     */
    @Override
    protected boolean preserveIndicesUponCompletion() {
        return true;
    }

    @After
    public void deleteTheTestsIndices() throws IOException {
        adminClient().performRequest(new Request("DELETE", "/leap-yaml-*?expand_wildcards=all"));
    }
}
