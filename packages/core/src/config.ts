import { readFileSync } from 'node:fs';
import * as z from './zod.js';
import { ConfigError } from './errors.js';
import { iamUserArnParts } from './iam-names.js';

const MAX_DAYS = 3650;
const MAX_ACTIONS = 100_000;

// What each setting means is the comment beside it in configSchema: nothing reads schema descriptions.
const days = (fallback: number) =>
  z._default(
    z.number({ error: (issue) => `expected a whole number of days, got ${describe(issue.input)}` }).check(
      z.int({ error: (issue) => `expected a whole number of days, got ${describe(issue.input)}` }),
      z.gte(1, { error: (issue) => `must be at least 1 day, got ${describe(issue.input)}` }),
      z.lte(MAX_DAYS, {
        error: (issue) => `must be at most ${MAX_DAYS} days, got ${describe(issue.input)}`,
      }),
    ),
    fallback,
  );

const actionCount = (fallback: number) =>
  z._default(
    z.number({ error: (issue) => `expected a whole number of actions, got ${describe(issue.input)}` }).check(
      z.int({ error: (issue) => `expected a whole number of actions, got ${describe(issue.input)}` }),
      z.gte(1, {
        error: (issue) => `must be at least 1 action, got ${describe(issue.input)}`,
      }),
      z.lte(MAX_ACTIONS, {
        error: (issue) => `must be at most ${MAX_ACTIONS} actions, got ${describe(issue.input)}`,
      }),
    ),
    fallback,
  );

const flag = (fallback: boolean) =>
  z._default(
    z.boolean({ error: (issue) => `expected true or false, got ${describe(issue.input)}` }),
    fallback,
  );

const list = <T extends z.ZodMiniType<string>>(item: T, what: string) =>
  z._default(
    z.array(item, { error: (issue) => `expected a list of ${what}, got ${describe(issue.input)}` }),
    [],
  );

// The shapes IAM allows: a user name is 1-64 of [\w+=,.@-]; a group name 1-128 of the same.
const IAM_USER_NAME = /^[\w+=,.@-]{1,64}$/;
const IAM_GROUP_NAME = /^[\w+=,.@-]{1,128}$/;
const IAM_PRINCIPAL_ARN =
  /^arn:aws[a-z-]*:iam::\d{12}:(?:root|(?:user|role)\/(?:[\w+=,.@/-]*\/)?[\w+=,.@-]{1,64})$/;
const ACCOUNT_ID = /^\d{12}$/;

/**
 * A user named in include_users or exclude_users: its name (any account) or its ARN (that user only,
 * whatever path the ARN or the user has: IAM user names are unique in an account across paths). Both
 * match whatever their case, as IAM compares names. Anything else is refused, saying why, so that an
 * entry that would match nobody cannot pass for an exclusion.
 */
const userReference = z.string().check(
  z.refine((text) => IAM_USER_NAME.test(text) || iamUserArnParts(text) !== null, {
    error: (issue) =>
      `${describe(issue.input)} is neither an IAM user name nor an IAM user ARN${userReferenceHint(issue.input)}`,
  }),
);

/** Why a text that looks like an ARN is not a user ARN: the mistakes an operator makes. */
function userReferenceHint(input: unknown): string {
  if (typeof input !== 'string' || !input.startsWith('arn:')) return '';
  if (/^arn:[^:]*:iam::\d{12}:(role|group|root|policy)\b/.test(input)) {
    return ' (it names a role, group, policy or account root: only users are remediated)';
  }
  if (!/^arn:aws[a-z-]*:iam::\d{12}:user\//.test(input)) {
    return ' (a user ARN reads arn:aws:iam::<12-digit account id>:user/[path/]<name>)';
  }
  return ' (the path segments and the name may hold only letters, digits and +=,.@_-, and the name at most 64 of them)';
}

const groupName = z.string().check(
  z.regex(IAM_GROUP_NAME, {
    error: (issue) => `${describe(issue.input)} is not an IAM group name`,
  }),
);

const principalArn = z.string().check(
  z.regex(IAM_PRINCIPAL_ARN, {
    error: (issue) => `${describe(issue.input)} is not the ARN of an IAM user, role or account root`,
  }),
);

const email = z.email({ error: (issue) => `${describe(issue.input)} is not an email address` });

/** The thresholds the finding queries bind as parameters: each a whole number of days. */
const thresholds = {
  /** An active access key older than this is rotated (CIS 1.14). */
  rotation_days: days(90),
  /** A key or password unused for longer than this is stale (CIS 1.12). */
  unused_days: days(45),
  /** An active signing certificate older than this is retired. */
  cert_rotation_days: days(90),
  /** Root credentials used more recently than this are reported (CIS 1.7). */
  root_usage_days: days(30),
  /** Days between a warning (or a new key) and the disabling step. */
  grace_days: days(15),
  /** Days between disabling a credential and deleting it. */
  delete_after_days: days(30),
};

export type ThresholdKey = keyof typeof thresholds;
export const THRESHOLD_KEYS = Object.keys(thresholds) as ThresholdKey[];

/**
 * Every threshold and option, with its default. The CLI reads it from a JSON file, a Lambda from
 * CT_* environment variables; both go through this one schema, so they cannot disagree.
 */
