#!/bin/sh
# Story clustering benchmark: ingests a JSON-lines corpus (SaudiNewsNet's
# articles.jsonl.gz: url, source, date_extracted, title, author, content)
# end to end with `marsad ingest` into fresh databases, and reports
#   - articles/s (median of RUNS runs) and peak RSS (the largest of the runs);
#   - how many events, storylines, copies and duplicate groups it formed;
#   - the 10 largest events: size, outlets and headlines (each should read as
#     one happening) and the 10 largest storylines;
#   - whether the cost per article stays flat: the first 5,000 articles into
#     an empty database against the last 5,000 into one that holds the rest;
#   - the clustering stage alone (bench/cluster_dev.c: features + core, CPU
#     time per article, first and last 5,000), when a C compiler is present.
# usage: bench/bench_cluster.sh [-b BUILD_DIR] [-r RUNS] [-k] CORPUS.jsonl[.gz]
#   -k keeps the scratch directory (its path is printed).
# Needs: the marsad binary of BUILD_DIR (default build), sqlite3 (the CLI),
# GNU time at /usr/bin/time.
set -eu
BUILD=build
RUNS=5
KEEP=0
while getopts b:r:k opt; do
    case $opt in
    b) BUILD=$OPTARG ;;
    r) RUNS=$OPTARG ;;
    k) KEEP=1 ;;
    *) echo "usage: $0 [-b BUILD_DIR] [-r RUNS] [-k] CORPUS.jsonl[.gz]" >&2; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
[ $# -eq 1 ] || { echo "usage: $0 [-b BUILD_DIR] [-r RUNS] [-k] CORPUS.jsonl[.gz]" >&2; exit 2; }
CORPUS=$1
ROOT=$(cd "$(dirname "$0")/.." && pwd)
MARSAD=$ROOT/$BUILD/marsad
[ -x "$MARSAD" ] || { echo "no $MARSAD (make BUILD=$BUILD first)" >&2; exit 2; }
TMP=$(mktemp -d /tmp/marsad-bench-cluster-XXXXXX)
if [ "$KEEP" -eq 0 ]; then trap 'rm -rf "$TMP"' EXIT; else echo "scratch: $TMP"; fi

case $CORPUS in
*.gz) zcat "$CORPUS" >"$TMP/corpus.jsonl" ;;
*) cp "$CORPUS" "$TMP/corpus.jsonl" ;;
esac
TOTAL=$(wc -l <"$TMP/corpus.jsonl")
echo "corpus: $CORPUS ($TOTAL lines)"

# ---- throughput and memory, RUNS fresh databases ----------------------------
: >"$TMP/runs"
i=1
while [ "$i" -le "$RUNS" ]; do
    rm -f "$TMP/db" "$TMP/db-wal" "$TMP/db-shm"
    /usr/bin/time -f "%e %M" -o "$TMP/time" "$MARSAD" --db "$TMP/db" --quiet ingest "$CORPUS" \
        >/dev/null 2>"$TMP/ingest.err" || true
    n=$(sqlite3 "$TMP/db" "SELECT count(*) FROM articles")
    # GNU time notes a non-zero exit (some records skipped) on a line of its own.
    read -r secs rss <<EOF
$(tail -n 1 "$TMP/time")
EOF
    rate=$(awk -v n="$n" -v s="$secs" 'BEGIN { printf "%.0f", n / s }')
    echo "run $i: $n articles in ${secs}s = $rate articles/s, peak RSS $((rss / 1024)) MB"
    echo "$rate $rss" >>"$TMP/runs"
    i=$((i + 1))
