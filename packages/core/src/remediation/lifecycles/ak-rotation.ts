import type { Config } from '../../config.js';
import type { CredentialDecision } from '../decision.js';
import {
  createdInRotationWindow,
  MAX_ROTATION_WINDOW_MS,
  rotationSecretName,
  type LiveAccessKey,
  type LiveUserState,
} from '../live-state.js';
import { matchCredential } from '../match-credential.js';
import { act, skip, warn, type CredentialRef } from '../outcomes.js';
import type { LifecycleInput } from '../target.js';
import { DAY_MS, daysAfter, isDue, utcDay, wholeDaysSince } from '../time.js';

// Secrets Manager names allow letters, digits and /_+=.@- ; IAM user names may also hold a comma.
const SECRET_NAME = /^[\w/+=.@-]+$/;

const keyRef = (key: LiveAccessKey): CredentialRef => ({ credential: 'access_key', credential_id: key.id });

/**
 * ak-rotation, derived from key dates and last uses alone (no state store): an active key older than
 * rotation_days with no newer key → create a new key and store it; the newer key older than
 * grace_days → deactivate the old key, unless it is still in use and the newer key never was (then
 * held, for max_in_use_hold_days or until a human acts); the old key inactive and unused for
 * delete_after_days since its deactivation was due → delete the old key. Never a third key; an inactive second key blocks the rotation until it has been
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
  for (const candidate of others) {
    const verdict = lostRotationKeyVerdict(candidate, key, user);
    if (verdict === 'not_after_a_rotation') continue;
    if (verdict === 'proven') {
      decisions.push(
        act(
          keyRef(candidate),
          { kind: 'delete_key', access_key_id: candidate.id },
          `access key ${candidate.id} was created by a rotation of ${key.id} that was interrupted before it stored the key in ${rotationSecretName(user.user_name)} (nobody holds its secret, and it was never used): it is deleted and the rotation retried`,
          null,
        ),
      );
      remaining = remaining.filter((other) => other !== candidate);
    } else {
      decisions.push(
        warn(
          keyRef(candidate),
          `access key ${candidate.id}, created ${candidate.created_at.toISOString()}, appeared after a rotation of ${key.id} was interrupted, but the tracker cannot prove it created it (${verdict}): it is left alone and taken for a key of the user's own. If nobody created it on purpose, delete it: aws iam delete-access-key --user-name ${user.user_name} --access-key-id ${candidate.id}`,
          null,
          { alertOps: true },
        ),
        act(
          ref,
          { kind: 'clear_rotation_mark', previous_access_key_id: key.id },
          `the mark of the interrupted rotation of ${key.id} is removed from ${rotationSecretName(user.user_name)}, so no later run takes access key ${candidate.id} for the tracker's`,
          null,
        ),
      );
    }
  }

  const newer = remaining.find((other) => other.active && other.created_at > key.created_at);
  if (newer) return [...decisions, oldKeyDeactivation(ref, key, newer, user, config, asOf)];

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

/** Proven lost, no rotation mark concerns the key, or, in words, why it is not proven. */
type LostKeyVerdict = 'proven' | 'not_after_a_rotation' | (string & {});

/**
 * Whether `candidate` is a key a rotation of `rotated` created and lost before storing it, which only
 * the tracker could have made: the secret (one the tracker made) carries the mark of that rotation,
 * the key is not the stored one, was never used, and is either the key IAM answered the rotation's
 * CreateAccessKey with or was created inside the rotation's window (the crash fell between IAM's
 * answer and the tag). Anything else after a mark is a key of the user's own: the reason says why it
 * is not proven. Unknown secret state (a credential report) recognises nothing.
 */
