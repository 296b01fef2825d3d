"""Drift figures of a model through a running node with this plugin: for each theta, the SciFact titles are embedded
into a fresh index at that theta, SciFact claims are searched with leap_neural, and the drift monitor (sample rate 1)
measures every query against its full-depth shadow (NN@10 of the two k-NN hit lists, query cosine) and every ingested
title (document cosine). Prints the drift report's figures per theta, then restores the model's settings.
Standard library only; run it as: python3 bin/leap_drift.py --url http://127.0.0.1:9200 [--model M] [--thetas 0.90,0.95]"""
import argparse
import json
import os
import sys
import time

from leap_demo import call

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def lines(path, n):
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            out.append(json.loads(line))
            if len(out) == n:
                break
    return out


def report(base, model):
    nodes = call(base, "GET", f"/_plugins/_leap/models/{model}/_drift")["nodes"]
    if len(nodes) != 1:
        sys.exit(f"expected one node, got {len(nodes)}: this script reads a single node's report")
    return next(iter(nodes.values()))


def settled(base, model, before, timeout=900):
    """Waits until no sample is queued or running; returns the report and the samples dropped, failed or stale since
    `before`."""
    deadline = time.time() + timeout
    while True:
        r = report(base, model)
        if r["totals"]["in_flight"] == 0:
            return r, {k: r["totals"][k] - before["totals"][k] for k in ("dropped", "errors", "stale")}
        if time.time() > deadline:
            sys.exit(f"drift samples still in flight after {timeout} s: {json.dumps(r)[:600]}")
        time.sleep(1)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--url", default="http://127.0.0.1:9200")
    p.add_argument("--model", default="leap-bge-small", help="a model loaded on the node")
    p.add_argument("--thetas", default="0.90,0.95")
    p.add_argument("--patience", type=int, default=1, help="the exit rule's k")
    p.add_argument("--min-layer", type=int, default=6, help="the exit rule's l_min")
    p.add_argument("--docs", type=int, default=2000)
    p.add_argument("--queries", type=int, default=50)
    p.add_argument("--queries-file", default=f"{ROOT}/samples/scifact/queries-train-in-subset.jsonl",
                   help="JSON lines with a 'text' field (only the text is used), e.g. ../shared/data/beir/scifact/queries.jsonl")
    a = p.parse_args()
    base = a.url
    docs = lines(f"{ROOT}/samples/scifact/corpus-2000.jsonl", a.docs)
    claims = lines(a.queries_file, a.queries)
    saved = call(base, "GET", f"/_plugins/_leap/models/{a.model}")["models"][a.model]["settings"]
    call(base, "PUT", "/_ingest/pipeline/leap-drift", {"processors": [{"leap_text_embedding": {
        "model_id": a.model, "field_map": {"title": "vec"}, "batch_size": 64}}]})
    print(f"{a.model}: {len(docs)} SciFact titles, {len(claims)} SciFact claims, k {a.patience}, l_min {a.min_layer},"
          f" sample rate 1.0, NN@10; documents embedded at the same theta as the queries")
    print("theta  queries  nn10_mean  nn10_fail_share  query_cos  docs   doc_cos  query_exit_layers    lost samples"
          "                             alarm")
    try:
        for theta in [float(t) for t in a.thetas.split(",")]:
            call(base, "PUT", f"/_plugins/_leap/models/{a.model}/_settings", {
                "theta": theta, "k": a.patience, "l_min": a.min_layer, "drift": {"sample_rate": 1.0, "auto_raise_theta": False}})
            before = report(base, a.model)
            call(base, "DELETE", "/drift")
            call(base, "PUT", "/drift", {
                "settings": {"index.knn": True, "number_of_shards": 1, "number_of_replicas": 0},
                "mappings": {"properties": {"title": {"type": "text"}, "vec": {
                    "type": "knn_vector", "dimension": 384,
                    "method": {"name": "hnsw", "engine": "lucene", "space_type": "cosinesimil"}}}}})
            for i in range(0, len(docs), 200):
                bulk = []
                for d in docs[i:i + 200]:
                    bulk.append(json.dumps({"index": {"_index": "drift", "_id": d["_id"]}}))
                    bulk.append(json.dumps({"title": d["title"]}, ensure_ascii=False))
                r = call(base, "POST", "/_bulk?pipeline=leap-drift", "\n".join(bulk) + "\n", ndjson=True)
                if r.get("errors"):
                    sys.exit("bulk failed: " + json.dumps([it for it in r["items"] if it["index"].get("error")][:2]))
            call(base, "POST", "/drift/_refresh")
            # the documents' shadow encodes finish before the queries start, so that the drift queue has room for them
            settled(base, a.model, before)
            for q in claims:
                call(base, "POST", "/drift/_search", {"size": 10, "_source": False, "query": {
                    "leap_neural": {"vec": {"query_text": q["text"], "model_id": a.model, "k": 10}}}})
            r, lost = settled(base, a.model, before)
            q, d = r["query"], r["document"]
            print(f"{theta:<6} {q['samples']:<8} {q['nn10_mean']:<10} {q['nn10_fail_share']:<16} {q['cosine_mean']:<10}"
                  f" {d['samples']:<6} {d['cosine_mean']:<8} {json.dumps(q['exit_layer_histogram']):<20}"
                  f" {json.dumps(lost):<40} {r['alarm']}", flush=True)
    finally:
        call(base, "PUT", f"/_plugins/_leap/models/{a.model}/_settings", {
            "theta": saved["theta"], "k": saved["k"], "l_min": saved["l_min"], "drift": saved["drift"]})
        call(base, "DELETE", "/drift")


if __name__ == "__main__":
    main()
