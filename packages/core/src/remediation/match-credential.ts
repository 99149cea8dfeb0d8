import type { SkipOutcome } from './decision.js';
import { skip } from './outcomes.js';
import type { RemediationTarget } from './target.js';

export type CredentialMatch<T> = { readonly found: T } | { readonly missing: SkipOutcome };

const toSecond = (instant: Date): number => Math.floor(instant.getTime() / 1000);

/**
 * Finds the credential a finding row names among the user's live ones. IAM ids are not in a report,
 * so a live key is recognised by its creation time, which the report gives to the second; a
 * report-derived state carries the report's column as id and matches by that first. A credential
 * that is gone was rotated or deleted since the report; one that two credentials could be is left
 * alone rather than guessed.
 */
export function matchCredential<T extends { readonly id: string }>(
  target: RemediationTarget,
  live: readonly T[],
  createdAt: (credential: T) => Date,
  what: string,
): CredentialMatch<T> {
  const ref = { credential: target.credential, credential_id: null };
  const byId = live.find((credential) => credential.id === target.credential);
  if (byId) return { found: byId };
  if (target.created_at === null) {
    return {
      missing: skip(
        ref,
        'credential_unidentified',
        `the finding row gives no creation time to find the ${what} by`,
      ),
    };
  }
  const second = toSecond(target.created_at);
  const candidates = live.filter((credential) => toSecond(createdAt(credential)) === second);
  const [only, ...more] = candidates;
  if (only === undefined) {
    return {
      missing: skip(
        ref,
        'credential_gone',
        `the ${what} created ${target.created_at.toISOString()} no longer exists: rotated or deleted since the report`,
      ),
    };
  }
  if (more.length > 0) {
    return {
      missing: skip(
        ref,
        'credential_unidentified',
        `${candidates.length} ${what}s were created in the same second; which one the finding means cannot be told`,
      ),
    };
  }
  return { found: only };
}
