import {
  ListParentsCommand,
  paginateListAccounts,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { describeError } from '@credential-tracker/core';
import type { ParentChain } from './account-scope.js';

/** An Organizations call failed: says which call, what AWS said and what to do about it. */
export class OrganizationAccessError extends Error {
  readonly operation: string;

  constructor(operation: string, cause: unknown) {
    const said = describeError(cause);
    super(`Organizations ${operation} failed (${said}); ${adviceFor(cause)}`, { cause });
    this.name = 'OrganizationAccessError';
    this.operation = operation;
  }
}

function adviceFor(cause: unknown): string {
  const name = cause instanceof Error ? cause.name : '';
  if (name === 'AWSOrganizationsNotInUseException') {
    return 'this account is not in an Organization: set ACCOUNT_SCOPE=single to track this account only';
  }
  if (name === 'AccessDeniedException') {
    return 'run the tracker in the management account or a delegated administrator account, with organizations:ListAccounts and organizations:ListParents allowed (or set ACCOUNT_SCOPE=single)';
  }
  return 'check that Organizations is reachable and retry the run';
}

/** Every ACTIVE account of the Organization, all pages. */
export async function activeAccountIds(organizations: OrganizationsClient): Promise<string[]> {
  const ids: string[] = [];
  try {
    for await (const page of paginateListAccounts({ client: organizations }, {})) {
      for (const account of page.Accounts ?? []) {
        // State replaces the deprecated Status; older endpoints (and moto) still send only Status.
        const state = account.State ?? account.Status;
        if (account.Id && state === 'ACTIVE') ids.push(account.Id);
      }
    }
  } catch (error) {
    throw new OrganizationAccessError('ListAccounts', error);
  }
  return ids;
}

/**
 * The parent chain of accounts, from ListParents up to the root. Each parent's own parent is asked
 * once per run: accounts of one OU share their chain, so thousands of accounts cost few calls.
 */
export function parentChains(organizations: OrganizationsClient): ParentChain {
  const parentOf = new Map<string, Promise<{ id: string; isRoot: boolean } | undefined>>();

  const lookUp = (childId: string) => {
    let pending = parentOf.get(childId);
    if (!pending) {
      pending = organizations.send(new ListParentsCommand({ ChildId: childId })).then(
        (answer) => {
          const parent = answer.Parents?.[0];
          return parent?.Id ? { id: parent.Id, isRoot: parent.Type === 'ROOT' } : undefined;
        },
        (error: unknown) => {
          throw new OrganizationAccessError(`ListParents(${childId})`, error);
        },
      );
      parentOf.set(childId, pending);
    }
    return pending;
  };

  return async (accountId) => {
    const chain: string[] = [];
    let child = accountId;
    for (;;) {
      const parent = await lookUp(child);
      if (!parent) return chain;
      chain.push(parent.id);
      if (parent.isRoot) return chain;
      child = parent.id;
    }
  };
}
