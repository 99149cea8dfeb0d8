import type { Config } from '../config.js';
import type { LiveUserState } from './live-state.js';

/**
 * One row of a finding query, in the finding contract's columns: the credential a finding nominates.
 * The planner re-finds it in the live state and decides from that, never from the row's ages alone.
 */
export interface RemediationTarget {
  readonly account_id: string;
  readonly user_name: string;
  readonly user_arn: string;
  readonly credential: string;
  readonly created_at: Date | null;
  readonly last_used_at: Date | null;
  readonly days: number | null;
}

/** What a lifecycle decides from: the nominated credential, its user as they are now, the settings. */
export interface LifecycleInput {
  readonly target: RemediationTarget;
  readonly user: LiveUserState;
  readonly config: Config;
  readonly asOf: Date;
}
