#!/bin/sh
# End-to-end tests of story clustering through the CLI: marsad stories, story
# and eval over fixtures written for them (tests/fixtures/cluster/): a flood
# at Basra port (three reports, one a wire copy) and its aftermath two weeks
# later (one storyline, two events), and an unrelated football final.
. "$(dirname "$0")/lib.sh"
FIX=$ROOT/tests/fixtures/cluster
DB=$TMP/one.db

ok "ingest the stream" "$MARSAD" --db "$DB" --quiet ingest "$FIX/stream.jsonl"

"$MARSAD" --db "$DB" stories >"$TMP/stories.txt" 2>&1
contains "stories lists the flood storyline" "$TMP/stories.txt" "Flood halts cargo at Basra port"
contains "stories lists the final" "$TMP/stories.txt" "Al Sadd win the Emir Cup final in Doha"
equals "two storylines" "$(grep -c '^ *[0-9]' "$TMP/stories.txt")" 2

"$MARSAD" --db "$DB" --json stories >"$TMP/stories.json"
contains "stories --json: the flood storyline" "$TMP/stories.json" '"headline":"Flood halts cargo at Basra port","articles":5,"events":2,"outlets":3'
contains "stories --json: the final" "$TMP/stories.json" '"articles":2,"events":1,"outlets":2'

"$MARSAD" --db "$DB" story 1 >"$TMP/story.txt"
contains "story: the copy is marked" "$TMP/story.txt" "[copy of #1]"
contains "story: the aftermath is its own event" "$TMP/story.txt" "Basra port reopens two weeks after flood"
"$MARSAD" --db "$DB" --json story 1 >"$TMP/story.json"
contains "story --json: the flood event's articles" "$TMP/story.json" '"article_ids":[1,2,3]'
contains "story --json: the aftermath's articles" "$TMP/story.json" '"article_ids":[6,7]'
contains "story --json: the copy" "$TMP/story.json" '"duplicate_of":1}'

# A storyline's headline is its largest event's most typical title, not
# whichever report came first: here the first report's title shares no word
# with the others'.
body='A fire broke out at the Basra refinery on Monday night and burned for six hours before civil defence crews put it out, the oil ministry said. Two workers were killed and four were hurt, and production at the refinery was halted.'
for t in "Night of smoke over the south|2024-06-03 22:00" "Fire breaks out at Basra refinery|2024-06-03 23:00" \
    "Basra refinery fire put out after six hours|2024-06-04 06:00" "Fire at Basra refinery kills two workers|2024-06-04 09:00"; do
    printf '{"title":"%s","date":"%s","source":"Outlet %s","text":"%s"}\n' "${t%%|*}" "${t#*|}" "${t%% *}" "$body"
done >"$TMP/headline.jsonl"
"$MARSAD" --db "$TMP/headline.db" --quiet ingest "$TMP/headline.jsonl"
"$MARSAD" --db "$TMP/headline.db" --json stories >"$TMP/headline.json"
contains "headline test: one storyline of 4 in one event" "$TMP/headline.json" '"articles":4,"events":1'
lacks "headline: not the first report's odd title" "$TMP/headline.json" '"headline":"Night of smoke'
contains "headline: a title the event's reports share" "$TMP/headline.json" '"headline":"Fire breaks out at Basra refinery"'

expect_status "story: no such storyline" 1 "$MARSAD" --db "$DB" story 99
expect_status "story: no id" 2 "$MARSAD" --db "$DB" story
expect_status "stories: bad limit" 2 "$MARSAD" --db "$DB" stories --limit x

# Several runs give the stories of one run.
head -n 4 "$FIX/stream.jsonl" >"$TMP/part1.jsonl"
tail -n +5 "$FIX/stream.jsonl" >"$TMP/part2.jsonl"
"$MARSAD" --db "$TMP/two.db" --quiet ingest "$TMP/part1.jsonl"
"$MARSAD" --db "$TMP/two.db" --quiet ingest "$TMP/part2.jsonl"
"$MARSAD" --db "$TMP/two.db" --json stories >"$TMP/stories2.json"
equals "two runs give the stories of one" "$(cat "$TMP/stories2.json")" "$(cat "$TMP/stories.json")"
"$MARSAD" --db "$TMP/two.db" --json story 1 >"$TMP/story2.json"
equals "two runs give the timeline of one" "$(cat "$TMP/story2.json")" "$(cat "$TMP/story.json")"

# eval: the same reports with gold labels.
"$MARSAD" eval "$FIX/labelled.jsonl" >"$TMP/eval.txt" 2>&1
equals "eval exits 0" "$?" 0
contains "eval scores events" "$TMP/eval.txt" "events     all         7      3      3  1.000 1.000 1.000  1.000 1.000 1.000  1.0000 1.000"
contains "eval scores storylines" "$TMP/eval.txt" "storylines all         7      2      2  1.000 1.000 1.000"
"$MARSAD" --json eval "$FIX/labelled.jsonl" >"$TMP/eval.json" 2>&1
contains "eval --json" "$TMP/eval.json" '"events":{"all":{"items":7,"gold_clusters":3,"predicted_clusters":3'
contains "eval --json counts the copy" "$TMP/eval.json" '"copies":1'
expect_status "eval: missing file" 3 "$MARSAD" eval "$TMP/nothing.jsonl"
expect_status "eval: no file" 2 "$MARSAD" eval
"$MARSAD" eval "$FIX/olympics.tsv" >"$TMP/eval_tsv.txt" 2>&1
equals "eval: a TSV with an unlabelled line exits 1" "$?" 1
contains "eval: per language" "$TMP/eval_tsv.txt" "events     por"

# eval --against scores another system's clusters from a column of the file,
# without the engine. Gold A A B B B, other x x x y and one empty (a cluster
# of its own). Pairs: 3 predicted, 4 gold, 1 shared: P 1/3, R 1/4, F1 2/7.
# B-cubed P (2/3 + 2/3 + 1/3 + 1 + 1) / 5 = 0.733, R (1 + 1 + 1/3 * 3) / 5
# = 0.6, F1 0.660.
printf 'cluster_id\tsystem\ttitle\nA\tx\tone\nA\tx\ttwo\nB\tx\tthree\nB\ty\tfour\nB\t\tfive\n' >"$TMP/against.tsv"
"$MARSAD" eval "$TMP/against.tsv" --against system >"$TMP/against.txt" 2>&1
equals "eval --against exits 0" "$?" 0
contains "eval --against: hand-computed scores" "$TMP/against.txt" \
    "events     all         5      2      3  0.333 0.250 0.286  0.733 0.600 0.660"
contains "eval --against: the item without a value" "$TMP/against.txt" "(1 without a value there"
lacks "eval --against: events only" "$TMP/against.txt" "storylines"
"$MARSAD" --json eval "$TMP/against.tsv" --against system >"$TMP/against.json"
contains "eval --against --json" "$TMP/against.json" '"against":"system","unlabelled":1,"events":{"all":{"items":5,"gold_clusters":2,"predicted_clusters":3'
lacks "eval --against --json: no storylines" "$TMP/against.json" "storylines"
expect_status "eval --against: a column no item has" 3 "$MARSAD" eval "$TMP/against.tsv" --against nope
expect_status "eval --against: no name" 2 "$MARSAD" eval "$TMP/against.tsv" --against
expect_status "eval --against with --keep-db" 2 "$MARSAD" eval "$TMP/against.tsv" --against system --keep-db "$TMP/k.db"

finish
