import { open, writeFile } from 'node:fs/promises';
import type { CliIo } from './cli-io.js';

/** A file that cannot be written is bad input (a missing directory, no permission), not a crash. */
export class OutputFileError extends Error {
  constructor(path: string, problem: string) {
    super(`${path}: cannot write the output: ${problem}`);
    this.name = 'OutputFileError';
  }
}

/** The output on stdout, or in the --out file. */
export async function emit(output: string, out: string | undefined, io: CliIo): Promise<void> {
  if (out === undefined) {
    io.stdout.write(output);
  } else {
    await writeOutput(out, output);
  }
}

export async function writeOutput(path: string, output: string): Promise<void> {
  try {
    await writeFile(path, output, 'utf8');
  } catch (error) {
    throw new OutputFileError(path, (error as Error).message);
  }
}

/** Like emit, for an output in pieces: each is written as it comes, never the whole text at once. */
export async function emitChunks(
  chunks: Iterable<string>,
  out: string | undefined,
  io: CliIo,
): Promise<void> {
  if (out === undefined) {
    for (const chunk of chunks) io.stdout.write(chunk);
    return;
  }
  let file;
  try {
    file = await open(out, 'w');
    for (const chunk of chunks) await file.write(chunk, null, 'utf8');
  } catch (error) {
    throw new OutputFileError(out, (error as Error).message);
  } finally {
    await file?.close();
  }
}
