package org.leap.plugin.training;

import org.opensearch.test.OpenSearchTestCase;

/** A model id or file name read from the models index is written to disk only when it is a plain name. */
public class StoredModelNamesTests extends OpenSearchTestCase {
    public void testPlainNamesPass() {
        StoredModels.checkName("leap-bge-docs", "model id");
        StoredModels.checkName("weights.fp16", "file name");
        StoredModels.checkName("model.json", "file name");
    }

    public void testPathsAreRefused() {
        for (Object bad : new Object[] { "../x", "a/b", "..", ".hidden", "/etc/cron.d/x", "", null, 42 }) {
            IllegalStateException e = expectThrows(IllegalStateException.class, () -> StoredModels.checkName(bad, "model id"));
            assertTrue(e.getMessage(), e.getMessage().contains("not a plain name"));
        }
    }
}
