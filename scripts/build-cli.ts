/**
 * Bundles the credential-tracker CLI into packages/cli/dist/credential-tracker.mjs, which the bin
 * runs. The root package's `prepare` script runs it, so `npm ci` leaves a working
 * `npx credential-tracker`; run it again (`npm run build:cli`) after editing the CLI's sources.
 */
import { relative } from 'node:path';
import { buildCli } from './build/build-cli.js';
import { BuildError } from './build/errors.js';

try {
  const bundle = await buildCli();
  console.log(`credential-tracker CLI bundled: ${relative(process.cwd(), bundle)}`);
} catch (error) {
  if (!(error instanceof BuildError)) throw error;
  console.error(`build failed: ${error.message}`);
  process.exitCode = 1;
}