done
median=$(cut -d' ' -f1 "$TMP/runs" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
peak=$(cut -d' ' -f2 "$TMP/runs" | sort -n | tail -1)
echo "median: $median articles/s; peak RSS $((peak / 1024)) MB (of $RUNS runs)"
echo "skipped by extraction: $(grep -c 'skipped' "$TMP/ingest.err" || true)"

# ---- what the clustering formed --------------------------------------------
sqlite3 "$TMP/db" <<'EOF'
.mode list
.separator " "
SELECT 'articles', count(*) FROM cluster_articles;
SELECT 'events', count(DISTINCT event) FROM cluster_articles;
SELECT 'storylines', count(DISTINCT storyline) FROM story_articles;
SELECT 'events with more than one article', count(*) FROM
  (SELECT event FROM cluster_articles GROUP BY event HAVING count(*) > 1);
SELECT 'storylines with more than one event', count(*) FROM
  (SELECT storyline FROM story_articles GROUP BY storyline HAVING count(DISTINCT event) > 1);
SELECT 'copies (exact or near duplicates)', count(*) FROM cluster_articles WHERE duplicate_of > 0;
SELECT 'duplicate groups (an original and its copies)', count(DISTINCT duplicate_of)
  FROM cluster_articles WHERE duplicate_of > 0;
SELECT 'event merges', count(*) FROM cluster_merges WHERE kind = 'event';
SELECT 'storyline merges', count(*) FROM cluster_merges WHERE kind = 'storyline';
EOF

echo
echo "10 largest events (articles, outlets; first headlines):"
sqlite3 "$TMP/db" "SELECT event FROM cluster_articles GROUP BY event ORDER BY count(*) DESC, event LIMIT 10" |
    while read -r ev; do
        sqlite3 -separator ' ' "$TMP/db" \
            "SELECT 'event', $ev, count(*), 'articles,', count(DISTINCT outlet), 'outlets:',
                    group_concat(DISTINCT outlet) FROM cluster_articles WHERE event = $ev"
        sqlite3 "$TMP/db" "SELECT '    ' || date(time, 'unixepoch') || '  ' || coalesce(outlet, '-') || '  ' ||
                                  substr(title, 1, 90) || CASE WHEN duplicate_of > 0 THEN '  [copy]' ELSE '' END
                           FROM cluster_articles WHERE event = $ev ORDER BY time, article_id LIMIT 5"
    done

echo
echo "10 largest storylines:"
"$MARSAD" --db "$TMP/db" stories --limit 0 --json |
    python3 -c 'import json,sys
s=sorted(json.load(sys.stdin), key=lambda x: -x["articles"])[:10]
for x in s: print("  storyline %d: %d articles, %d events, %d outlets: %s" % (x["id"], x["articles"], x["events"], x["outlets"], x["headline"][:90]))' 2>/dev/null ||
    echo "  (python3 not found: see marsad stories)"

# ---- flat cost per article ----------------------------------------------------
if [ "$TOTAL" -ge 10000 ]; then
    head -n 5000 "$TMP/corpus.jsonl" >"$TMP/first.jsonl"
    head -n $((TOTAL - 5000)) "$TMP/corpus.jsonl" >"$TMP/rest.jsonl"
    tail -n 5000 "$TMP/corpus.jsonl" >"$TMP/last.jsonl"
    rm -f "$TMP/f.db"*
    /usr/bin/time -f "%e" -o "$TMP/t1" "$MARSAD" --db "$TMP/f.db" --quiet ingest "$TMP/first.jsonl" >/dev/null 2>&1 || true
    rm -f "$TMP/l.db"*
    "$MARSAD" --db "$TMP/l.db" --quiet ingest "$TMP/rest.jsonl" >/dev/null 2>&1 || true
    before=$(sqlite3 "$TMP/l.db" "SELECT count(*) FROM articles")
    /usr/bin/time -f "%e" -o "$TMP/t2" "$MARSAD" --db "$TMP/l.db" --quiet ingest "$TMP/last.jsonl" >/dev/null 2>&1 || true
    after=$(sqlite3 "$TMP/l.db" "SELECT count(*) FROM articles")
    n1=$(sqlite3 "$TMP/f.db" "SELECT count(*) FROM articles")
    awk -v a="$(tail -n 1 "$TMP/t1")" -v b="$(tail -n 1 "$TMP/t2")" -v n1="$n1" -v n2="$((after - before))" -v held="$before" 'BEGIN {
        printf "flatness: first 5000 lines into an empty database: %.0f µs/article (%d articles)\n", a * 1e6 / n1, n1
        printf "          last 5000 lines into one holding %d: %.0f µs/article (%d articles; includes loading the state)\n", held, b * 1e6 / n2, n2
    }'
fi

# ---- the clustering stage alone ------------------------------------------------
if command -v cc >/dev/null 2>&1 && [ -f "$ROOT/$BUILD/libmarsad.a" ]; then
    python3 - "$TMP/corpus.jsonl" "$TMP/dev.jsonl" <<'EOF' 2>/dev/null || exit 0
import json, sys
with open(sys.argv[1]) as f, open(sys.argv[2], "w") as out:
    for i, line in enumerate(f):
        try:
            d = json.loads(line)
        except ValueError:
            continue
        out.write(json.dumps({"title": d.get("title") or "", "body": d.get("content") or "",
                              "event": str(i), "lang": "ar", "published_at": d.get("date_extracted")},
                             ensure_ascii=False) + "\n")
EOF
    cc -std=c11 -D_GNU_SOURCE -O2 -I"$ROOT/include" -I"$ROOT/src" "$ROOT/bench/cluster_dev.c" \
        "$ROOT/$BUILD/libmarsad.a" $(pkg-config --libs jansson libutf8proc libexttextcat libxxhash icu-uc icu-i18n sqlite3 libzstd zlib) \
        -lstemmer -lm -o "$TMP/cluster_dev" &&
        echo && echo "clustering stage alone (features + core, CPU time):" &&
        "$TMP/cluster_dev" --norm --quiet "$TMP/dev.jsonl" | head -1 | sed 's/^== [^:]*:/ /'
fi
