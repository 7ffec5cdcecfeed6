// Search as readers run it: templates/static/search.js in node, on the index of a built site.
// It checks that the index is well formed (every file, shard and posting where the layout in
// src/search/files.rs puts it, and every document's postings exactly the tokens search.js
// finds in its text), runs the shared tokenizer table and the relevance table, and dumps the
// documents and every result for the Rust tests (tests/testsuite/search.rs runs this script).
//
//   node tests/search_js.mjs --index site/search-index.js [--dump out.json]
//
// The index's shards are read from search/ beside the manifest. Every query is also run the
// way a page runs it: starting from the manifest alone, loading only the files `needed` names
// until it names none; the results must equal those of the fully loaded index, and the dump
// has the bytes it loaded.
//
// Options: --script (default templates/static/search.js), --tokenizer
// (tests/search_tokenizer.tsv), --relevance (tests/search_relevance.tsv), --queries FILE (more
// queries, dumped but not checked: one a line, or a JSON array when the name ends in .json).
// Exit code 1 when the index is broken or a table row fails.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import vm from "node:vm";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..");
const options = {
  script: join(repo, "templates/static/search.js"),
  tokenizer: join(repo, "tests/search_tokenizer.tsv"),
  relevance: join(repo, "tests/search_relevance.tsv"),
  index: null,
  dump: null,
  queries: null,
};
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i += 2) {
  const key = args[i].replace(/^--/, "");
  if (!(key in options) || args[i + 1] === undefined) {
    console.error(`usage: node tests/search_js.mjs --index FILE [--dump FILE] (unknown: ${args[i]})`);
    process.exit(2);
  }
  options[key] = args[i + 1];
}
if (!options.index) {
  console.error("usage: node tests/search_js.mjs --index FILE [--dump FILE]");
  process.exit(2);
}

// search.js and the index are classic scripts that use `window`; give them one, no document.
const script = readFileSync(options.script, "utf8");
const shardDir = join(dirname(options.index), "search");
const shardFiles = existsSync(shardDir) ? readdirSync(shardDir).filter((f) => f.endsWith(".js")).sort() : [];
function page(files) {
  const context = { window: {} };
  vm.createContext(context);
  vm.runInContext(readFileSync(options.index, "utf8"), context, { filename: options.index });
  for (const file of files) load(context, file);
  vm.runInContext(script, context, { filename: options.script });
  return context;
}
function load(context, file) {
  const path = join(dirname(options.index), file);
  vm.runInContext(readFileSync(path, "utf8"), context, { filename: path });
}
const context = page(shardFiles.map((f) => `search/${f}`));
const api = context.window.StepguideSearch;
const index = context.window.STEPGUIDE_SEARCH;
if (!api || !index) {
  console.error("search.js did not define window.StepguideSearch, or the index window.STEPGUIDE_SEARCH");
  process.exit(2);
}

// A query as a page runs it: only the files `needed` asks for, round by round.
let lazyFiles = 0;
function lazyResults(query) {
  const lazy = page([]);
  const seen = new Set();
  for (;;) {
    const files = lazy.window.StepguideSearch.needed(lazy.window.STEPGUIDE_SEARCH, query, 10);
    if (!files.length) break;
    for (const file of files) {
      if (seen.has(file)) throw new Error(`${query}: ${file} is needed again after loading`);
      seen.add(file);
      load(lazy, file);
    }
  }
  lazyFiles += seen.size;
  // The bytes of the index files it loaded, the manifest's included.
  dump.bytes[query] = [...seen, "search-index.js"].reduce((sum, file) => sum + statSync(join(dirname(options.index), file)).size, 0);
  return resultsOf(lazy.window.StepguideSearch, lazy.window.STEPGUIDE_SEARCH, query);
}

