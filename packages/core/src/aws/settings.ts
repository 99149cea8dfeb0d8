import * as z from '../zod.js';
import { ConfigError } from '../errors.js';

/**
 * Reads a function's deployment settings (bucket, role name, workgroup...) from its environment with
 * a zod schema whose keys are the variable names; every problem is reported at once, by name.
 * Thresholds are not settings: they come from loadConfigFromEnv (CT_* variables).
 */
export function loadSettings<Schema extends z.ZodMiniObject>(
  schema: Schema,
  env: NodeJS.ProcessEnv = process.env,
): z.output<Schema> {
  const values = Object.fromEntries(Object.keys(schema.shape).map((name) => [name, env[name]]));
  const result = schema.safeParse(values);
  if (result.success) return result.data;
  throw new ConfigError(
    'environment',
    result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
  );
}

/** A comma-separated list in one variable ("" or unset is empty), each item checked by `item`. */
export const commaList = (item: z.ZodMiniString<string>) =>
  z.pipe(
    z.pipe(
      z.optional(z.string()),
      z.transform((text: string | undefined) =>
        (text ?? '')
          .split(',')
          .map((part) => part.trim())
          .filter(Boolean),
      ),
    ),
    z.array(item),
  );

export const accountIdSchema = z.string().check(z.regex(/^\d{12}$/, 'a 12-digit AWS account id'));

/**
 * The settings of a function that writes to the report bucket: every object there is SSE-KMS under
 * the report key, so the two always travel together. Spread into its settings schema.
 */
export const reportBucketSettingsShape = {
  REPORT_BUCKET: z.string().check(z.minLength(3, 'an S3 bucket name')),
  REPORT_KMS_KEY_ARN: z.string().check(z.regex(/^arn:[\w-]+:kms:/, 'a KMS key ARN (arn:aws:kms:...)')),
};
