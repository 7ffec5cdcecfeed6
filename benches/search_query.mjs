// Search benchmark: for a built site and a list of queries, the index bytes a query loads
// before its first result shows (the manifest included) and the time to that first result in
// Chromium with the CPU slowed 4× (CDP Emulation.setCPUThrottlingRate), the median of RUNS
// fresh pages each. A page (PAGE, the home page by default) opens from file://, the query is
// put in its search box and submitted; the clock starts at the submit and stops when the
// first result is in the list. A page that loads the manifest itself (the home page does)
// has it in before the clock starts; its bytes still count. Bytes are the sizes of the index
// scripts the page holds (search-index.js and search/*), read from disk.
//
//   node benches/search_query.mjs SITE_DIR [QUERY ...]
//   RUNS=5 CPU=4 PAGE=guides/guide-00000/index.html node benches/search_query.mjs /dev/shm/kb 안내
//
// Prints one TSV line a query: query, bytes, files, median ms, results shown; then a line
// with the whole index's bytes and files. Needs node and playwright-core in
// tests/browser/node_modules, and Chromium (/usr/bin/chromium or STEPGUIDE_CHROMIUM).
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { launch } from "../tests/browser/launch.mjs";

const [site, ...args] = process.argv.slice(2);
if (!site) {
  console.error("usage: node benches/search_query.mjs SITE_DIR [QUERY ...]");
  process.exit(2);
}
const queries = args.length ? args : ["안내", "전원", "정리하세요", "고무 패킹", "필터 덮개를 교체", "인증서", "금융인증서 발급", "공동인증서", "otp"];
const runs = Number(process.env.RUNS || 5);
const cpu = Number(process.env.CPU || 4);
const home = pathToFileURL(join(site, process.env.PAGE || "index.html")).href;
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const browser = await launch();
console.log(["query", "bytes", "files", "ms", "results"].join("\t"));
for (const query of queries) {
  const times = [];
  let bytes = 0;
  let files = 0;
  let results = 0;
  for (let run = 0; run < runs; run++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(home);
    const cdp = await context.newCDPSession(page);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: cpu });
    const measured = await page.evaluate(
      (query) =>
        new Promise((resolve) => {
          const box = document.getElementById("search");
          const input = box.querySelector('input[type="search"]');
          const list = () => box.querySelector(".search-results");
          const start = performance.now();
          const done = () => {
            const scripts = Array.from(document.querySelectorAll("script[src]"))
              .map((s) => s.src)
              .filter((src) => /\/search-index\.js$|\/search\/[^/]+$/.test(src));
            resolve({ ms: performance.now() - start, scripts, results: list().children.length, status: box.querySelector(".search-status").textContent });
          };
          const observer = new MutationObserver(() => {
            if (list() && list().querySelector("a")) {
              observer.disconnect();
              done();
            } else if (box.querySelector(".search-status").textContent) {
              // Nothing found (or the index failed): the status line is the answer.
              observer.disconnect();
              done();
            }
          });
          observer.observe(box, { childList: true, subtree: true, characterData: true });
          input.value = query;
          box.querySelector("form").requestSubmit();
        }),
      query,
    );
    times.push(measured.ms);
    files = measured.scripts.length;
    bytes = measured.scripts.reduce((sum, src) => sum + statSync(fileURLToPath(src)).size, 0);
    results = measured.results;
    await context.close();
  }
  console.log([query, bytes, files, median(times).toFixed(0), results].join("\t"));
}
await browser.close();
const shards = readdirSync(join(site, "search"));
const whole = shards.reduce((sum, f) => sum + statSync(join(site, "search", f)).size, statSync(join(site, "search-index.js")).size);
console.log(["(whole index)", whole, shards.length + 1, "", ""].join("\t"));
