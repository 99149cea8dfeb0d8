/** Where the command writes: process.stdout and process.stderr, or collectors in tests. */
export interface TextOutput {
  write(text: string): unknown;
  /** Set on a terminal; decides the default format, colours and the progress line. */
  readonly isTTY?: boolean;
}

export interface CliIo {
  readonly stdout: TextOutput;
  readonly stderr: TextOutput;
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The clock behind the default --as-of. */
  readonly now?: () => Date;
}
