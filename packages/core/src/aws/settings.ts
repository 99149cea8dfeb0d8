import { z } from 'zod';
import { ConfigError } from '../errors.js';

/**
 * Reads a function's deployment settings (bucket, role name, workgroup...) from its environment with
 * a zod schema whose keys are the variable names; every problem is reported at once, by name.
 * Thresholds are not settings: they come from loadConfigFromEnv (CT_* variables).
 */
export function loadSettings<Schema extends z.ZodObject>(
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
export const commaList = (item: z.ZodString) =>
  z
    .string()
    .optional()
    .transform((text) =>
      (text ?? '')
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item));

export const accountIdSchema = z.string().regex(/^\d{12}$/, 'a 12-digit AWS account id');
