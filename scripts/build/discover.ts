import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { BuildError } from './errors.js';

/** A Lambda function workspace: functions/<name>/ with package.json and src/handler.ts. */
export interface FunctionWorkspace {
  /** The folder name; it names the zip, dist/<name>.zip, which Terraform points at. */
  readonly name: string;
  /** The package.json "name". */
  readonly packageName: string;
  readonly directory: string;
  readonly handlerFile: string;
}

export const HANDLER_FILE = join('src', 'handler.ts');

/**
 * Every function workspace under the directory, in name order. A folder that is not a complete
 * workspace is an error rather than skipped: a silently missing zip surfaces only at deploy time.
 */
export async function findFunctions(functionsDirectory: string): Promise<FunctionWorkspace[]> {
  let entries;
  try {
    entries = await readdir(functionsDirectory, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const names = entries
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
    .map((entry) => entry.name)
    .sort();
  return Promise.all(names.map((name) => readWorkspace(functionsDirectory, name)));
}

async function readWorkspace(functionsDirectory: string, name: string): Promise<FunctionWorkspace> {
  const directory = join(functionsDirectory, name);
  const manifest = join(directory, 'package.json');
  let packageName: unknown;
  try {
    packageName = (JSON.parse(await readFile(manifest, 'utf8')) as { name?: unknown }).name;
  } catch (error) {
    throw new BuildError(name, `cannot read ${manifest}: ${(error as Error).message}`);
  }
  if (typeof packageName !== 'string' || packageName === '') {
    throw new BuildError(name, `${manifest} has no "name"`);
  }
  const handlerFile = join(directory, HANDLER_FILE);
  const isFile = await stat(handlerFile).then(
    (info) => info.isFile(),
    () => false,
  );
  if (!isFile) {
    throw new BuildError(name, `${handlerFile} does not exist; every function exports \`handler\` from it`);
  }
  return { name, packageName, directory, handlerFile };
}
