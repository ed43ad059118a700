// Comparison extractor for bench/compare_html.sh: Mozilla Readability on
// jsdom over a directory of .html / .html.gz pages, in one process (read,
// gunzip, parse, extract). Prints {"id","articleBody"} a line, or with --time
// only a summary line. Setup: `npm install` in bench/.
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const { JSDOM, VirtualConsole } = require('jsdom');
const { Readability } = require('@mozilla/readability');

const args = process.argv.slice(2);
const timeOnly = args[0] === '--time';
const dir = timeOnly ? args[1] : args[0];
if (!dir) {
  console.error('usage: node readability_mozilla.js [--time] DIR');
  process.exit(2);
}
const quiet = new VirtualConsole(); // pages' CSS and script errors are not ours to print
const names = fs.readdirSync(dir).filter((n) => n.includes('.htm')).sort();
const t0 = process.hrtime.bigint();
let bytes = 0;
for (const name of names) {
  let data = fs.readFileSync(path.join(dir, name));
  if (name.endsWith('.gz')) data = zlib.gunzipSync(data);
  bytes += data.length;
  let text = '';
  try {
    const dom = new JSDOM(data.toString('utf8'), { virtualConsole: quiet });
    const article = new Readability(dom.window.document).parse();
    text = article && article.textContent ? article.textContent : '';
    dom.window.close();
  } catch (e) {
    text = '';
  }
  if (!timeOnly) process.stdout.write(JSON.stringify({ id: name.split('.')[0], articleBody: text }) + '\n');
}
const secs = Number(process.hrtime.bigint() - t0) / 1e9;
if (timeOnly) {
  console.log(`readability.js: ${names.length} pages, ${(bytes / 1e6).toFixed(1)} MB, ${secs.toFixed(3)} s, ` +
    `${(names.length / secs).toFixed(0)} pages/s, ${(bytes / 1e6 / secs).toFixed(1)} MB/s`);
}
