// Opens every page of a built site in Chromium from file:// and looks for payloads that came
// alive. Reuses tests/browser's playwright-core and launcher.
//
// usage: node check.mjs learn SITE [URL_PREFIX...] > allowed.json
//          the tags, attributes and requests of a site built from harmless text: what the
//          templates make
//        node check.mjs check SITE allowed.json [URL_PREFIX...]
//          fails (exit 1, one line a finding) on:
//          - live markup: an element or attribute the harmless site does not have, or any
//            event-handler attribute;
//          - script that ran: `__pwn()` (or `__PWN()`) called, a dialog, a page error;
//          - an escaped link: an address in href, src, action and the like that is neither a
//            file of the site nor http(s) (a link, never something the page loads), mailto
//            or tel; anything the page loads must be a file of the site or start with one
//            of the URL_PREFIXes;
//          - a request outside the site (each is blocked and reported).
//        prints a JSON summary on the last line of standard output.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { launch } from "../browser/launch.mjs";

const [mode, siteArg, ...rest] = process.argv.slice(2);
const allowedFile = mode === "check" ? rest.shift() : null;
// As the browser writes them, percent-encoded, so they compare with resolved addresses.
const prefixes = rest.flatMap((prefix) => {
  try {
    return [prefix, new URL(prefix).href];
  } catch {
    return [prefix];
  }
});
const fromSite = (url) => prefixes.some((prefix) => url.startsWith(prefix));
if (!["learn", "check"].includes(mode) || !siteArg || (mode === "check" && !allowedFile)) {
  console.error("usage: node check.mjs learn SITE [URL_PREFIX...] | check SITE allowed.json [URL_PREFIX...]");
  process.exit(2);
}
const site = resolve(siteArg);
const siteUrl = pathToFileURL(site).href + "/";

function pages(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return pages(path);
    return name.endsWith(".html") ? [path] : [];
  });
}

// Attributes whose value is an address, and whether the page loads it on its own.
const ADDRESSES = {
  href: false, src: true, action: false, formaction: false, srcset: true, poster: true,
  data: true, background: true, "xlink:href": false, ping: true, cite: false, longdesc: false,
  lowsrc: true, dynsrc: true, content: false, manifest: true, icon: true,
};
const HOOK = `
  window.__pwned = [];
  window.__pwn = window.__PWN = (why) => window.__pwned.push(String(why));
  for (const name of ["alert", "confirm", "prompt", "print"]) {
    window[name] = (text) => window.__pwned.push(name + ": " + text);
  }
`;

const browser = await launch();
const context = await browser.newContext({ acceptDownloads: false });
await context.addInitScript(HOOK);
// Nothing leaves the machine: every request that is not a file of the site is refused.
const requests = [];
await context.route("**/*", (route) => {
  const url = route.request().url();
  if (url.startsWith(siteUrl)) return route.continue();
  requests.push(url);
  return route.abort();
});
const findings = [];
const seen = { tags: new Set(), attrs: new Set(), requests: new Set() };
const allowed = mode === "check" ? JSON.parse(readFileSync(allowedFile, "utf8")) : null;
const allowedTags = new Set(allowed?.tags ?? []);
const allowedAttrs = new Set(allowed?.attrs ?? []);
const allowedRequests = new Set(allowed?.requests ?? []);

function inSite(url) {
  return url.startsWith(siteUrl) && !decodeURIComponent(url.slice(siteUrl.length)).split("/").includes("..");
}

async function visit(page, file) {
  const name = file.slice(site.length + 1);
  const found = (what) => findings.push(`${name}: ${what}`);
  const before = requests.length;
  const onDialog = (dialog) => {
    found(`dialog ${dialog.type()}: ${dialog.message()}`);
    dialog.dismiss().catch(() => {});
  };
  const onError = (error) => found(`page error (script ran?): ${error.message}`);
  const onRequest = (request) => {
    const url = request.url();
    if (!url.startsWith(siteUrl)) {
      seen.requests.add(url);
      if (mode === "check" && !allowedRequests.has(url) && !fromSite(url)) found(`request outside the site: ${url}`);
    }
  };
  page.on("dialog", onDialog);
  page.on("pageerror", onError);
  page.on("request", onRequest);
  // The listings of a full run hold every guide (1,361): minutes, not seconds, on a busy machine.
  await page.goto(pathToFileURL(file).href, { waitUntil: "load", timeout: 600_000 });
  // Handlers on failed images and autofocus fire after load; give them a moment.
  await page.waitForTimeout(50);
  const dom = await page.evaluate((names) => {
    const out = { tags: [], attrs: [], urls: [], pwned: window.__pwned ?? ["hook removed"] };
    for (const el of document.querySelectorAll("*")) {
      out.tags.push(el.localName);
      for (const attribute of el.attributes) {
        out.attrs.push(`${el.localName}@${attribute.name}`);
        if (attribute.name in names) {
          let resolved = attribute.value;
          try {
            resolved = new URL(attribute.value.trim(), document.baseURI).href;
          } catch {}
          out.urls.push([el.localName, attribute.name, attribute.value, resolved]);
        }
      }
    }
    return out;
  }, ADDRESSES);
  page.off("dialog", onDialog);
  page.off("pageerror", onError);
  page.off("request", onRequest);
  for (const why of dom.pwned) found(`script ran: ${why}`);
  for (const url of requests.slice(before)) {
    if (mode === "check" && !allowedRequests.has(url) && !fromSite(url)) found(`blocked request: ${url}`);
  }
  for (const tag of dom.tags) {
    seen.tags.add(tag);
    if (mode === "check" && !allowedTags.has(tag)) found(`live element <${tag}>`);
  }
  for (const attr of dom.attrs) {
    seen.attrs.add(attr);
    const name = attr.split("@")[1];
    if (/^on/i.test(name) || (mode === "check" && !allowedAttrs.has(attr))) found(`live attribute ${attr}`);
  }
  for (const [tag, attr, value, url] of dom.urls) {
    if (tag === "meta" && attr === "content") continue;
    if (inSite(url)) continue;
    const scheme = url.split(":")[0].toLowerCase();
    const loads = ADDRESSES[attr] || (tag === "link" && attr === "href");
    if (!loads && ["http", "https", "mailto", "tel"].includes(scheme)) continue;
    if (loads && fromSite(url)) continue;
    found(`escaped ${tag}@${attr}: ${JSON.stringify(value)} -> ${url}`);
  }
}

const files = pages(site).sort();
// Two tabs at a time: the machine's cores, not the browser, are the limit.
const tabs = await Promise.all([context.newPage(), context.newPage()]);
let next = 0;
await Promise.all(
  tabs.map(async (page) => {
    while (next < files.length) await visit(page, files[next++]);
  })
);
await browser.close();

if (mode === "learn") {
  console.log(
    JSON.stringify({ tags: [...seen.tags].sort(), attrs: [...seen.attrs].sort(), requests: [...seen.requests].sort() })
  );
  if (findings.length) {
    console.error(findings.join("\n"));
    process.exit(1);
  }
} else {
  for (const finding of findings) console.log(finding);
  console.log(JSON.stringify({ pages: files.length, findings: findings.length }));
  process.exit(findings.length ? 1 : 0);
}