// The same unescaping as tests/testsuite/search.rs: \t \n \\ \u{HEX}.
function unescape(text) {
  return text.replace(/\\(u\{([0-9a-fA-F]+)\}|t|n|\\)/g, (_, what, hex) =>
    hex ? String.fromCodePoint(parseInt(hex, 16)) : what === "t" ? "\t" : what === "n" ? "\n" : "\\",
  );
}
function rows(file) {
  return readFileSync(file, "utf8")
    .split("\n")
    .map((line) => line.replace(/\r$/, ""))
    .filter((line) => line.trim() !== "" && !line.startsWith("#"))
    .map((line) => line.split("\t"));
}
// guide-id#anchor → the href the index holds.
function href(expected) {
  const hash = expected.indexOf("#");
  const page = hash < 0 ? expected : expected.slice(0, hash);
  const anchor = hash < 0 ? "" : expected.slice(hash);
  return `guides/${page}/index.html${anchor}`;
}

let failures = 0;
const dump = { version: index.v, tokens: {}, hits: {}, rewrites: {}, docs: [], long: [], bytes: {} };

// ---- The index is well formed ----

function broken(message) {
  failures++;
  console.error(`index: ${message}`);
}
// The number at text[at] as src/search/postings.rs writes it, and where the next one starts;
// null for a character that is no digit or a number cut off.
function decodeAt(text, at) {
  let value = 0;
  let scale = 1;
  for (let i = at; i < text.length; i++) {
    const d = digitAt(text, i);
    if (d === null) return null;
    if (d < 45) return [value + d * scale, i + 1];
    value += (d - 45) * scale;
    scale *= 45;
  }
  return null;
}
function digitAt(text, i) {
  const code = text.charCodeAt(i);
  if (!(code >= 0x23 && code <= 0x7e && code !== 0x5c)) return null;
  const d = code - 0x23 - (code > 0x5c ? 1 : 0);
  return d < 90 ? d : null;
}
// A postings string as [guide, local, frequency × 4 + where, norm] postings; null when broken.
function decode(text) {
  const out = [];
  let guide = 0;
  for (let at = 0; at < text.length; ) {
    const fields = [];
    for (let f = 0; f < 4; f++) {
      const number = at < text.length ? decodeAt(text, at) : null;
      if (!number) return null;
      fields.push(number[0]);
      at = number[1];
    }
    guide += fields[0];
    out.push([guide, fields[1], fields[2], fields[3]]);
  }
  return out;
}
const isString = (value) => typeof value === "string";
const byCodePoint = (a, b) => {
  const x = Array.from(a, (c) => c.codePointAt(0));
  const y = Array.from(b, (c) => c.codePointAt(0));
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
};
const KINDS = "gfposaurtqc";
// As src/search/postings.rs: a document's length × 4 + its kind's weight class.
function normOf(kind, len) {
  return len * 4 + (kind === "s" ? 0 : "fa".includes(kind) ? 1 : "cqt".includes(kind) ? 2 : 3);
}
// The document number search.js gives a document, and its place in `dump.docs`.
const GUIDE_DOCS = 1048576;
const docIndex = new Map();

