import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError } from './errors.js';

const MAX_DAYS = 3650;

const days = (fallback: number, meaning: string) =>
  z
    .number({ error: (issue) => `expected a whole number of days, got ${describe(issue.input)}` })
    .int({ error: (issue) => `expected a whole number of days, got ${describe(issue.input)}` })
    .min(1, { error: (issue) => `must be at least 1 day, got ${describe(issue.input)}` })
    .max(MAX_DAYS, { error: (issue) => `must be at most ${MAX_DAYS} days, got ${describe(issue.input)}` })
    .default(fallback)
    .describe(meaning);

/**
 * Every threshold and option, with its default. The CLI reads it from a JSON file, a Lambda from
 * CT_* environment variables; both go through this one schema, so they cannot disagree.
 */
export const configSchema = z.strictObject({
  rotation_days: days(90, 'an active access key older than this is rotated (CIS 1.14)'),
  unused_days: days(45, 'a key or password unused for longer than this is stale (CIS 1.12)'),
  cert_rotation_days: days(90, 'an active signing certificate older than this is retired'),
  root_usage_days: days(30, 'root credentials used more recently than this are reported (CIS 1.7)'),
  grace_days: days(15, 'days between a warning (or a new key) and the disabling step'),
  delete_after_days: days(30, 'days between disabling a credential and deleting it'),
});

export type Config = z.output<typeof configSchema>;
export type ConfigKey = keyof Config;

export const CONFIG_KEYS = Object.keys(configSchema.shape) as ConfigKey[];
export const DEFAULT_CONFIG: Config = Object.freeze(configSchema.parse({}));

/** Validates a plain object (JSON, tfvars-rendered) as configuration. */
export function parseConfig(value: unknown, source: string): Config {
  const result = configSchema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return `unknown setting${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((key) => JSON.stringify(key)).join(', ')}; known settings are ${CONFIG_KEYS.join(', ')}`;
    }
    const field = issue.path.join('.') || '(top level)';
    return `${field}: ${issue.message}`;
  });
  throw new ConfigError(source, problems);
}

/** Reads a JSON configuration file; a missing file or bad JSON is a ConfigError naming the file. */
export function loadConfigFile(path: string): Config {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(path, [`cannot read the file: ${(error as Error).message}`]);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(path, [`not valid JSON: ${(error as Error).message}`]);
  }
  return parseConfig(value, path);
}

export const CONFIG_ENV_PREFIX = 'CT_';

/** The environment variable that carries a setting: rotation_days → CT_ROTATION_DAYS. */
export function configEnvName(key: ConfigKey): string {
  return `${CONFIG_ENV_PREFIX}${key.toUpperCase()}`;
}

/**
 * Reads the configuration of a Lambda from CT_* variables. Unknown CT_* names are errors too: a typo
 * in Terraform must not silently fall back to a default.
 */
export function loadConfigFromEnv(env: NodeJS.ProcessEnv = process.env): Config {
  const value: Record<string, unknown> = {};
  for (const [name, text] of Object.entries(env)) {
    if (!name.startsWith(CONFIG_ENV_PREFIX) || text === undefined) continue;
    const key = name.slice(CONFIG_ENV_PREFIX.length).toLowerCase();
    // Numbers arrive as text; anything that is not an integer literal stays text so the schema names it.
    value[key] = /^-?\d+$/.test(text.trim()) ? Number(text.trim()) : text;
  }
  try {
    return parseConfig(value, 'environment');
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const renamed = error.problems.map((problem) =>
      problem.replace(/^([a-z_]+):/, (_, key: string) => `${CONFIG_ENV_PREFIX}${key.toUpperCase()}:`),
    );
    throw new ConfigError('environment (CT_* variables)', renamed);
  }
}

function describe(input: unknown): string {
  return input === undefined ? 'nothing' : JSON.stringify(input);
}
