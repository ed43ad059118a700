#!/bin/sh
# Side-by-side speed of HTML article extraction: marsad (bench/aeb_run.c)
# against Mozilla Readability (jsdom) and readability-lxml, each run as one
# process over the same pages (read .gz, gunzip, parse, extract), timed with
# /usr/bin/time -v; prints MB/s (uncompressed HTML), pages/s and peak RSS,
# the median of ROUNDS runs (default 3) interleaved so that machine load
# hits every tool alike. With an AEB directory (html/ + ground-truth.json)
# it also scores each tool's output with bench/aeb_eval.py.
#
# Usage: bench/compare_html.sh [--skip-mozilla] [--big] PAGES_DIR|AEB_DIR [BUILD_DIR]
#   --big            also extract one generated 100 MB page (deep nesting and
#                    long text) with marsad: time, RSS, and that it finishes
#   --skip-mozilla   leave out Mozilla Readability (slow: about a minute a round)
# Environment: ROUNDS (default 3), DRIVER (a prebuilt bench/aeb_run.c binary).
# Needs: a marsad build (make BUILD=build), python3-readability (Debian) for
# /usr/bin/python3, node with `npm install` run in bench/.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
ROUNDS=${ROUNDS:-3}
MOZILLA=1
BIG=0
while [ $# -gt 0 ]; do
    case $1 in
    --skip-mozilla) MOZILLA=0; shift ;;
    --big) BIG=1; shift ;;
    *) break ;;
    esac
