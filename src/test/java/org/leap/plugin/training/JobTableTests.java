package org.leap.plugin.training;

import org.opensearch.OpenSearchStatusException;
import org.opensearch.core.rest.RestStatus;
import org.opensearch.test.OpenSearchTestCase;

/** Admission: a full table is a 429 before anything is read, a model id in training a 409; a refused job frees both. */
public class JobTableTests extends OpenSearchTestCase {
    public void testAdmissionHoldsASlotAndAModelIdUntilReleased() {
        JobTable table = new JobTable(1);
        try (JobTable.Admission first = table.admit("m1")) {
            OpenSearchStatusException sameName = expectThrows(OpenSearchStatusException.class, () -> table.admit("m1"));
            assertEquals(RestStatus.CONFLICT, sameName.status());
            OpenSearchStatusException full = expectThrows(OpenSearchStatusException.class, () -> table.admit("m2"));
            assertEquals(RestStatus.TOO_MANY_REQUESTS, full.status());
            assertTrue(full.getMessage(), full.getMessage().contains("plugins.leap.training.max_concurrent_jobs"));
        }
        // the admission was not handed to a job, so closing it freed the slot and the name
        try (JobTable.Admission again = table.admit("m1")) {
            assertNotNull(again);
        }
        try (JobTable.Admission other = table.admit("m2")) {
            assertNotNull(other);
        }
    }
}
