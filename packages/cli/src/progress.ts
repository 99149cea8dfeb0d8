import type { TextOutput } from './cli-io.js';

/** Below this many files a scan is over before a progress line could be read. */
export const PROGRESS_MIN_FILES = 20;

export interface ProgressLine {
  update(done: number, total: number): void;
  /** Erases the line, so what follows (an error, the table) starts on a clean line. */
  clear(): void;
}

/** "reading reports: 120/1000", rewritten in place on a terminal. */
export function progressLine(stream: TextOutput, label: string): ProgressLine {
  let written = false;
  return {
    update(done, total) {
      stream.write(`\r${label}: ${done}/${total}`);
      written = true;
    },
    clear() {
      if (written) stream.write('\r\u001b[2K');
      written = false;
    },
  };
}

/** A progress line only when a person watches stderr and the scan is long enough to need one. */
export function progressFor(stream: TextOutput, files: number): ProgressLine | undefined {
  return stream.isTTY === true && files > PROGRESS_MIN_FILES
    ? progressLine(stream, 'reading reports')
    : undefined;
}
