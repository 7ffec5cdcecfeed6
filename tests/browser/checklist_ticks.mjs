// The printable checklist on screen: ticks survive a reload (localStorage), the reset button
// clears them, and without JavaScript the boxes still tick and the JS-only buttons stay hidden.
// usage: node checklist_ticks.mjs FILE_URL_OF_A_CHECKLIST
import { launch } from "./launch.mjs";

const [url] = process.argv.slice(2);
const browser = await launch();
const fail = async (message) => {
  console.error(message);
  await browser.close();
  process.exit(1);
};

const context = await browser.newContext();
const page = await context.newPage();
await page.goto(url);
const boxes = page.locator("input[type=checkbox][data-item]");
if ((await boxes.count()) < 2) await fail("fewer than two checkboxes");
await boxes.nth(0).check();
await boxes.nth(1).check();
await page.reload();
if (!(await boxes.nth(0).isChecked()) || !(await boxes.nth(1).isChecked())) {
  await fail("ticks were not kept after a reload");
}
const reset = page.locator("[data-action=reset]");
if (!(await reset.isVisible())) await fail("the reset button is not shown with JavaScript on");
await reset.click();
await page.reload();
if (await boxes.nth(0).isChecked()) await fail("reset did not clear the ticks");

const noJs = await browser.newContext({ javaScriptEnabled: false });
const plain = await noJs.newPage();
await plain.goto(url);
const box = plain.locator("input[type=checkbox][data-item]").first();
await plain.locator("label").first().click();
if (!(await box.isChecked())) await fail("without JavaScript a label click does not tick its box");
if (await plain.locator("[data-action=reset]").isVisible()) {
  await fail("the reset button shows without JavaScript, where it cannot work");
}
console.log("ok");
await browser.close();
