import type { ListAccountsSettings } from './settings.js';

/** The ids of an account's parents, nearest first, up to and including the root. */
export type ParentChain = (accountId: string) => Promise<readonly string[]>;

/** Whether the settings filter by OU at all: only then are the (slow) parent chains looked up. */
export const filtersByOu = (settings: ListAccountsSettings): boolean =>
  settings.INCLUDE_OUS.length > 0 || settings.EXCLUDE_OUS.length > 0;

/**
 * Whether an account is in scope. With no include list every account is included; otherwise an
 * account is included when it is listed or sits (at any depth) under a listed OU. Exclusion,
 * by account or by OU, always wins over inclusion.
 */
export async function isInScope(
  accountId: string,
  settings: ListAccountsSettings,
  parentChain: ParentChain,
): Promise<boolean> {
  const chain = filtersByOu(settings) ? await parentChain(accountId) : [];
  const under = (ous: readonly string[]) => chain.some((parent) => ous.includes(parent));

  if (settings.EXCLUDE_ACCOUNTS.includes(accountId) || under(settings.EXCLUDE_OUS)) return false;
  const hasIncludes = settings.INCLUDE_ACCOUNTS.length > 0 || settings.INCLUDE_OUS.length > 0;
  return !hasIncludes || settings.INCLUDE_ACCOUNTS.includes(accountId) || under(settings.INCLUDE_OUS);
}
