// Touch targets at 390 px (WCAG 2.2, 2.5.8): every visible link, button and field on every
// page of a built site is at least 24 × 24 CSS px. Links inside running text are exempt, as
// the criterion allows: a link counts as inline when it is display: inline and the block it
// sits in has words of its own besides the links. At that width the header's links also share
// one row, rather than one beside the site title and the rest wrapped under it.
// usage: node a11y_targets.mjs SITE_DIR
import { launch } from "./launch.mjs";
import { pages, report, siteArgument, url } from "./a11y_pages.mjs";

const site = siteArgument("a11y_targets.mjs");
const MIN = 24;
const browser = await launch();
const failures = [];
const summary = [];

function measure() {
  const blockOf = (el) => {
    let node = el.parentElement;
    while (node && getComputedStyle(node).display.startsWith("inline")) node = node.parentElement;
    return node;
  };
  // The block's own words: its text with the text of every link and control taken out.
  const ownWords = (block) => {
    const copy = block.cloneNode(true);
    copy.querySelectorAll("a, button, input, label, .visually-hidden").forEach((e) => e.remove());
    return /[\p{L}\p{N}]/u.test(copy.textContent);
  };
  return Array.from(document.querySelectorAll("a[href], button, input"))
    .filter((el) => el.checkVisibility({ visibilityProperty: true }))
    .map((el) => {
      const rect = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      const block = blockOf(el);
      const inline = style.display === "inline" && !!block && ownWords(block);
      const text = (el.textContent || el.getAttribute("aria-label") || el.type || "").trim().replace(/\s+/g, " ");
      return { tag: el.tagName.toLowerCase(), text: text.slice(0, 40), width: rect.width, height: rect.height, inline };
    })
    .filter((t) => t.width > 1 && t.height > 1);
}

for (const name of pages(site)) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await page.goto(url(site, name));
  const targets = await page.evaluate(measure);
  const navRows = await page.evaluate(() =>
    new Set(Array.from(document.querySelectorAll(".site-nav a:not(.site-title)"), (a) => Math.round(a.getBoundingClientRect().top))).size,
  );
  if (navRows > 1) failures.push(`${name}: the header's links take ${navRows} rows at 390 px`);
  let checked = 0;
  let smallest = Infinity;
  for (const t of targets) {
    if (t.inline) continue;
    checked++;
    smallest = Math.min(smallest, t.width, t.height);
    if (t.width < MIN - 0.01 || t.height < MIN - 0.01) {
      failures.push(`${name}: ${t.tag} "${t.text}" is ${t.width.toFixed(1)} × ${t.height.toFixed(1)} px`);
    }
  }
  summary.push(`${name}\t${checked} targets measured, ${targets.length - checked} inline in text\tsmallest side ${smallest.toFixed(1)} px`);
  await context.close();
}

await report(browser, failures, summary.join("\n"));
