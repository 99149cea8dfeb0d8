import { build, formatMessages, type BuildFailure } from 'esbuild';
import { BuildError } from './errors.js';

/** The file name inside the zip: with format esm it must end in .mjs, and the handler is index.handler. */
export const BUNDLE_FILE = 'index.mjs';

/** The Node.js major of the Lambda runtime (nodejs22.x). */
export const LAMBDA_NODE_TARGET = 'node22';

// An ES module has no `require`, yet CommonJS dependencies bundled into it may still call one at run
// time (a module name computed in code, an optional dependency), and esbuild's shim then throws
// "Dynamic require ... is not supported". The alias keeps the banner's import clear of bundle names.
const REQUIRE_BANNER =
  "import { createRequire as __credentialTrackerCreateRequire } from 'node:module'; const require = __credentialTrackerCreateRequire(import.meta.url);";

/**
 * Bundles one handler into a single minified ES module for the Lambda runtime. Everything is bundled,
 * the AWS SDK v3 clients included, although nodejs22.x ships one: the runtime's copy changes version
 * under the function without notice, and bundling runs the exact versions package-lock.json pins and
 * the tests ran (it also loads faster, as only the commands used survive tree-shaking). Node's
 * built-ins stay external, as platform node implies.
 */
export interface Bundle {
  readonly code: Uint8Array;
  /** Every source file esbuild put in the bundle, relative to the working directory. */
  readonly inputs: readonly string[];
}

export async function bundleHandler(functionName: string, handlerFile: string): Promise<Bundle> {
  try {
    const result = await build({
      entryPoints: [handlerFile],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: LAMBDA_NODE_TARGET,
      // ESM builds of dependencies first: they tree-shake; the CommonJS ones do not.
      mainFields: ['module', 'main'],
      outfile: BUNDLE_FILE,
      write: false,
      minify: true,
      treeShaking: true,
      sourcemap: false,
      legalComments: 'none',
      banner: { js: REQUIRE_BANNER },
      logLevel: 'silent',
      metafile: true,
    });
    const [output] = result.outputFiles;
    if (output === undefined || result.outputFiles.length !== 1) {
      throw new BuildError(functionName, `esbuild produced ${result.outputFiles.length} files, expected one`);
    }
    return { code: output.contents, inputs: Object.keys(result.metafile.inputs) };
  } catch (error) {
    if (error instanceof BuildError) throw error;
    if (isBuildFailure(error)) {
      const text = await formatMessages(error.errors, { kind: 'error', color: false });
      throw new BuildError(functionName, `esbuild failed on ${handlerFile}:\n${text.join('').trimEnd()}`);
    }
    throw new BuildError(functionName, `esbuild failed on ${handlerFile}: ${(error as Error).message}`);
  }
}

function isBuildFailure(error: unknown): error is BuildFailure {
  return error instanceof Error && Array.isArray((error as Partial<BuildFailure>).errors);
}
