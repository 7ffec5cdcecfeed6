// The site by keyboard alone, at 390 px, on every page of a built site:
// - the first Tab lands on the skip link ("본문 바로가기", "Skip to content" on English pages),
//   and Enter moves focus to <main>;
// - Tab reaches every visible control (links, buttons, fields, scrollable tables) and each
//   shows a focus ring: an outline at least 2 px wide with 3:1 contrast against what is
//   around it;
// - search works from the keyboard (Enter to the first result, ↓/↑ between results, Esc
//   back), a step link works with Enter, and a checklist box ticks with Space.
// usage: node keyboard.mjs SITE_DIR
import { launch } from "./launch.mjs";
import { pages, report, siteArgument, url } from "./a11y_pages.mjs";

const site = siteArgument("keyboard.mjs");
const browser = await launch();
const failures = [];
const summary = [];

// Runs in the page: what has focus, and whether its focus ring can be seen.
function describeFocus() {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const parse = (color) => {
    const m = color.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const [r, g, b, a = 1] = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return { r, g, b, a };
  };
  const luminance = ({ r, g, b }) => {
    const f = (c) => {
      c /= 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const contrast = (x, y) => {
    const [a, b] = [luminance(x), luminance(y)].sort((p, q) => q - p);
    return (a + 0.05) / (b + 0.05);
  };
  // The colour painted at a point of the page, the focused element left out: the first
  // opaque background among the elements there and their ancestors (translucent ones mixed).
  const pageColor = parse(getComputedStyle(document.body).backgroundColor);
  const backgroundAt = (x, y) => {
    const stack = document.elementsFromPoint(x, y).filter((e) => e !== el && !el.contains(e));
    const layers = [];
    let node = stack[0] || null;
    while (node && node.nodeType === 1) {
      const c = parse(getComputedStyle(node).backgroundColor);
      if (c && c.a > 0) {
        layers.push(c);
        if (c.a >= 1) break;
      }
      node = node.parentElement;
    }
    let color = pageColor && pageColor.a > 0 ? pageColor : { r: 255, g: 255, b: 255, a: 1 };
    for (const layer of layers.reverse()) {
      color = {
        r: layer.r * layer.a + color.r * (1 - layer.a),
        g: layer.g * layer.a + color.g * (1 - layer.a),
        b: layer.b * layer.a + color.b * (1 - layer.a),
        a: 1,
      };
    }
    return color;
  };
  const style = getComputedStyle(el);
  const rect = el.getBoundingClientRect();
  const width = parseFloat(style.outlineWidth) || 0;
  const offset = parseFloat(style.outlineOffset) || 0;
  const ring = parse(style.outlineColor);
  let minContrast = null;
  if (style.outlineStyle !== "none" && width > 0 && ring) {
    const cx = rect.left + rect.width / 2;
    const cy = rect.top + rect.height / 2;
    const out = offset + width + 2;
    // Just outside the ring, and in the gap between ring and element when there is one.
    const points = [
      [rect.left - out, cy],
      [rect.right + out, cy],
      [cx, rect.top - out],
      [cx, rect.bottom + out],
    ];
    if (offset >= 2) {
      const gap = offset / 2;
      points.push([rect.left - gap, cy], [rect.right + gap, cy], [cx, rect.top - gap], [cx, rect.bottom + gap]);
    }
    for (const [x, y] of points) {
      if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) continue;
      const c = contrast(ring, backgroundAt(x, y));
      if (minContrast === null || c < minContrast) minContrast = c;
    }
  }
  if (!el.dataset.kb) el.dataset.kb = String(document.querySelectorAll("[data-kb]").length);
  const text = (el.getAttribute("aria-label") || el.textContent || el.value || "").trim().replace(/\s+/g, " ");
  return {
    key: el.dataset.kb,
    tag: el.tagName.toLowerCase(),
    id: el.id,
    text: text.slice(0, 40),
    inMain: !!el.closest("main"),
    visible: rect.width >= 4 && rect.height >= 4 && rect.bottom > 0 && rect.top < innerHeight && rect.right > 0 && rect.left < innerWidth,
    outline: style.outlineStyle !== "none" && width >= 2,
    contrast: minContrast,
  };
}

// Runs in the page: every control a person can see and use, keyed like describeFocus.
function visibleControls() {
  const selector = "a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex='-1'])";
  return Array.from(document.querySelectorAll(selector))
    .filter((el) => !el.disabled && el.checkVisibility({ visibilityProperty: true }))
    .filter((el) => {
      const r = el.getBoundingClientRect();
      return r.width > 1 && r.height > 1;
    })
    .map((el) => ({
      key: el.dataset.kb || null,
      tag: el.tagName.toLowerCase(),
      text: (el.textContent || el.getAttribute("aria-label") || "").trim().replace(/\s+/g, " ").slice(0, 40),
    }));
}

async function newPage() {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  // No smooth scrolling: positions are read right after each key press.
  await page.emulateMedia({ reducedMotion: "reduce" });
  return { context, page };
}

for (const name of pages(site)) {
  const fail = (message) => failures.push(`${name}: ${message}`);
  const { context, page } = await newPage();
  await page.goto(url(site, name));

  // 1. The skip link comes first and moves focus to <main>.
  await page.keyboard.press("Tab");
  const first = await page.evaluate(describeFocus);
  const skip = name.startsWith("en/") ? "Skip to content" : "본문 바로가기";
  if (!first || first.text !== skip) {
    fail(`the first Tab lands on ${JSON.stringify(first)}, not the skip link "${skip}"`);
  } else if (!first.visible || !first.outline) {
    fail("the focused skip link is not visible, or has no focus ring");
  }
  await page.keyboard.press("Enter");
  const afterSkip = await page.evaluate(() => ({ id: document.activeElement.id, tag: document.activeElement.tagName, hash: location.hash }));
  if (afterSkip.tag !== "MAIN" || afterSkip.hash !== "#main") {
    fail(`Enter on the skip link left focus on ${afterSkip.tag}#${afterSkip.id} (${afterSkip.hash})`);
  }
  await page.keyboard.press("Tab");
  const next = await page.evaluate(describeFocus);
  if (!next || !next.inMain) fail(`after the skip link, Tab goes to ${JSON.stringify(next)}, outside <main>`);

  // 2. Tab through the whole page, in both colour schemes (the ring colour differs).
  for (const scheme of ["light", "dark"]) {
    await page.emulateMedia({ colorScheme: scheme, reducedMotion: "reduce" });
    await page.goto(url(site, name));
    const stops = [];
    const seen = new Set();
    for (let i = 0; i < 600; i++) {
      await page.keyboard.press("Tab");
      const stop = await page.evaluate(describeFocus);
      // Tab moves between the year, month and day of a date field, which stays focused.
      if (stop && stops.length && stops[stops.length - 1].key === stop.key) continue;
      if (!stop || seen.has(stop.key)) break;
      seen.add(stop.key);
      stops.push(stop);
      const what = `${stop.tag} "${stop.text}"`;
      if (!stop.visible) fail(`[${scheme}] Tab stop ${stops.length}, ${what}, is not visible when focused`);
      if (!stop.outline) fail(`[${scheme}] Tab stop ${stops.length}, ${what}, has no focus outline of 2 px or more`);
      else if (stop.contrast !== null && stop.contrast < 3) {
        fail(`[${scheme}] Tab stop ${stops.length}, ${what}: focus ring contrast ${stop.contrast.toFixed(2)} < 3`);
      }
    }
    const controls = await page.evaluate(visibleControls);
    for (const control of controls) {
      if (!control.key || !seen.has(control.key)) fail(`[${scheme}] Tab never reaches ${control.tag} "${control.text}"`);
    }
    const rings = stops.map((s) => s.contrast).filter((c) => c !== null);
    const lowest = rings.length ? Math.min(...rings).toFixed(2) : "-";
    summary.push(`${name}\t${scheme}\t${stops.length} tab stops\t${controls.length} visible controls\tlowest ring contrast ${lowest}`);
  }
  await context.close();
}

// 3. Search by keyboard, on the home page and on a guide page.
for (const name of ["index.html", "guides/financial-certificate/index.html"]) {
  if (!pages(site).includes(name)) continue;
  const fail = (message) => failures.push(`${name} search: ${message}`);
  const { context, page } = await newPage();
  await page.goto(url(site, name));
  let reached = false;
  for (let i = 0; i < 40 && !reached; i++) {
    await page.keyboard.press("Tab");
    reached = await page.evaluate(() => document.activeElement.id === "search-input");
  }
  if (!reached) {
    fail("Tab does not reach the search field");
    await context.close();
    continue;
  }
  await page.keyboard.type("보안카드");
  await page.keyboard.press("Enter");
  await page.waitForSelector("#search .search-result a");
  const active = () => page.evaluate(() => {
    const links = Array.from(document.querySelectorAll("#search .search-result a"));
    const el = document.activeElement;
    return el.id === "search-input" ? "input" : links.indexOf(el);
  });
  if ((await active()) !== 0) fail(`Enter leaves focus on ${await active()}, not the first result`);
  await page.keyboard.press("ArrowDown");
  if ((await active()) !== 1) fail(`↓ goes to ${await active()}, not the second result`);
  await page.keyboard.press("ArrowUp");
  if ((await active()) !== 0) fail(`↑ goes to ${await active()}, not the first result`);
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Escape");
  if ((await active()) !== "input") fail(`Esc goes to ${await active()}, not the search field`);
  await page.keyboard.press("ArrowDown");
  const href = await page.evaluate(() => document.activeElement.getAttribute("href"));
  const fragment = href.slice(href.indexOf("#"));
  await Promise.all([page.waitForURL((u) => u.hash === fragment), page.keyboard.press("Enter")]);
  const landed = await page.evaluate(() => ({
    hash: location.hash,
    target: !!document.querySelector(":target"),
  }));
  if (!landed.target || !href.endsWith(landed.hash)) {
    fail(`Enter on the first result (${href}) lands on ${JSON.stringify(landed)}`);
  }
  await context.close();
}

// 4. A step link by keyboard: Enter puts #step-… in the address and highlights that step.
{
  const name = "guides/financial-certificate/index.html";
  const { context, page } = await newPage();
  await page.goto(url(site, name));
  let href = null;
  for (let i = 0; i < 200 && !href; i++) {
    await page.keyboard.press("Tab");
    href = await page.evaluate(() => (document.activeElement.matches("a.step-link") ? document.activeElement.getAttribute("href") : null));
  }
  if (!href) failures.push(`${name}: Tab never reaches a step link`);
  else {
    await page.keyboard.press("Enter");
    const state = await page.evaluate(() => ({
      hash: location.hash,
      target: document.querySelector(":target")?.id ?? null,
      ring: getComputedStyle(document.querySelector(":target") ?? document.body).boxShadow,
    }));
    if (state.hash !== href || state.target !== href.slice(1)) {
      failures.push(`${name}: Enter on step link ${href} gives ${JSON.stringify(state)}`);
    } else if (!state.ring || state.ring === "none") {
      failures.push(`${name}: the step ${href} is not highlighted when it is the target`);
    }
  }
  await context.close();
}

// 5. A checklist box ticks with Space.
for (const name of pages(site).filter((p) => p.endsWith("checklist/index.html")).slice(0, 1)) {
  const { context, page } = await newPage();
  await page.goto(url(site, name));
  let box = false;
  for (let i = 0; i < 40 && !box; i++) {
    await page.keyboard.press("Tab");
    box = await page.evaluate(() => document.activeElement.matches("input[type=checkbox]"));
  }
  await page.keyboard.press("Space");
  if (!box || !(await page.evaluate(() => document.activeElement.checked))) {
    failures.push(`${name}: Space does not tick the first box`);
  }
  await context.close();
}

await report(browser, failures, summary.join("\n"));
