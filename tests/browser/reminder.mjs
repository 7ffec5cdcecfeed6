// The expiry reminder of a guide page, in Chromium, used as a reader uses it: for each case,
// open the page from file://, enter the issue date (or press "오늘 날짜 넣기"), and save the
// calendar file that the download link gives. Prints one JSON line a case:
// {"page", "issued" (the field's value), "status" (what the page says), "name" (the file
// name offered), "file" (where it was saved)}.
// Fails when a page asks for anything but file:, blob: or data: addresses, and when, with
// JavaScript off, a page does not say that the reminder needs it or still shows its controls.
// usage: node reminder.mjs OUT_DIR PAGE=YYYY-MM-DD|PAGE=today ...
import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { launch } from "./launch.mjs";

const [out, ...cases] = process.argv.slice(2);
if (!out || !cases.length) {
  console.error("usage: node reminder.mjs OUT_DIR PAGE=YYYY-MM-DD|PAGE=today ...");
  process.exit(2);
}
const browser = await launch();
const failures = [];

for (const [index, spec] of cases.entries()) {
  const at = spec.lastIndexOf("=");
  const [file, date] = [spec.slice(0, at), spec.slice(at + 1)];
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  page.on("request", (request) => {
    if (!/^(file|blob|data):/.test(request.url())) failures.push(`${file}: asked the network for ${request.url()}`);
  });
  page.on("pageerror", (error) => failures.push(`${file}: ${error.message}`));
  await page.goto(pathToFileURL(file).href);
  if (date === "today") await page.click("[data-action=today]");
  else await page.fill("#reminder-issued", date);
  const link = page.locator(".reminder-download a");
  await link.waitFor({ state: "visible" });
  const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
  const saved = join(out, `reminder-${index}.ics`);
  copyFileSync(await download.path(), saved);
  console.log(
    JSON.stringify({
      page: file,
      issued: await page.inputValue("#reminder-issued"),
      status: (await page.textContent(".reminder-result")).trim(),
      name: download.suggestedFilename(),
      file: saved,
    })
  );
  await context.close();
}

// Without JavaScript: the page says what the reminder needs, and shows no control that
// would do nothing.
for (const file of new Set(cases.map((spec) => spec.slice(0, spec.lastIndexOf("="))))) {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(pathToFileURL(file).href);
  const state = await page.evaluate(() => ({
    note: !!document.querySelector(".reminder-no-script")?.checkVisibility(),
    form: !!document.querySelector(".reminder-form")?.checkVisibility(),
    print: Array.from(document.querySelectorAll(".procedure-print")).some((e) => e.checkVisibility()),
  }));
  if (!state.note) failures.push(`${file}: without JavaScript, the page does not say the reminder needs it`);
  if (state.form) failures.push(`${file}: without JavaScript, the reminder's controls still show`);
  if (state.print) failures.push(`${file}: without JavaScript, the print buttons still show`);
  await context.close();
}

await browser.close();
if (failures.length) {
  console.error(failures.join("\n"));
  process.exit(1);
}
