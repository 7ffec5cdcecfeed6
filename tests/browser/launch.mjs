// Starts Debian's Chromium through playwright-core (which downloads no browser of its own):
// the one the Rust tests name in STEPGUIDE_CHROMIUM, or /usr/bin/chromium, with the flags in
// chromium.args.
import { readFileSync } from "node:fs";
import { chromium } from "playwright-core";

const args = readFileSync(new URL("./chromium.args", import.meta.url), "utf8")
  .split("\n")
  .map((line) => line.trim())
  .filter((line) => line !== "" && !line.startsWith("#"));

export function launch() {
  return chromium.launch({
    executablePath: process.env.STEPGUIDE_CHROMIUM ?? "/usr/bin/chromium",
    args,
  });
}
