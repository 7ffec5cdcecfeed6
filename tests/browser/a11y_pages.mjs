// Shared by the browser tests of the built site: the site named on the command line, the list
// of its pages, file:// URLs, and the report.
import { readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";

// The site folder, the one argument of `node SCRIPT SITE_DIR`; exits 2 without it.
export function siteArgument(script) {
  const [site] = process.argv.slice(2);
  if (!site) {
    console.error(`usage: node ${script} SITE_DIR`);
    process.exit(2);
  }
  return site;
}

// Every HTML page of a built site, as paths relative to it with "/" separators, sorted.
export function pages(site) {
  const found = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".html")) found.push(relative(site, path).split("\\").join("/"));
    }
  };
  walk(site);
  return found.sort();
}

export function url(site, page) {
  return pathToFileURL(join(site, page)).href;
}

// Closes the browser, prints the summary and the failures, and exits 1 when there are any.
export async function report(browser, failures, summary) {
  await browser.close();
  if (summary) console.log(summary);
  if (failures.length) {
    console.error(failures.join("\n"));
    process.exit(1);
  }
  console.log("ok");
}
