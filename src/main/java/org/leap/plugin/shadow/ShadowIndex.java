package org.leap.plugin.shadow;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.SerialMergeScheduler;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.IOUtils;
import org.leap.eval.NeighborOverlap;

/**
 * One model's full-depth shadow: a Lucene index in a folder of its own holding a uniform sample of the documents the
 * model embedded at ingest, each with the vector the user's index got (early exit) and the one full depth gives, so that
 * a query can be searched as the early-exit system answers it and as the full-depth system would.
 *
 * <p>At most {@code maxDocs} documents: past that, reservoir sampling ({@link #slot}) keeps the sample uniform over every
 * document offered, and the count offered is kept in the commit, so a reopened index goes on with the same odds.
 * Vectors are L2-normalised, so dot product is their cosine.
 *
 * <p>A document may come with a key (its index, {@code _id} and field): one whose key the sample holds replaces that
 * copy in its slot and is not offered again, so that a document ingested twice is measured once, with its newer
 * vectors. One whose key the sample does not hold (never seen, or offered and not kept: the sample remembers only what it
 * holds) is offered as a new one, as is one without a key.
 *
 * <p>No fault of the index throws: the shadow is a measurement beside the user's requests, never part of them. A fault is
 * counted ({@link ShadowSummary#errors()}), logged the first time of its kind, and the index is reopened at the next
 * call; a folder deleted by hand (before start or while the node runs) is created again, empty, at the next call.
 * Commits happen at most every {@link #COMMIT_EVERY_NANOS} while documents come in, and on {@link #close}.
 */
public final class ShadowIndex implements Closeable {
    private static final Logger LOG = LogManager.getLogger(ShadowIndex.class);
    /** Time between two commits while documents come in; a crash loses at most this much of the sample. */
    static final long COMMIT_EVERY_NANOS = TimeUnit.SECONDS.toNanos(30);
    static final String SLOT = "slot";
    /** The document's key, an indexed term: what a document ingested again replaces, and what a reopen reads back. */
    static final String KEY = "key";
    /**
     * Documents the sample must hold per neighbour asked for before its NN@k means anything: two unrelated top-k lists
     * among n documents share about k/n of their ids by chance, and at n = k they share all of them whatever the systems
     * do. At 10 × k, chance is 0.1.
     */
    public static final int DOCS_PER_NEIGHBOUR = 10;
    static final String EARLY = "early";
    static final String FULL = "full";
    static final String ADDED = "added_millis";
    /** Commit user data: documents offered since the index was created, the reservoir's n. */
    static final String OFFERED = "offered";

    private final Path dir;
    private final int maxDocs;
    private final RandomGenerator random;
    private final LongSupplier clockMillis;
    private final Set<String> loggedKinds = new HashSet<>();
    private Directory directory;
    private IndexWriter writer;
    private SearcherManager searchers;
    private SlotKeys slotKeys;
    private long offered;
    private long lastCommitNanos;
    private long errors;
    private boolean closed;

    /**
     * Opens nothing yet: the folder is opened (or created) by the first call that needs it.
     *
     * @param random the reservoir's draws; used under this index's lock only
     */
    public ShadowIndex(Path dir, int maxDocs, RandomGenerator random, LongSupplier clockMillis) {
        if (maxDocs < 1) {
            throw new IllegalArgumentException("a shadow index needs room for at least 1 document, got " + maxDocs);
        }
        this.dir = dir;
        this.maxDocs = maxDocs;
        this.random = random;
        this.clockMillis = clockMillis;
    }

    /**
     * Reservoir sampling (Vitter's algorithm R): the document offered as number {@code offered} (0-based) takes that slot
     * while there is room; past it, a uniformly drawn slot of {@code [0, offered]} when that is below {@code maxDocs}
     * (replacing its document), so every document offered so far is in the sample with the same chance.
     *
     * @return the slot, or -1 when the document is not kept
     */
    static int slot(long offered, int maxDocs, RandomGenerator random) {
        if (offered < maxDocs) {
            return (int) offered;
        }
        long j = random.nextLong(offered + 1);
        return j < maxDocs ? (int) j : -1;
    }

