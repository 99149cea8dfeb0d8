// Who receives an account's review: its configured contact, else the default contact, else (in an
// Organization) the account's own email address as Organizations knows it, else nobody.
import { DescribeAccountCommand, type OrganizationsClient } from '@aws-sdk/client-organizations';
import { describeError } from '@credential-tracker/core';

export interface ReviewContacts {
  /** review_contacts_by_account: the contact of each listed account. */
  readonly byAccount: Readonly<Record<string, string>>;
  /** review_contact: the contact of every account not listed. */
  readonly fallback?: string | undefined;
  /** Whether an account without a contact is emailed at its Organizations address (ACCOUNT_SCOPE=organization). */
  readonly organizations: boolean;
}

export type RecipientSource = 'account_contact' | 'default_contact' | 'organizations';

export type Recipient =
  | { readonly address: string; readonly source: RecipientSource }
  | { readonly address: null; readonly reason: string };

/** The account's configured contact, else the default contact; undefined when neither is set. */
export function configuredRecipient(accountId: string, contacts: ReviewContacts): Recipient | undefined {
  const own = Object.hasOwn(contacts.byAccount, accountId) ? contacts.byAccount[accountId] : undefined;
  if (own !== undefined) return { address: own, source: 'account_contact' };
  if (contacts.fallback !== undefined) return { address: contacts.fallback, source: 'default_contact' };
  return undefined;
}

/** The email address Organizations holds for an account; null when the account is not in it. */
export type AccountEmailLookup = (accountId: string) => Promise<string | null>;

/**
 * The recipient of an account's review. Organizations is asked only for an account without a
 * configured contact, and only in an Organization; a lookup that fails throws (AccountEmailError).
 */
export async function chooseRecipient(
  accountId: string,
  contacts: ReviewContacts,
  lookUpEmail: AccountEmailLookup | undefined,
): Promise<Recipient> {
  const configured = configuredRecipient(accountId, contacts);
  if (configured !== undefined) return configured;
  if (!contacts.organizations || lookUpEmail === undefined) {
    return {
      address: null,
      reason:
        'no review contact is configured for this account (review_contacts_by_account or review_contact) and the tracker is not in an Organization (account_scope = "single")',
    };
  }
  const email = await lookUpEmail(accountId);
  return email === null
    ? {
        address: null,
        reason:
          'the account is not in the Organization (DescribeAccount found no such account) and no review contact is configured for it',
      }
    : { address: email, source: 'organizations' };
}

/** Organizations could not say an account's email address: the review is written, not emailed. */
export class AccountEmailError extends Error {
  constructor(accountId: string, cause: unknown) {
    const said = describeError(cause);
    const denied = cause instanceof Error && cause.name === 'AccessDeniedException';
    super(
      `Organizations DescribeAccount(${accountId}) failed (${said}); ${
        denied
          ? 'run the tracker in the management account or a delegated administrator account with organizations:DescribeAccount allowed, or configure review_contacts_by_account or review_contact'
          : 'configure review_contacts_by_account or review_contact for this account, or retry'
      }`,
      { cause },
    );
    this.name = 'AccountEmailError';
  }
}

/** DescribeAccount's Email; an account Organizations does not know is null, any other error throws. */
export function organizationsEmailLookup(organizations: OrganizationsClient): AccountEmailLookup {
  return async (accountId) => {
    try {
      const answer = await organizations.send(new DescribeAccountCommand({ AccountId: accountId }));
      return answer.Account?.Email ?? null;
    } catch (error) {
      if (error instanceof Error && error.name === 'AccountNotFoundException') return null;
      throw new AccountEmailError(accountId, error);
    }
  };
}
