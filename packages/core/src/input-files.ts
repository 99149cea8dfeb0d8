// Finding the input files under the paths a person gives (scan's reports, review's inventory). A
// symlink is followed, never skipped in silence: a report linked into a folder is scanned like a copy.
// Each real file is read once however many links reach it, and a directory reached again (a link
// to a parent, two links to one folder) is not walked twice, so a cycle ends. What cannot be read as
// a file (a dangling link, a link loop, a FIFO or a device with an input's name) is refused.
import { readdir, readlink, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Stats } from 'node:fs';

/** A path that cannot be read as input: missing, a dangling or looping link, not a regular file. */
export class InputPathError extends Error {
  readonly path: string;

  constructor(path: string, problem: string) {
    super(`${path}: ${problem}`);
    this.name = 'InputPathError';
    this.path = path;
  }
}

const codeOf = (error: unknown): string | undefined =>
  error instanceof Error && 'code' in error ? String(error.code) : undefined;

/** What a path is once every symlink on the way is followed; refuses a dangling link and a loop. */
async function resolved(path: string): Promise<Stats> {
  try {
    return await stat(path);
  } catch (error) {
    const code = codeOf(error);
    if (code === 'ELOOP') throw new InputPathError(path, 'a symlink loop (the link leads back to itself)');
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      const target = await readlink(path).catch(() => undefined);
      throw new InputPathError(
        path,
        target === undefined ? 'no such file or directory' : `a symlink to ${target}, which does not exist`,
      );
    }
    throw new InputPathError(path, `cannot be read (${code ?? String(error)})`);
  }
}

function notAFile(path: string, info: Stats): InputPathError {
  const kind = info.isFIFO()
    ? 'a FIFO'
    : info.isSocket()
      ? 'a socket'
      : info.isCharacterDevice() || info.isBlockDevice()
        ? 'a device'
        : 'not a regular file';
  return new InputPathError(path, `${kind}, not a regular file; give the file itself`);
}

/**
 * The files named, or found at any depth under the directories named, whose name `wanted` accepts
 * (a file named directly is taken whatever its name). Returns display paths (as given, joined with
 * the names found), sorted, each real file once.
 */
export async function findInputFiles(
  paths: readonly string[],
  wanted: (name: string) => boolean,
): Promise<string[]> {
  const files = new Map<string, string>();
  const walkedDirectories = new Set<string>();

  const addFile = async (path: string) => {
    const real = await realpath(path);
    if (!files.has(real)) files.set(real, path);
  };

  const walk = async (directory: string): Promise<void> => {
    const real = await realpath(directory);
    if (walkedDirectories.has(real)) return;
    walkedDirectories.add(real);
    let entries;
    try {
      entries = await readdir(directory, { withFileTypes: true });
    } catch (error) {
      throw new InputPathError(directory, `cannot be read (${codeOf(error) ?? String(error)})`);
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) {
        await walk(path);
      } else if (entry.isFile()) {
        if (wanted(entry.name)) await addFile(path);
      } else if (entry.isSymbolicLink()) {
        // A dangling link is refused whatever its name: it may have been meant as a folder of inputs.
        const info = await resolved(path);
        if (info.isDirectory()) await walk(path);
        else if (!wanted(entry.name)) continue;
        else if (info.isFile()) await addFile(path);
        else throw notAFile(path, info);
      } else if (wanted(entry.name)) {
        throw notAFile(path, await stat(path));
      }
    }
  };

  for (const path of paths) {
    const info = await resolved(path);
    if (info.isDirectory()) await walk(path);
    else if (info.isFile()) await addFile(path);
    else throw notAFile(path, info);
  }
  return [...files.values()].sort();
}
