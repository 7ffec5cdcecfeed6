// Measures the printed layout of pages: each named box's top and height in CSS px, with
// print media and the A4 page's content width. For tuning the print-fit model by hand.
// usage: node measure_print.mjs FILE.html...
import { launch } from "./launch.mjs";

const browser = await launch();
const page = await browser.newPage({ viewport: { width: Math.round((180 * 96) / 25.4), height: 1200 } });
await page.emulateMedia({ media: "print" });
for (const file of process.argv.slice(2)) {
  await page.goto("file://" + file);
  await page.evaluate(() => document.fonts.ready);
  const boxes = await page.evaluate(() => {
    const out = [];
    const box = (el, name) => {
      const r = el.getBoundingClientRect();
      out.push([name, +r.top.toFixed(3), +r.height.toFixed(3), +r.width.toFixed(3)]);
    };
    box(document.querySelector(".sheet"), "sheet");
    box(document.querySelector(".sheet-header"), "header");
    box(document.querySelector(".sheet-heading"), "heading");
    for (const s of [".sheet-kind", ".sheet-header h1", ".sheet-meta", ".sheet-url", ".sheet-qr", ".sheet-how-print", ".groups"]) {
      const el = document.querySelector(s);
      if (el) box(el, s);
    }
    document.querySelectorAll(".group").forEach((g, i) => {
      box(g, "group" + i);
      box(g.querySelector("h2"), "  h2");
      g.querySelectorAll(".item").forEach((it, j) => box(it, "  item" + j));
    });
    return out;
  });
  console.log(file);
  for (const b of boxes) console.log(b.join("\t"));
}
await browser.close();
