#!/usr/bin/env python3
"""Checks that samples/corpus agrees with its answer files.

The end-to-end tests trust expected.tsv and clutter.tsv to describe the report
files exactly (titles, outlets, dates, which lines are clutter), so any edit to
a report must keep them in step; run this after every edit.

    python3 samples/check.py                  # consistency; exit 1 on any error
    python3 samples/check.py --body PATH      # print the body a report should yield
    python3 samples/check.py --against DIR..  # list 8-word runs shared with other texts

--against is how the corpus was checked for text taken from the evaluation data
(seeds, data sets): it reads .txt, .json, .jsonl, .tsv, .csv and their .gz forms.
"""
import argparse
import gzip
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, 'corpus')
EXPECTED_COLUMNS = ['path', 'outlet', 'outlet_how', 'outlet_text', 'author', 'date', 'date_text',
                    'event', 'storyline', 'reprint_of', 'title']
CLUTTER_COLUMNS = ['path', 'line', 'kind', 'text']
CLUTTER_KINDS = {'nav', 'label', 'time', 'dateline', 'byline', 'lead-in', 'caption', 'title-repeat',
                 'title-variant', 'lead-repeat', 'prefix', 'sign-off', 'source', 'tags', 'share',
                 'comment', 'related', 'donate', 'copyright'}
OUTLET_HOWS = {'byline', 'lead-in', 'attribution', 'sign-off', 'copyright', 'donate', 'dateline'}
DATE_RE = re.compile(r'^(\d{4}-\d{2}-\d{2}|--\d{2}-\d{2})?$')

errors = []


def error(msg):
    errors.append(msg)


def read_tsv(name, columns):
    path = os.path.join(CORPUS, name)
    with open(path, encoding='utf-8') as f:
        rows = [line.rstrip('\n').split('\t') for line in f]
    if rows[0] != columns:
        error('%s: header is %r, expected %r' % (name, rows[0], columns))
    out = []
    for i, row in enumerate(rows[1:], 2):
        if len(row) != len(columns):
            error('%s:%d: %d fields, expected %d' % (name, i, len(row), len(columns)))
            continue
        out.append(dict(zip(columns, row)))
    return out


def read_report(rel):
    with open(os.path.join(CORPUS, rel), 'rb') as f:
        raw = f.read()
    try:
        text = raw.decode('utf-8')
    except UnicodeDecodeError as e:
        error('%s: not UTF-8 (%s)' % (rel, e))
        return []
    if '\r' in text or '\t' in text:
        error('%s: contains CR or TAB' % rel)
    if not text.endswith('\n'):
        error('%s: no final newline' % rel)
    return text[:-1].split('\n') if text.endswith('\n') else text.split('\n')


def body_lines(lines, title, clutter_rows):
    """The non-blank lines a correct extractor keeps as body, prefixes removed."""
    dropped = {}
    for c in clutter_rows:
        dropped[int(c['line'])] = c
    out = []
    title_seen = False
    for i, line in enumerate(lines, 1):
        if not line.strip():
            continue
        c = dropped.get(i)
        if c is None:
            if line == title and not title_seen:
                title_seen = True
                continue
            out.append(line)
        elif c['kind'] == 'prefix':
            out.append(line[len(c['text']):])
    return out


