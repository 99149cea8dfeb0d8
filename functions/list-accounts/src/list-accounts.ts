import { randomUUID } from 'node:crypto';
import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import type { S3Client } from '@aws-sdk/client-s3';
import {
  accountResultsPrefix,
  accountsFileKey,
  putText,
  runContext,
  type AccountResultsLocation,
  type AccountsFile,
  type RunContext,
} from '@credential-tracker/core/aws';
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

/** The accounts in scope, as listAccounts finds them. */
export interface AccountsInScope {
  readonly run: RunContext;
  /** Account ids, sorted, each once. */
  readonly accounts: string[];
}

/**
 * What the ListAccounts state receives: pointers and a count, never the list. The accounts Map reads
 * the ids from the file (its ItemReader) and writes the accounts' outcomes under `account_results`
 * (its ResultWriter), so no state's payload grows with the Organization.
 */
export interface ListAccountsResult {
  readonly run: RunContext;
  readonly accounts: AccountsFile;
  readonly account_results: AccountResultsLocation;
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
): Promise<AccountsInScope> {
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

/**
 * Writes the accounts in scope to the run's accounts file, a JSON array of ids (the format of the
 * Distributed Map's ItemReader with InputType JSON), and says where it is and where the Map's results go.
 */
export async function writeAccountsFile(
  s3: S3Client,
  bucket: string,
  { run, accounts }: AccountsInScope,
): Promise<ListAccountsResult> {
  const key = accountsFileKey(run.date, run.run_id);
  await putText(s3, { bucket, key, text: `${JSON.stringify(accounts)}\n`, contentType: 'application/json' });
  return {
    run,
    accounts: { bucket, key, count: accounts.length },
    account_results: { bucket, prefix: accountResultsPrefix(run.date, run.run_id) },
  };
}
