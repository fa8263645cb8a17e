#!/usr/bin/python3
# Xapian as a peer engine for `npm run bench:retrieval` (bench/retrieval.ts), in a
# process of its own so its latency and resident memory are its own. It indexes
# documents that arrive already segmented (one JSON array of jieba tokens per line
# of DOCS, made by the coordinator with the same segmenter for documents and
# questions), into a disk database at DBDIR, then answers queries from stdin:
#   in:  {"tokens": ["…", …], "k": 100}
#   out: {"ms": <search time>, "ids": [<0-based line numbers of DOCS>, …]}
# Ranking: BM25 (k1 1.2, b 0.75; k2 0, k3 1: the query's terms once each), an OR
# of the question's distinct tokens — plain BM25, as in ../shared/notes/measurements.md.
# Needs Debian's python3-xapian (apt-get install python3-xapian), run by /usr/bin/python3.
import json
import sys
import time

import xapian


def build(docs_path, db_dir):
    db = xapian.WritableDatabase(db_dir, xapian.DB_CREATE_OR_OVERWRITE)
    n = 0
    with open(docs_path, encoding="utf-8") as f:
        db.begin_transaction(False)
        for line in f:
            doc = xapian.Document()
            for token in json.loads(line):
                # Xapian terms are at most 245 bytes; jieba tokens are a few characters.
                if token and len(token.encode("utf-8")) < 240:
                    doc.add_term(token)
            db.add_document(doc)
            n += 1
        db.commit_transaction()
    db.close()
    return n


def main():
    docs_path, db_dir = sys.argv[1], sys.argv[2]
    t0 = time.perf_counter()
    n = build(docs_path, db_dir)
    build_s = time.perf_counter() - t0
    db = xapian.Database(db_dir)
    enquire = xapian.Enquire(db)
    enquire.set_weighting_scheme(xapian.BM25Weight(1.2, 0, 1, 0.75, 0.5))
    print(json.dumps({"ready": True, "docs": n, "build_s": build_s, "xapian": xapian.version_string()}), flush=True)
    for line in sys.stdin:
        if not line.strip():
            continue
        req = json.loads(line)
        t = time.perf_counter()
        terms = list(dict.fromkeys(t for t in req["tokens"] if t and len(t.encode("utf-8")) < 240))
        enquire.set_query(xapian.Query(xapian.Query.OP_OR, terms))
        mset = enquire.get_mset(0, req.get("k", 100))
        ids = [m.docid - 1 for m in mset]
        ms = (time.perf_counter() - t) * 1000
        print(json.dumps({"ms": ms, "ids": ids}), flush=True)


if __name__ == "__main__":
    main()
