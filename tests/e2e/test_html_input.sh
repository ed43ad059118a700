# End-to-end tests of HTML and WARC input: pages read one by one and the same
# pages read from a WARC give the same articles; legacy-charset twins of a page
# give the same article as the UTF-8 page; bad input (binary bytes named .html,
# a truncated WARC, pathological nesting) is reported and skipped while every
# other record still lands.
. "$(dirname "$0")/lib.sh"

FIX="$ROOT/tests/fixtures/html"
# title<TAB>body of every article, sorted, from `article --json`
dump() {
    db=$1
    for id in $("$MARSAD" --db "$db" articles --json | python3 -c 'import json,sys; print(" ".join(str(a["id"]) for a in json.load(sys.stdin)))'); do
        "$MARSAD" --db "$db" article "$id" --json |
            python3 -c 'import json,sys; a=json.load(sys.stdin); b=a["body"]; print(a["title"] + "\t" + (" ".join(b) if isinstance(b, list) else b).replace("\n", " "))'
    done | sort
}

# --- pages one by one, and their windows-1256 twins -------------------------------
mkdir -p "$TMP/utf8" "$TMP/cp1256"
cp "$FIX"/ar_wadi.html "$FIX"/ar_shamal.html "$FIX"/ar_sahel.html "$FIX"/en_harbour.html "$TMP/utf8/"
cp "$FIX"/*_cp1256.html "$TMP/cp1256/"
"$MARSAD" --db "$TMP/pages.db" ingest --no-stories "$TMP/utf8" >"$TMP/pages.out" 2>&1
equals "pages ingest exit" "$?" 0
contains "four pages added" "$TMP/pages.out" "4 added"
"$MARSAD" --db "$TMP/cp.db" ingest --no-stories "$TMP/cp1256" >"$TMP/cp.out" 2>&1
equals "cp1256 ingest exit" "$?" 0
dump "$TMP/pages.db" >"$TMP/pages.txt"
dump "$TMP/cp.db" >"$TMP/cp.txt"
n=$(wc -l <"$TMP/pages.txt")
equals "four articles with bodies" "$n" 4
ok "windows-1256 pages read as their UTF-8 twins" sh -c "grep -v 'Ferry crews' '$TMP/pages.txt' | cmp -s - '$TMP/cp.txt'"
lacks "no replacement characters in decoded pages" "$TMP/cp.txt" "$(printf '\357\277\275')"
contains "Arabic title decoded" "$TMP/cp.txt" "إطلاق أول قمر اصطناعي جامعي"

# --- the same pages from a WARC ----------------------------------------------------
"$MARSAD" --db "$TMP/warc.db" ingest --no-stories --json "$FIX/pages.warc.gz" >"$TMP/warc.json" 2>"$TMP/warc.err"
equals "warc ingest exit" "$?" 0
dump "$TMP/warc.db" >"$TMP/warc.txt"
ok "WARC gives the same articles as the pages" cmp -s "$TMP/pages.txt" "$TMP/warc.txt"
"$MARSAD" --db "$TMP/warc.db" articles --json >"$TMP/warc-list.json"
contains "WARC target URI kept as the url" "$TMP/warc-list.json" '"url":"https://sahel-news.example/science/2023/05/21/student-satellite"'
contains "WARC origin names the record" "$TMP/warc-list.json" 'pages.warc.gz#'
# The windows-1256 records are the same reports as their UTF-8 twins.
contains "charset twins recognised as copies" "$TMP/warc.json" '"seen":3'
lacks "WARC bytes counted" "$TMP/warc.json" '"bytes":0,'
"$MARSAD" --db "$TMP/warc.db" article 1 --raw >"$TMP/raw1" 2>&1
contains "raw payload kept" "$TMP/raw1" "<html"
# Reading it again adds nothing.
"$MARSAD" --db "$TMP/warc.db" ingest --no-stories "$FIX/pages.warc.gz" >"$TMP/again.out" 2>&1
contains "WARC ingest is idempotent" "$TMP/again.out" "0 added"

# --- a damaged WARC: the bad record is reported, the others land --------------------
python3 - "$FIX/pages.warc.gz" "$TMP/damaged.warc" <<'PY'
import gzip, sys
data = gzip.decompress(open(sys.argv[1], "rb").read())
recs = data.split(b"WARC/1.0\r\n")[1:]
out = b""
for i, r in enumerate(recs):
    r = b"WARC/1.0\r\n" + r
    if i == 2:  # the second page: break its Content-Length
        r = r.replace(b"Content-Length: ", b"Content-Length: x", 1)
    out += r
out += b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 999999\r\n\r\ntruncated"
open(sys.argv[2], "wb").write(out)
PY
"$MARSAD" --db "$TMP/damaged.db" ingest --no-stories "$TMP/damaged.warc" >"$TMP/damaged.out" 2>&1
equals "damaged WARC exits 1 (some records skipped)" "$?" 1
contains "bad record named" "$TMP/damaged.out" "damaged.warc#"
contains "bad record reason given" "$TMP/damaged.out" "bad WARC record"
got=$("$MARSAD" --db "$TMP/damaged.db" articles --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
equals "the other pages of a damaged WARC land" "$got" 4

# --- binary bytes named .html, deep nesting, a page of nothing ---------------------
mkdir -p "$TMP/bad"
head -c 4096 /dev/urandom >"$TMP/bad/image.html"
printf '<html><body><p>A' >"$TMP/bad/truncated.html"
python3 -c 'import sys; sys.stdout.write("<html><body>" + "<div>" * 100000 + "<p>Deep inside a hundred thousand nested divisions the report still says something worth reading about the harbour strike and the ferry crews who voted.</p>" + "</div>" * 100000 + "</body></html>")' >"$TMP/bad/deep.html"
cp "$FIX/en_harbour.html" "$TMP/bad/good.html"
"$MARSAD" --db "$TMP/bad.db" ingest --no-stories "$TMP/bad" >"$TMP/bad.out" 2>&1
status=$?
ok "bad pages do not crash ingest" test "$status" -le 1
contains "binary page reported" "$TMP/bad.out" "image.html"
"$MARSAD" --db "$TMP/bad.db" articles >"$TMP/bad-list.txt"
contains "good page still lands" "$TMP/bad-list.txt" "Ferry crews vote to strike"
"$MARSAD" --db "$TMP/bad.db" articles --json | python3 -c 'import json,sys; print(" ".join(a["origin"] for a in json.load(sys.stdin)))' >"$TMP/bad-origins"
contains "deeply nested page gives an article" "$TMP/bad-origins" "deep.html"

finish
