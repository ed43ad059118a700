#!/usr/bin/env python3
"""Scores an article extractor on the article-extraction-benchmark pages
(scrapinghub/article-extraction-benchmark: html/*.html.gz + ground-truth.json)
with that benchmark's own measure, so the figures compare with published ones.

The measure: a text's tokens are its \\w+ runs (Python re, Unicode); its
shingles are the runs of 4 consecutive tokens (a text of fewer than 4 tokens
is one shingle; an empty text has none). Per page the shingles of the truth
and of the prediction are compared as multisets: tp = shared, fp = extra in
the prediction, fn = missing from it; the three are divided by their sum so
every page weighs the same. Precision is the mean over pages of tp/(tp+fp),
recall the mean of tp/(tp+fn) (fp = fn = 0 scores 1 on both), F1 is computed
from the two means.

One detail differs between the benchmark's code and a literal reading of its
description: the code leaves a page out of the precision mean when the
prediction has no shingle at all (tp = fp = 0), where a strict reading counts
it as precision 0. Both are printed; they agree whenever every page yields
some text.

Usage:
  aeb_eval.py --driver BUILD/aeb_run AEB_DIR      run the marsad driver, then score
                                                 (the driver may carry options: --driver "aeb_run --gumbo")
  aeb_eval.py --pred predictions.json AEB_DIR     score a {id: {"articleBody": ...}} file
Options: --pages N (worst pages to list), --dump FILE (write the predictions as JSON),
         --ids FILE (score only the ids listed, one a line).
"""
import argparse
import collections
import json
import os
import re
import shlex
import subprocess
import sys

WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text, n=4):
    tokens = WORD.findall(text or "")
    if not tokens:
        return collections.Counter()
    if len(tokens) < n:
        return collections.Counter([tuple(tokens)])
    return collections.Counter(tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1))


def page_counts(truth, pred):
    """Normalized (tp, fp, fn) of one page."""
    t, p = shingles(truth), shingles(pred)
    tp = sum((t & p).values())
    fp = sum((p - t).values())
    fn = sum((t - p).values())
    total = tp + fp + fn
    if total:
        return tp / total, fp / total, fn / total
    return 0.0, 0.0, 0.0


def page_precision(tp, fp, fn):
    if fp == 0 and fn == 0:
        return 1.0
    if tp == 0 and fp == 0:
        return 0.0
    return tp / (tp + fp)


def page_recall(tp, fp, fn):
    if fp == 0 and fn == 0:
        return 1.0
    if tp == 0 and fn == 0:
        return 0.0
    return tp / (tp + fn)


def f1(p, r):
    return 2 * p * r / (p + r) if p + r else 0.0


def score(truth, preds, ids):
    rows = []
    for key in ids:
        counts = page_counts(truth[key].get("articleBody", ""), preds.get(key, ""))
        rows.append((key, counts))
    strict_p = [page_precision(*c) for _, c in rows]
    bench_p = [page_precision(*c) for _, c in rows if c[0] + c[1] > 0]
    recalls = [page_recall(*c) for _, c in rows if c[0] + c[2] > 0]
    mean = lambda xs: sum(xs) / len(xs) if xs else 0.0
    return rows, mean(strict_p), mean(bench_p), mean(recalls)


def run_driver(driver, html_dir):
    """Runs the marsad driver once over every page; it prints one JSON object
    a line: {"id": ..., "articleBody": ...}."""
    out = subprocess.run(shlex.split(driver) + [html_dir], check=True, stdout=subprocess.PIPE).stdout
    preds, extra = {}, {}
    for line in out.decode("utf8").splitlines():
        if not line.strip():
            continue
        obj = json.loads(line)
        preds[obj["id"]] = obj.get("articleBody") or ""
        extra[obj["id"]] = obj
    return preds, extra


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("aeb_dir")
    src = ap.add_mutually_exclusive_group(required=True)
    src.add_argument("--driver")
    src.add_argument("--pred")
    ap.add_argument("--pages", type=int, default=0)
    ap.add_argument("--dump")
    ap.add_argument("--ids")
    args = ap.parse_args()

    with open(os.path.join(args.aeb_dir, "ground-truth.json"), encoding="utf8") as f:
        truth = json.load(f)
    ids = sorted(truth)
    if args.ids:
        with open(args.ids) as f:
            wanted = {line.strip() for line in f if line.strip()}
        ids = [i for i in ids if i in wanted]

    if args.driver:
        preds, extra = run_driver(args.driver, os.path.join(args.aeb_dir, "html"))
    else:
        with open(args.pred, encoding="utf8") as f:
            raw = json.load(f)
        preds = {k: (v.get("articleBody") if isinstance(v, dict) else v) or "" for k, v in raw.items()}
        extra = raw
    missing = [i for i in ids if i not in preds]
    if args.dump:
        with open(args.dump, "w", encoding="utf8") as f:
            json.dump(extra, f, ensure_ascii=False, indent=1)

    rows, strict_p, bench_p, recall = score(truth, preds, ids)
    empty = sum(1 for _, c in rows if c[0] + c[1] == 0)
    print(f"pages {len(ids)}  no prediction {len(missing)}  empty {empty}")
    print(f"precision {strict_p:.4f}  recall {recall:.4f}  F1 {f1(strict_p, recall):.4f}"
          f"   (benchmark code, empty pages left out of precision: P {bench_p:.4f} F1 {f1(bench_p, recall):.4f})")
    if args.pages:
        worst = sorted(rows, key=lambda r: f1(page_precision(*r[1]), page_recall(*r[1])))[: args.pages]
        for key, c in worst:
            p, r = page_precision(*c), page_recall(*c)
            print(f"  {key[:16]}  P {p:.3f}  R {r:.3f}  F1 {f1(p, r):.3f}  {truth[key].get('url', '')[:90]}")


if __name__ == "__main__":
    sys.exit(main())