function checkIndex() {
  const { guides, docFile, terms, shards } = index;
  if (!Number.isInteger(guides) || !Number.isInteger(docFile) || docFile < 1 || !Number.isInteger(index.docs) || !Number.isInteger(index.length)) {
    return broken(`guides ${guides}, docs ${index.docs}, length ${index.length} and docFile ${docFile} must be whole numbers`);
  }
  if (!Array.isArray(terms) || !terms.every(isString)) return broken("terms is not a list of strings");
  for (let i = 1; i < terms.length; i++) {
    if (byCodePoint(terms[i - 1], terms[i]) >= 0) return broken(`terms out of order at ${i}: ${terms[i]}`);
  }
  if (!Array.isArray(shards) || (terms.length && shards[0] !== 0)) return broken("the first postings shard does not start at the first term");
  for (let i = 1; i < shards.length; i++) {
    if (!(shards[i - 1] < shards[i] && shards[i] < terms.length)) return broken(`postings shard ${i} starts out of order`);
  }

  // Every document, from the document files: guide g's in d<g>-0.js, d<g>-1.js, ...
  const docs = [];
  const first = [];
  const expected = [];
  let length = 0;
  for (let guide = 0; guide < guides; guide++) {
    first.push(docs.length);
    for (let part = 0; ; part++) {
      const entry = index.d[`${guide}-${part}`];
      if (entry === undefined) break;
      expected.push(`d${guide}-${part}.js`);
      if (!Array.isArray(entry) || entry.length !== 3 || !isString(entry[0]) || !isString(entry[1]) || !Array.isArray(entry[2])) {
        return broken(`document file ${guide}-${part} is not [id, title, documents]`);
      }
      const count = entry[2].length;
      if (count < 1 || count > docFile || (part > 0 && index.d[`${guide}-${part - 1}`][2].length !== docFile)) return broken(`document file ${guide}-${part} holds ${count} documents`);
      entry[2].forEach((fields, k) => {
        if (!Array.isArray(fields) || fields.length !== 5 || !fields.every(isString) || !KINDS.includes(fields[0]) || fields[0].length !== 1) {
          return broken(`document ${k} of ${guide}-${part} is not [kind, section, anchor, title, text]`);
        }
        const [kind, section, anchor, title, text] = fields;
        const page = `guides/${entry[0]}/${kind === "c" ? "checklist/" : ""}index.html`;
        docIndex.set(guide * GUIDE_DOCS + part * docFile + k, docs.length);
        docs.push({ guide: entry[0], kind, section, href: page + (anchor ? `#${anchor}` : ""), title, text });
      });
    }
  }
  first.push(docs.length);
  const long = [];
  const wantedFiles = expected.concat(shards.map((_, i) => `p${i}.js`));
  if (docs.length !== index.docs) broken(`the document files hold ${docs.length} documents, the manifest says ${index.docs}`);

  // Every posting, decoded, against each document's tokens as search.js finds them: a title
  // token counts twice.
  const wanted = new Map();
  docs.forEach((doc, number) => {
    let len = 0;
    for (const [text, weight, place] of [[doc.title, 2, 2], [doc.text, 1, 1]]) {
      for (const token of api.tokenize(text)) {
        len += weight;
        if (!wanted.has(token)) wanted.set(token, new Map());
        const tf = wanted.get(token);
        const [count, where] = tf.get(number) || [0, 0];
        tf.set(number, [count + weight, where | place]);
      }
    }
    doc.len = len;
    length += len;
  });
  if (length !== index.length) broken(`the documents' lengths add up to ${length}, the manifest says ${index.length}`);
  if (wanted.size !== terms.length) broken(`the documents have ${wanted.size} distinct tokens, the manifest lists ${terms.length} terms`);
  for (let s = 0; s < shards.length; s++) {
    const lists = index.p[s];
    const end = s + 1 < shards.length ? shards[s + 1] : terms.length;
    if (!Array.isArray(lists) || lists.length !== end - shards[s]) return broken(`postings shard ${s} does not hold ${end - shards[s]} lists`);
    lists.forEach((list, i) => {
      const at = shards[s] + i;
      const term = terms[at];
      // A long list: [df, bounds, chunk 0], and chunks 1.. in c<at>-<k>.js.
      let chunks = [list];
      let bounds = [];
      if (!isString(list)) {
        if (!Array.isArray(list) || list.length !== 3 || !Array.isArray(list[1]) || !isString(list[2])) return broken(`the postings of ${term} are neither a string nor [df, bounds, chunk]`);
        bounds = list[1];
        chunks = [list[2]];
        for (let k = 1; k <= bounds.length; k++) {
          chunks.push(index.c[`${at}-${k}`]);
          wantedFiles.push(`c${at}-${k}.js`);
        }
        long.push(term);
      }
      const got = new Map();
      const decoded = chunks.map((chunk) => (isString(chunk) ? decode(chunk) : null));
      for (let k = 0; k < decoded.length; k++) {
        const postings = decoded[k];
        if (!postings || !postings.length) return broken(`the postings of ${term} (chunk ${k}) are cut off or not encoded`);
        let last = -1;
        for (const [guide, local, code, norm] of postings) {
          const doc = guide < guides && first[guide] + local < first[guide + 1] ? first[guide] + local : Infinity;
          if (doc === Infinity || doc <= last || got.has(doc) || code < 4) return broken(`the postings of ${term} name a document that does not exist, twice or out of order`);
          if (norm !== normOf(docs[doc].kind, docs[doc].len)) return broken(`the postings of ${term} give ${docs[doc].href} norm ${norm}`);
          got.set(doc, [code >> 2, code & 3]);
          last = doc;
        }
      }
      if (!isString(list) && list[0] !== got.size) broken(`the postings of ${term} say df ${list[0]} but hold ${got.size}`);
      const tf = wanted.get(term) || new Map();
      const sorted = (map) => JSON.stringify([...map].sort((a, b) => a[0] - b[0]));
      if (sorted(tf) !== sorted(got)) {
        broken(`the postings of ${term} are ${sorted(got)}; its documents' text gives ${sorted(tf)}`);
      }
    });
  }
  if (JSON.stringify(wantedFiles.sort()) !== JSON.stringify(shardFiles)) {
    const extra = shardFiles.filter((f) => !wantedFiles.includes(f));
    const lacking = wantedFiles.filter((f) => !shardFiles.includes(f));
    return broken(`search/ holds ${extra.join(" ")} beyond the index, and lacks ${lacking.join(" ")}`);
  }
  dump.docs = docs;
  dump.long = long;
}
checkIndex();

