// Shared by the browser tests of the built site: the list of its pages, and file:// URLs.
import { readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";

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
