import type { Config } from '../../config.js';
import type { CredentialDecision } from '../decision.js';
import { rotationSecretName, type LiveAccessKey, type LiveUserState } from '../live-state.js';
import { matchCredential } from '../match-credential.js';
import { act, skip, warn, type CredentialRef } from '../outcomes.js';
import type { LifecycleInput } from '../target.js';
import { daysAfter, isDue, utcDay, wholeDaysSince } from '../time.js';

// Secrets Manager names allow letters, digits and /_+=.@- ; IAM user names may also hold a comma.
const SECRET_NAME = /^[\w/+=.@-]+$/;

const keyRef = (key: LiveAccessKey): CredentialRef => ({ credential: 'access_key', credential_id: key.id });

/**
 * ak-rotation, derived from key dates alone (no state store): an active key older than rotation_days
 * with no newer key → create a new key and store it; the newer key older than grace_days → deactivate
 * the old key; the old key inactive and the newer key older than grace_days + delete_after_days →
 * delete the old key. Never a third key; an inactive second key blocks the rotation until it has been
 * unused for delete_after_days, then it is deleted first.
 */
export function planAccessKeyRotation({ target, user, config, asOf }: LifecycleInput): CredentialDecision[] {
  const match = matchCredential(target, user.access_keys, (key) => key.created_at, 'access key');
  if ('missing' in match) return [match.missing];
  const key = match.found;
  const ref = { credential: target.credential, credential_id: key.id };
  const others = user.access_keys.filter((other) => other !== key);

  if (!key.active) return [rotatedKeyDeletion(ref, key, others, config, asOf)];

  const rotationDue = daysAfter(key.created_at, config.rotation_days);
  if (!isDue(rotationDue, asOf)) {
    return [
      skip(
        ref,
        'not_due',
        `access key ${key.id} is not older than rotation_days (${config.rotation_days}): due after ${utcDay(rotationDue)}`,
      ),
    ];
  }

  const decisions: CredentialDecision[] = [];
  let remaining = others;
  const lost = others.find((other) => isLostRotationKey(other, key, user));
  if (lost) {
    decisions.push(
      act(
        keyRef(lost),
        { kind: 'delete_key', access_key_id: lost.id },
        `access key ${lost.id} was created by a rotation of ${key.id} that did not store it in ${rotationSecretName(user.user_name)} (interrupted): it is deleted and the rotation retried`,
        null,
      ),
    );
    remaining = others.filter((other) => other !== lost);
  }

  const newer = remaining.find((other) => other.active && other.created_at > key.created_at);
  if (newer) return [...decisions, oldKeyDeactivation(ref, key, newer, config, asOf)];

  const otherActive = remaining.find((other) => other.active);
  if (otherActive) {
    return [
      ...decisions,
      warn(
        ref,
        `access key ${key.id} is ${wholeDaysSince(key.created_at, asOf)} days old, but the user already has two active keys (${otherActive.id} too) and is never given a third: retire one of them`,
        null,
      ),
    ];
  }

  const blocking = remaining.find((other) => !other.active);
  if (blocking) {
    const idleSince = blocking.last_used_at ?? blocking.created_at;
    const deletable = daysAfter(idleSince, config.delete_after_days);
    if (!isDue(deletable, asOf)) {
      return [
        ...decisions,
        warn(
          ref,
          `the rotation of access key ${key.id} is blocked: the user already has two keys and inactive key ${blocking.id} was ${blocking.last_used_at ? 'last used' : 'created'} ${utcDay(idleSince)}, less than delete_after_days (${config.delete_after_days}) ago`,
          { action: 'delete_key', due_at: deletable },
        ),
      ];
    }
    decisions.push(
      act(
        keyRef(blocking),
        { kind: 'delete_key', access_key_id: blocking.id },
        `inactive access key ${blocking.id}, unused since ${utcDay(idleSince)} (more than delete_after_days, ${config.delete_after_days}), blocks the rotation of ${key.id}: it is deleted first`,
        null,
      ),
    );
  }

  return [...decisions, newKeyCreation(ref, key, user, config, asOf)];
}

