import type { CredentialDecision } from '../decision.js';
import { act, skip, warn } from '../outcomes.js';
import type { LifecycleInput } from '../target.js';
import { daysAfter, isDue, utcDay } from '../time.js';

/**
 * cred-usage: a console password unused for more than unused_days → warn; more than unused_days +
 * grace_days → delete the login profile. Unused counts from the last sign-in, or from when the
 * password was set for one never used, as the finding.
 */
export function planUnusedPassword({ target, user, config, asOf }: LifecycleInput): CredentialDecision[] {
  const ref = { credential: target.credential, credential_id: null };
  const profile = user.login_profile;
  if (profile === null) {
    return [
      skip(ref, 'credential_gone', 'the user has no console password any more: removed since the report'),
    ];
  }
  const idleSince = profile.last_used_at ?? profile.created_at;
  const idle = profile.last_used_at
    ? `the console password was last used ${utcDay(idleSince)}`
    : `the console password was never used since it was set on ${utcDay(idleSince)}`;
  const warning = daysAfter(idleSince, config.unused_days);
  const removal = daysAfter(idleSince, config.unused_days + config.grace_days);
  if (isDue(removal, asOf)) {
    return [
      act(
        ref,
        { kind: 'delete_login_profile' },
        `${idle}, more than unused_days + grace_days (${config.unused_days + config.grace_days}) ago: console access is removed (the login profile is deleted)`,
        null,
      ),
    ];
  }
  if (isDue(warning, asOf)) {
    return [
      warn(
        ref,
        `${idle}, more than unused_days (${config.unused_days}) ago: console access is removed after ${utcDay(removal)} unless used before`,
        { action: 'delete_login_profile', due_at: removal },
      ),
    ];
  }
  return [
    skip(ref, 'not_due', `${idle}, not more than unused_days (${config.unused_days}) ago: nothing to do`),
  ];
}
