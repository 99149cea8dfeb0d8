import type { Config } from '../../config.js';
import type { CredentialDecision } from '../decision.js';
import type { LiveAccessKey } from '../live-state.js';
import { matchCredential } from '../match-credential.js';
import { act, skip, warn, type CredentialRef } from '../outcomes.js';
import type { LifecycleInput } from '../target.js';
import { daysAfter, isDue, utcDay } from '../time.js';

/**
 * ak-usage: an active key unused for more than unused_days → warn; more than unused_days + grace_days
 * → deactivate; inactive and unused for more than unused_days + grace_days + delete_after_days →
 * delete. "Unused" counts from the last use, or from creation for a key never used, as the finding.
 */
export function planUnusedAccessKey({ target, user, config, asOf }: LifecycleInput): CredentialDecision[] {
  const match = matchCredential(target, user.access_keys, (key) => key.created_at, 'access key');
  if ('missing' in match) return [match.missing];
  const ref = { credential: target.credential, credential_id: match.found.id };
  return [unusedKeyStep(ref, match.found, config, asOf)];
}

export function unusedKeyStep(
  ref: CredentialRef,
  key: LiveAccessKey,
  config: Config,
  asOf: Date,
): CredentialDecision {
  const idleSince = key.last_used_at ?? key.created_at;
  const idle = key.last_used_at
    ? `access key ${key.id} was last used ${utcDay(idleSince)}`
    : `access key ${key.id} was never used since its creation on ${utcDay(idleSince)}`;
  const warning = daysAfter(idleSince, config.unused_days);
  const deactivation = daysAfter(idleSince, config.unused_days + config.grace_days);
  const deletion = daysAfter(idleSince, config.unused_days + config.grace_days + config.delete_after_days);

  if (!key.active) {
    if (isDue(deletion, asOf)) {
      return act(
        ref,
        { kind: 'delete_key', access_key_id: key.id },
        `${idle} and is inactive, unused for more than unused_days + grace_days + delete_after_days (${config.unused_days + config.grace_days + config.delete_after_days}): it is deleted`,
        null,
      );
    }
    return skip(ref, 'not_due', `${idle} and is already inactive; it is deleted after ${utcDay(deletion)}`, {
      action: 'delete_key',
      due_at: deletion,
    });
  }
  if (isDue(deactivation, asOf)) {
    return act(
      ref,
      { kind: 'deactivate_key', access_key_id: key.id },
      `${idle}, more than unused_days + grace_days (${config.unused_days + config.grace_days}) ago: it is deactivated, and deleted after ${utcDay(deletion)} unless used again`,
      { action: 'delete_key', due_at: deletion },
    );
  }
  if (isDue(warning, asOf)) {
    return warn(
      ref,
      `${idle}, more than unused_days (${config.unused_days}) ago: it is deactivated after ${utcDay(deactivation)} unless used before`,
      { action: 'deactivate_key', due_at: deactivation },
    );
  }
  return skip(
    ref,
    'not_due',
    `${idle}, not more than unused_days (${config.unused_days}) ago: nothing to do`,
  );
}
