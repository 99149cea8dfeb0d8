import { fileURLToPath } from 'node:url';
import { buildCli } from '../../../../scripts/build/build-cli.js';

/** The package's bin, which runs the bundle in packages/cli/dist/. */
export const BIN = fileURLToPath(new URL('../../bin/credential-tracker.js', import.meta.url));

let built: Promise<string> | undefined;

/**
 * The bin, after bundling the current sources once per test process: a test that spawns it then
 * runs the code under test, never a bundle left over from an earlier checkout or edit.
 */
export async function builtBin(): Promise<string> {
  built ??= buildCli();
  await built;
  return BIN;
}
