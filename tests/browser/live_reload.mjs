// Live reload in a real browser, on a `serve` started while one guide has an error: the
// healthy guides are served, every page shows the error overlay with the caret line, and
// fixing the file reloads the open page without it. Then an open page follows edits within a
// second, shows a new error and comes back when it is fixed, and shows warnings in a panel.
// usage: node live_reload.mjs ROOT_URL GUIDE_FILE (the guide has a step without a caution)
import { readFileSync, writeFileSync } from "node:fs";
import { launch } from "./launch.mjs";

const [root, guideFile] = process.argv.slice(2);
const CAUTION = "        cautions:\n          - failure: wrong-info\n      - id: choose-ars";
const NO_CAUTION = "      - id: choose-ars";
const STEP = "KB국민은행 홈페이지에 접속하세요";
const browser = await launch();
const fail = async (message) => {
  console.error(message);
  await browser.close();
  process.exit(1);
};
const edit = (from, to) => {
  const text = readFileSync(guideFile, "utf8");
  if (!text.includes(from)) throw new Error(`${from} is not in ${guideFile}`);
  writeFileSync(guideFile, text.replace(from, to));
};
const overlayOf = async (page, what) => {
  try {
    await page.waitForSelector("#stepguide-problems", { timeout: 3000 });
  } catch {
    await fail(`${what}: no error overlay`);
  }
  return page.textContent("#stepguide-problems");
};

const page = await browser.newPage();
for (const path of ["", "compare/", "guides/joint-certificate/", "guides/financial-certificate/",
  "guides/financial-certificate/checklist/"]) {
  const response = await page.goto(root + path);
  if (response.status() !== 200) await fail(`/${path}: status ${response.status()}`);
  const overlay = await overlayOf(page, `/${path}`);
  if (!/financial-certificate\.yaml:\d+:\d+/.test(overlay)) await fail(`/${path}: overlay lacks file:line:col: ${overlay}`);
  if (!/\d+ \|\s+- id: \S+\n\s+\|\s+\^+/.test(overlay)) await fail(`/${path}: overlay lacks the caret line: ${overlay}`);
  if (!overlay.includes("help: add `cautions:`")) await fail(`/${path}: overlay lacks the hint: ${overlay}`);
}
await page.goto(root);
await overlayOf(page, "home");
const listed = await page.$$eval("a", (links) => links.map((a) => a.getAttribute("href")));
if (!listed.some((href) => href.includes("joint-certificate"))) await fail("the home page lacks the healthy guide");
if (listed.some((href) => href.includes("financial-certificate"))) await fail("the home page links the broken guide");
await page.click("#stepguide-problems button");
if (await page.$("#stepguide-problems")) await fail("the close button left the overlay");
// The search index of the healthy guides: the broken guide's place in it is empty.
const input = page.locator("#search input[type=search]");
await input.pressSequentially("범용");
await input.press("Enter");
await page.waitForFunction(() => document.querySelector("#search .search-status")?.textContent !== "", null, { timeout: 5000 });
const hit = await page.evaluate(() => document.querySelector("#search .search-result a")?.getAttribute("href") ?? "(nothing)");
if (!hit.includes("guides/joint-certificate/")) await fail(`search on the healthy guides found ${hit}`);
console.log("started broken: healthy pages and search served, overlay with the caret line on every page");

await page.goto(root + "guides/financial-certificate/");
await overlayOf(page, "the broken guide");
// Give the event stream a moment to connect before the fix.
await page.waitForTimeout(300);
edit(NO_CAUTION, CAUTION);
try {
  await page.waitForFunction((step) => !document.getElementById("stepguide-problems") &&
    document.body.innerText.includes(step), STEP, { timeout: 3000 });
} catch {
  await fail("fixing the file did not reload the open page without the overlay");
}
console.log("fixed: the open page reloaded into the guide, without the overlay");

await page.waitForTimeout(300);
let started = Date.now();
edit(STEP, "KB국민은행 홈페이지를 여세요");
try {
  await page.waitForFunction(() => document.body.innerText.includes("KB국민은행 홈페이지를 여세요"), null, { timeout: 1000 });
} catch {
  await fail("the open page did not show the edit within 1 s");
}
console.log(`edit visible after ${Date.now() - started} ms`);

edit("id: financial-certificate\n", "id: [financial-certificate\n");
const overlay = await overlayOf(page, "broken YAML");
if (!/financial-certificate\.yaml:\d+:\d+/.test(overlay)) await fail(`overlay lacks file:line:col: ${overlay}`);
edit("id: [financial-certificate\n", "id: financial-certificate\n");
try {
  await page.waitForFunction(() => !document.getElementById("stepguide-problems") &&
    document.body.innerText.includes("KB국민은행 홈페이지를 여세요"), null, { timeout: 2000 });
} catch {
  await fail("fixing the YAML did not bring the page back");
}
console.log("broken YAML: overlay; fixed: overlay gone, page back");

started = Date.now();
edit("KB국민은행 홈페이지를 여세요", "KB국민은행 홈페이지에서 공인인증서 메뉴를 여세요");
try {
  await page.waitForSelector("#stepguide-warnings", { timeout: 3000 });
} catch {
  await fail("a terminology warning did not show the warnings panel");
}
const panel = await page.textContent("#stepguide-warnings");
if (!panel.includes("공인인증서") || await page.$("#stepguide-problems")) await fail(`warnings panel: ${panel}`);
await page.click("#stepguide-warnings button");
if (await page.$("#stepguide-warnings")) await fail("the warnings panel did not close");
console.log(`warning: panel after ${Date.now() - started} ms, closed`);
await browser.close();
