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
// until it names none; the results must equal those of the fully loaded index.
//
// Options: --script (default templates/static/search.js), --tokenizer
// (tests/search_tokenizer.tsv), --relevance (tests/search_relevance.tsv), --queries FILE (more
// queries, dumped but not checked: one a line, or a JSON array when the name ends in .json).
// Exit code 1 when the index is broken or a table row fails.
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
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
const dump = { version: index.v, tokens: {}, hits: {}, rewrites: {}, docs: [] };

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
    const code = text.charCodeAt(i);
    if (code < 0x23 || code > 0x7e || code === 0x5c) return null;
    const d = code - 0x23 - (code > 0x5c ? 1 : 0);
    if (d >= 90) return null;
    if (d < 45) return [value + d * scale, i + 1];
    value += (d - 45) * scale;
    scale *= 45;
  }
  return null;
}
function decode(text) {
  const out = [];
  for (let at = 0; at < text.length; ) {
    const number = decodeAt(text, at);
    if (!number) return null;
    out.push(number[0]);
    at = number[1];
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

function checkIndex() {
  const { guides, docShard, terms, shards } = index;
  if (!Number.isInteger(guides) || !Number.isInteger(docShard) || docShard < 1) {
    return broken(`guides ${guides} and docShard ${docShard} must be whole numbers`);
  }
  if (!Array.isArray(terms) || !terms.every(isString)) return broken("terms is not a list of strings");
  for (let i = 1; i < terms.length; i++) {
    if (byCodePoint(terms[i - 1], terms[i]) >= 0) return broken(`terms out of order at ${i}: ${terms[i]}`);
  }
  if (!Array.isArray(shards) || (terms.length && shards[0] !== 0)) return broken("the first postings shard does not start at the first term");
  for (let i = 1; i < shards.length; i++) {
    if (!(shards[i - 1] < shards[i] && shards[i] < terms.length)) return broken(`postings shard ${i} starts out of order`);
  }
  const docShards = Math.ceil(guides / docShard);
  const expected = ["meta.js"]
    .concat(shards.map((_, i) => `p${i}.js`))
    .concat(Array.from({ length: docShards }, (_, j) => `d${j}.js`))
    .sort();
  if (JSON.stringify(expected) !== JSON.stringify(shardFiles)) {
    return broken(`search/ holds ${shardFiles.join(" ")}, not ${expected.join(" ")}`);
  }
  if (!Array.isArray(index.meta) || index.meta.length !== guides) return broken(`meta.js lists ${index.meta && index.meta.length} guides, the manifest ${guides}`);

  // Every document, from meta.js and the document shards.
  const docs = [];
  const first = [];
  for (let guide = 0; guide < guides; guide++) {
    const meta = index.meta[guide];
    const shard = index.d[Math.floor(guide / docShard)];
    const entry = shard && shard[guide % docShard];
    if (!isString(meta) || !Array.isArray(entry) || entry.length !== 3 || !isString(entry[0]) || !isString(entry[1]) || !Array.isArray(entry[2])) {
      return broken(`guide ${guide} has no [id, title, documents] entry or no meta string`);
    }
    const kinds = [];
    const lens = [];
    for (let i = 0; i < meta.length; ) {
      const kind = meta[i];
      const len = decodeAt(meta, i + 1);
      if (!KINDS.includes(kind) || !len) return broken(`meta.js is broken at guide ${guide}: ${meta}`);
      kinds.push(kind);
      lens.push(len[0]);
      i = len[1];
    }
    if (kinds.length !== entry[2].length) return broken(`guide ${guide} has ${entry[2].length} documents but meta.js lists ${kinds.length}`);
    first.push(docs.length);
    for (let k = 0; k < kinds.length; k++) {
      const fields = entry[2][k];
      if (!Array.isArray(fields) || fields.length !== 4 || !fields.every(isString)) return broken(`document ${k} of guide ${guide} is not [section, anchor, title, text]`);
      const [section, anchor, title, text] = fields;
      const page = `guides/${entry[0]}/${kinds[k] === "c" ? "checklist/" : ""}index.html`;
      docs.push({ guide: entry[0], kind: kinds[k], len: lens[k], section, href: page + (anchor ? `#${anchor}` : ""), title, text });
    }
  }
  for (const [j, shard] of Object.entries(index.d)) {
    if (!Array.isArray(shard) || shard.length !== Math.min(docShard, guides - j * docShard)) return broken(`document shard ${j} holds ${shard && shard.length} guides`);
  }

  // Every posting, decoded, against each document's tokens as search.js finds them: a title
  // token counts twice.
  const wanted = new Map();
  docs.forEach((doc, number) => {
    let len = 0;
    for (const [text, weight] of [[doc.title, 2], [doc.text, 1]]) {
      for (const token of api.tokenize(text)) {
        len += weight;
        if (!wanted.has(token)) wanted.set(token, new Map());
        const tf = wanted.get(token);
        tf.set(number, (tf.get(number) || 0) + weight);
      }
    }
    if (len !== doc.len) broken(`${doc.href} has length ${doc.len} in meta.js, but its text ${len}`);
  });
  if (wanted.size !== terms.length) broken(`the documents have ${wanted.size} distinct tokens, the manifest lists ${terms.length} terms`);
  for (let s = 0; s < shards.length; s++) {
    const lists = index.p[s];
    const end = s + 1 < shards.length ? shards[s + 1] : terms.length;
    if (!Array.isArray(lists) || lists.length !== end - shards[s] || !lists.every(isString)) return broken(`postings shard ${s} does not hold ${end - shards[s]} lists`);
    lists.forEach((list, i) => {
      const term = terms[shards[s] + i];
      const numbers = decode(list);
      if (!numbers || numbers.length % 3 !== 0 || !numbers.length) return broken(`the postings of ${term} are cut off or not encoded`);
      const got = new Map();
      let guide = 0;
      let last = -1;
      for (let t = 0; t < numbers.length; t += 3) {
        guide += numbers[t];
        const doc = guide < guides ? first[guide] + numbers[t + 1] : Infinity;
        const next = guide + 1 < guides ? first[guide + 1] : docs.length;
        if (!(doc < next) || doc <= last || numbers[t + 2] < 1) return broken(`the postings of ${term} name a document that does not exist, or out of order`);
        got.set(doc, numbers[t + 2]);
        last = doc;
      }
      const tf = wanted.get(term) || new Map();
      if (JSON.stringify([...tf]) !== JSON.stringify([...got])) {
        broken(`the postings of ${term} are ${JSON.stringify([...got])}; its documents' text gives ${JSON.stringify([...tf])}`);
      }
    });
  }
  dump.docs = docs;
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
    doc: hit.doc,
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
