import * as z from '@credential-tracker/core/zod';
import type { CaughtError } from './outcomes.js';

/**
 * What the Node.js Lambda runtime reports when a function throws; Step Functions passes it on as the
 * Catch's Cause, a JSON string. Only errorType and errorMessage are for people: the trace is not.
 */
const lambdaErrorCauseSchema = z.object({
  errorType: z.optional(z.string().check(z.minLength(1))),
  errorMessage: z.string(),
});

function lambdaErrorCause(cause: string): z.output<typeof lambdaErrorCauseSchema> | undefined {
  if (!cause.trimStart().startsWith('{')) return undefined;
  try {
    const parsed = lambdaErrorCauseSchema.safeParse(JSON.parse(cause));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The failure of an account or a finding as a person should read it, from the Catch's error output.
 * When Cause is a Lambda function's error JSON, this gives `errorType: errorMessage` (the Catch's
 * Error when the runtime left errorType out, as it does for timeouts) and never the stack trace; any
 * other Cause (a Fail state's text, a service error) reads `Error: Cause`, as it was recorded.
 */
export function failureText(caught: CaughtError): string {
  const cause = caught.Cause ?? '';
  if (!cause) return caught.Error;
  const lambda = lambdaErrorCause(cause);
  if (!lambda) return `${caught.Error}: ${cause}`;
  const type = lambda.errorType ?? caught.Error;
  return lambda.errorMessage ? `${type}: ${lambda.errorMessage}` : type;
}
