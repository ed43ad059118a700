#!/bin/sh
# Does the cost per article stay flat as the database grows? Times the first
# N reports of INPUT ingested into a fresh database, and the last N ingested
# into a database that already holds everything before them (that part is
# loaded untimed), RUNS times each, interleaved, and prints the median
# microseconds per report of both and their ratio (last / first; at most 1
# means flat). Both timed runs start a process and open the database, as a
# user's daily ingest does. Not a test: it needs data the project does not ship.
#
# usage: bench/bench_flat.sh INPUT [N=5000] [RUNS=3] [MARSAD=build/marsad] [INGEST_FLAGS]
#   e.g. bench/bench_flat.sh ../shared/data/saudinewsnet/articles.jsonl.gz
set -e
INPUT=${1:?usage: bench/bench_flat.sh INPUT [N] [RUNS] [MARSAD] [INGEST_FLAGS]}
N=${2:-5000}
RUNS=${3:-3}
MARSAD=${4:-build/marsad}
FLAGS=${5:-}
[ -x "$MARSAD" ] || { echo "no $MARSAD: run make first" >&2; exit 2; }
DIR=$(mktemp -d /tmp/marsad-flat-XXXXXX)
trap 'rm -rf "$DIR"' EXIT
case $INPUT in
*.gz) gzip -dc "$INPUT" >"$DIR/all.jsonl" ;;
*) cp "$INPUT" "$DIR/all.jsonl" ;;
esac
total=$(wc -l <"$DIR/all.jsonl")
[ "$total" -gt $((2 * N)) ] || { echo "$INPUT has $total lines: fewer than 2 x $N" >&2; exit 2; }
head -n "$N" "$DIR/all.jsonl" >"$DIR/first.jsonl"
head -n $((total - N)) "$DIR/all.jsonl" >"$DIR/rest.jsonl"
tail -n "$N" "$DIR/all.jsonl" >"$DIR/last.jsonl"
echo "loading the $((total - N)) reports before the last $N (untimed)..."
"$MARSAD" --db "$DIR/base.db" --quiet ingest $FLAGS "$DIR/rest.jsonl" 2>/dev/null || [ $? -eq 1 ]
# µs per record of one timed ingest of FILE into DB
timed() {
    "$MARSAD" --db "$2" --quiet --json ingest $FLAGS "$1" >"$DIR/summary.json" 2>/dev/null || [ $? -eq 1 ]
    sed -n 's/.*"records":\([0-9]*\).*"seconds":\([0-9.]*\).*/\2 \1/p' "$DIR/summary.json" |
        awk '{printf "%.1f", $1 * 1e6 / $2}'
}
firsts=""
lasts=""
i=1
while [ "$i" -le "$RUNS" ]; do
    rm -f "$DIR"/fresh.db*
    f=$(timed "$DIR/first.jsonl" "$DIR/fresh.db")
    rm -f "$DIR"/grown.db*
    for ext in "" -wal -shm; do [ -e "$DIR/base.db$ext" ] && cp "$DIR/base.db$ext" "$DIR/grown.db$ext"; done
    # The copy leaves some 190 MB of dirty pages; unflushed, the timed run's
    # first fsync would write them out and be charged for the copy.
    sync
    l=$(timed "$DIR/last.jsonl" "$DIR/grown.db")
    printf 'run %d: first %d: %s µs/report; last %d (onto %d stored): %s µs/report\n' "$i" "$N" "$f" "$N" \
        $((total - N)) "$l"
    firsts="$firsts $f"
    lasts="$lasts $l"
    i=$((i + 1))
done
median() { printf '%s\n' $1 | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
mf=$(median "$firsts")
ml=$(median "$lasts")
printf 'median: first %s µs/report, last %s µs/report, last/first %.2f\n' "$mf" "$ml" \
    "$(awk -v a="$ml" -v b="$mf" 'BEGIN {print a / b}')"
