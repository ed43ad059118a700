# End-to-end tests of the CLI plumbing: help and usage errors, ingest of every
# input kind, idempotence, bad input reported and skipped with the right exit
# status, listings and JSON output, and crash safety (SIGKILL mid-ingest).
. "$(dirname "$0")/lib.sh"

DB="$TMP/t.db"
M() { "$MARSAD" --db "$DB" "$@"; }
json_ok() { python3 -c 'import json,sys; json.load(sys.stdin)' <"$1"; }

# --- help and usage ---------------------------------------------------------
"$MARSAD" --help >"$TMP/help" 2>&1
contains "help lists ingest" "$TMP/help" "ingest"
contains "help documents exit status" "$TMP/help" "exit status"
for cmd in ingest articles article extract cluster stories story eval; do
    "$MARSAD" "$cmd" --help >"$TMP/h-$cmd" 2>&1
    contains "$cmd --help has usage" "$TMP/h-$cmd" "usage: marsad $cmd"
done
expect_status "no command is a usage error" 2 "$MARSAD"
expect_status "unknown command" 2 "$MARSAD" frobnicate
expect_status "ingest without paths" 2 M ingest
expect_status "ingest with an unknown option" 2 M ingest --bogus x
expect_status "article without id" 2 M article
expect_status "article with a bad id" 2 M article abc
"$MARSAD" --version >"$TMP/v"
contains "version" "$TMP/v" "marsad 0."
# An option whose value is missing says so, not "unexpected argument".
for args in "stories --limit" "articles --offset" "eval --keep-db"; do
    set -- $args
    expect_status "$1 $2 without a value" 2 M "$@"
    M "$@" 2>"$TMP/novalue.err" >/dev/null
    contains "$1 $2 without a value says so" "$TMP/novalue.err" "$2 needs a value"
done

# --- fixtures ------------------------------------------------------------------
mkdir -p "$TMP/in/sub"
cat >"$TMP/in/one.txt" <<'TXT'
Storm closes the northern ports for a second day

The port authority said on Monday that all northern ports would stay closed for a second day as winds reached 90 kilometres an hour.

Fishing crews were told to stay ashore until the warning is lifted, the authority said in a statement.
TXT
cat >"$TMP/in/sub/two.txt" <<'TXT'
عاصفة تغلق الموانئ الشمالية لليوم الثاني

قالت هيئة الموانئ يوم الاثنين إن جميع الموانئ الشمالية ستبقى مغلقة لليوم الثاني على التوالي مع وصول سرعة الرياح إلى تسعين كيلومترا في الساعة.

وطلبت الهيئة من الصيادين البقاء على البر حتى رفع التحذير، بحسب بيان صادر عنها.
TXT
gzip -c "$TMP/in/one.txt" | sed 's/x/x/' >/dev/null
printf '%s\n' \
    '{"url":"https://example.org/a","source":"Example Wire","date":"2024-02-03 10:00:00","title":"Bridge reopens after repairs","content":"The city bridge reopened on Saturday after six weeks of repairs.\n\nTraffic returned to normal by noon, officials said."}' \
    '{"broken json' \
    '{"title":"Headline only item"}' \
    >"$TMP/in/feed.jsonl"
printf 'ab\000\001binary' >"$TMP/in/blob.txt"
: >"$TMP/in/empty.txt"
echo "# notes, not a report" >"$TMP/in/README.md"

# --- ingest ----------------------------------------------------------------------
M --json ingest "$TMP/in" >"$TMP/ingest.json" 2>"$TMP/ingest.err"
equals "ingest with bad inputs exits 1" "$?" "1"
ok "ingest --json is JSON" json_ok "$TMP/ingest.json"
contains "4 articles added" "$TMP/ingest.json" '"added":4'
contains "README ignored" "$TMP/ingest.json" '"ignored_files":1'
contains "malformed JSON reported with line" "$TMP/ingest.err" "feed.jsonl:2: malformed JSON"
contains "binary reported" "$TMP/ingest.err" "blob.txt: binary content"
contains "empty reported" "$TMP/ingest.err" "empty.txt: empty file"

M --json ingest "$TMP/in" >"$TMP/again.json" 2>/dev/null
contains "re-ingest adds nothing" "$TMP/again.json" '"added":0'
contains "re-ingest sees all 4" "$TMP/again.json" '"seen":4'
M --quiet ingest "$TMP/in/one.txt"
equals "clean ingest exits 0" "$?" "0"

