"""The steps of bin/leap-demo against a running node: index + pipeline, ingest, queries, stats. Standard library only."""
import argparse
import json
import sys
import time
import urllib.error
import urllib.request

MODEL = "leap-bge-small"  # the default model: the shipped LEAP-trained encoder


def call(base, method, path, body=None, ndjson=False):
    data = None
    headers = {}
    if body is not None:
        data = body.encode("utf-8") if isinstance(body, str) else json.dumps(body).encode("utf-8")
        headers["Content-Type"] = "application/x-ndjson" if ndjson else "application/json"
    req = urllib.request.Request(base + path, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=600) as r:
            return json.loads(r.read() or b"{}")
    except urllib.error.HTTPError as e:
        payload = json.loads(e.read() or b"{}")
        if method == "DELETE" and e.code == 404:
            return payload
        sys.exit(f"{method} {path} -> {e.code}: {json.dumps(payload)[:600]}")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--root", required=True)
    p.add_argument("--url", default="http://127.0.0.1:9200")
    p.add_argument("--field", default="chunks", choices=["chunks", "passage", "title", "text"],
                   help="what to embed: chunks (the abstract in windows of at most 64 tokens, the title before each, into a"
                        " nested field), passage (title and abstract whole, about 300 tokens, cut at 512), title (fast) or text")
    p.add_argument("--docs", type=int, default=600)
    p.add_argument("--queries", type=int, default=5)
    a = p.parse_args()
    base, field = a.url, a.field
    chunked = field == "chunks"
    vec = "chunks.knn" if chunked else field + "_vec"
    knn = {"type": "knn_vector", "dimension": 384, "method": {"name": "hnsw", "engine": "lucene", "space_type": "cosinesimil"}}
    properties = {"title": {"type": "text"}, "text": {"type": "text"}, "passage": {"type": "text"}}
    if chunked:
        properties["chunks"] = {"type": "nested", "properties": {"text": {"type": "text"}, "exit_layer": {"type": "integer"},
                                                                 "knn": knn}}
    else:
        properties[vec] = knn

    print(f"== index [scifact] with a knn_vector [{vec}] (384 dims, hnsw on the lucene engine, cosine)"
          + (" in the nested field [chunks]" if chunked else ""))
    call(base, "DELETE", "/scifact")
    call(base, "PUT", "/scifact", {
        "settings": {"index.knn": True, "number_of_shards": 1, "number_of_replicas": 0},
        "mappings": {"properties": properties}})
    processors = []
    if chunked:
        print("== pipeline [leap-scifact]: leap_text_embedding text -> chunks: the abstract cut at sentence ends into windows of at"
              " most 64 tokens, the title before each; each chunk {text, knn, exit_layer}")
        processors.append({"leap_text_embedding": {"model_id": MODEL, "field_map": {"text": "chunks"}, "batch_size": 64,
                                                   "chunking": {"max_tokens": 64, "prefix_field": "title"}}})
    elif field == "passage":
        # a document is its title and its abstract, joined by a set processor before the embedding
        print("== pipeline [leap-scifact]: set passage = title + abstract, then")
        processors.append({"set": {"field": "passage", "value": "{{{title}}}. {{{text}}}"}})
    if not chunked:
        print(f"   leap_text_embedding {field} -> {vec} (+ {vec}_exit_layer, _model_id, and _theta when documents exit)")
        processors.append({"leap_text_embedding": {"model_id": MODEL, "field_map": {field: vec}, "batch_size": 64}})
    call(base, "PUT", "/_ingest/pipeline/leap-scifact", {"processors": processors})
    settings = call(base, "GET", f"/_plugins/_leap/models/{MODEL}")["models"][MODEL]["settings"]
    print(f"   model {MODEL}: theta={settings['theta']} k={settings['k']} l_min={settings['l_min']}"
          f" ingest_policy={settings['ingest_policy']} query_policy={settings['query_policy']} (settings version {settings['version']})")

    docs = []
    with open(f"{a.root}/samples/scifact/corpus-2000.jsonl", encoding="utf-8") as f:
        for line in f:
            docs.append(json.loads(line))
            if len(docs) == a.docs:
                break
    print(f"== ingesting {len(docs)} SciFact documents (samples/scifact, CC BY-NC 2.0) in bulks of 200")
    start, failed = time.time(), 0
    for i in range(0, len(docs), 200):
        lines = []
        for d in docs[i:i + 200]:
            lines.append(json.dumps({"index": {"_index": "scifact", "_id": d["_id"]}}))
            lines.append(json.dumps({"title": d["title"], "text": d["text"]}, ensure_ascii=False))
        r = call(base, "POST", "/_bulk?pipeline=leap-scifact", "\n".join(lines) + "\n", ndjson=True)
        failed += sum(1 for it in r["items"] if it["index"].get("error"))
        done = min(i + 200, len(docs))
        print(f"   {done:5d} docs, {done / (time.time() - start):6.1f} docs/s", flush=True)
    seconds = time.time() - start
    call(base, "POST", "/scifact/_refresh")
    print(f"   ingested {len(docs) - failed} docs in {seconds:.1f} s ({(len(docs) - failed) / seconds:.1f} docs/s), {failed} failed")
    if chunked:
        r = call(base, "POST", "/scifact/_search", {"size": 0, "aggs": {"c": {"nested": {"path": "chunks"}, "aggs": {
            "layer": {"avg": {"field": "chunks.exit_layer"}}}}}})
        c = r["aggregations"]["c"]
        print(f"   {c['doc_count']} chunks ({c['doc_count'] / max(1, len(docs) - failed):.1f} per document),"
              f" mean chunk exit layer {c['layer']['value']:.2f}")

    queries = []
    with open(f"{a.root}/samples/scifact/queries-train-in-subset.jsonl", encoding="utf-8") as f:
        for line in f:
            queries.append(json.loads(line))
    print(f"== {a.queries} leap_neural queries (SciFact train claims; * marks a document the qrels call relevant)")
    for q in queries[:a.queries]:
        t0 = time.time()
        query = {"query_text": q["text"], "model_id": MODEL, "k": 5}
        if chunked:
            query["inner_hits"] = {"size": 1, "_source": {"includes": ["chunks.text", "chunks.exit_layer"]}}
        r = call(base, "POST", "/scifact/_search", {
            "size": 5, "_source": ["title", vec + "_exit_layer"], "query": {"leap_neural": {vec: query}}})
        ms = (time.time() - t0) * 1000
        hits = r["hits"]["hits"]
        tag = hits[0]["matched_queries"][0] if hits else "no hits"
        query_exit = tag.split("exit_layer=")[1].split(",")[0] if "exit_layer=" in tag else "?"
        print(f"\n   Q{q['_id']}: {q['text']}")
        print(f"   query exit layer {query_exit}/12, {ms:.0f} ms round trip ({r['took']} ms in OpenSearch)")
        for rank, h in enumerate(hits, 1):
            mark = "*" if h["_id"] in q["relevant"] else " "
            if chunked:
                best = h["inner_hits"]["chunks"]["hits"]["hits"][0]
                layer = best["_source"]["exit_layer"]
                print(f"   {mark}{rank}. {h['_score']:.4f}  [{h['_id']}] {h['_source']['title'][:90]}")
                print(f"        best chunk #{best['_nested']['offset']}, exit layer {layer:>2}: {best['_source']['text'][:100]}")
            else:
                layer = h["_source"].get(vec + "_exit_layer")
                print(f"   {mark}{rank}. {h['_score']:.4f}  doc exit layer {layer:>2}  [{h['_id']}] {h['_source']['title'][:90]}")

    print("\n== a theta change is hot: theta 0.80 for the next query, then back")
    call(base, "PUT", f"/_plugins/_leap/models/{MODEL}/_settings", {"theta": 0.80})
    r = call(base, "POST", "/scifact/_search", {"size": 1, "_source": False, "query": {"leap_neural": {
        vec: {"query_text": queries[0]["text"], "k": 1}}}})
    print("   " + r["hits"]["hits"][0]["matched_queries"][0])
    back = call(base, "PUT", f"/_plugins/_leap/models/{MODEL}/_settings", {"theta": settings["theta"]})
    print(f"   restored theta {back['settings']['theta']} (settings version {back['settings']['version']})")

    print("\n== stats (GET /_plugins/_leap/stats)")
    stats = call(base, "GET", "/_plugins/_leap/stats")
    for node_id, node in stats["nodes"].items():
        m = node["models"][MODEL]
        for path in ("ingest", "query"):
            s = m[path]
            print(f"   {path:6s} requests={s['requests']} texts={s['texts']} truncated={s['truncated_texts']} errors={s['errors']}"
                  f" mean_layers={s['mean_layers']} layer_reduction={s['layer_reduction']}"
                  f" p50={s['encode_latency_p50_ms']} ms p99={s['encode_latency_p99_ms']} ms device={m['device']}")
            print(f"          exit-layer histogram {s['exit_layer_histogram']}")


if __name__ == "__main__":
    main()