function lostRotationKeyVerdict(
  candidate: LiveAccessKey,
  rotated: LiveAccessKey,
  user: LiveUserState,
): LostKeyVerdict {
  const secret = user.rotation_secret;
  if (
    secret === null ||
    secret.not_tracker_secret ||
    secret.rotation_started_for !== rotated.id ||
    candidate.id === secret.stored_access_key_id ||
    candidate.created_at <= rotated.created_at
  ) {
    return 'not_after_a_rotation';
  }
  if (candidate.last_used_at !== null) {
    return `it was used on ${candidate.last_used_at.toISOString()}, so someone holds its secret`;
  }
  if (secret.rotation_created_key) {
    return candidate.id === secret.rotation_created_key
      ? 'proven'
      : `the rotation created ${secret.rotation_created_key}, not this key`;
  }
  const startedAt = secret.rotation_started_at ?? null;
  const windowEnds = secret.rotation_window_ends ?? null;
  if (!startedAt || !windowEnds) return 'the mark does not say when the rotation ran';
  const span = windowEnds.getTime() - startedAt.getTime();
  // The tracker's window is a few seconds (CREATE_KEY_TIMEOUT_MS); a longer one was not written by
  // it, and believing it would let whoever can tag the secret have the user's next key deleted.
  if (span <= 0 || span > MAX_ROTATION_WINDOW_MS) {
    return `the mark's window, ${startedAt.toISOString()} to ${windowEnds.toISOString()}, is not one a rotation writes`;
  }
  if (createdInRotationWindow(candidate.created_at, startedAt, windowEnds)) return 'proven';
  return `it was created outside the rotation's window, ${startedAt.toISOString()} to ${windowEnds.toISOString()}`;
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

/** Where the workload that still signs with a key runs, in the words of the owner's digest. */
function lastUse(key: LiveAccessKey): string {
  const when = key.last_used_at ? utcDay(key.last_used_at) : 'an unknown day';
  return `${when} via ${key.last_used_service ?? 'an unknown service'} in ${key.last_used_region ?? 'an unknown region'}`;
}

/**
 * Whether the old key still carries a workload that has not switched: the newer key was never used,
 * and the old key was used after the newer key was created or within the last day (the resolution of
 * IAM's last-used date). With grace_days of at least one day the second test is implied by the
 * first; it is kept so that a newer key whose CreateDate runs ahead of the clock cannot hide a use.
 */
function stillInUse(key: LiveAccessKey, newer: LiveAccessKey, asOf: Date): boolean {
  if (newer.last_used_at !== null || key.last_used_at === null) return false;
  const used = key.last_used_at.getTime();
  return used > newer.created_at.getTime() || used > asOf.getTime() - DAY_MS;
}

/**
 * When a rotated-out key is deleted: delete_after_days after it stopped being usable. IAM records no
 * deactivation date, so the evidence is the later of the day its deactivation was due and its last use
 * (an inactive key cannot be used, so it was deactivated no earlier than that). A key held because it
 * was in use, or deactivated by hand long after, is thus never deleted within delete_after_days of its
 * last use, however long ago its deactivation was first due.
 */
function rotatedKeyDeletionDue(key: LiveAccessKey, newer: LiveAccessKey, config: Config): Date {
  const due = daysAfter(newer.created_at, config.grace_days);
  const since = key.last_used_at && key.last_used_at > due ? key.last_used_at : due;
  return daysAfter(since, config.delete_after_days);
}

function reactivation(userName: string, key: LiveAccessKey, deletion: Date): string {
  return `to turn it back on: aws iam update-access-key --user-name ${userName} --access-key-id ${key.id} --status Active (possible until it is deleted after ${utcDay(deletion)})`;
}

function oldKeyDeactivation(
  ref: CredentialRef,
  key: LiveAccessKey,
  newer: LiveAccessKey,
  user: LiveUserState,
  config: Config,
  asOf: Date,
): CredentialDecision {
  const deactivation = daysAfter(newer.created_at, config.grace_days);
  const since = `the newer access key ${newer.id} exists since ${utcDay(newer.created_at)}`;
  if (!isDue(deactivation, asOf)) {
    return warn(
      ref,
      `${since}: switch to it; access key ${key.id} is deactivated after ${utcDay(deactivation)} (grace_days ${config.grace_days})`,
      { action: 'deactivate_key', due_at: deactivation },
    );
  }
  const deletion = rotatedKeyDeletionDue(key, newer, config);
  if (!stillInUse(key, newer, asOf)) {
    return act(
      ref,
      { kind: 'deactivate_key', access_key_id: key.id },
      `${since}, more than grace_days (${config.grace_days}) ago: access key ${key.id} is deactivated, and deleted after ${utcDay(deletion)}; ${reactivation(user.user_name, key, deletion)}`,
      { action: 'delete_key', due_at: deletion },
    );
  }

  // Deactivating now would switch off a running workload: hold, and tell the owner and ops every day.
  const inUse = `access key ${key.id} of user ${user.user_name} is still in use on ${lastUse(key)}; the new key ${newer.id} was never used`;
  const switchOver = `switch the workload to the new key (stored in Secrets Manager as ${rotationSecretName(user.user_name)})`;
  if (config.never_deactivate_in_use_keys) {
    return warn(
      ref,
      `${inUse}: its deactivation, due after ${utcDay(deactivation)}, is held until a human acts (never_deactivate_in_use_keys). ${switchOver}, or once nothing uses it deactivate it by hand: aws iam update-access-key --user-name ${user.user_name} --access-key-id ${key.id} --status Inactive`,
      null,
      { alertOps: true },
    );
  }
  const holdEnds = daysAfter(deactivation, config.max_in_use_hold_days);
  if (!isDue(holdEnds, asOf)) {
    return warn(
      ref,
      `${inUse}: its deactivation, due after ${utcDay(deactivation)}, is held so the workload keeps running. ${switchOver}: policy deactivates ${key.id} anyway after ${utcDay(holdEnds)} (max_in_use_hold_days ${config.max_in_use_hold_days}), in use or not`,
      { action: 'deactivate_key', due_at: holdEnds },
      { alertOps: true },
    );
  }
  return act(
    ref,
    { kind: 'deactivate_key', access_key_id: key.id },
    `${inUse}, but its deactivation, due after ${utcDay(deactivation)}, has been held for max_in_use_hold_days (${config.max_in_use_hold_days}) until ${utcDay(holdEnds)}: policy wins and it is deactivated now, in use, so the workload signing with it stops; it is deleted after ${utcDay(deletion)}; ${reactivation(user.user_name, key, deletion)}`,
    { action: 'delete_key', due_at: deletion },
  );
}

/**
 * The last step of a rotation: the old key, now inactive, is deleted delete_after_days after it was
 * deactivated, as far as the evidence shows (rotatedKeyDeletionDue). Without a newer active key the
 * key is left alone: it is not a rotated key, and ak-usage retires unused keys.
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
  const deletion = rotatedKeyDeletionDue(key, newer, config);
  const measured = `delete_after_days (${config.delete_after_days}) after the later of its due deactivation, ${utcDay(daysAfter(newer.created_at, config.grace_days))}, and its last use, ${key.last_used_at ? utcDay(key.last_used_at) : 'never'}`;
  if (!isDue(deletion, asOf)) {
    return skip(
      ref,
      'not_due',
      `access key ${key.id} is inactive (deactivated since the report); the newer key ${newer.id} exists since ${utcDay(newer.created_at)}, so it is deleted after ${utcDay(deletion)}, ${measured}`,
      { action: 'delete_key', due_at: deletion },
    );
  }
  return act(
    ref,
    { kind: 'delete_key', access_key_id: key.id },
    `access key ${key.id} is inactive and the newer key ${newer.id} exists since ${utcDay(newer.created_at)}: it is deleted, ${measured}, having passed`,
    null,
  );
}
