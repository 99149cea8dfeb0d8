import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
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
  return deterministicZip(new Map([[BUNDLE_FILE, bundle]]));
}
