// The quotes behind a statement and the questions customers ask, in Chromium with JavaScript
// off, at phone width:
// - every quote disclosure (details.evidence) starts closed, its quote hidden;
// - a click or the keyboard (Enter on its summary) opens it and shows the quote and its
//   source link, and a second press closes it again;
// - opening a guide at #question-… lands on that question (:target, near the top).
// usage: node disclosure.mjs SITE_DIR
import { launch } from "./launch.mjs";
import { report, siteArgument, url } from "./a11y_pages.mjs";

const site = siteArgument("disclosure.mjs");
const browser = await launch();
const failures = [];
const summary = [];
const guides = ["guides/financial-certificate/index.html", "guides/joint-certificate/index.html"];

for (const guide of guides) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(url(site, guide));
  const disclosures = page.locator("details.evidence");
  const count = await disclosures.count();
  if (count === 0) failures.push(`${guide}: no quote disclosure`);
  const closed = await page.evaluate(() =>
    Array.from(document.querySelectorAll("details.evidence")).filter(
      (d) => d.open || d.querySelector("blockquote").checkVisibility(),
    ).length,
  );
  if (closed !== 0) failures.push(`${guide}: ${closed} quote disclosures are open or show their quote before a click`);

  // Open the first one with a click, the second with the keyboard.
  const first = disclosures.nth(0);
  await first.locator("summary").click();
  const shown = await first.evaluate((d) => ({
    open: d.open,
    quote: d.querySelector("blockquote").checkVisibility() ? d.querySelector("blockquote").innerText.trim() : "",
    link: d.querySelector(".evidence-source a")?.checkVisibility() ?? false,
  }));
  if (!shown.open || !shown.quote) failures.push(`${guide}: a click on the summary does not show the quote`);
  if (!shown.link) failures.push(`${guide}: the opened quote has no visible source link`);
  const second = disclosures.nth(1);
  await second.locator("summary").focus();
  await page.keyboard.press("Enter");
  const byKey = await second.evaluate((d) => d.open && d.querySelector("blockquote").checkVisibility());
  await page.keyboard.press("Enter");
  const closedAgain = await second.evaluate((d) => !d.open);
  if (!byKey || !closedAgain) failures.push(`${guide}: Enter on the summary does not open and close the quote`);
  summary.push(`${guide}\t${count} quote disclosures, closed until asked for, open by click and by Enter without JavaScript`);
  await context.close();
}

// Landing on a question from a shared link, without JavaScript.
{
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, javaScriptEnabled: false });
  const page = await context.newPage();
  // Without smooth scrolling, so the landing place is there at once.
  await page.emulateMedia({ reducedMotion: "reduce" });
  const anchor = "question-help-desk";
  await page.goto(`${url(site, guides[0])}#${anchor}`);
  const landed = await page.evaluate((id) => ({
    target: document.querySelector(":target")?.id ?? null,
    top: document.getElementById(id).getBoundingClientRect().top,
    text: document.getElementById(id).innerText,
  }), anchor);
  if (landed.target !== anchor) failures.push(`#${anchor}: :target is ${landed.target}`);
  if (landed.top < 0 || landed.top > 100) failures.push(`#${anchor}: the question is ${landed.top}px from the top`);
  if (!landed.text.includes("1588-9999")) failures.push(`#${anchor}: the answer does not give the number`);
  summary.push(`${guides[0]}#${anchor}\tlands on the question`);
  await context.close();
}

await report(browser, failures, summary.join("\n"));
