import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, formatMessages, type BuildFailure } from 'esbuild';
import { BuildError } from './errors.js';
import { zodEnglishOnly } from './bundle.js';

/** Where the bin (packages/cli/bin/credential-tracker.js) looks for the bundled CLI. */
export const CLI_BUNDLE = fileURLToPath(
  new URL('../../packages/cli/dist/credential-tracker.mjs', import.meta.url),
);
const CLI_ENTRY = fileURLToPath(new URL('../../packages/cli/src/main.ts', import.meta.url));

// Same shim as the Lambda bundles: CommonJS dependencies inside an ES module may still call require.
const REQUIRE_BANNER =
  "import { createRequire as __credentialTrackerCreateRequire } from 'node:module'; const require = __credentialTrackerCreateRequire(import.meta.url);";

/**
 * The CLI as one JavaScript file, so `npx credential-tracker` starts without compiling TypeScript
 * (tsx took about 2 s at every start). DuckDB's native binding (@duckdb/node-bindings, which loads
 * libduckdb.so) stays external and is loaded from node_modules at run time; its JavaScript API is
 * bundled, as loading its hundred-odd CommonJS files took 0.14 s of each start. The bundle sits in packages/cli/dist/, so the files it reads beside its
 * sources (the CLI's package.json, the finding catalog) resolve as they do from src/.
 * Not minified: a stack trace of the CLI should stay readable, and the size costs little to parse.
 */
export async function buildCli(outfile: string = CLI_BUNDLE): Promise<string> {
  return bundleNodeProgram(CLI_ENTRY, outfile);
}

/** One TypeScript program as one ES module for Node, built the way the CLI is (the benchmark's too). */
export async function bundleNodeProgram(entry: string, outfile: string): Promise<string> {
  let bundle: Uint8Array;
  try {
    const result = await build({
      entryPoints: [entry],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      external: ['@duckdb/node-bindings'],
      banner: { js: `#!/usr/bin/env node\n${REQUIRE_BANNER}` },
      plugins: [zodEnglishOnly],
      legalComments: 'none',
      logLevel: 'silent',
      write: false,
    });
    bundle = result.outputFiles[0]?.contents ?? new Uint8Array();
  } catch (error) {
    const failure = error as BuildFailure;
    if (!Array.isArray(failure.errors)) throw error;
    const messages = await formatMessages(failure.errors, { kind: 'error' });
    throw new BuildError(undefined, `bundling ${entry} failed:\n${messages.join('\n')}`);
  }
  // Written aside and renamed: a test process rebuilding it never lets another run half a file.
  await mkdir(dirname(outfile), { recursive: true });
  const partial = `${outfile}.${process.pid}.tmp`;
  await writeFile(partial, bundle);
  await rename(partial, outfile);
  return outfile;
}