done
[ $# -ge 1 ] || { echo "usage: $0 [--skip-mozilla] [--big] PAGES_DIR|AEB_DIR [BUILD_DIR]" >&2; exit 2; }
DATA=$1
BUILD=${2:-build}
PAGES=$DATA
[ -d "$DATA/html" ] && PAGES=$DATA/html
TMP=$(mktemp -d /tmp/marsad-compare-XXXXXX)
trap 'rm -rf "$TMP"' EXIT

# The driver, built against the library (or given as DRIVER=path).
DRIVER=${DRIVER:-$ROOT/$BUILD/aeb_run}
if [ ! -x "$DRIVER" ] || [ "$DRIVER" -ot "$ROOT/$BUILD/libmarsad.a" ]; then
    LIBS=$(pkg-config --libs jansson libutf8proc libexttextcat libxxhash libzstd sqlite3 zlib \
        libmicrohttpd icu-uc icu-i18n)
    # libdeflate gunzips about twice as fast as zlib when it is installed
    DEFLATE_CFLAGS=
    DEFLATE_LIBS=
    if [ -f /usr/include/libdeflate.h ]; then
        DEFLATE_CFLAGS=-DAEB_LIBDEFLATE
        DEFLATE_LIBS=-ldeflate
    fi
    # shellcheck disable=SC2086
    cc -std=c11 -D_GNU_SOURCE -O2 $DEFLATE_CFLAGS -I"$ROOT/include" -I"$ROOT/src" -I"$ROOT/tests" \
        "$ROOT/bench/aeb_run.c" "$ROOT/$BUILD/libmarsad.a" $LIBS $DEFLATE_LIBS -lstemmer -lm \
        -lpthread -o "$DRIVER"
fi

NPAGES=$(find "$PAGES" -maxdepth 1 -name '*.htm*' | wc -l)
BYTES=$(for f in "$PAGES"/*.htm*; do case $f in *.gz) gzip -dc "$f" ;; *) cat "$f" ;; esac; done | wc -c)

# run NAME CMD...: one timed run; appends "wall_seconds max_rss_kb cpu_seconds" to $TMP/NAME.
# Peak RSS is /usr/bin/time -v's; wall and CPU (user + system) time are taken
# around the same process with microsecond resolution (a run of marsad lasts
# a fraction of a second, below what /usr/bin/time's centiseconds resolve).
# The wrapper is /usr/bin/python3 itself: a pyenv shim would count its own
# helper processes as children.
run() {
    name=$1
    shift
    /usr/bin/python3 - "$TMP/$name.clock" /usr/bin/time -v "$@" >"$TMP/$name.out" 2>"$TMP/$name.time" <<'EOF2' || {
import resource, subprocess, sys, time
start = time.perf_counter()
rc = subprocess.run(sys.argv[2:]).returncode
wall = time.perf_counter() - start
r = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(sys.argv[1], "w") as f:
    f.write(f"{wall:.6f} {r.ru_utime + r.ru_stime:.6f}\n")
sys.exit(rc)
EOF2
        echo "$name failed:" >&2
        tail -5 "$TMP/$name.time" >&2
        return 1
    }
    rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$TMP/$name.time")
    read -r wall cpu <"$TMP/$name.clock"
    echo "$wall $rss $cpu" >>"$TMP/$name"
}

TOOLS="marsad readability-lxml"
[ "$MOZILLA" = 1 ] && TOOLS="$TOOLS readability.js"
i=0
while [ "$i" -lt "$ROUNDS" ]; do
    run marsad "$DRIVER" --time "$PAGES"
    run readability-lxml /usr/bin/python3 "$ROOT/bench/readability_lxml.py" --time "$PAGES"
    [ "$MOZILLA" = 1 ] && run readability.js node "$ROOT/bench/readability_mozilla.js" --time "$PAGES"
    i=$((i + 1))
done

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
printf '%d pages, %.1f MB of HTML, median of %d runs; %s\n' "$NPAGES" \
    "$(echo "$BYTES / 1000000" | bc -l)" "$ROUNDS" "$(sed -n 's/^marsad (\(gunzip: [a-z]*\)).*/\1/p' "$TMP/marsad.out")"
# Wall-clock figures, and the same from CPU time (user + system), which a
# machine shared with other work disturbs less.
printf '%-18s %9s %9s %9s %12s %10s %10s\n' tool "wall s" pages/s MB/s "peak RSS MB" "CPU s" "CPU pg/s"
for t in $TOOLS; do
    s=$(cut -d' ' -f1 "$TMP/$t" | median)
    r=$(cut -d' ' -f2 "$TMP/$t" | median)
    c=$(cut -d' ' -f3 "$TMP/$t" | median)
    printf '%-18s %9.3f %9.0f %9.1f %12.0f %10.3f %10.0f\n' "$t" "$s" "$(echo "$NPAGES / $s" | bc -l)" \
        "$(echo "$BYTES / 1000000 / $s" | bc -l)" "$(echo "$r / 1024" | bc -l)" "$c" \
        "$(echo "$NPAGES / $c" | bc -l)"
done
for t in $TOOLS; do
    [ "$t" = marsad ] && continue
    w1=$(cut -d' ' -f1 "$TMP/marsad" | median)
    w2=$(cut -d' ' -f1 "$TMP/$t" | median)
    c1=$(cut -d' ' -f3 "$TMP/marsad" | median)
    c2=$(cut -d' ' -f3 "$TMP/$t" | median)
    printf 'marsad vs %-16s %.1fx pages/s (wall), %.1fx (CPU)\n' "$t:" "$(echo "$w2 / $w1" | bc -l)" \
        "$(echo "$c2 / $c1" | bc -l)"
done

# Accuracy on the same pages, when the ground truth is there.
if [ -f "$DATA/ground-truth.json" ]; then
    echo "accuracy (bench/aeb_eval.py):"
    "$DRIVER" "$PAGES" >"$TMP/marsad.jsonl"
    /usr/bin/python3 "$ROOT/bench/readability_lxml.py" "$PAGES" >"$TMP/lxml.jsonl"
    [ "$MOZILLA" = 1 ] && node "$ROOT/bench/readability_mozilla.js" "$PAGES" >"$TMP/moz.jsonl"
    for pair in marsad:marsad.jsonl readability-lxml:lxml.jsonl readability.js:moz.jsonl; do
        name=${pair%%:*}
        file=$TMP/${pair#*:}
        [ -f "$file" ] || continue
        python3 -c 'import json,sys; print(json.dumps({(o:=json.loads(l))["id"]: o for l in open(sys.argv[1]) if l.strip()}))' \
            "$file" >"$file.json"
        printf '  %-18s ' "$name"
        python3 "$ROOT/bench/aeb_eval.py" --pred "$file.json" "$DATA" | sed -n 2p
    done
fi

# One 100 MB page: deep nesting, long paragraphs, stray markup. It must
# finish, in time linear in its size.
if [ "$BIG" = 1 ]; then
    python3 - "$TMP/big.html" <<'EOF'
import sys
para = "<p>The council met on Tuesday, and the vote, long delayed, finally passed. " * 4 + "</p>\n"
with open(sys.argv[1], "w") as f:
    f.write("<!DOCTYPE html><html><head><title>Big page</title></head><body>")
    f.write("<div class='wrap'>" * 20000)
    written = 0
    i = 0
    while written < 100_000_000:
        chunk = (para * 50 + "<ul><li><a href='/x'>link</a></li>" * 20 + "</ul><span><b>" * 100
                 + "unclosed <i>text &amp; more" + "\n")
        f.write(chunk)
        written += len(chunk)
        i += 1
    f.write("</div>" * 20000 + "</body></html>")
EOF
    size=$(wc -c <"$TMP/big.html")
    run big "$DRIVER" --time "$TMP/big.html"
    printf '100 MB page (%d bytes): %s s wall, %s MB peak RSS\n' "$size" \
        "$(cut -d' ' -f1 "$TMP/big")" "$(echo "$(cut -d' ' -f2 "$TMP/big") / 1024" | bc)"
fi