# --- listings --------------------------------------------------------------------
M articles >"$TMP/list"
contains "articles lists the headline-only item" "$TMP/list" "Headline only item"
contains "articles lists the JSON outlet" "$TMP/list" "Example Wire"
# The title column starts at the same terminal column whatever the outlet's
# script (an Arabic letter is two bytes but one column; harakat take none).
printf '%s\n' \
    '{"source":"صَحِيفَةُ المَدِينَة","date":"2024-02-03 10:00:00","title":"عنوان أول","text":"نص قصير عن الميناء."}' \
    '{"source":"Example Wire","date":"2024-02-04","title":"Second title","text":"A short text about the port."}' \
    '{"title":"Third title","text":"No outlet and no date here."}' \
    '{"source":"شبكة الميزان الإخبارية للأنباء","date":"2024-02-05T10:00:00+03:00","title":"Fourth title","text":"An outlet too long for its column, a time with its offset."}' >"$TMP/align.jsonl"
"$MARSAD" --db "$TMP/align.db" --quiet ingest "$TMP/align.jsonl"
"$MARSAD" --db "$TMP/align.db" articles >"$TMP/align.txt"
# title_columns FILE PATTERN: the sorted set of columns at which PATTERN (the
# titles) starts on each line of FILE, and the number of lines (-1: a line
# without a title).
title_columns() {
    python3 -c '
import re, sys, unicodedata
def width(s):
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
starts = set()
rows = open(sys.argv[1], encoding="utf-8").read().splitlines()
for row in rows:
    m = re.search(sys.argv[2], row)
    starts.add(width(row[:m.start()]) if m else -1)
print(sorted(starts), len(rows))' "$1" "$2"
}
equals "articles: titles line up after Arabic and Latin outlets, long ones cut" \
    "$(title_columns "$TMP/align.txt" "(TITLE|عنوان أول|Second title|Third title|Fourth title)$")" "[60] 5"
contains "articles: a long outlet ends in an ellipsis" "$TMP/align.txt" "شبكة الميزان الإخبا…"
contains "articles: a time with its offset fits its column" "$TMP/align.txt" "2024-02-05T10:00+03:00  en"
# story: the outlet column is as wide as the storyline's widest outlet.
body="Floods closed the port of Basra on Monday after two days of heavy rain, the port authority said, and ships were told to wait offshore."
for o in "Example Wire" "صَحِيفَةُ المَدِينَة" "شبكة الميزان الإخبارية" "BW"; do
    printf '{"source":"%s","date":"2024-02-05","title":"Floods close Basra port","text":"%s"}\n' "$o" "$body"
done >"$TMP/align_story.jsonl"
"$MARSAD" --db "$TMP/align_story.db" --quiet ingest "$TMP/align_story.jsonl"
"$MARSAD" --db "$TMP/align_story.db" story 1 | grep '#' >"$TMP/align_story.txt"
equals "story: titles line up after the widest outlet, none cut" \
    "$(title_columns "$TMP/align_story.txt" "Floods close Basra port")" "[52] 4"
contains "story: the widest outlet whole" "$TMP/align_story.txt" "شبكة الميزان الإخبارية Floods"
M articles --json >"$TMP/list.json"
ok "articles --json is JSON" json_ok "$TMP/list.json"
count=$(python3 -c 'import json,sys; print(len(json.load(sys.stdin)))' <"$TMP/list.json")
equals "articles --json has 4 items" "$count" "4"
M articles --limit 1 --json >"$TMP/one.json"
count=$(python3 -c 'import json,sys; print(len(json.load(sys.stdin)))' <"$TMP/one.json")
equals "articles --limit 1" "$count" "1"
id=$(python3 -c 'import json,sys; print([a["id"] for a in json.load(sys.stdin) if a["outlet"] == "Example Wire"][0])' <"$TMP/list.json")
M article "$id" >"$TMP/art"
contains "article shows the body" "$TMP/art" "Traffic returned to normal"
contains "article shows the container date" "$TMP/art" "2024-02-03"
M article "$id" --json --explain >"$TMP/art.json"
ok "article --json is JSON" json_ok "$TMP/art.json"
contains "article --json has paragraphs" "$TMP/art.json" '"paragraphs":["The city bridge'
contains "article --json has dropped" "$TMP/art.json" '"dropped":['
M article "$id" --raw >"$TMP/raw"
contains "article --raw is the line as read" "$TMP/raw" '"url":"https://example.org/a"'
expect_status "missing article exits 1" 1 M article 99999

