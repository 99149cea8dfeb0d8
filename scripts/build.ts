/**
 * Packages every Lambda function: functions/<name>/src/handler.ts → dist/<name>.zip holding one
 * minified index.mjs (handler index.handler, runtime nodejs22.x). Identical sources give identical
 * bytes, so Terraform redeploys only what changed.
 *
 *   npm run build [-- --functions-dir DIR] [--out-dir DIR]
 *
 * The directories default to functions/ and dist/ of the repository, or BUILD_FUNCTIONS_DIR and
 * BUILD_OUT_DIR when set.
 */
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildFunctions } from './build/build-functions.js';
import { BuildError } from './build/errors.js';

const REPOSITORY = fileURLToPath(new URL('..', import.meta.url));

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { 'functions-dir': { type: 'string' }, 'out-dir': { type: 'string' } },
    strict: true,
  });
  const functionsDirectory = resolve(
    values['functions-dir'] ?? process.env.BUILD_FUNCTIONS_DIR ?? resolve(REPOSITORY, 'functions'),
  );
  const outputDirectory = resolve(
    values['out-dir'] ?? process.env.BUILD_OUT_DIR ?? resolve(REPOSITORY, 'dist'),
  );

  const built = await buildFunctions({ functionsDirectory, outputDirectory });
  if (built.length === 0) {
    console.log(
      `no functions to build: ${display(functionsDirectory)} holds no <name>/package.json with src/handler.ts`,
    );
    return 0;
  }
  for (const result of built) {
    console.log(
      `${result.name}\t${display(result.zipFile)}\t${result.bytes} bytes\tsha256 ${result.sha256}\t(${result.packageName})`,
    );
  }
  return 0;
}

/** How node:util parseArgs reports an unknown option or a missing value. */
function isUsageError(error: unknown): error is Error {
  return error instanceof Error && String((error as NodeJS.ErrnoException).code).startsWith('ERR_PARSE_ARGS');
}

const display = (path: string): string => relative(process.cwd(), path) || '.';

try {
  process.exitCode = await main();
} catch (error) {
  if (!(error instanceof BuildError) && !isUsageError(error)) throw error;
  console.error(`build failed: ${error.message}`);
  process.exitCode = 1;
}
