/**
 * A user's credentials as they are now, which the planner trusts over the report (hours old). A Lambda
 * fills it from IAM and Secrets Manager just before planning; the CLI from a credential-report row
 * (liveStateFromReportRow). What a source cannot know is null, never guessed: the planner then does
 * not act on it.
 */

/** The user tag that exempts a user from every remediation, when its value is `true`. */
export const EXEMPT_TAG_KEY = 'credential-tracker:exempt';

/** Where a rotation stores the new key, in the user's own account: credential-tracker/<user_name>. */
export const ROTATION_SECRET_PREFIX = 'credential-tracker/';

export function rotationSecretName(userName: string): string {
  return `${ROTATION_SECRET_PREFIX}${userName}`;
}

/** ListAccessKeys (AccessKeyId, Status, CreateDate) with GetAccessKeyLastUsed (LastUsedDate, ServiceName, Region). */
export interface LiveAccessKey {
  /** The AccessKeyId; a credential report has none, so a report-derived key uses its column (access_key_1). */
  readonly id: string;
  readonly active: boolean;
  readonly created_at: Date;
  /** Null when the key was never used. */
  readonly last_used_at: Date | null;
  /**
   * The service namespace (s3, sts) and region the key was last used with: what tells an owner which
   * workload still signs with it. Null when unknown or never used (IAM answers N/A).
   */
  readonly last_used_service: string | null;
  readonly last_used_region: string | null;
}

/** GetLoginProfile (CreateDate) with GetUser (PasswordLastUsed). */
export interface LiveLoginProfile {
  /** When the password was set; a report gives password_last_changed, else the user's creation. */
  readonly created_at: Date;
  /** Null when the password was never used. */
  readonly last_used_at: Date | null;
}

/** ListSigningCertificates (CertificateId, Status, UploadDate). */
export interface LiveSigningCertificate {
  /** The CertificateId; a report-derived certificate uses its column (cert_1). */
  readonly id: string;
  readonly active: boolean;
  readonly uploaded_at: Date;
}

/**
 * What the secret credential-tracker/<user_name> says about the user's rotation, from its tags. A
 * rotation marks the secret before CreateAccessKey (rotation_started_for, _at and the window within
 * which the key it creates must bear its CreateDate), names the key as soon as IAM answers
 * (rotation_created_key), and clears the mark once the key is stored. A newer key is taken for one the
 * tracker created and lost in a crash only when that is proven: never used, not the stored key, and
 * named by rotation_created_key or created inside the window (see lostRotationKeyVerdict in lifecycles/ak-rotation.ts). A key the user
 * created themselves is then never taken for one, even where a mark was left behind.
 */
/**
 * The longest window a rotation's mark may state and be believed: the tracker writes one of at most
 * CREATE_KEY_TIMEOUT_MS plus two seconds (aws/rotated-key.ts).
 */
export const MAX_ROTATION_WINDOW_MS = 10_000;

/** How far IAM's CreateDate may lag the tracker's clock and still be in a rotation's window. */
const CLOCK_SKEW_MS = 1000;

/**
 * Whether a key created at `created` falls in the window of a rotation that started at `startedAt`:
 * what both the planner (a lost key) and the executor's clean-up (a key its failed call made) go by.
 * IAM's CreateDate is whole seconds, so the window opens at the second the rotation started in.
 */
export function createdInRotationWindow(created: Date, startedAt: Date, windowEnds: Date): boolean {
  const opens = Math.floor(startedAt.getTime() / 1000) * 1000 - CLOCK_SKEW_MS;
  return created.getTime() >= opens && created.getTime() < windowEnds.getTime();
}

export interface RotationSecretState {
  /** The AccessKeyId the secret holds; null when there is no secret or it holds no key yet. */
  readonly stored_access_key_id: string | null;
  /** The key whose rotation was started and not yet stored; null when none is under way. */
  readonly rotation_started_for: string | null;
  /** When that rotation started; absent or null: unknown (an older mark), which proves nothing. */
  readonly rotation_started_at?: Date | null;
  /** The instant before which the rotation's CreateAccessKey took effect, if it did. */
  readonly rotation_window_ends?: Date | null;
  /** The key IAM answered that rotation's CreateAccessKey with. */
  readonly rotation_created_key?: string | null;
  /**
   * Why the secret is not one the tracker made (no marker, another KMS key, a foreign resource
   * policy); null or absent when it is, or when there is none. Its tags are then not believed, and
   * the rotation refuses to write into it.
   */
  readonly not_tracker_secret?: string | null;
}

export interface LiveUserState {
  readonly account_id: string;
  readonly user_name: string;
  readonly user_arn: string;
  readonly access_keys: readonly LiveAccessKey[];
  /** Null when the user has no console password. */
  readonly login_profile: LiveLoginProfile | null;
  readonly signing_certificates: readonly LiveSigningCertificate[];
  /** ListUserTags; null when unknown (a credential report has no tags). */
  readonly tags: Readonly<Record<string, string>> | null;
  /** ListGroupsForUser, by group name; null when unknown (a credential report has no groups). */
  readonly groups: readonly string[] | null;
  /** Null when unknown (the CLI cannot read Secrets Manager): no key is then taken for a lost one. */
  readonly rotation_secret: RotationSecretState | null;
}

/** Whether the tags and groups were read, so that the exemptions they carry could be checked. */
export function exemptionsKnown(user: LiveUserState): boolean {
  return user.tags !== null && user.groups !== null;
}