# --- extract without a database -----------------------------------------------------
"$MARSAD" extract "$TMP/in/feed.jsonl" --json >"$TMP/ex.jsonl" 2>/dev/null
lines=$(wc -l <"$TMP/ex.jsonl")
equals "extract prints one JSON line per report" "$lines" "2"
first=$(head -n 1 "$TMP/ex.jsonl")
printf '%s' "$first" >"$TMP/ex1.json"
ok "extract --json lines are JSON" json_ok "$TMP/ex1.json"

# --- after --, a name like an option is a path -----------------------------------------
DB="$TMP/dash.db"
cp "$TMP/in/one.txt" "$TMP/-dash.txt"
cp "$ROOT/tests/fixtures/cluster/labelled.jsonl" "$TMP/-labels.jsonl"
(cd "$TMP" && M --json ingest -- -dash.txt) >"$TMP/dash.json" 2>/dev/null
contains "ingest -- reads a path named like an option" "$TMP/dash.json" '"added":1'
(cd "$TMP" && "$MARSAD" extract -- -dash.txt) >"$TMP/dash.out" 2>&1
contains "extract -- reads a file named like an option" "$TMP/dash.out" "Storm closes the northern"
(cd "$TMP" && "$MARSAD" --json eval -- -labels.jsonl) >"$TMP/dash-eval.json" 2>&1
contains "eval -- reads a file named like an option" "$TMP/dash-eval.json" '"items":7'

# --- stdin and gzip -------------------------------------------------------------------
DB="$TMP/stdin.db"
printf '%s\n' '{"title":"From stdin","text":"A report read from standard input."}' | M --json ingest - >"$TMP/stdin.json" 2>/dev/null
contains "stdin JSON lines" "$TMP/stdin.json" '"added":1'
gzip -c "$TMP/in/feed.jsonl" >"$TMP/feed.jsonl.gz"
M --json ingest "$TMP/feed.jsonl.gz" >"$TMP/gz.json" 2>/dev/null
contains "gzip JSON lines" "$TMP/gz.json" '"added":2'

# --- store first, place in stories later -----------------------------------------------
DB="$TMP/later.db"
M --quiet ingest --no-stories "$TMP/in/one.txt" "$TMP/in/sub/two.txt" 2>/dev/null
placed=$(sqlite3 "$DB" 'SELECT count(*) FROM cluster_articles' 2>&1)
equals "--no-stories places nothing" "$placed" "0"
M --json cluster >"$TMP/cluster.json" 2>/dev/null
contains "cluster places the waiting articles" "$TMP/cluster.json" '"placed":2'
M --json cluster >"$TMP/cluster2.json" 2>/dev/null
contains "cluster again places nothing" "$TMP/cluster2.json" '"placed":0'
placed=$(sqlite3 "$DB" 'SELECT count(*) FROM cluster_articles' 2>&1)
equals "both articles are in stories" "$placed" "2"

# An article stored with --no-stories is placed by the next ingest that
# builds stories, before that ingest's own articles.
DB="$TMP/later2.db"
M --json ingest --no-stories "$TMP/in/sub/two.txt" >/dev/null 2>&1
earlier=$(sqlite3 "$DB" 'SELECT id FROM articles' 2>&1)
M --json ingest -v "$TMP/in/one.txt" >"$TMP/after-nostories.json" 2>"$TMP/after-nostories.err"
contains "an article stored with --no-stories is placed by the next ingest" \
    "$TMP/after-nostories.json" '"placed_earlier":1,'
# -v shows that placement too, as it shows those of the run's own articles.
contains "ingest -v shows articles stored earlier as they are placed" \
    "$TMP/after-nostories.err" "placed  article $earlier → event "