    /**
     * Offers documents to the sample, each with its key and its early-exit and full-depth vector: one whose key the
     * sample holds replaces that copy, any other goes through the reservoir.
     *
     * @param keys one per document, null for a document without one
     * @return false when they could not be written (counted in the errors)
     */
    public synchronized boolean add(List<String> keys, List<float[]> early, List<float[]> full) {
        if (keys.size() != early.size() || early.size() != full.size()) {
            throw new IllegalArgumentException(keys.size() + " keys, " + early.size() + " early-exit vectors and " + full.size()
                + " full-depth ones: one of each per document");
        }
        if (closed || open() == false) {
            return false;
        }
        try {
            for (int i = 0; i < early.size(); i++) {
                String key = keys.get(i);
                int slot = key == null ? -1 : slotKeys.slot(key);
                if (slot < 0) {
                    slot = slot(offered, maxDocs, random);
                    offered++;
                }
                if (slot >= 0) {
                    writer.updateDocument(new Term(SLOT, Integer.toString(slot)), document(slot, key, early.get(i), full.get(i)));
                    slotKeys.put(slot, key);
                }
            }
            if (System.nanoTime() - lastCommitNanos >= COMMIT_EVERY_NANOS) {
                commit();
            }
            return true;
        } catch (IOException | RuntimeException e) {
            failed("add", e);
            return false;
        }
    }

    private Document document(int slot, String key, float[] early, float[] full) {
        Document doc = new Document();
        doc.add(new StringField(SLOT, Integer.toString(slot), Field.Store.NO));
        if (key != null) {
            doc.add(new StringField(KEY, key, Field.Store.NO));
        }
        doc.add(new KnnFloatVectorField(EARLY, early, VectorSimilarityFunction.DOT_PRODUCT));
        doc.add(new KnnFloatVectorField(FULL, full, VectorSimilarityFunction.DOT_PRODUCT));
        doc.add(new NumericDocValuesField(ADDED, clockMillis.getAsLong()));
        return doc;
    }

    /**
     * NN@k of the early-exit system against the full-depth one: the overlap of the top k of the exited query vector
     * among the documents' early-exit vectors and the top k of the full-depth query vector among their full-depth
     * vectors, both from one point-in-time view of the sample.
     *
     * @return empty when the sample holds fewer than {@link #DOCS_PER_NEIGHBOUR} × k documents or cannot be searched (then
     *         counted in the errors)
     */
    public synchronized OptionalDouble overlap(float[] earlyQuery, float[] fullQuery, int k) {
        if (closed || open() == false) {
            return OptionalDouble.empty();
        }
        SearcherManager manager = searchers;
        IndexSearcher searcher = null;
        try {
            manager.maybeRefreshBlocking();
            searcher = manager.acquire();
            if (searcher.getIndexReader().numDocs() < DOCS_PER_NEIGHBOUR * k) {
                return OptionalDouble.empty();
            }
            int[] early = top(searcher, EARLY, earlyQuery, k);
            int[] full = top(searcher, FULL, fullQuery, k);
            return OptionalDouble.of(NeighborOverlap.overlap(early, full, k));
        } catch (IOException | RuntimeException e) {
            failed("search", e);
            return OptionalDouble.empty();
        } finally {
            release(manager, searcher);
        }
    }

    /** Lucene doc ids of the top k: comparable between two searches of one searcher, which is all NN@k asks. */
    private static int[] top(IndexSearcher searcher, String field, float[] query, int k) throws IOException {
        ScoreDoc[] hits = searcher.search(new KnnFloatVectorQuery(field, query, k), k).scoreDocs;
        int[] ids = new int[hits.length];
        for (int i = 0; i < hits.length; i++) {
            ids[i] = hits[i].doc;
        }
        return ids;
    }

