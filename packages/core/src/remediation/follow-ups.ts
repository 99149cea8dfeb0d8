import type { Config } from '../config.js';
import type { ActionOutcome, RemediationId } from './decision.js';
import { rotatedKeyDeletion } from './lifecycles/ak-rotation.js';
import { unusedKeyStep } from './lifecycles/ak-usage.js';
import type { LiveUserState } from './live-state.js';

/**
 * The deletions no finding row can ask for: the queries return active keys only, so a key the tracker
 * deactivated (the old key of a rotation, an unused key) is never a target again. They are found in
 * the live state of the users given to the planner, and only when due.
 */
export function dueFollowUps(
  remediation: RemediationId,
  user: LiveUserState,
  config: Config,
  asOf: Date,
): ActionOutcome[] {
  const inactiveKeys = user.access_keys.filter((key) => !key.active);
  const steps = inactiveKeys.map((key) => {
    const ref = { credential: 'access_key', credential_id: key.id };
    switch (remediation) {
      case 'ak-rotation':
        return rotatedKeyDeletion(
          ref,
          key,
          user.access_keys.filter((other) => other !== key),
          config,
          asOf,
        );
      case 'ak-usage':
        return unusedKeyStep(ref, key, config, asOf);
      case 'cert-rotation':
      case 'cred-usage':
      case 'review-revoke':
        return undefined;
    }
  });
  return steps.filter((step): step is ActionOutcome => step?.outcome === 'act');
}