// ---- The tables ----

const tokenizerRows = rows(options.tokenizer);
for (const [input, expected = ""] of tokenizerRows) {
  const text = unescape(input);
  const want = expected === "" ? [] : expected.split(" ").map(unescape);
  const got = Array.from(api.tokenize(text));
  dump.tokens[text] = got;
  if (JSON.stringify(got) !== JSON.stringify(want)) {
    failures++;
    console.error(`tokenizer: ${input}\n  expected ${JSON.stringify(want)}\n  got      ${JSON.stringify(got)}`);
  }
}

function resultsOf(api, index, query) {
  return api.search(index, query, 10).slice(0, 10).map((hit) => ({
    doc: docIndex.has(hit.doc) ? docIndex.get(hit.doc) : -1,
    href: hit.href,
    score: hit.score,
    guide_title: hit.guideTitle,
    section: hit.section,
    title_html: hit.titleHtml,
    snippet_html: hit.snippetHtml,
  }));
}
function results(query) {
  const full = resultsOf(api, index, query);
  const lazy = lazyResults(query);
  if (JSON.stringify(full) !== JSON.stringify(lazy)) {
    failures++;
    console.error(`loading on demand: ${query}\n  full index ${JSON.stringify(full)}\n  on demand  ${JSON.stringify(lazy)}`);
  }
  return full;
}

const relevanceRows = rows(options.relevance);
for (const [rawQuery, expected = ""] of relevanceRows) {
  const query = unescape(rawQuery);
  const hits = results(query);
  dump.hits[query] = hits;
  const wanted = expected.split(" | ").map((e) => href(e.trim()));
  const top = hits.length ? hits[0].href : "(nothing)";
  if (!wanted.includes(top)) {
    failures++;
    console.error(`relevance: ${rawQuery}\n  expected ${wanted.join(" or ")}\n  got      ${top}`);
  }
}

// The status line groups thousands, and marks a count that is a lower bound.
const many = Object.assign(new Array(10).fill({}), { total: 57765, more: true });
const status = api.statusText({ sayCountShown: "{total} of {shown}" }, index, "x", many);
if (status !== "57,765+ of 10") {
  failures++;
  console.error(`status line: expected "57,765+ of 10", got "${status}"`);
}

// Every tokenizer input and any extra query is searched too, for the Rust comparison.
const extraText = options.queries ? readFileSync(options.queries, "utf8") : "";
const extra = !options.queries
  ? []
  : options.queries.endsWith(".json")
    ? JSON.parse(extraText)
    : extraText.split("\n").filter((q) => q !== "");
for (const query of tokenizerRows.map(([input]) => unescape(input)).concat(extra)) {
  if (!(query in dump.hits)) dump.hits[query] = results(query);
}
for (const query of Object.keys(dump.hits)) dump.rewrites[query] = api.rewrite(index, query);

if (options.dump) writeFileSync(options.dump, JSON.stringify(dump));
console.log(
  `search.js: ${dump.docs.length} documents, ${index.terms.length} terms; ` +
    `${tokenizerRows.length} tokenizer rows, ${relevanceRows.length} relevance rows, ${failures} failed; ` +
    `${Object.keys(dump.hits).length} queries loaded ${lazyFiles} of ${shardFiles.length} shard files on demand`,
);
process.exit(failures ? 1 : 0);
