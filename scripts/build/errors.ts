/** A function that cannot be packaged; the message names the function and what to fix. */
export class BuildError extends Error {
  readonly functionName: string | undefined;

  constructor(functionName: string | undefined, problem: string) {
    super(functionName === undefined ? problem : `function ${functionName}: ${problem}`);
    this.name = 'BuildError';
    this.functionName = functionName;
  }
}
