// One day of the bucket as the daily run leaves it, for the generate-review tests: inventory, credential
// reports, a run summary and targets; and reading back the raw emails moto's SES recorded.
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { formatCredentialReport, iamUserRow, type CredentialReportRow } from '@credential-tracker/core';
import { credentialReportKey, inventoryKey, runSummaryKey, targetsKey } from '@credential-tracker/core/aws';
import {
  inventorySnapshotFiles,
  type InventoryGroup,
  type InventorySnapshot,
  type InventoryUser,
} from '@credential-tracker/core/inventory';
import { inventoryGroup, inventoryUser } from '@credential-tracker/testing';

export const BUCKET = 'credential-tracker-reviews-test';
// moto's S3 records the key id of SSE-KMS without resolving it.
export const KMS_KEY_ARN = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
export const NOTIFY_FROM = 'credential-tracker@example.com';

export const user = (accountId: string, name: string, overrides: Partial<InventoryUser> = {}) =>
  inventoryUser(accountId, name, overrides);

export const group = (accountId: string, name: string, overrides: Partial<InventoryGroup> = {}) =>
  inventoryGroup(accountId, name, { created_at: '2024-01-01T00:00:00.000Z', ...overrides });

export function snapshot(
  accountId: string,
  date: string,
  users: readonly InventoryUser[],
  groups: readonly InventoryGroup[] = [],
): InventorySnapshot {
  return { account_id: accountId, date, users: [...users], groups: [...groups], roles: [], policies: [] };
}

const put = (s3: S3Client, key: string, body: string) =>
  s3.send(
    new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body, ContentLength: Buffer.byteLength(body) }),
  );

export async function putInventory(s3: S3Client, inventory: InventorySnapshot): Promise<void> {
  for (const file of inventorySnapshotFiles(inventory)) {
    await put(s3, inventoryKey(inventory.date, inventory.account_id, file.kind), file.text);
  }
}

export async function putRawInventoryFile(
  s3: S3Client,
  date: string,
  accountId: string,
  kind: 'users' | 'groups' | 'roles' | 'policies',
  text: string,
): Promise<void> {
  await put(s3, inventoryKey(date, accountId, kind), text);
}

export async function putReport(
  s3: S3Client,
  date: string,
  accountId: string,
  rows: readonly CredentialReportRow[],
): Promise<void> {
  await put(s3, credentialReportKey(date, accountId), formatCredentialReport(rows));
}

export const reportRow = iamUserRow;

export interface TargetLine {
  readonly account_id: string;
  readonly user_name: string;
  readonly credential: string;
  readonly days: number | null;
}

/** A finished run: its targets, then its summary (as summarise-run writes it, last). */
export async function putRun(
  s3: S3Client,
  run: {
    date: string;
    run_id: string;
    as_of: string;
    finished?: boolean;
    failed_findings?: string[];
    failed_accounts?: string[];
  },
  targets: Readonly<Record<string, readonly TargetLine[]>>,
): Promise<void> {
  for (const [finding, rows] of Object.entries(targets)) {
    const lines = rows.map(
      (row) =>
        `${JSON.stringify({
          account_id: row.account_id,
          user_name: row.user_name,
          user_arn: `arn:aws:iam::${row.account_id}:user/${row.user_name}`,
          credential: row.credential,
          created_at: '2025-01-01T00:00:00.000Z',
          last_used_at: null,
          days: row.days,
        })}\n`,
    );
    await put(s3, targetsKey(run.date, run.run_id, finding), lines.join(''));
  }
  if (run.finished === false) return;
  const summary = {
    run_id: run.run_id,
    as_of: run.as_of,
    date: run.date,
    complete: (run.failed_findings ?? []).length === 0,
    accounts: { total: 2, stored: 2, failed: 0 },
    failed_accounts: (run.failed_accounts ?? []).map((account_id) => ({
      account_id,
      error: 'States.TaskFailed',
    })),
    findings: { total: 0, succeeded: 0, failed: 0 },
    failed_findings: (run.failed_findings ?? []).map((finding) => ({ finding, error: 'States.Timeout' })),
    per_finding: Object.entries(targets).map(([finding, rows]) => ({
      finding,
      count: rows.length,
      accounts: new Set(rows.map((row) => row.account_id)).size,
    })),
    per_account: [],
    total_targets: 0,
  };
  await put(s3, runSummaryKey(run.date, run.run_id), `${JSON.stringify(summary, null, 2)}\n`);
}

/** One MIME part: its headers (lower-case names) and its decoded body. */
export interface MimePart {
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface SentRawEmail {
  readonly source: string;
  readonly destinations: string[];
  readonly headers: Readonly<Record<string, string>>;
  /** Every leaf part, alternatives and attachments, in order. */
  readonly parts: MimePart[];
}

function splitHeaders(text: string): { headers: Record<string, string>; body: string } {
  const end = text.indexOf('\r\n\r\n');
  const head = end < 0 ? text : text.slice(0, end);
  const body = end < 0 ? '' : text.slice(end + 4);
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { headers, body };
}

function leafParts(text: string): MimePart[] {
  const { headers, body } = splitHeaders(text);
  const boundary = /boundary="([^"]+)"/.exec(headers['content-type'] ?? '')?.[1];
  if (boundary === undefined) {
    const decoded =
      headers['content-transfer-encoding'] === 'base64'
        ? Buffer.from(body.replace(/\r\n/g, ''), 'base64').toString('utf8')
        : body;
    return [{ headers, body: decoded }];
  }
  const sections = body.split(`--${boundary}`).slice(1);
  return sections
    .filter((section) => !section.startsWith('--'))
    .flatMap((section) => leafParts(section.replace(/^\r\n/, '').replace(/\r\n$/, '')));
}

/** The raw emails moto's SES recorded (SendRawEmail), parsed. */
export async function sentRawEmails(endpoint: string): Promise<SentRawEmail[]> {
  const response = await fetch(`${endpoint}/moto-api/data.json`);
  const data = (await response.json()) as {
    ses?: { RawMessage?: { source: string; destinations: string[]; raw_data: string }[] };
  };
  return (data.ses?.RawMessage ?? []).map((message) => {
    const { headers } = splitHeaders(message.raw_data);
    return {
      source: message.source,
      destinations: message.destinations,
      headers,
      parts: leafParts(message.raw_data),
    };
  });
}
