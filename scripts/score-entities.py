#!/usr/bin/env python3
"""Score extracted entities against a per-article gold file.

usage: score-entities.py GOLD.json PRED.ndjson [--json] [-v]

GOLD: {doc: {person|org|place: {canonical: [aliases]}, optional: [names]}} (shared/gold/seeds.entities.json).
PRED lines: {doc or path, name, type: person|org|place}. A predicted name is right when it folds to the
gold canonical name or one of its aliases; names listed as optional count neither way.
"""
import json, os, re, sys, unicodedata
from collections import defaultdict


def fold(s):
    s = unicodedata.normalize("NFKD", s or "")
    s = "".join(c for c in s if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", re.sub(r"[^\w]+", " ", s.lower())).strip()


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("-")]
    gold = json.load(open(args[0]))
    pred = defaultdict(lambda: defaultdict(set))
    for line in open(args[1]):
        if not line.strip():
            continue
        d = json.loads(line)
        doc = os.path.splitext(os.path.basename(str(d.get("doc") or d.get("path"))))[0]
        pred[doc][d["type"]].add(d["name"])
    verbose = "-v" in sys.argv
    out = {}
    for typ in ("person", "org", "place"):
        tp = fp = fn = 0
        for doc, g in gold.items():
            entries = g.get(typ, {})
            aliases = {fold(a) for n, al in entries.items() for a in al + [n]}
            optional = [fold(o) for o in g.get("optional", [])]
            names = {fold(n) for n in pred[doc][typ]}
            for p in names:
                if p in aliases:
                    tp += 1
                elif not any(p in o or o in p for o in optional):
                    fp += 1
                    if verbose:
                        print(f"  FP {typ} {doc} {p}")
            for n, al in entries.items():
                if not ({fold(n)} | {fold(a) for a in al}) & names:
                    fn += 1
                    if verbose:
                        print(f"  FN {typ} {doc} {n}")
        P, R = tp / max(1, tp + fp), tp / max(1, tp + fn)
        out[typ] = dict(P=round(P, 3), R=round(R, 3), tp=tp, fp=fp, fn=fn)
    if "--json" in sys.argv:
        print(json.dumps(out))
    else:
        for typ, o in out.items():
            print(f"{typ}: " + " ".join(f"{k}={v}" for k, v in o.items()))


if __name__ == "__main__":
    main()
