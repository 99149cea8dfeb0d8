import type { Action, ActionOutcome, NextStep, SkipOutcome, SkipReason, WarnOutcome } from './decision.js';

/** The credential a decision is about: the finding's column (or access_key) and its id. */
export interface CredentialRef {
  readonly credential: string;
  readonly credential_id: string | null;
}

// Only the reference is copied: a whole decision passed as ref must not bring its outcome along.
const refOf = ({ credential, credential_id }: CredentialRef): CredentialRef => ({
  credential,
  credential_id,
});

export function act(
  ref: CredentialRef,
  action: Action,
  reason: string,
  next: NextStep | null,
): ActionOutcome {
  return { outcome: 'act', ...refOf(ref), action, skip_reason: null, reason, next_step: next };
}

export function warn(
  ref: CredentialRef,
  reason: string,
  next: NextStep | null,
  options: { readonly alertOps?: boolean } = {},
): WarnOutcome {
  return {
    outcome: 'warn',
    ...refOf(ref),
    action: null,
    skip_reason: null,
    reason,
    next_step: next,
    ...(options.alertOps ? { alert_ops: true as const } : {}),
  };
}

export function skip(
  ref: CredentialRef,
  skipReason: SkipReason,
  reason: string,
  next: NextStep | null = null,
): SkipOutcome {
  return { outcome: 'skip', ...refOf(ref), action: null, skip_reason: skipReason, reason, next_step: next };
}
