import { ROOT_USER_NAME } from '../columns.js';
import type { Config } from '../config.js';
import { iamTagValue, iamUserArnParts, sameIamName, sameIamUser } from '../iam-names.js';
import type { SkipReason } from './decision.js';
import { EXEMPT_TAG_KEY, type LiveUserState } from './live-state.js';

export interface Exemption {
  readonly skip_reason: SkipReason;
  readonly reason: string;
}

interface User {
  readonly user_name: string;
  readonly user_arn: string;
}

export function isRootUser(user: User): boolean {
  return user.user_name === ROOT_USER_NAME || user.user_arn.endsWith(':root');
}

/**
 * A list entry names a user by name (in any account) or by ARN (that one user, whatever its path):
 * both compared as IAM compares them, names whatever their case (see iam-names.ts).
 */
function listNames(list: readonly string[], user: User): boolean {
  return list.some((entry) =>
    iamUserArnParts(entry) ? sameIamUser(entry, user.user_arn) : sameIamName(entry, user.user_name),
  );
}

/**
 * The safety rules that need no live state, in the design's order: never the root user, then the
 * include and exclude lists (exclude wins). Undefined when the user may be remediated.
 */
export function exemptionByIdentity(user: User, config: Config): Exemption | undefined {
  if (isRootUser(user)) {
    return { skip_reason: 'root_user', reason: 'the root user is never remediated, only reported' };
  }
  if (listNames(config.exclude_users, user)) {
    return { skip_reason: 'excluded_user', reason: 'the user is in exclude_users' };
  }
  if (config.include_users.length > 0 && !listNames(config.include_users, user)) {
    return { skip_reason: 'not_included', reason: 'include_users is set and does not name the user' };
  }
  return undefined;
}

/**
 * The safety rules that read the user's live tags and groups: the exempt tag, then the exempt groups.
 * Unknown tags or groups (a credential report) exempt nothing here; the plan then never acts on them.
 */
export function exemptionByLiveState(user: LiveUserState, config: Config): Exemption | undefined {
  // The key whatever its case, as IAM reads it; the value's case and spaces forgiven: a tag someone set
  // as "True" means to exempt, and erring that way is safe.
  const tag = iamTagValue(user.tags, EXEMPT_TAG_KEY);
  if (tag !== undefined && tag.trim().toLowerCase() === 'true') {
    return { skip_reason: 'exempt_tag', reason: `the user is tagged ${EXEMPT_TAG_KEY}=${tag}` };
  }
  const group = user.groups?.find((name) => config.exempt_groups.some((exempt) => sameIamName(exempt, name)));
  if (group !== undefined) {
    return { skip_reason: 'exempt_group', reason: `the user is in exempt group ${group}` };
  }
  return undefined;
}
