import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { CATALOG_DIR } from '@credential-tracker/findings';
import { BUNDLE_FILE, bundleHandler } from './bundle.js';
import { findFunctions, type FunctionWorkspace } from './discover.js';
import { BuildError } from './errors.js';
import { base64Sha256, deterministicZip } from './zip.js';

export interface BuildOptions {
  readonly functionsDirectory: string;
  readonly outputDirectory: string;
}

export interface BuiltFunction {
  readonly name: string;
  readonly packageName: string;
  readonly zipFile: string;
  readonly bytes: number;
  /** Base64 SHA-256 of the zip: what Terraform's source_code_hash compares. */
  readonly sha256: string;
}

/**
 * Bundles and zips every function. Zips are written only once every function built: a dist/ with
 * some fresh and some stale zips would deploy a mix of two commits.
 */
export async function buildFunctions(options: BuildOptions): Promise<BuiltFunction[]> {
  const functions = await findFunctions(options.functionsDirectory);
  const outcomes = await Promise.allSettled(functions.map(packageFunction));
  const failures = outcomes.flatMap((outcome) =>
    outcome.status === 'rejected' ? [outcome.reason as unknown] : [],
  );
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1) {
    throw new BuildError(
      undefined,
      `${failures.length} functions failed to build:\n${failures.map((failure) => (failure as Error).message).join('\n')}`,
    );
  }

  await mkdir(options.outputDirectory, { recursive: true });
  const built: BuiltFunction[] = [];
  for (const [index, outcome] of outcomes.entries()) {
    const workspace = functions[index] as FunctionWorkspace;
    const zip = (outcome as PromiseFulfilledResult<Uint8Array>).value;
    const zipFile = join(options.outputDirectory, `${workspace.name}.zip`);
    await writeFile(zipFile, zip);
    built.push({
      name: workspace.name,
      packageName: workspace.packageName,
      zipFile,
      bytes: zip.byteLength,
      sha256: base64Sha256(zip),
    });
  }
  return built;
}

async function packageFunction(workspace: FunctionWorkspace): Promise<Uint8Array> {
  const bundle = await bundleHandler(workspace.name, workspace.handlerFile);
  const files = new Map([[BUNDLE_FILE, bundle.code]]);
  if (bundle.inputs.some((input) => CATALOG_LOADER.test(input))) {
    for (const [name, content] of await catalogFiles()) files.set(name, content);
  }
  return deterministicZip(files);
}

// A bundle that loads the finding catalog reads query.sql and finding.json files at run time; they
// go into the zip as catalog/<id>/..., beside index.mjs, where the loader looks first.
const CATALOG_LOADER = /(?:^|[\\/])packages[\\/]findings[\\/]src[\\/]catalog\.ts$/;

async function catalogFiles(): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>();
  for (const entry of await readdir(CATALOG_DIR, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files.set(`catalog/${relative(CATALOG_DIR, path).split(sep).join('/')}`, await readFile(path));
  }
  return files;
}
