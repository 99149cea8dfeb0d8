import { randomUUID } from 'node:crypto';
import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import { runContext, type RunContext } from '@credential-tracker/core/aws';
import * as z from '@credential-tracker/core/zod';
import { isInScope, type ParentChain } from './account-scope.js';
import { activeAccountIds, parentChains } from './organization.js';
import type { ListAccountsSettings } from './settings.js';

/** The state machine passes $$.Execution.Name and $$.Execution.StartTime; a manual invoke may not. */
export const listAccountsEventSchema = z.object({
  run_id: z.optional(z.string()),
  as_of: z.optional(z.iso.datetime({ offset: true })),
});

export type ListAccountsEvent = z.output<typeof listAccountsEventSchema>;

export interface ListAccountsResult {
  readonly run: RunContext;
  /** Account ids only, sorted: the Map's input must stay small for thousands of accounts. */
  readonly accounts: string[];
}

export interface ListAccountsClients {
  readonly sts: STSClient;
  readonly organizations: OrganizationsClient;
}

/** The run every later state works for: the execution's, or a new one when invoked by hand. */
export function resolveRun(event: ListAccountsEvent, now: Date): RunContext {
  const asOf = event.as_of ? new Date(event.as_of) : now;
  return runContext(event.run_id ?? `manual-${randomUUID()}`, asOf);
}

/** The accounts in scope of this run: the caller's own (single) or the Organization's ACTIVE ones. */
export async function listAccounts(
  clients: ListAccountsClients,
  settings: ListAccountsSettings,
  run: RunContext,
): Promise<ListAccountsResult> {
  let candidates: string[];
  let parentChain: ParentChain;
  if (settings.ACCOUNT_SCOPE === 'single') {
    const identity = await clients.sts.send(new GetCallerIdentityCommand({}));
    if (!identity.Account) throw new Error('STS GetCallerIdentity returned no account id');
    candidates = [identity.Account];
    // Without an Organization there are no OUs: an OU filter cannot match anything.
    parentChain = () => Promise.resolve([]);
  } else {
    candidates = await activeAccountIds(clients.organizations);
    parentChain = parentChains(clients.organizations);
  }

  const accounts: string[] = [];
  for (const accountId of candidates) {
    if (await isInScope(accountId, settings, parentChain)) accounts.push(accountId);
  }
  return { run, accounts: [...new Set(accounts)].sort() };
}
