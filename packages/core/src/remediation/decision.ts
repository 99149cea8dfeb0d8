/**
 * What the planner decides for one credential of one user. The same records drive the Lambdas (act,
 * log) and the CLI (print), so they hold only plain data: no secret material, no SDK types.
 */

/** The findings that have a remediation; each remediation is named after its finding. */
export const REMEDIATION_IDS = [
  'ak-rotation',
  'ak-usage',
  'cert-rotation',
  'cred-usage',
  'review-revoke',
] as const;
export type RemediationId = (typeof REMEDIATION_IDS)[number];

/** One write in IAM (and, for a rotation, Secrets Manager): what an executor does for an act. */
export type Action =
  | {
      readonly kind: 'create_key_and_store';
      /** The key being rotated: it stays active until the new key is grace_days old. */
      readonly previous_access_key_id: string;
      readonly secret_name: string;
      /** The principals the secret's resource policy lets read it: the user, then the admin principals. */
      readonly secret_readers: readonly string[];
    }
  | { readonly kind: 'deactivate_key'; readonly access_key_id: string }
  | { readonly kind: 'delete_key'; readonly access_key_id: string }
  /**
   * Removes the mark an interrupted rotation of `previous_access_key_id` left on the user's secret,
   * once a newer key has been found that the tracker cannot prove it created: that key is left alone.
   */
  | { readonly kind: 'clear_rotation_mark'; readonly previous_access_key_id: string }
  | { readonly kind: 'delete_login_profile' }
  | { readonly kind: 'deactivate_certificate'; readonly certificate_id: string };

export type ActionKind = Action['kind'];

/** The step that follows, and the instant it becomes due: it is taken by the first run after due_at. */
export interface NextStep {
  readonly action: ActionKind;
  readonly due_at: Date;
}

/**
 * act: write now; planned: would act, but enforce is off (or exemptions could not be checked);
 * deferred: would act, but the blast-radius limit was reached; warn: tell the owner, write nothing;
 * skip: nothing to do, for the reason given.
 */
export const OUTCOMES = ['act', 'planned', 'deferred', 'warn', 'skip'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const SKIP_REASONS = [
  'root_user',
  'not_included',
  'excluded_user',
  'exempt_tag',
  'exempt_group',
  'user_gone',
  'credential_gone',
  'credential_unidentified',
  'already_inactive',
  'not_due',
  'already_decided',
  'review_withdrawn',
] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

interface CredentialOutcome {
  /** The finding's credential column (access_key_1, password, cert_2), or access_key for a key no finding row names. */
  readonly credential: string;
  /** The access key or certificate id; null for a password. A credential report has no ids: its column then. */
  readonly credential_id: string | null;
  /** Why, in words a credential owner can read. */
  readonly reason: string;
  readonly next_step: NextStep | null;
}

export interface ActionOutcome extends CredentialOutcome {
  readonly outcome: 'act' | 'planned' | 'deferred';
  readonly action: Action;
  readonly skip_reason: null;
}

export interface WarnOutcome extends CredentialOutcome {
  readonly outcome: 'warn';
  readonly action: null;
  readonly skip_reason: null;
  /** Ops are alerted too, not only the owner: something only a human can settle. */
  readonly alert_ops?: true;
}

export interface SkipOutcome extends CredentialOutcome {
  readonly outcome: 'skip';
  readonly action: null;
  readonly skip_reason: SkipReason;
}

/** What a lifecycle decides for a credential, before the plan names the finding and the user. */
export type CredentialDecision = ActionOutcome | WarnOutcome | SkipOutcome;

export interface DecisionSubject {
  readonly finding: RemediationId;
  readonly account_id: string;
  readonly user_name: string;
  readonly user_arn: string;
}

export type Decision = DecisionSubject & CredentialDecision;
