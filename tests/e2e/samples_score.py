#!/usr/bin/env python3
"""Scores marsad on the sample corpus against samples/corpus/expected.tsv.

    samples_score.py MARSAD ROOT extract   # per field: how many reports right
    samples_score.py MARSAD ROOT stories DB  # B-cubed F1 of events, storylines

Prints "name value" lines that test_samples.sh compares with its floors, and
with -v the reports that miss."""
import csv
import json
import os
import subprocess
import sys


def run(marsad, *args):
    return subprocess.run([marsad, *args], capture_output=True, text=True, check=True).stdout


def expected(root):
    path = os.path.join(root, 'samples', 'corpus', 'expected.tsv')
    with open(path, encoding='utf-8') as f:
        return list(csv.DictReader(f, delimiter='\t'))


def extract(marsad, root, verbose):
    corpus = os.path.join(root, 'samples', 'corpus')
    rows = expected(root)
    clutter = {}
    with open(os.path.join(corpus, 'clutter.tsv'), encoding='utf-8') as f:
        for c in csv.DictReader(f, delimiter='\t'):
            clutter.setdefault(c['path'], []).append(c)
    right = {'title': 0, 'outlet': 0, 'date': 0, 'author': 0, 'clean': 0}
    for r in rows:
        a = json.loads(run(marsad, 'extract', '--json', os.path.join(corpus, r['path'])).splitlines()[0])
        got = {'title': a['title'] or '', 'outlet': a['outlet'] or '',
               'date': (a['published'] or '')[:10], 'author': a['author'] or ''}
        for k in got:
            if got[k].strip() == r[k].strip():
                right[k] += 1
            elif verbose:
                print(f"{r['path']}: {k}: got {got[k]!r}, want {r[k]!r}", file=sys.stderr)
        # No line the answer file calls clutter may be a paragraph of the body.
        # A repeated lead keeps its first print: it may be there once.
        paragraphs = [p.strip() for p in (a['body'] or '').split('\n') if p.strip()]
        leaked = [c['text'] for c in clutter.get(r['path'], [])
                  if paragraphs.count(c['text'].strip()) > (1 if c['kind'].endswith('repeat') else 0)]
        if not leaked:
            right['clean'] += 1
        elif verbose:
            print(f"{r['path']}: clutter kept: {leaked}", file=sys.stderr)
    print(f"reports {len(rows)}")
    for k, v in right.items():
        print(f"{k} {v}")


def bcubed(pred, gold):
    items = list(gold)
    p = r = 0.0
    for i in items:
        same_pred = [j for j in items if pred[j] == pred[i]]
        same_gold = [j for j in items if gold[j] == gold[i]]
        both = sum(1 for j in same_pred if gold[j] == gold[i])
        p += both / len(same_pred)
        r += both / len(same_gold)
    p /= len(items)
    r /= len(items)
    return 2 * p * r / (p + r) if p + r else 0.0


def stories(marsad, root, db, verbose):
    rows = {r['path']: r for r in expected(root)}
    origin = {a['id']: a['origin'] for a in json.loads(run(marsad, '--db', db, 'articles', '--json', '--limit', '0'))}
    event, storyline = {}, {}
    for s in json.loads(run(marsad, '--db', db, 'stories', '--json', '--limit', '0')):
        story = json.loads(run(marsad, '--db', db, 'story', str(s['id']), '--json'))
        for e in story['events']:
            for a in e['article_ids']:
                event[a] = e['id']
                storyline[a] = s['id']
    pe, ge, ps, gs = {}, {}, {}, {}
    for aid, path in origin.items():
        rel = '/'.join(path.split('/')[-2:])  # outlet folder and file
        if rel not in rows:
            continue
        ge[aid], gs[aid] = rows[rel]['event'], rows[rel]['storyline']
        pe[aid], ps[aid] = event.get(aid, -aid), storyline.get(aid, -aid)
        if verbose:
            print(f"{rel}\t{rows[rel]['event']}\t{pe[aid]}\t{rows[rel]['storyline']}\t{ps[aid]}", file=sys.stderr)
    print(f"articles {len(ge)}")
    print(f"events_bcubed_f1 {bcubed(pe, ge):.3f}")
    print(f"storylines_bcubed_f1 {bcubed(ps, gs):.3f}")


if __name__ == '__main__':
    args = [a for a in sys.argv[1:] if a != '-v']
    verbose = '-v' in sys.argv
    if len(args) >= 3 and args[2] == 'extract':
        extract(args[0], args[1], verbose)
    elif len(args) >= 4 and args[2] == 'stories':
        stories(args[0], args[1], args[3], verbose)
    else:
        sys.exit(__doc__)
