// The type sizes of printed pages: each page (a file:// URL, with a fragment that picks a
// procedure) is laid out for print in Chromium, and every element that shows text of its own
// is measured. Prints one JSON line a page: {"url", "smallest_pt", "smallest" (the element
// and its text), "texts" (how many were measured)}.
// usage: node print_fonts.mjs URL...
import { launch } from "./launch.mjs";

const urls = process.argv.slice(2);
if (!urls.length) {
  console.error("usage: node print_fonts.mjs URL...");
  process.exit(2);
}
const browser = await launch();
const page = await browser.newPage();
await page.emulateMedia({ media: "print" });
for (const url of urls) {
  await page.goto(url);
  const sizes = await page.evaluate(() => {
    const found = [];
    for (const el of document.querySelectorAll("body *")) {
      const own = Array.from(el.childNodes)
        .filter((node) => node.nodeType === Node.TEXT_NODE)
        .map((node) => node.textContent)
        .join("")
        .trim();
      if (!own || !el.checkVisibility({ visibilityProperty: true })) continue;
      const rect = el.getBoundingClientRect();
      if (rect.width < 1 || rect.height < 1) continue;
      // 1 pt is 4/3 CSS px.
      const pt = (parseFloat(getComputedStyle(el).fontSize) * 3) / 4;
      found.push({ pt, what: `${el.tagName.toLowerCase()}.${el.className} "${own.slice(0, 30)}"` });
    }
    return found;
  });
  const smallest = sizes.reduce((a, b) => (b.pt < a.pt ? b : a), { pt: Infinity, what: "" });
  console.log(JSON.stringify({ url, smallest_pt: smallest.pt, smallest: smallest.what, texts: sizes.length }));
}
await browser.close();
