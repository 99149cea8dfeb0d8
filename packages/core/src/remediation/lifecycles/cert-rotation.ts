import type { CredentialDecision } from '../decision.js';
import { matchCredential } from '../match-credential.js';
import { act, skip, warn } from '../outcomes.js';
import type { LifecycleInput } from '../target.js';
import { daysAfter, isDue, utcDay, wholeDaysSince } from '../time.js';

/**
 * cert-rotation: an active signing certificate older than cert_rotation_days → warn (only its owner
 * holds the private key, so it cannot be rotated for them); older than cert_rotation_days +
 * grace_days → deactivate. A certificate is never deleted: deactivating it is reversible.
 */
export function planCertificateRotation({
  target,
  user,
  config,
  asOf,
}: LifecycleInput): CredentialDecision[] {
  const match = matchCredential(
    target,
    user.signing_certificates,
    (cert) => cert.uploaded_at,
    'signing certificate',
  );
  if ('missing' in match) return [match.missing];
  const cert = match.found;
  const ref = { credential: target.credential, credential_id: cert.id };
  if (!cert.active) {
    return [
      skip(
        ref,
        'already_inactive',
        `signing certificate ${cert.id} is inactive: deactivated since the report`,
      ),
    ];
  }
  const age = `signing certificate ${cert.id} is ${wholeDaysSince(cert.uploaded_at, asOf)} days old`;
  const warning = daysAfter(cert.uploaded_at, config.cert_rotation_days);
  const deactivation = daysAfter(cert.uploaded_at, config.cert_rotation_days + config.grace_days);
  if (isDue(deactivation, asOf)) {
    return [
      act(
        ref,
        { kind: 'deactivate_certificate', certificate_id: cert.id },
        `${age}, more than cert_rotation_days + grace_days (${config.cert_rotation_days + config.grace_days}): it is deactivated`,
        null,
      ),
    ];
  }
  if (isDue(warning, asOf)) {
    return [
      warn(
        ref,
        `${age}, more than cert_rotation_days (${config.cert_rotation_days}): upload a new one; this one is deactivated after ${utcDay(deactivation)}`,
        { action: 'deactivate_certificate', due_at: deactivation },
      ),
    ];
  }
  return [
    skip(
      ref,
      'not_due',
      `${age}, not more than cert_rotation_days (${config.cert_rotation_days}): nothing to do`,
    ),
  ];
}
