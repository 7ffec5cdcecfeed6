// Deep links on a built site, in Chromium:
// - every href="#…" on every page (with JavaScript on, so links made by scripts count too)
//   names an element id of that page;
// - every step has a visible link to its own #step-… anchor, every caution block and every
//   section has an id;
// - opening a guide at #step-… scrolls to that step and highlights it (:target);
// - a step link works without JavaScript, and with it also copies the full address.
// usage: node deeplinks.mjs SITE_DIR
import { launch } from "./launch.mjs";
import { pages, report, siteArgument, url } from "./a11y_pages.mjs";

const site = siteArgument("deeplinks.mjs");
const browser = await launch();
const failures = [];
const summary = [];

for (const name of pages(site)) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await page.goto(url(site, name));
  const found = await page.evaluate(() => {
    const problems = [];
    const links = Array.from(document.querySelectorAll('a[href^="#"]'));
    for (const a of links) {
      const id = decodeURIComponent(a.getAttribute("href").slice(1));
      if (!id || !document.getElementById(id)) problems.push(`href="${a.getAttribute("href")}" names no id`);
    }
    const steps = Array.from(document.querySelectorAll("li.step"));
    for (const step of steps) {
      if (!/^step-/.test(step.id)) problems.push(`a step without a step-… id: ${step.id}`);
      const link = step.querySelector("a.step-link");
      if (!link || link.getAttribute("href") !== `#${step.id}`) problems.push(`step ${step.id} has no link to itself`);
      else if (!link.checkVisibility()) problems.push(`the link of step ${step.id} is not visible`);
      const cautions = step.querySelector(".cautions");
      if (!cautions || cautions.id !== `${step.id}-cautions`) problems.push(`the cautions of ${step.id} have no id`);
    }
    for (const section of document.querySelectorAll("main section.section")) {
      if (!section.id && section.closest(".guide")) problems.push(`a section without an id: ${section.querySelector("h2")?.textContent}`);
    }
    return { problems, links: links.length, steps: steps.length };
  });
  for (const problem of found.problems) failures.push(`${name}: ${problem}`);
  summary.push(`${name}\t${found.links} in-page links resolve\t${found.steps} steps with a link`);
  await context.close();
}

// Landing on a step from a shared link, and the step links, in each language: the link
// texts and the copy status come from that language's interface strings.
const editions = [
  { guide: "guides/financial-certificate/index.html", plain: "3단계 링크", copy: "3단계 링크 복사", says: "복사했습니다" },
  { guide: "en/guides/financial-certificate/index.html", plain: "Link to step 3", copy: "Link to step 3 (copy)", says: "The link is copied" },
];
for (const { guide, plain, copy, says } of editions) {
  {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.emulateMedia({ reducedMotion: "reduce" });
    const anchor = "step-security-media";
    await page.goto(`${url(site, guide)}#${anchor}`);
    const landed = await page.evaluate((id) => {
      const el = document.getElementById(id);
      const rect = el.getBoundingClientRect();
      return {
        target: document.querySelector(":target")?.id ?? null,
        ring: getComputedStyle(el).boxShadow,
        top: rect.top,
      };
    }, anchor);
    if (landed.target !== anchor) failures.push(`${guide}#${anchor}: :target is ${landed.target}`);
    if (!landed.ring || landed.ring === "none") failures.push(`${guide}#${anchor}: the step is not highlighted`);
    if (landed.top < 0 || landed.top > 100) failures.push(`${guide}#${anchor}: the step is ${landed.top}px from the top`);
    await context.close();
  }

  // A step link without JavaScript: a plain link to the step.
  {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(url(site, guide));
    const link = page.locator("li.step a.step-link").nth(2);
    const href = await link.getAttribute("href");
    const text = (await link.textContent()).trim();
    if (text !== plain) failures.push(`${guide}: without JavaScript the third step link reads "${text}", not "${plain}"`);
    await link.click();
    const state = await page.evaluate(() => ({ hash: location.hash, target: document.querySelector(":target")?.id }));
    if (state.hash !== href || state.target !== href.slice(1)) {
      failures.push(`without JavaScript, clicking ${href} gives ${JSON.stringify(state)}`);
    }
    await context.close();
  }

  // With JavaScript: the click also copies the full address, and says so.
  {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    const page = await context.newPage();
    await page.goto(`${url(site, guide)}?q=otp`);
    const link = page.locator("li.step a.step-link").nth(2);
    const href = await link.getAttribute("href");
    const name = await link.evaluate((a) => a.textContent.trim());
    if (name !== copy) failures.push(`${guide}: with JavaScript the third step link reads "${name}", not "${copy}"`);
    await link.click();
    await page.waitForFunction(() => document.querySelector(".copy-status")?.textContent !== "", null, { timeout: 3000 });
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    const status = await page.locator(".copy-status").textContent();
    const expected = url(site, guide) + href;
    if (copied !== expected) failures.push(`the step link copied ${JSON.stringify(copied)}, not ${expected}`);
    if (!status.includes(says)) failures.push(`${guide}: the copy status says "${status}"`);
    if ((await page.locator(".copy-status").getAttribute("role")) !== "status") {
      failures.push(`${guide}: the copy status is not a live region (role=status)`);
    }
    await context.close();
  }
}

await report(browser, failures, summary.join("\n"));
