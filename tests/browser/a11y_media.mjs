// The reader's settings, on every page of a built site: prefers-reduced-motion: reduce turns
// off smooth scrolling, transitions and animations; prefers-color-scheme: dark gives a dark
// page; and print stays dark on white even when the screen is dark.
// usage: node a11y_media.mjs SITE_DIR
import { launch } from "./launch.mjs";
import { pages, report, siteArgument, url } from "./a11y_pages.mjs";

const site = siteArgument("a11y_media.mjs");
const browser = await launch();
const failures = [];
const summary = [];

// Runs in the page: what moves, and the colours of the page.
function read() {
  const moving = [];
  for (const el of document.querySelectorAll("*")) {
    const style = getComputedStyle(el);
    const seconds = (list) => Math.max(...list.split(",").map((t) => parseFloat(t) || 0));
    if (seconds(style.transitionDuration) > 0 || style.animationName !== "none") {
      moving.push(el.tagName.toLowerCase() + (el.className ? "." + String(el.className).split(" ")[0] : ""));
    }
  }
  const rgb = (c) => (c.match(/\d+(\.\d+)?/g) || []).slice(0, 3).map(Number);
  const luminance = ([r, g, b]) => {
    const f = (c) => {
      c /= 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const body = getComputedStyle(document.body);
  return {
    scroll: getComputedStyle(document.documentElement).scrollBehavior,
    moving: [...new Set(moving)],
    background: luminance(rgb(body.backgroundColor)),
    text: luminance(rgb(body.color)),
    items: Array.from(document.querySelectorAll(".item label, h1")).map((e) => getComputedStyle(e).color),
  };
}

for (const name of pages(site)) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const at = async (media) => {
    await page.emulateMedia(media);
    await page.goto(url(site, name));
    return page.evaluate(read);
  };

  const calm = await at({ reducedMotion: "reduce", colorScheme: "light" });
  if (calm.scroll !== "auto") failures.push(`${name}: reduced motion still scrolls "${calm.scroll}"`);
  if (calm.moving.length) failures.push(`${name}: reduced motion still animates ${calm.moving.join(", ")}`);
  // The check above proves something only if motion is there for readers who did not ask.
  const lively = await at({ reducedMotion: "no-preference", colorScheme: "light" });
  if (lively.scroll !== "smooth") failures.push(`${name}: without a preference, scrolling is "${lively.scroll}", not smooth`);

  if (lively.background < 0.9 || lively.text > 0.05) failures.push(`${name}: the light scheme is not dark on light`);
  const dark = await at({ reducedMotion: "reduce", colorScheme: "dark" });
  if (dark.background > 0.02 || dark.text < 0.6) {
    failures.push(`${name}: the dark scheme is not light on dark (${dark.background.toFixed(3)}, ${dark.text.toFixed(3)})`);
  }

  const printed = await at({ media: "print", colorScheme: "dark" });
  if (printed.background < 0.99 || printed.text > 0.001) failures.push(`${name}: printed in a dark scheme, the page is not black on white`);
  const grey = printed.items.filter((c) => c !== "rgb(0, 0, 0)");
  if (grey.length) failures.push(`${name}: printed in a dark scheme, ${grey.length} items or headings are not black`);
  summary.push(`${name}\tmotion off with reduce, smooth without\tdark ok\tprint black on white`);
  await context.close();
}

await report(browser, failures, summary.join("\n"));
