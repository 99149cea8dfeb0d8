#!/usr/bin/env node
// Runs the bundled CLI (packages/cli/dist/credential-tracker.mjs), which `npm ci` builds through the
// root package's `prepare` script (scripts/build-cli.ts): plain JavaScript starts at once, where
// compiling the TypeScript through tsx took about 2 s at every start.
import { existsSync } from 'node:fs';
import process from 'node:process';
import { URL, fileURLToPath } from 'node:url';

const bundle = new URL('../dist/credential-tracker.mjs', import.meta.url);
if (!existsSync(bundle)) {
  process.stderr.write(
    `credential-tracker: the CLI is not built (${fileURLToPath(bundle)} is missing); run npm ci or npm run build:cli\n`,
  );
  process.exit(2);
}
await import(bundle.href);
