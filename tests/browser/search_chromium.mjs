// The relevance table (tests/search_relevance.tsv) in real Chromium, against a built site:
// each query is typed into the search box of the home page and of a guide page, Enter is
// pressed, and the first result's link must go to the expected step or section. Prints the
// table (query, expected, first result, pass) and the size of the search index. With a
// language's PREFIX (`en/`) it searches that language's pages and index.
// usage: node search_chromium.mjs SITE_DIR RELEVANCE_TSV [PREFIX]
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { join } from "node:path";
import { launch } from "./launch.mjs";
import { report, url } from "./a11y_pages.mjs";

const [site, table, prefix = ""] = process.argv.slice(2);
if (!site || !table) {
  console.error("usage: node search_chromium.mjs SITE_DIR RELEVANCE_TSV [PREFIX]");
  process.exit(2);
}

// The same reading of the table as tests/testsuite/search.rs: tabs between cells, # comments, and the
// escapes \t \n \\ \u{HEX} in the query.
const unescape = (text) =>
  text.replace(/\\(u\{([0-9a-fA-F]+)\}|t|n|\\)/g, (_, what, hex) =>
    hex ? String.fromCodePoint(parseInt(hex, 16)) : what === "t" ? "\t" : what === "n" ? "\n" : "\\",
  );
const rows = readFileSync(table, "utf8")
  .split("\n")
  .map((line) => line.replace(/\r$/, ""))
  .filter((line) => line.trim() !== "" && !line.startsWith("#"))
  .map((line) => line.split("\t"));
// guide-id#anchor or guide-id/checklist#anchor → the page's file URL with the fragment.
const expectedUrl = (expected) => {
  const hash = expected.indexOf("#");
  const page = hash < 0 ? expected : expected.slice(0, hash);
  return url(site, `${prefix}guides/${page}/index.html`) + (hash < 0 ? "" : expected.slice(hash));
};
const shortName = (href) => href.replace(url(site, `${prefix}guides/`), "").replace("/index.html", "");

const browser = await launch();
const failures = [];
const lines = [];
for (const start of [`${prefix}index.html`, `${prefix}guides/financial-certificate/index.html`]) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await page.goto(url(site, start));
  const input = page.locator("#search input[type=search]");
  let passed = 0;
  for (const [rawQuery, expected = ""] of rows) {
    const query = unescape(rawQuery);
    await input.fill("");
    await input.pressSequentially(query);
    await input.press("Enter");
    // Enter runs the search at once; the box is busy until its results are in (the index
    // files it needs may still be loading).
    await page.waitForFunction(
      () => !document.querySelector("#search").hasAttribute("aria-busy") && document.querySelector("#search .search-status")?.textContent !== "",
      null,
      { timeout: 5000 },
    );
    const top = await page.evaluate(() => {
      const link = document.querySelector("#search .search-result a");
      return link ? new URL(link.getAttribute("href"), location.href).href : "(nothing)";
    });
    const wanted = expected.split(" | ").map((e) => expectedUrl(e.trim()));
    const ok = wanted.includes(top);
    if (ok) passed++;
    else failures.push(`${start}: ${rawQuery}\n  expected ${wanted.map(shortName).join(" or ")}\n  got      ${shortName(top)}`);
    if (start === `${prefix}index.html`) lines.push(`| ${rawQuery} | ${expected.split(" | ").join(" or ")} | ${shortName(top)} | ${ok ? "✓" : "✗"} |`);
  }
  lines.push(`${start}: ${passed}/${rows.length} queries put the expected result first`);
  await context.close();
}

// The index: the manifest search-index.js, and the shards under search/ when the build
// splits it.
const root = join(site, prefix);
const shards = existsSync(join(root, "search")) ? readdirSync(join(root, "search")).sort().map((f) => `search/${f}`) : [];
const files = ["search-index.js", ...shards].map((f) => readFileSync(join(root, f)));
const total = files.reduce((sum, f) => sum + f.length, 0);
const zipped = files.reduce((sum, f) => sum + gzipSync(f, { level: 9 }).length, 0);
lines.push(`search index: ${files.length} files, ${total} bytes (${zipped} gzipped); search-index.js ${files[0].length} bytes`);
await report(browser, failures, lines.join("\n"));
