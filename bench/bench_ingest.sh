#!/bin/sh
# Ingest benchmark: ingests one input (e.g. saudinewsnet's articles.jsonl.gz)
# into a fresh database RUNS times and prints each run's articles/s and peak
# RSS, then the medians. Not a test: it needs data the project does not ship.
#
# usage: bench/bench_ingest.sh INPUT [RUNS=5] [MARSAD=build/marsad] [INGEST_FLAGS]
#   e.g. bench/bench_ingest.sh ../shared/data/saudinewsnet/articles.jsonl.gz
#        bench/bench_ingest.sh ../shared/data/saudinewsnet/articles.jsonl.gz 5 build/marsad --no-stories
# INGEST_FLAGS go to `marsad ingest`: --no-stories measures read, extract,
# normalize and store without clustering (issue #2's target); without it the
# whole pipeline runs (issue #4's).
set -e
INPUT=${1:?usage: bench/bench_ingest.sh INPUT [RUNS] [MARSAD]}
RUNS=${2:-5}
MARSAD=${3:-build/marsad}
FLAGS=${4:-}
[ -x "$MARSAD" ] || { echo "no $MARSAD: run make first" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (Debian package time)" >&2; exit 2; }
DIR=$(mktemp -d /tmp/marsad-bench-XXXXXX)
trap 'rm -rf "$DIR"' EXIT
rates=""
rss=""
i=1
while [ "$i" -le "$RUNS" ]; do
    rm -f "$DIR"/bench.db*
    /usr/bin/time -f "%M" -o "$DIR/time" "$MARSAD" --db "$DIR/bench.db" --quiet --json ingest $FLAGS "$INPUT" \
        >"$DIR/summary.json" 2>"$DIR/stderr" || [ $? -eq 1 ]
    rate=$(sed -n 's/.*"records_per_second":\([0-9.]*\).*/\1/p' "$DIR/summary.json")
    added=$(sed -n 's/.*"added":\([0-9]*\).*/\1/p' "$DIR/summary.json")
    records=$(sed -n 's/.*"records":\([0-9]*\).*/\1/p' "$DIR/summary.json")
    secs=$(sed -n 's/.*"seconds":\([0-9.]*\).*/\1/p' "$DIR/summary.json")
    kb=$(tail -n 1 "$DIR/time")
    printf 'run %d: %s records (%s added) in %s s = %s records/s, peak RSS %d MB\n' \
        "$i" "$records" "$added" "$secs" "$rate" $((kb / 1024))
    rates="$rates $rate"
    rss="$rss $kb"
    i=$((i + 1))
done
median() { printf '%s\n' $1 | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
printf 'median over %d runs: %.0f records/s, peak RSS %.0f MB (db %s)\n' "$RUNS" "$(median "$rates")" \
    "$(median "$rss" | awk "{print \$1 / 1024}")" "$(du -h "$DIR/bench.db" | cut -f1)"