    /** How many documents the sample holds, when the oldest and newest were added, and the errors so far. */
    public synchronized ShadowSummary summary() {
        if (closed || open() == false) {
            return ShadowSummary.empty(errors);
        }
        SearcherManager manager = searchers;
        IndexSearcher searcher = null;
        try {
            manager.maybeRefreshBlocking();
            searcher = manager.acquire();
            long oldest = Long.MAX_VALUE;
            long newest = Long.MIN_VALUE;
            for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
                NumericDocValues added = leaf.reader().getNumericDocValues(ADDED);
                Bits live = leaf.reader().getLiveDocs();
                if (added == null) {
                    continue;
                }
                for (int doc = added.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = added.nextDoc()) {
                    if (live == null || live.get(doc)) {
                        oldest = Math.min(oldest, added.longValue());
                        newest = Math.max(newest, added.longValue());
                    }
                }
            }
            int documents = searcher.getIndexReader().numDocs();
            return documents == 0 ? ShadowSummary.empty(errors) : new ShadowSummary(documents, oldest, newest, errors);
        } catch (IOException | RuntimeException e) {
            failed("summary", e);
            return ShadowSummary.empty(errors);
        } finally {
            release(manager, searcher);
        }
    }

    /** Gives a searcher back to the manager it came from, which {@link #failed} may have closed meanwhile. */
    private void release(SearcherManager manager, IndexSearcher searcher) {
        if (searcher != null) {
            try {
                manager.release(searcher);
            } catch (IOException e) {
                failed("release", e);
            }
        }
    }

    /**
     * Opens the folder when nothing is open, or opens it anew when it went missing (deleted by hand): a new, empty index.
     *
     * @return false when it cannot be opened (counted in the errors)
     */
    private boolean open() {
        if (writer != null && writer.isOpen() && Files.isDirectory(dir)) {
            return true;
        }
        if (writer != null) {
            count("missing", "its folder went missing; it is created again, empty, and refilled by later samples", null);
            discard();
        }
        try {
            Files.createDirectories(dir);
            directory = FSDirectory.open(dir);
            Map<String, String> committed = DirectoryReader.indexExists(directory) ? SegmentInfos.readLatestCommit(directory).getUserData()
                : Map.of();
            // merges run on the caller's thread (the drift pool), not on threads of their own
            writer = new IndexWriter(directory, new IndexWriterConfig().setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                .setMergeScheduler(new SerialMergeScheduler()));
            searchers = new SearcherManager(writer, null);
            IndexSearcher searcher = searchers.acquire();
            try {
                slotKeys = SlotKeys.read(searcher.getIndexReader());
            } finally {
                searchers.release(searcher);
            }
            offered = Long.parseLong(committed.getOrDefault(OFFERED, Long.toString(writer.getDocStats().numDocs)));
            commit();
            return true;
        } catch (IOException | RuntimeException e) {
            failed("open", e);
            return false;
        }
    }

    private void commit() throws IOException {
        writer.setLiveCommitData(Map.of(OFFERED, Long.toString(offered)).entrySet());
        writer.commit();
        lastCommitNanos = System.nanoTime();
    }

    /** Counts a failure, logs it the first time of its kind, and drops what is open so that the next call reopens. */
    private void failed(String operation, Exception e) {
        count(operation + "/" + e.getClass().getName(), operation + " failed", e);
        discard();
    }

    private void count(String kind, String what, Exception e) {
        errors++;
        if (loggedKinds.add(kind)) {
            LOG.warn("shadow index [" + dir + "]: " + what + "; counted in the drift report's shadow errors, and a fault of this kind"
                + " is not logged again", e);
        }
    }

    /** Drops what is open without committing: it failed, or its folder is gone. */
    private void discard() {
        IOUtils.closeWhileHandlingException(searchers);
        if (writer != null) {
            try {
                writer.rollback();
            } catch (IOException | RuntimeException e) {
                LOG.debug("shadow index [{}]: rollback of a failed writer failed too", dir, e);
            }
        }
        IOUtils.closeWhileHandlingException(directory);
        searchers = null;
        writer = null;
        directory = null;
    }

    /** Commits what was added and closes; later calls do nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (writer == null) {
            return;
        }
        try {
            if (Files.isDirectory(dir)) {
                commit();
            }
            IOUtils.close(searchers, writer, directory);
        } catch (IOException | RuntimeException e) {
            failed("close", e);
        }
        searchers = null;
        writer = null;
        directory = null;
    }

    /** Closes without committing and deletes the folder: the model is gone. */
    public synchronized void delete() throws IOException {
        closed = true;
        discard();
        IOUtils.rm(dir);
    }
}