# Without a reorder window each article is placed as it is read, and -v
# shows that placement as it shows those from the window.
DB="$TMP/nowindow.db"
M ingest --reorder 0 -v "$TMP/in/one.txt" 2>"$TMP/nowindow.err" >/dev/null
contains "ingest --reorder 0 -v shows each placement" "$TMP/nowindow.err" "placed  article 1 → event 1"
# On a terminal, the progress line of that step would break the -v lines up.
if command -v script >/dev/null 2>&1; then
    DB="$TMP/later3.db"
    M --quiet ingest --no-stories "$TMP/in/sub/two.txt" 2>/dev/null
    script -qc "'$MARSAD' --db '$DB' ingest -v '$TMP/in/one.txt'" /dev/null >"$TMP/tty.out" 2>&1
    contains "ingest -v on a terminal shows the earlier placement" "$TMP/tty.out" "placed  article 1 →"
    lacks "ingest -v on a terminal draws no progress line" "$TMP/tty.out" "stored earlier placed"
fi

# --- a date past the time of reading is not a publication time -------------------------
DB="$TMP/future.db"
printf '%s\n' '{"source":"Gen","title":"River gauge at Basra rises","date":"4049-02-04","text":"The river gauge at Basra rose by two metres overnight, the water authority said."}' \
    >"$TMP/future.jsonl"
M --quiet ingest "$TMP/future.jsonl"
M --json articles >"$TMP/future.json"
contains "a future date stays on the article as written" "$TMP/future.json" '"published":"4049-02-04"'
t=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[0]["time"])' "$TMP/future.json")
now=$(date +%s)
if [ "$t" -le $((now + 172800)) ] 2>/dev/null; then pass; else fail "a future date became the article's time ($t, now $now)"; fi

# --- limits -----------------------------------------------------------------------------
DB="$TMP/limits.db"
head -c 3000000 /dev/zero | tr '\0' 'a' >"$TMP/huge.txt"
M --json ingest --max-size 1M "$TMP/huge.txt" >"$TMP/huge.json" 2>"$TMP/huge.err"
contains "oversized file reported" "$TMP/huge.err" "too large"
expect_status "bad --max-size" 2 M ingest --max-size lots "$TMP/huge.txt"

# --- SIGKILL mid-ingest loses nothing committed, corrupts nothing ---------------------------
DB="$TMP/kill.db"
python3 - "$TMP/many.jsonl" <<'PY'
import json, sys
with open(sys.argv[1], "w") as f:
    for i in range(60000):
        f.write(json.dumps({"source": "Gen %d" % (i % 7), "title": "Item %d" % i,
                            "text": "Report number %d about the river level at gauge %d." % (i, i * 7919 % 1000)}) + "\n")
PY
# The binary itself in the background (not the M function: $! would be a subshell).
"$MARSAD" --db "$DB" --quiet ingest "$TMP/many.jsonl" 2>/dev/null &
pid=$!
# Kill it once a first batch is committed (a sanitizer build on a loaded
# machine takes a while to get there), and mid-way through the rest.
seen=0
for _ in $(seq 600); do
    sleep 0.1
    seen=$(sqlite3 "$DB" 'SELECT count(*) FROM articles' 2>/dev/null || echo 0)
    [ "${seen:-0}" -gt 0 ] 2>/dev/null && break
done
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
check=$(sqlite3 "$DB" 'PRAGMA integrity_check' 2>&1)
equals "database intact after SIGKILL" "$check" "ok"
before=$(sqlite3 "$DB" 'SELECT count(*) FROM articles' 2>&1)
if [ "$before" -ge "${seen:-0}" ] 2>/dev/null; then pass; else fail "committed rows lost in the kill ($seen seen, $before left)"; fi
placed=$(sqlite3 "$DB" 'SELECT count(*) FROM cluster_articles' 2>&1)
# The reorder window held the newest articles back: stored, not yet placed.
if [ "$placed" -lt "$before" ] 2>/dev/null; then pass; else fail "articles waiting at the kill ($placed placed of $before)"; fi
M --json ingest "$TMP/many.jsonl" >"$TMP/resumed.json" 2>/dev/null
after=$(sqlite3 "$DB" 'SELECT count(*) FROM articles' 2>&1)
equals "resumed ingest completes" "$after" "60000"
contains "resumed ingest places what the killed run left waiting" "$TMP/resumed.json" \
    "\"placed_earlier\":$((before - placed)),"
placed=$(sqlite3 "$DB" 'SELECT count(*) FROM cluster_articles' 2>&1)
equals "every article is in a story after the resumed ingest" "$placed" "60000"
if [ "$before" -gt 0 ] 2>/dev/null; then pass; else fail "some batches were committed before the kill ($before)"; fi

finish
