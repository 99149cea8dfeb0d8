// Reading one day's facts from the bucket, each validated before it is used: an account's inventory,
// its credential report, and the open findings of the day's latest finished run.
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { describeError, parseCredentialReport, type CredentialReportRow } from '@credential-tracker/core';
import { credentialReportKey, inventoryKey, targetsKey } from '@credential-tracker/core/aws';
import {
  INVENTORY_KINDS,
  parseInventorySnapshot,
  type InventoryKind,
  type InventorySnapshotFile,
  type InventorySnapshot,
} from '@credential-tracker/core/inventory';
import * as z from '@credential-tracker/core/zod';
import { readTargets } from '@credential-tracker/remediation';
import type { ReviewFindingInput } from '@credential-tracker/review';
import type { FinishedRun } from './discovery.js';

/** An account's inputs are not all there: the account's review fails, the others go on. */
export class ReviewInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReviewInputError';
  }
}

export const s3Uri = (bucket: string, key: string): string => `s3://${bucket}/${key}`;

async function readText(s3: S3Client, bucket: string, key: string): Promise<string> {
  const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return (await object.Body?.transformToString('utf8')) ?? '';
}

async function readBytes(s3: S3Client, bucket: string, key: string): Promise<Uint8Array> {
  const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return (await object.Body?.transformToByteArray()) ?? new Uint8Array();
}

/**
 * One account's inventory of the date: its four files, every line validated (an InventoryFileError
 * names the object and the line). `kinds` are the files the listing found; one missing fails here.
 */
export async function readInventory(
  s3: S3Client,
  bucket: string,
  date: string,
  accountId: string,
  kinds: ReadonlySet<InventoryKind>,
): Promise<InventorySnapshot> {
  const missing = INVENTORY_KINDS.filter((kind) => !kinds.has(kind));
  if (missing.length > 0) {
    throw new ReviewInputError(
      `the inventory of ${date} is incomplete: ${missing.map((kind) => s3Uri(bucket, inventoryKey(date, accountId, kind))).join(', ')} missing (collect-inventory writes ${INVENTORY_KINDS.join(', ')}; did it fail for this account?)`,
    );
  }
  const files = Object.fromEntries(
    await Promise.all(
      INVENTORY_KINDS.map(async (kind) => {
        const key = inventoryKey(date, accountId, kind);
        // Bytes: the parser decodes them strictly, as the CLI's review does with a file's.
        return [kind, { source: s3Uri(bucket, key), text: await readBytes(s3, bucket, key) }] as const;
      }),
    ),
  ) as Record<InventoryKind, InventorySnapshotFile>;
  return parseInventorySnapshot(accountId, date, files);
}

/** The account's credential report of the date, validated as download-report stored it. */
export async function readCredentialReport(
  s3: S3Client,
  bucket: string,
  date: string,
  accountId: string,
): Promise<CredentialReportRow[]> {
  const key = credentialReportKey(date, accountId);
  const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  const bytes = (await object.Body?.transformToByteArray()) ?? new Uint8Array();
  return [
    ...parseCredentialReport(bytes, { source: s3Uri(bucket, key), expectedAccountId: accountId }).users,
  ];
}

/** The fields of summarise-run's summary (runs/.../summary.json) a review needs. */
const runSummarySchema = z.object({
  run_id: z.string().check(z.minLength(1)),
  as_of: z.iso.datetime({ offset: true }),
  failed_accounts: z.array(z.object({ account_id: z.string() })),
  failed_findings: z.array(z.object({ finding: z.string() })),
  per_finding: z.array(z.object({ finding: z.string(), count: z.number() })),
});

export interface RunFindings {
  /** The run the findings come from; null without a finished run of the date. */
  readonly run_id: string | null;
  /** The run's as-of time: when its findings (and so the reviews' key ages) were computed. */
  readonly as_of: Date | null;
  /** Every account's open findings in the run; null when not known at all. */
  readonly findings: ReviewFindingInput[] | null;
  /** Accounts the run failed for: their findings are not known. */
  readonly failed_accounts: ReadonlySet<string>;
  /** included: all of the run's findings; partial: some failed or could not be read; unknown: none. */
  readonly status: 'included' | 'partial' | 'unknown';
  /** What every review of the date says about its findings, when they are not all there. */
  readonly notes: string[];
}

const noFindings = (note: string): RunFindings => ({
  run_id: null,
  as_of: null,
  findings: null,
  failed_accounts: new Set(),
  status: 'unknown',
  notes: [note],
});

/**
 * The open findings of a finished run: its summary says which findings succeeded (their targets
 * files, every line validated, are read) and which failed or which accounts did. A finding that
 * failed, or whose targets cannot be read, is left out and named in the notes.
 */
export async function readRunFindings(
  s3: S3Client,
  bucket: string,
  date: string,
  run: FinishedRun | undefined,
  severities: ReadonlyMap<string, string>,
): Promise<RunFindings> {
  if (run === undefined) {
    return noFindings(
      `No daily run of ${date} has finished (no run summary under runs/date=${date}/): open findings are not shown.`,
    );
  }
  let summary: z.output<typeof runSummarySchema>;
  try {
    const parsed = runSummarySchema.safeParse(JSON.parse(await readText(s3, bucket, run.key)));
    if (!parsed.success) {
      throw new Error(
        parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '),
      );
    }
    summary = parsed.data;
  } catch (error) {
    return noFindings(
      `The summary of run ${run.run_id} (${s3Uri(bucket, run.key)}) could not be read (${describeError(error)}): open findings are not shown.`,
    );
  }
  const findings: ReviewFindingInput[] = [];
  const unread: string[] = [];
  for (const { finding, count } of summary.per_finding) {
    if (count === 0) continue;
    try {
      const rows = await readTargets(s3, { bucket, key: targetsKey(date, run.run_id, finding) });
      const severity = severities.get(finding);
      for (const row of rows) {
        findings.push({
          finding,
          account_id: row.account_id,
          user_name: row.user_name,
          user_arn: row.user_arn,
          credential: row.credential,
          days: row.days,
          ...(severity === undefined ? {} : { severity }),
        });
      }
    } catch (error) {
      unread.push(`${finding} (${describeError(error)})`);
    }
  }
  const failed = summary.failed_findings.map((item) => item.finding).sort();
  const notes = [
    ...(failed.length > 0
      ? [
          `The finding(s) ${failed.join(', ')} failed in run ${run.run_id}: their open findings are not shown.`,
        ]
      : []),
    ...(unread.length > 0
      ? [`The targets of ${unread.join('; ')} could not be read: those open findings are not shown.`]
      : []),
  ];
  return {
    run_id: run.run_id,
    as_of: new Date(summary.as_of),
    findings,
    failed_accounts: new Set(summary.failed_accounts.map((item) => item.account_id)),
    status: notes.length > 0 ? 'partial' : 'included',
    notes,
  };
}
