// The email an owner gets once per remediation run: what was found, what was done, what comes next
// and when. It names the secret of a rotated key and how to read it, never the key itself.
import { utcDay, type Config, type Decision } from '@credential-tracker/core';

export type DigestResult = 'done' | 'failed' | 'deferred' | 'warned';

export interface DigestItem {
  readonly decision: Decision;
  readonly result: DigestResult;
  /** Where a rotated key is: its id (not secret) and the secret's name. */
  readonly stored?: { readonly access_key_id: string; readonly secret_name: string };
}

export interface DigestUser {
  readonly account_id: string;
  readonly user_name: string;
  readonly items: readonly DigestItem[];
}

export interface OwnerDigest {
  readonly address: string;
  readonly users: readonly DigestUser[];
}

export interface RenderedDigest {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

const ADDRESS = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The owner's address: the user's `email` tag, else its account's fallback, else the global one. */
export function ownerAddress(
  accountId: string,
  tags: Readonly<Record<string, string>> | null,
  config: Pick<Config, 'fallback_email' | 'fallback_email_by_account'>,
): string | null {
  const tagged = tags?.email?.trim();
  if (tagged && ADDRESS.test(tagged)) return tagged;
  return config.fallback_email_by_account[accountId] ?? config.fallback_email ?? null;
}

const HEADLINES: Readonly<Record<DigestResult, string>> = {
  done: 'Done',
  failed: 'Attempted, and failed (operations are alerted; the next run tries again)',
  deferred: 'Due, and postponed to a later run (too many changes at once)',
  warned: 'Needs your attention',
};

/** The command that prints a rotated key for its owner (the secret's policy lets only them read it). */
export const readSecretCommand = (secretName: string, accountId: string): string =>
  `aws secretsmanager get-secret-value --secret-id ${secretName} --query SecretString --output text  # as ${accountId}'s user or an admin`;

function itemLines(item: DigestItem, accountId: string): string[] {
  const { decision } = item;
  const credential = decision.credential_id ?? decision.credential;
  const lines = [`[${HEADLINES[item.result]}] ${credential}: ${decision.reason}`];
  if (decision.next_step) {
    lines.push(
      `  Next: ${decision.next_step.action.replaceAll('_', ' ')} after ${utcDay(decision.next_step.due_at)}`,
    );
  }
  if (item.stored) {
    lines.push(
      `  Your new access key ${item.stored.access_key_id} is in Secrets Manager as ${item.stored.secret_name}; read it with:`,
      `    ${readSecretCommand(item.stored.secret_name, accountId)}`,
      '  Switch your applications to it before the old key is deactivated.',
    );
  }
  return lines;
}

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

/** Renders one owner's digest as a subject, plain text and HTML with the same content. */
export function renderDigest(digest: OwnerDigest, runId: string): RenderedDigest {
  const count = digest.users.reduce((sum, user) => sum + user.items.length, 0);
  const subject = `credential-tracker: ${count} credential ${count === 1 ? 'change' : 'changes'} for your IAM users`;
  const intro =
    'credential-tracker keeps IAM user credentials fresh and unused ones closed. In this run it found the following about IAM users you own.';
  const footer = `Run ${runId}. Questions: reply to your security team; to exempt a user, tag it credential-tracker:exempt=true.`;
  const text = [
    intro,
    '',
    ...digest.users.flatMap((user) => [
      `IAM user ${user.user_name} in account ${user.account_id}:`,
      ...user.items.flatMap((item) => itemLines(item, user.account_id).map((line) => `  ${line}`)),
      '',
    ]),
    footer,
    '',
  ].join('\n');
  const html = [
    '<!doctype html><html><body style="font-family: sans-serif">',
    `<p>${escapeHtml(intro)}</p>`,
    ...digest.users.map(
      (user) =>
        `<h3>IAM user ${escapeHtml(user.user_name)} in account ${escapeHtml(user.account_id)}</h3><ul>${user.items
          .map((item) => {
            const [first, ...rest] = itemLines(item, user.account_id);
            return `<li><p>${escapeHtml(first ?? '')}</p>${rest
              .map((line) =>
                line.trim().startsWith('aws ')
                  ? `<pre>${escapeHtml(line.trim())}</pre>`
                  : `<p>${escapeHtml(line.trim())}</p>`,
              )
              .join('')}</li>`;
          })
          .join('')}</ul>`,
    ),
    `<p><small>${escapeHtml(footer)}</small></p>`,
    '</body></html>',
  ].join('\n');
  return { subject, text, html };
}
