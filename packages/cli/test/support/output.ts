import type { CliIo, TextOutput } from '../../src/cli-io.js';

/** A stream that keeps what is written, for asserting on stdout and stderr without a process. */
export class CollectedOutput implements TextOutput {
  text = '';
  constructor(readonly isTTY = false) {}
  write(text: string): boolean {
    this.text += text;
    return true;
  }
}

export interface CollectedIo extends CliIo {
  readonly stdout: CollectedOutput;
  readonly stderr: CollectedOutput;
}

export function collectedIo(
  options: { stdoutIsTTY?: boolean; stderrIsTTY?: boolean; env?: Record<string, string> } = {},
): CollectedIo {
  return {
    stdout: new CollectedOutput(options.stdoutIsTTY ?? false),
    stderr: new CollectedOutput(options.stderrIsTTY ?? false),
    env: options.env ?? {},
    now: () => {
      throw new Error('a test must pass --as-of');
    },
  };
}
