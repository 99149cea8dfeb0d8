import { iamTagValue } from '../../iam-names.js';
import { REVIEW_REVOKE_VALUE, REVIEW_TAG_KEY } from '../../inventory/records.js';
import type { CredentialDecision } from '../decision.js';
import { act, skip } from '../outcomes.js';
import type { LifecycleInput } from '../target.js';
import { daysAfter, utcDay } from '../time.js';

const FLAG = `${REVIEW_TAG_KEY}=${REVIEW_REVOKE_VALUE}`;

/**
 * review-revoke: an owner flags a user for removal by tagging it credential-tracker:review=revoke, and
 * the finding names every user the inventory of the run's date shows so tagged. The tag is re-read
 * live (the inventory can be hours old): still there, the console password is removed (the login
 * profile deleted) and every active access key deactivated; removed or changed since, nothing is done.
 * No warning and no grace period: the owner asked for it. Each credential is its own action, so the
 * blast-radius limits may take some now and defer the rest to the next run. Nothing is deleted: a
 * deactivated key can be turned back on, and is deleted later by ak-usage's follow-ups, as any
 * inactive unused key. Signing certificates are left as they are.
 */
export function planReviewRevoke({ target, user, config, asOf }: LifecycleInput): CredentialDecision[] {
  const ref = { credential: target.credential, credential_id: null };
  let flagged: string;
  if (user.tags === null) {
    // A credential report (the CLI): the plan never acts on a user whose tags are unknown, only plans.
    flagged = `the inventory shows the user tagged ${FLAG} (its live tags are unknown here)`;
  } else {
    const value = iamTagValue(user.tags, REVIEW_TAG_KEY);
    // Trimmed and lower-cased, as the inventory's `review` column.
    if (value?.trim().toLowerCase() !== REVIEW_REVOKE_VALUE) {
      return [
        skip(
          ref,
          'review_withdrawn',
          value === undefined
            ? `the user is no longer tagged ${REVIEW_TAG_KEY}: the request was withdrawn since the inventory, nothing is disabled`
            : `the user's ${REVIEW_TAG_KEY} tag is now ${JSON.stringify(value)}, not ${REVIEW_REVOKE_VALUE}: the request was withdrawn since the inventory, nothing is disabled`,
        ),
      ];
    }
    flagged = `the user is tagged ${FLAG}`;
  }

  const decisions: CredentialDecision[] = [];
  if (user.login_profile !== null) {
    decisions.push(
      act(
        { credential: 'password', credential_id: null },
        { kind: 'delete_login_profile' },
        `${flagged}: console access is removed (the login profile is deleted)`,
        null,
      ),
    );
  }
  const deleteAfterDays = config.unused_days + config.grace_days + config.delete_after_days;
  for (const key of user.access_keys.filter((candidate) => candidate.active)) {
    // ak-usage deletes an inactive key unused for this long; a deactivated key is used no more.
    const deletion = daysAfter(key.last_used_at ?? key.created_at, deleteAfterDays);
    const dueAt = deletion.getTime() > asOf.getTime() ? deletion : asOf;
    decisions.push(
      act(
        { credential: 'access_key', credential_id: key.id },
        { kind: 'deactivate_key', access_key_id: key.id },
        `${flagged}: access key ${key.id} is deactivated, and deleted after ${utcDay(dueAt)} (unused for unused_days + grace_days + delete_after_days, ${deleteAfterDays})`,
        { action: 'delete_key', due_at: dueAt },
      ),
    );
  }
  if (decisions.length === 0) {
    return [
      skip(
        ref,
        'already_inactive',
        `${flagged}, and has no console password and no active access key left: nothing to disable`,
      ),
    ];
  }
  return decisions;
}
