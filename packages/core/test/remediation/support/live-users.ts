import {
  DEFAULT_CONFIG,
  planRemediations,
  type Config,
  type Decision,
  type LiveAccessKey,
  type LiveUserState,
  type RemediationId,
  type RemediationPlan,
  type RemediationTarget,
} from '../../../src/index.js';

export const AS_OF = new Date('2024-06-01T00:00:00.000Z');
export const ACCOUNT = '123456789012';
export const OTHER_ACCOUNT = '210987654321';
export const DAY_MS = 86_400_000;

/** The instant `days` whole days (and `ms` more milliseconds) before AS_OF. */
export function daysAgo(days: number, ms = 0): Date {
  return new Date(AS_OF.getTime() - days * DAY_MS - ms);
}

export function daysFromNow(days: number): Date {
  return new Date(AS_OF.getTime() + days * DAY_MS);
}

/** A user as IAM has them now: no credentials, no tags, no groups, no rotation secret. */
export function liveUser(
  name: string,
  overrides: Partial<LiveUserState> = {},
  account: string = ACCOUNT,
): LiveUserState {
  return {
    account_id: account,
    user_name: name,
    user_arn: `arn:aws:iam::${account}:user/${name}`,
    access_keys: [],
    login_profile: null,
    signing_certificates: [],
    tags: {},
    groups: [],
    rotation_secret: { stored_access_key_id: null, rotation_started_for: null },
    ...overrides,
  };
}

export function accessKey(
  id: string,
  createdAt: Date,
  overrides: Partial<LiveAccessKey> = {},
): LiveAccessKey {
  return {
    id,
    active: true,
    created_at: createdAt,
    last_used_at: daysAgo(1),
    last_used_service: 's3',
    last_used_region: 'eu-west-1',
    ...overrides,
  };
}

/** The finding row that nominates a credential, as the query would return it. */
export function targetOf(
  user: LiveUserState,
  credential: string,
  createdAt: Date | null,
  lastUsedAt: Date | null = null,
): RemediationTarget {
  return {
    account_id: user.account_id,
    user_name: user.user_name,
    user_arn: user.user_arn,
    credential,
    created_at: createdAt,
    last_used_at: lastUsedAt,
    days: null,
  };
}

/** Enforce on, so that a due action reads "act"; the safety tests turn it off. */
export function enforcing(overrides: Partial<Config> = {}): Config {
  return { ...DEFAULT_CONFIG, enforce: true, ...overrides };
}

export function planFor(
  finding: RemediationId,
  targets: readonly RemediationTarget[],
  users: readonly LiveUserState[],
  config: Config = enforcing(),
): RemediationPlan {
  return planRemediations({ findings: [{ finding, targets }], users, config, asOf: AS_OF });
}

/** The decisions of a plan in a form that reads well in a failed assertion. */
export function summary(decisions: readonly Decision[]): string[] {
  return decisions.map(
    (decision) =>
      `${decision.outcome}${decision.action ? ` ${decision.action.kind}` : ''}${decision.skip_reason ? ` ${decision.skip_reason}` : ''} ${decision.credential_id ?? decision.credential}`,
  );
}
