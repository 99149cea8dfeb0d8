import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

// Debian's Chromium (scripts/setup-test-tools and .ci/run install it): playwright's own browser
// download needs a CDN this project's machines cannot reach.
const CHROMIUM = '/usr/bin/chromium';
// No sandbox (CI runs as root), and nothing that would reach the network on its own: a page that
// makes a request is a failure the tests look for, not background noise.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A headless Chromium for the tests of the self-contained HTML pages. */
export async function launchHeadlessChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: the HTML pages are tested in Debian's Chromium; run \`bash scripts/setup-test-tools\``,
    );
  }
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}
