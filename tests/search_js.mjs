// The browser side of search (templates/static/search.js), run by node: the shared tokenizer
// table, the relevance table against a generated index, and a dump of every result for the
// Rust test to compare with its own (tests/search.rs runs this script).
//
//   node tests/search_js.mjs --index site/search-index.js [--dump out.json]
//
// The index's shards are read from search/ beside the manifest. Every query is also run the
// way a page runs it: starting from the manifest alone, loading only the files `needed` names
// until it names none; the results must equal those of the fully loaded index.
//
// Options: --script (default templates/static/search.js), --tokenizer
// (tests/search_tokenizer.tsv), --relevance (tests/search_relevance.tsv), --queries FILE (one
// more query a line, dumped but not checked). Exit code 1 when a table row fails.
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

// The same unescaping as tests/search.rs: \t \n \\ \u{HEX}.
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
const dump = { tokens: {}, hits: {} };

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
    href: hit.href,
    score: hit.score,
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
const extra = options.queries ? readFileSync(options.queries, "utf8").split("\n").filter((q) => q !== "") : [];
for (const query of tokenizerRows.map(([input]) => unescape(input)).concat(extra)) {
  if (!(query in dump.hits)) dump.hits[query] = results(query);
}

if (options.dump) writeFileSync(options.dump, JSON.stringify(dump));
console.log(
  `search.js: ${tokenizerRows.length} tokenizer rows, ${relevanceRows.length} relevance rows, ${failures} failed; ` +
    `${Object.keys(dump.hits).length} queries loaded ${lazyFiles} of ${shardFiles.length} shard files on demand`,
);
process.exit(failures ? 1 : 0);
