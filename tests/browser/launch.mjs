// Starts Debian's Chromium through playwright-core (which downloads no browser of its own):
// the one the Rust tests name in STEPGUIDE_CHROMIUM, or /usr/bin/chromium.
import { chromium } from "playwright-core";

export function launch() {
  return chromium.launch({
    executablePath: process.env.STEPGUIDE_CHROMIUM ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--no-first-run",
      // This machine has no network: stop Chromium's own background connections.
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
