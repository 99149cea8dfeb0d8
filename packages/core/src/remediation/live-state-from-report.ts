import { accountIdOf } from '../parse-report.js';
import type { CredentialReportRow } from '../report-row.js';
import { presentOrUndefined, type TextOrAbsent, type TimestampOrAbsent } from '../values.js';
import type { LiveAccessKey, LiveSigningCertificate, LiveUserState } from './live-state.js';

/**
 * The live state a credential report implies, for planning on local files (credential-tracker plan).
 * A report has no key or certificate ids, tags, groups or secrets: ids are the report's columns, and
 * tags, groups and the rotation secret are unknown (null), so the planner never acts on this state.
 */
export function liveStateFromReportRow(row: CredentialReportRow): LiveUserState {
  return {
    account_id: accountIdOf(row.arn),
    user_name: row.user,
    user_arn: row.arn,
    access_keys: [
      accessKey(
        'access_key_1',
        row.access_key_1_active,
        row.access_key_1_last_rotated,
        row.access_key_1_last_used_date,
        row.access_key_1_last_used_service,
        row.access_key_1_last_used_region,
      ),
      accessKey(
        'access_key_2',
        row.access_key_2_active,
        row.access_key_2_last_rotated,
        row.access_key_2_last_used_date,
        row.access_key_2_last_used_service,
        row.access_key_2_last_used_region,
      ),
    ].filter((key) => key !== undefined),
    login_profile: loginProfile(row),
    signing_certificates: [
      certificate('cert_1', row.cert_1_active, row.cert_1_last_rotated),
      certificate('cert_2', row.cert_2_active, row.cert_2_last_rotated),
    ].filter((certificate) => certificate !== undefined),
    tags: null,
    groups: null,
    rotation_secret: null,
  };
}

// A slot without a key has no rotation time (N/A); a deleted key leaves its slot that way too.
function accessKey(
  id: string,
  active: boolean,
  lastRotated: TimestampOrAbsent,
  lastUsed: TimestampOrAbsent,
  service: TextOrAbsent,
  region: TextOrAbsent,
): LiveAccessKey | undefined {
  const createdAt = presentOrUndefined(lastRotated);
  if (createdAt === undefined) return undefined;
  return {
    id,
    active,
    created_at: createdAt,
    last_used_at: presentOrUndefined(lastUsed) ?? null,
    last_used_service: presentOrUndefined(service) ?? null,
    last_used_region: presentOrUndefined(region) ?? null,
  };
}

function certificate(
  id: string,
  active: boolean,
  lastRotated: TimestampOrAbsent,
): LiveSigningCertificate | undefined {
  const uploadedAt = presentOrUndefined(lastRotated);
  return uploadedAt === undefined ? undefined : { id, active, uploaded_at: uploadedAt };
}

// As the cred-usage query dates a password: when it was last changed, else when the user was created.
function loginProfile(row: CredentialReportRow): LiveUserState['login_profile'] {
  if (row.password_enabled !== true) return null;
  return {
    created_at: presentOrUndefined(row.password_last_changed) ?? row.user_creation_time,
    last_used_at: presentOrUndefined(row.password_last_used) ?? null,
  };
}
