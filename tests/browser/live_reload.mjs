// Live reload in a real browser: an open page follows edits to a guide within a second,
// shows content errors in an overlay, and comes back when they are fixed.
// usage: node live_reload.mjs URL GUIDE_FILE
import { readFileSync, writeFileSync } from "node:fs";
import { launch } from "./launch.mjs";

const [url, guideFile] = process.argv.slice(2);
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

const page = await browser.newPage();
await page.goto(url);
await page.waitForFunction(() => document.body.innerText.includes("KB국민은행 홈페이지에 접속하세요"));
// Give the event stream a moment to connect before the first edit.
await page.waitForTimeout(300);

const started = Date.now();
edit("KB국민은행 홈페이지에 접속하세요", "KB국민은행 홈페이지를 여세요");
try {
  await page.waitForFunction(() => document.body.innerText.includes("KB국민은행 홈페이지를 여세요"), null, { timeout: 1000 });
} catch {
  await fail("the open page did not show the edit within 1 s");
}
console.log(`edit visible after ${Date.now() - started} ms`);

edit("id: financial-certificate\n", "id: [financial-certificate\n");
try {
  await page.waitForSelector("#stepguide-problems", { timeout: 2000 });
} catch {
  await fail("broken YAML did not show the error overlay");
}
const overlay = await page.textContent("#stepguide-problems");
if (!/financial-certificate\.yaml:\d+:\d+/.test(overlay)) await fail(`overlay lacks file:line:col: ${overlay}`);
console.log(`overlay: ${overlay.split("\n")[1] ?? overlay}`);

edit("id: [financial-certificate\n", "id: financial-certificate\n");
try {
  await page.waitForFunction(() => !document.getElementById("stepguide-problems") &&
    document.body.innerText.includes("KB국민은행 홈페이지를 여세요"), null, { timeout: 2000 });
} catch {
  await fail("fixing the YAML did not bring the page back");
}
console.log("fixed: overlay gone, page back");
await browser.close();