export const configSchema = z.strictObject({
  ...thresholds,
  /** Act on the remediation plan; off, every action is planned and logged only. */
  enforce: flag(false),
  /**
   * Days a rotated-out access key still in use (used since the new key was created, which was never
   * used) is kept active past its due deactivation; then policy wins and it is deactivated anyway.
   */
  max_in_use_hold_days: days(30),
  /** Never deactivate a rotated-out key still in use: hold it until a human acts (max_in_use_hold_days is then unused). */
  never_deactivate_in_use_keys: flag(false),
  /** Only these users are remediated (names match in every account, ARNs one user); empty: every user. */
  include_users: list(userReference, 'IAM user names or ARNs'),
  /** These users are never remediated, even when include_users names them. */
  exclude_users: list(userReference, 'IAM user names or ARNs'),
  /** Members of these IAM groups are never remediated. */
  exempt_groups: list(groupName, 'IAM group names'),
  /** Actions a run takes at most; the rest are deferred and ops alerted. */
  max_actions_per_run: actionCount(50),
  /** Actions a run takes at most in one account; the rest are deferred and ops alerted. */
  max_actions_per_account: actionCount(10),
  /** Principals that may read a rotated key from its secret, besides the user who owns it. */
  admin_principals: list(principalArn, 'IAM principal ARNs'),
  /** The owner's address when the user has no email tag and its account no fallback. */
  fallback_email: z._default(z.nullable(email), null),
  /** The owner's address, per account, when the user has no email tag. */
  fallback_email_by_account: z._default(
    z.record(z.string().check(z.regex(ACCOUNT_ID)), email, {
      error: (issue) =>
        issue.code === 'invalid_key'
          ? `${describe(issue.input)} is not a 12-digit account id`
          : `expected an object of account id to email address, got ${describe(issue.input)}`,
    }),
    {},
  ),
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
    const field = fieldPath(issue.path) || '(top level)';
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

/** Turns one variable's text into what the schema reads; what cannot be read stays text for the schema to name. */
type EnvDecoder = (text: string) => unknown;

// Numbers arrive as text; anything that is not an integer literal stays text so the schema names it.
const integerFromEnv: EnvDecoder = (text) => (/^-?\d+$/.test(text.trim()) ? Number(text.trim()) : text);

// Only the two words: "1", "yes" or "on" stay text and are refused, so a typo cannot switch enforce on.
const booleanFromEnv: EnvDecoder = (text) => {
  const word = text.trim();
  return word === 'true' ? true : word === 'false' ? false : text;
};

// Comma-separated; empty items are kept so that "alice,,bob" is refused rather than quietly read.
const listFromEnv: EnvDecoder = (text) =>
  text.trim() === '' ? [] : text.split(',').map((item) => item.trim());

const optionalTextFromEnv: EnvDecoder = (text) => (text.trim() === '' ? null : text.trim());

// account_id=address pairs, comma-separated; a pair without "=" or a key given twice leaves the text
// whole, which the schema refuses as not being an object.
const mapFromEnv: EnvDecoder = (text) => {
  if (text.trim() === '') return {};
  const entries = text.split(',').map((pair) => pair.split('=').map((part) => part.trim()));
  const keys = new Set(entries.map(([key]) => key));
  if (entries.some((entry) => entry.length !== 2) || keys.size !== entries.length) return text;
  return Object.fromEntries(entries);
};

/** How each setting is spelt in its CT_* variable; a new setting without one does not compile. */
const ENV_DECODERS: { readonly [K in ConfigKey]: EnvDecoder } = {
  rotation_days: integerFromEnv,
  unused_days: integerFromEnv,
  cert_rotation_days: integerFromEnv,
  root_usage_days: integerFromEnv,
  grace_days: integerFromEnv,
  delete_after_days: integerFromEnv,
  enforce: booleanFromEnv,
  max_in_use_hold_days: integerFromEnv,
  never_deactivate_in_use_keys: booleanFromEnv,
  include_users: listFromEnv,
  exclude_users: listFromEnv,
  exempt_groups: listFromEnv,
  max_actions_per_run: integerFromEnv,
  max_actions_per_account: integerFromEnv,
  admin_principals: listFromEnv,
  fallback_email: optionalTextFromEnv,
  fallback_email_by_account: mapFromEnv,
};

/**
 * Reads the configuration of a Lambda from CT_* variables. Unknown CT_* names are errors too: a typo
 * in Terraform must not silently fall back to a default. Lists are comma-separated
 * (CT_EXCLUDE_USERS=ci-bot,backup), maps are account_id=value pairs
 * (CT_FALLBACK_EMAIL_BY_ACCOUNT=123456789012=ops@example.com), booleans are true or false.
 */
export function loadConfigFromEnv(env: NodeJS.ProcessEnv = process.env): Config {
  const value: Record<string, unknown> = {};
  for (const [name, text] of Object.entries(env)) {
    if (!name.startsWith(CONFIG_ENV_PREFIX) || text === undefined) continue;
    const key = name.slice(CONFIG_ENV_PREFIX.length).toLowerCase();
    const decode = Object.hasOwn(ENV_DECODERS, key) ? ENV_DECODERS[key as ConfigKey] : integerFromEnv;
    value[key] = decode(text);
  }
  try {
    return parseConfig(value, 'environment');
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const renamed = error.problems.map((problem) =>
      problem.replace(/^([a-z_]+)(?=[[.:])/, (_, key: string) => `${CONFIG_ENV_PREFIX}${key.toUpperCase()}`),
    );
    throw new ConfigError('environment (CT_* variables)', renamed);
  }
}

/** include_users[2], fallback_email_by_account["12345"]: where in the value a problem is. */
function fieldPath(path: readonly PropertyKey[]): string {
  return path
    .map((segment, index) => {
      if (typeof segment === 'number') return `[${segment}]`;
      return index === 0 ? String(segment) : `[${JSON.stringify(String(segment))}]`;
    })
    .join('');
}

function describe(input: unknown): string {
  return input === undefined ? 'nothing' : JSON.stringify(input);
}
