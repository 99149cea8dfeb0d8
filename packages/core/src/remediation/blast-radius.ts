import type { Config } from '../config.js';
import type { Decision } from './decision.js';

/** Actions counted against the limits: in the whole run, and per account id. */
export interface ActionCounts {
  readonly run: number;
  readonly by_account: Readonly<Record<string, number>>;
}

export const NO_ACTIONS: ActionCounts = Object.freeze({ run: 0, by_account: Object.freeze({}) });

export interface BlastRadius {
  readonly max_actions_per_run: number;
  readonly max_actions_per_account: number;
  /** Actions counted so far, earlier ones of the run included: the input of the next plan of the run. */
  readonly actions: ActionCounts;
  readonly deferred: number;
  /** Accounts whose limit stopped actions, in the order they were reached. */
  readonly accounts_at_limit: readonly string[];
  readonly run_at_limit: boolean;
}

/**
 * Applies the blast-radius limits in order. Each group holds the decisions of one credential (deleting
 * a blocking key, then creating the new one), which are taken together or deferred together. Once a
 * limit stops a group, nothing more is taken in that scope (the account, or the whole run): the rest
 * waits for the next run rather than being picked by size.
 */
export function limitBlastRadius(
  groups: readonly (readonly Decision[])[],
  config: Config,
  earlier: ActionCounts,
): { decisions: Decision[]; blastRadius: BlastRadius } {
  let run = earlier.run;
  const byAccount = new Map(Object.entries(earlier.by_account));
  const closedAccounts: string[] = [];
  let runClosed = false;
  let deferred = 0;
  const decisions: Decision[] = [];

  for (const group of groups) {
    const actions = group.filter((decision) => decision.outcome === 'act').length;
    if (actions === 0) {
      decisions.push(...group);
      continue;
    }
    const account = (group[0] as Decision).account_id;
    const inAccount = byAccount.get(account) ?? 0;
    const overRun: boolean = runClosed || run + actions > config.max_actions_per_run;
    const overAccount =
      closedAccounts.includes(account) || inAccount + actions > config.max_actions_per_account;
    if (!overRun && !overAccount) {
      run += actions;
      byAccount.set(account, inAccount + actions);
      decisions.push(...group);
      continue;
    }
    runClosed ||= overRun;
    if (overAccount && !closedAccounts.includes(account)) closedAccounts.push(account);
    const limit = overRun
      ? `max_actions_per_run (${config.max_actions_per_run})`
      : `max_actions_per_account (${config.max_actions_per_account}) in account ${account}`;
    for (const decision of group) {
      if (decision.outcome !== 'act') {
        decisions.push(decision);
        continue;
      }
      deferred += 1;
      decisions.push({
        ...decision,
        outcome: 'deferred',
        reason: `${decision.reason} (deferred to a later run: the blast-radius limit ${limit} is reached)`,
      });
    }
  }

  return {
    decisions,
    blastRadius: {
      max_actions_per_run: config.max_actions_per_run,
      max_actions_per_account: config.max_actions_per_account,
      actions: { run, by_account: Object.fromEntries(byAccount) },
      deferred,
      accounts_at_limit: closedAccounts,
      run_at_limit: runClosed,
    },
  };
}