def shingles(lines, n=5):
    words = ' '.join(lines).split()
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def check():
    expected = read_tsv('expected.tsv', EXPECTED_COLUMNS)
    clutter = read_tsv('clutter.tsv', CLUTTER_COLUMNS)
    by_path = {}
    for row in expected:
        if row['path'] in by_path:
            error('expected.tsv: %s listed twice' % row['path'])
        by_path[row['path']] = row
    on_disk = set()
    for d, _, files in os.walk(CORPUS):
        for name in files:
            if name.endswith('.txt'):
                on_disk.add(os.path.relpath(os.path.join(d, name), CORPUS))
    for p in sorted(on_disk - set(by_path)):
        error('%s: not in expected.tsv' % p)
    for p in sorted(set(by_path) - on_disk):
        error('%s: in expected.tsv but missing' % p)

    clutter_by_path = {}
    for c in clutter:
        clutter_by_path.setdefault(c['path'], []).append(c)
        if c['path'] not in by_path:
            error('clutter.tsv: %s is not a report' % c['path'])
        if c['kind'] not in CLUTTER_KINDS:
            error('clutter.tsv: %s:%s: unknown kind %r' % (c['path'], c['line'], c['kind']))

    bodies = {}
    for rel, row in sorted(by_path.items()):
        if rel not in on_disk:
            continue
        lines = read_report(rel)
        text = '\n'.join(lines)
        rows = clutter_by_path.get(rel, [])
        for c in rows:
            n = int(c['line'])
            if not 1 <= n <= len(lines):
                error('%s:%d: clutter line out of range' % (rel, n))
                continue
            line = lines[n - 1]
            if c['kind'] == 'prefix':
                if not (line.startswith(c['text']) and len(line) > len(c['text'])):
                    error('%s:%d: line does not start with prefix %r' % (rel, n, c['text']))
            elif line != c['text']:
                error('%s:%d: clutter text differs from the line' % (rel, n))
            if not c['text'].strip():
                error('%s:%d: blank clutter line' % (rel, n))
        clutter_lines = {int(c['line']) for c in rows}
        title_at = [i for i, l in enumerate(lines, 1) if l == row['title'] and i not in clutter_lines]
        if len(title_at) != 1:
            error('%s: title occurs %d times outside clutter (want 1)' % (rel, len(title_at)))
        if row['outlet_how'] not in OUTLET_HOWS:
            error('%s: unknown outlet_how %r' % (rel, row['outlet_how']))
        if not row['outlet_text'] or row['outlet_text'] not in text:
            error('%s: outlet_text %r not in the report' % (rel, row['outlet_text']))
        if row['author'] and row['author'] not in text:
            error('%s: author %r not in the report' % (rel, row['author']))
        if not DATE_RE.match(row['date']):
            error('%s: bad date %r' % (rel, row['date']))
        if bool(row['date']) != bool(row['date_text']):
            error('%s: date and date_text must be both set or both empty' % rel)
        if row['date_text'] and row['date_text'] not in text:
            error('%s: date_text %r not in the report' % (rel, row['date_text']))
        if not re.match(r'^E\d+$', row['event']) or not re.match(r'^S\d+$', row['storyline']):
            error('%s: bad event/storyline label' % rel)
        body = body_lines(lines, row['title'], rows)
        if len(body) < 3:
            error('%s: only %d body lines' % (rel, len(body)))
        bodies[rel] = body

    story_of_event = {}
    for rel, row in by_path.items():
        s = story_of_event.setdefault(row['event'], row['storyline'])
        if s != row['storyline']:
            error('%s: event %s is in two storylines' % (rel, row['event']))
        src = row['reprint_of']
        if not src:
            continue
        if src not in by_path:
            error('%s: reprint_of %s is not a report' % (rel, src))
            continue
        if by_path[src]['event'] != row['event']:
            error('%s: reprint of a report of another event' % rel)
        a, b = shingles(bodies.get(rel, [])), shingles(bodies.get(src, []))
        overlap = len(a & b) / max(1, min(len(a), len(b)))
        if overlap < 0.8:
            error('%s: only %.2f of its 5-word shingles are in %s' % (rel, overlap, src))
    return by_path


def json_unescape(line):
    return re.sub(r'\\u([0-9a-fA-F]{4})', lambda m: chr(int(m.group(1), 16)), line)


def files_under(paths):
    for top in paths:
        if not os.path.isdir(top):
            yield top
            continue
        for d, _, names in os.walk(top):
            for name in sorted(names):
                if re.search(r'\.(txt|jsonl?|tsv|csv)(\.gz)?$', name):
                    yield os.path.join(d, name)


def against(paths, by_path, n=8):
    """Prints every n-word run of the corpus that also occurs in the given files."""
    mine = {}
    for rel in by_path:
        lines = read_report(rel)
        for line in lines:
            words = re.findall(r'\w+', line)
            for i in range(len(words) - n + 1):
                mine.setdefault(' '.join(words[i:i + n]), rel)
    found = {}
    for p in files_under(paths):
        opener = gzip.open if p.endswith('.gz') else open
        with opener(p, 'rt', encoding='utf-8', errors='replace') as f:
            for line in f:
                if '\\u' in line:  # JSON escapes: compare the characters, not the escapes
                    line = json_unescape(line)
                words = re.findall(r'\w+', line)
                for i in range(len(words) - n + 1):
                    key = ' '.join(words[i:i + n])
                    if key in mine and key not in found:
                        found[key] = (mine[key], p)
    for key, (rel, p) in sorted(found.items(), key=lambda kv: kv[1]):
        print('%s\t%s\t%s' % (rel, p, key))
    print('%d shared %d-word runs' % (len(found), n), file=sys.stderr)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--body', metavar='PATH', help='print the expected body of one report')
    ap.add_argument('--against', nargs='+', metavar='PATH', help='texts to compare with')
    ap.add_argument('--corpus', metavar='DIR', help='check another copy of the corpus')
    args = ap.parse_args()
    global CORPUS
    if args.corpus:
        CORPUS = os.path.abspath(args.corpus)
    by_path = check()
    if args.body:
        rel = os.path.relpath(os.path.abspath(args.body), CORPUS) if os.path.exists(args.body) else args.body
        rows = [c for c in read_tsv('clutter.tsv', CLUTTER_COLUMNS) if c['path'] == rel]
        for line in body_lines(read_report(rel), by_path[rel]['title'], rows):
            print(line)
    if args.against:
        against(args.against, by_path)
    for e in errors:
        print('error: ' + e, file=sys.stderr)
    if not args.body and not args.against:
        events = {r['event'] for r in by_path.values()}
        stories = {r['storyline'] for r in by_path.values()}
        outlets = {r['outlet'] for r in by_path.values()}
        print('%d reports, %d events, %d storylines, %d outlets: %s' %
              (len(by_path), len(events), len(stories), len(outlets), 'FAILED' if errors else 'ok'))
    return 1 if errors else 0


if __name__ == '__main__':
    sys.exit(main())
