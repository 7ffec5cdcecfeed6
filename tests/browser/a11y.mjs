// axe-core on every page of a built site, in the light and the dark color scheme: every rule
// axe runs by default plus the wcag22aa set (target-size), zero violations allowed.
// Pages that have search are also checked with results on screen, and guide pages opened at
// a step link, with that step highlighted.
// usage: node a11y.mjs SITE_DIR [--json OUT]
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { launch } from "./launch.mjs";
import { pages, report, url } from "./a11y_pages.mjs";

const [site, flag, jsonOut] = process.argv.slice(2);
if (!site || (flag && flag !== "--json")) {
  console.error("usage: node a11y.mjs SITE_DIR [--json OUT]");
  process.exit(2);
}
const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

const browser = await launch();
const failures = [];
const rows = [];

// Runs axe on the page as it is now; records one row of the summary.
async function check(page, name, scheme, state) {
  await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(async () => {
    const axe = window.axe;
    // Default rules stay on; the wcag22aa rules (off by default) are switched on.
    const rules = {};
    for (const rule of axe.getRules(["wcag22aa"])) rules[rule.ruleId] = { enabled: true };
    const run = await axe.run(document, { rules, resultTypes: ["violations", "incomplete"] });
    const brief = (list) =>
      list.map((r) => ({
        id: r.id,
        impact: r.impact,
        help: r.help,
        nodes: r.nodes.map((n) => ({ target: n.target.join(" "), summary: n.failureSummary || "" })),
      }));
    return { violations: brief(run.violations), incomplete: brief(run.incomplete), passes: run.passes.length };
  });
  rows.push({ page: name, scheme, state, violations: result.violations, incomplete: result.incomplete });
  for (const v of result.violations) {
    for (const node of v.nodes) {
      failures.push(`${name} [${scheme}, ${state}] ${v.id} (${v.impact}): ${v.help}\n    at ${node.target}\n    ${node.summary.replace(/\n/g, "\n    ")}`);
    }
  }
}

for (const name of pages(site)) {
  for (const scheme of ["light", "dark"]) {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(url(site, name));
    await check(page, name, scheme, "loaded");
    if (await page.locator("#search input[type=search]").count()) {
      // Results are part of the page too: their links, marks and status line.
      await page.reload();
      // A word every language's guides have: Korean pages search the Korean one.
      const korean = (await page.getAttribute("html", "lang")) === "ko";
      await page.fill("#search input[type=search]", korean ? "보안카드" : "OTP");
      await page.waitForSelector("#search .search-result a", { timeout: 5000 });
      await check(page, name, scheme, "search results");
    }
    // One with a link in its caution, so that link is checked on the highlight too.
    const step = await page.evaluate(
      () =>
        (document.querySelector("li.step:has(.cause a) a.step-link") ?? document.querySelector("a.step-link"))?.getAttribute(
          "href",
        ) ?? null,
    );
    if (step) {
      // A shared step link: the highlighted step must keep its contrast.
      await page.goto(url(site, name) + step);
      await check(page, name, scheme, `at ${step}`);
    }
    await context.close();
  }
}

if (jsonOut) writeFileSync(jsonOut, JSON.stringify(rows, null, 1));
const table = rows
  .map((r) => `${r.page}\t${r.scheme}\t${r.state}\t${r.violations.length} violations\t${r.incomplete.map((i) => i.id).join(",") || "-"}`)
  .join("\n");
await report(browser, failures, `page\tscheme\tstate\tviolations\tneeds review\n${table}`);
