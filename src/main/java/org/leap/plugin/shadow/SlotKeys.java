package org.leap.plugin.shadow;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;

/**
 * Which slot of a shadow index holds the document of which key: a document ingested again must replace its copy in the
 * slot that copy holds, and a slot the reservoir gives to another document must forget its key. Read from the index's
 * terms each time the index is opened, so that it never outlives a rollback or a restart.
 */
final class SlotKeys {
    private final Map<String, Integer> slotOfKey = new HashMap<>();
    private final Map<Integer, String> keyOfSlot = new HashMap<>();

    /** The slot of the document with this key, or -1 when the index holds none. */
    int slot(String key) {
        Integer slot = slotOfKey.get(key);
        return slot == null ? -1 : slot;
    }

    /** A document now fills this slot, with this key or none (null): the key of the one it replaced is forgotten. */
    void put(int slot, String key) {
        String replaced = key == null ? keyOfSlot.remove(slot) : keyOfSlot.put(slot, key);
        if (replaced != null) {
            slotOfKey.remove(replaced);
        }
        if (key != null) {
            slotOfKey.put(key, slot);
        }
    }

    /** The keys of the live documents of an index, each with its document's slot. */
    static SlotKeys read(IndexReader reader) throws IOException {
        SlotKeys keys = new SlotKeys();
        for (LeafReaderContext leaf : reader.leaves()) {
            LeafReader segment = leaf.reader();
            int[] slots = new int[segment.maxDoc()];
            Arrays.fill(slots, -1);
            forEachLiveDoc(segment, ShadowIndex.SLOT, (term, doc) -> slots[doc] = Integer.parseInt(term));
            forEachLiveDoc(segment, ShadowIndex.KEY, (term, doc) -> {
                if (slots[doc] >= 0) {
                    keys.put(slots[doc], term);
                }
            });
        }
        return keys;
    }

    private interface TermDoc {
        void accept(String term, int doc);
    }

    private static void forEachLiveDoc(LeafReader segment, String field, TermDoc action) throws IOException {
        Terms terms = segment.terms(field);
        if (terms == null) {
            return;
        }
        Bits live = segment.getLiveDocs();
        TermsEnum termsEnum = terms.iterator();
        PostingsEnum postings = null;
        for (BytesRef term = termsEnum.next(); term != null; term = termsEnum.next()) {
            String value = term.utf8ToString();
            postings = termsEnum.postings(postings, PostingsEnum.NONE);
            for (int doc = postings.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = postings.nextDoc()) {
                if (live == null || live.get(doc)) {
                    action.accept(value, doc);
                }
            }
        }
    }
}