/**
 * A key the tracker created for a rotation of `rotated` and lost before storing it: newer than the key
 * being rotated, not the one the secret holds, and a rotation of that key was started. Unknown secret
 * state (a credential report) recognises nothing, so a user's own new key is never deleted.
 */
function isLostRotationKey(candidate: LiveAccessKey, rotated: LiveAccessKey, user: LiveUserState): boolean {
  const secret = user.rotation_secret;
  return (
    secret !== null &&
    secret.rotation_started_for === rotated.id &&
    secret.stored_access_key_id !== candidate.id &&
    candidate.created_at > rotated.created_at
  );
}

function newKeyCreation(
  ref: CredentialRef,
  key: LiveAccessKey,
  user: LiveUserState,
  config: Config,
  asOf: Date,
): CredentialDecision {
  const secretName = rotationSecretName(user.user_name);
  const age = `access key ${key.id} is ${wholeDaysSince(key.created_at, asOf)} days old (rotation_days ${config.rotation_days})`;
  if (!SECRET_NAME.test(secretName)) {
    return warn(
      ref,
      `${age}, but ${secretName} is not a valid Secrets Manager name, so it cannot be rotated for the user: rotate it by hand`,
      null,
    );
  }
  const deactivation = daysAfter(asOf, config.grace_days);
  return act(
    ref,
    {
      kind: 'create_key_and_store',
      previous_access_key_id: key.id,
      secret_name: secretName,
      secret_readers: [user.user_arn, ...config.admin_principals],
    },
    `${age}: a new key is created and stored in Secrets Manager as ${secretName}; switch to it, the old key is deactivated after ${utcDay(deactivation)}`,
    { action: 'deactivate_key', due_at: deactivation },
  );
}

function oldKeyDeactivation(
  ref: CredentialRef,
  key: LiveAccessKey,
  newer: LiveAccessKey,
  config: Config,
  asOf: Date,
): CredentialDecision {
  const deactivation = daysAfter(newer.created_at, config.grace_days);
  const deletion = daysAfter(newer.created_at, config.grace_days + config.delete_after_days);
  const since = `the newer access key ${newer.id} exists since ${utcDay(newer.created_at)}`;
  if (!isDue(deactivation, asOf)) {
    return warn(
      ref,
      `${since}: switch to it; access key ${key.id} is deactivated after ${utcDay(deactivation)} (grace_days ${config.grace_days})`,
      { action: 'deactivate_key', due_at: deactivation },
    );
  }
  return act(
    ref,
    { kind: 'deactivate_key', access_key_id: key.id },
    `${since}, more than grace_days (${config.grace_days}) ago: access key ${key.id} is deactivated, and deleted after ${utcDay(deletion)}`,
    { action: 'delete_key', due_at: deletion },
  );
}

/**
 * The last step of a rotation: the old key, now inactive, is deleted once the newer active key is
 * older than grace_days + delete_after_days. Without a newer active key the key is left alone: it is
 * not a rotated key, and ak-usage retires unused keys.
 */
export function rotatedKeyDeletion(
  ref: CredentialRef,
  key: LiveAccessKey,
  others: readonly LiveAccessKey[],
  config: Config,
  asOf: Date,
): CredentialDecision {
  const newer = others.find((other) => other.active && other.created_at > key.created_at);
  if (!newer) {
    return skip(
      ref,
      'already_inactive',
      `access key ${key.id} is inactive (deactivated since the report) and the user has no newer active key: left alone`,
    );
  }
  const deletion = daysAfter(newer.created_at, config.grace_days + config.delete_after_days);
  if (!isDue(deletion, asOf)) {
    return skip(
      ref,
      'not_due',
      `access key ${key.id} is inactive (deactivated since the report); the newer key ${newer.id} exists since ${utcDay(newer.created_at)}, so it is deleted after ${utcDay(deletion)}`,
      { action: 'delete_key', due_at: deletion },
    );
  }
  return act(
    ref,
    { kind: 'delete_key', access_key_id: key.id },
    `access key ${key.id} is inactive and the newer key ${newer.id} exists since ${utcDay(newer.created_at)}, more than grace_days + delete_after_days (${config.grace_days + config.delete_after_days}) ago: it is deleted`,
    null,
  );
}
