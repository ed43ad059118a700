#!/usr/bin/python3
"""Comparison extractor for bench/compare_html.sh: readability-lxml (Debian
python3-readability; run with /usr/bin/python3) over a directory of .html /
.html.gz pages, in one process (read, gunzip, parse, extract). Prints
{"id","articleBody"} a line, or with --time only a summary line."""
import gzip
import json
import logging
import os
import sys
import time

import lxml.html
from readability import Document


def main():
    args = sys.argv[1:]
    time_only = bool(args) and args[0] == "--time"
    if time_only:
        args = args[1:]
    if not args:
        print("usage: readability_lxml.py [--time] DIR", file=sys.stderr)
        return 2
    logging.disable(logging.CRITICAL)
    directory = args[0]
    names = sorted(n for n in os.listdir(directory) if ".htm" in n)
    start = time.monotonic()
    total = 0
    for name in names:
        path = os.path.join(directory, name)
        opener = gzip.open if name.endswith(".gz") else open
        with opener(path, "rb") as f:
            data = f.read()
        total += len(data)
        try:
            summary = Document(data.decode("utf8", "replace")).summary(html_partial=True)
            text = lxml.html.fromstring(summary).text_content() if summary.strip() else ""
        except Exception:
            text = ""
        if not time_only:
            print(json.dumps({"id": name.split(".")[0], "articleBody": text}))
    secs = time.monotonic() - start
    if time_only:
        print(f"readability-lxml: {len(names)} pages, {total / 1e6:.1f} MB, {secs:.3f} s, "
              f"{len(names) / secs:.0f} pages/s, {total / 1e6 / secs:.1f} MB/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
