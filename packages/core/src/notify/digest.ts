// The email an owner gets once per run: what was found, what was done, what comes next and when.
// It names the secret of a rotated key and how to read it, never the key itself. The remediation
// functions queue the items (notices files in S3) and summarise-run renders and sends one digest per
// owner, so the items are plain JSON data rather than the planner's Decision.
import type { Config } from '../config.js';
import type { Decision } from '../remediation/decision.js';
import { iamTagValue } from '../iam-names.js';
import { utcDay } from '../remediation/time.js';

export const DIGEST_RESULTS = ['done', 'failed', 'deferred', 'warned'] as const;
export type DigestResult = (typeof DIGEST_RESULTS)[number];

export interface DigestItem {
  readonly result: DigestResult;
  /** The credential's id (access key, certificate), else the finding's column (password). */
  readonly credential: string;
  /** Why, in the planner's words for an owner. */
  readonly reason: string;
  /** The step that follows; due_at is an ISO instant (the item travels as JSON). */
  readonly next_step: { readonly action: string; readonly due_at: string } | null;
  /** Where a rotated key is: its id (not secret) and the secret's name. */
  readonly stored?: { readonly access_key_id: string; readonly secret_name: string };
}

/** What the owner reads about one decision: only the fields the digest shows. */
export function digestItem(
  decision: Decision,
  result: DigestResult,
  stored?: DigestItem['stored'],
): DigestItem {
  return {
    result,
    credential: decision.credential_id ?? decision.credential,
    reason: decision.reason,
    next_step: decision.next_step
      ? { action: decision.next_step.action, due_at: decision.next_step.due_at.toISOString() }
      : null,
    ...(stored ? { stored: { access_key_id: stored.access_key_id, secret_name: stored.secret_name } } : {}),
  };
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

export const ADDRESS = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The owner's address: the user's `email` tag, else its account's fallback, else the global one. */
export function ownerAddress(
  accountId: string,
  tags: Readonly<Record<string, string>> | null,
  config: Pick<Config, 'fallback_email' | 'fallback_email_by_account'>,
): string | null {
  // `Email` and `email` are one key to IAM (iam-names.ts).
  const tagged = iamTagValue(tags, 'email')?.trim();
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
  const lines = [`[${HEADLINES[item.result]}] ${item.credential}: ${item.reason}`];
  if (item.next_step) {
    lines.push(
      `  Next: ${item.next_step.action.replaceAll('_', ' ')} after ${utcDay(new Date(item.next_step.due_at))}`,
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
