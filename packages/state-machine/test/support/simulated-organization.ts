import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type GetObjectCommandOutput,
} from '@aws-sdk/client-s3';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import {
  formatCredentialReport,
  iamUserRow,
  rootRow,
  validateCredentialReport,
  type CredentialReportRow,
} from '@credential-tracker/core';
import {
  AssumeMemberRoleError,
  accountResultsPrefix,
  accountsFileKey,
  credentialReportKey,
  inventoryKey,
  inventoryPrefix,
  memberRoleArn,
  runContext,
} from '@credential-tracker/core/aws';
import { INVENTORY_KINDS } from '@credential-tracker/core/inventory';
import { summariseRun, summariseRunEventSchema } from '@credential-tracker/fn-summarise-run';
import { duckDbFindingSteps, memoryStore } from './finding-steps.js';
import type { PipelineHandlers } from './contract.js';

export const REPORT_BUCKET = 'credential-tracker-reports';
export const SUMMARY_TOPIC_ARN = 'arn:aws:sns:us-east-1:111111111111:credential-tracker-summary';

/** What summarise-run published to the summary topic. */
export interface PublishedSummary {
  readonly subject: string;
  readonly message: string;
}

/** How one member account behaves towards the pipeline. */
export interface SimulatedAccount {
  readonly users: readonly CredentialReportRow[];
  /** GenerateCredentialReport answers COMPLETE from this call on (1 = at once); Infinity = never. */
  readonly completeFromCall?: number;
  /** The member role is missing or does not trust the tracker. */
  readonly roleNotAssumable?: boolean;
  /** GetCredentialReport answers with something that is not a credential report. */
  readonly corruptReport?: boolean;
}

/** A user whose only access key is far older than any rotation period: every run finds it. */
export function staleKeyUser(accountId: string, userName: string): CredentialReportRow {
  return iamUserRow(accountId, userName, {
    access_key_1_active: true,
    access_key_1_last_rotated: new Date('2024-01-01T00:00:00Z'),
    access_key_1_last_used_date: new Date('2026-11-20T00:00:00Z'),
    access_key_1_last_used_region: 'us-east-1',
    access_key_1_last_used_service: 'iam',
  });
}

export const accountId = (n: number): string => String(100000000000 + n);

export function healthyAccount(id: string): SimulatedAccount {
  return { users: [rootRow(id), staleKeyUser(id, 'alice'), iamUserRow(id, 'bob')], completeFromCall: 2 };
}

/**
 * An Organization in memory, and local functions that follow the pipeline's contract over it: the
 * stand-ins for the Lambda functions in the local runs. The finding steps run the catalog's SQL on
 * the DuckDB engine over the reports download-report stored, as Athena would over S3; the summary is
 * summarise-run's own, written to `objects` and published to `published`.
 */
export class SimulatedOrganization {
  readonly objects = new Map<string, string>();
  readonly published: PublishedSummary[] = [];
  private readonly calls = new Map<string, number>();

  constructor(readonly accounts: ReadonlyMap<string, SimulatedAccount>) {}

  /** S3 over `objects` and SNS into `published`, for the real summarise-run. */
  private summaryClients(): { s3: S3Client; sns: SNSClient } {
    const s3 = new S3Client({ region: 'us-east-1' });
    mockClient(s3)
      .on(GetObjectCommand)
      .callsFake(({ Key }: { Key: string }) => {
        const body = this.objects.get(Key);
        if (body === undefined) throw Object.assign(new Error(`no object ${Key}`), { name: 'NoSuchKey' });
        // A stream (read line by line) that also gives its text at once, as the SDK's Body does.
        const stream = Object.assign(Readable.from([body]), {
          transformToString: () => Promise.resolve(body),
        });
        return { Body: stream as unknown as GetObjectCommandOutput['Body'] };
      })
      .on(PutObjectCommand)
      .callsFake(({ Key, Body }: { Key: string; Body: string }) => {
        this.objects.set(Key, Body);
        return {};
      })
      // The owners' notices (none here: the simulated remediations queue nothing), in one page.
      .on(ListObjectsV2Command)
      .callsFake(({ Prefix }: { Prefix: string }) => ({
        Contents: [...this.objects.keys()].filter((key) => key.startsWith(Prefix)).map((Key) => ({ Key })),
        IsTruncated: false,
      }));
    const sns = new SNSClient({ region: 'us-east-1' });
    mockClient(sns)
      .on(PublishCommand)
      .callsFake(({ Subject, Message }: { Subject: string; Message: string }) => {
        this.published.push({ subject: Subject, message: Message });
        return { MessageId: randomUUID() };
      });
    return { s3, sns };
  }

  private account(id: string): SimulatedAccount {
    const account = this.accounts.get(id);
    if (!account) throw new Error(`account ${id} is not in the simulated Organization`);
    return account;
  }

  private assume(id: string): SimulatedAccount {
    const account = this.account(id);
    if (account.roleNotAssumable) {
      const error = new Error('User is not authorized to perform: sts:AssumeRole');
      error.name = 'AccessDenied';
      throw new AssumeMemberRoleError(
        id,
        memberRoleArn(id, { roleName: 'credential-tracker-member' }),
        error,
      );
    }
    return account;
  }

  readonly handlers: PipelineHandlers = {
    // The bucket's objects in `objects`, by key (one bucket).
    store: {
      getText: (bucket, key) => {
        const text = this.objects.get(key);
        if (text === undefined) return Promise.reject(new Error(`no object s3://${bucket}/${key}`));
        return Promise.resolve(text);
      },
      putText: (_bucket, key, text) => {
        this.objects.set(key, text);
        return Promise.resolve();
      },
    },
    // As list-accounts does: the ids to the accounts file, pointers and a count to the state machine.
    listAccounts: async (event) => {
      const run = runContext(event.run_id ?? 'manual', new Date(event.as_of ?? Date.now()));
      const accounts = [...this.accounts.keys()].sort();
      const key = accountsFileKey(run.date, run.run_id);
      this.objects.set(key, JSON.stringify(accounts));
      return Promise.resolve({
        run,
        accounts: { bucket: REPORT_BUCKET, key, count: accounts.length },
        account_results: { bucket: REPORT_BUCKET, prefix: accountResultsPrefix(run.date, run.run_id) },
      });
    },
    generateReport: async ({ account_id }) => {
      const account = this.assume(account_id);
      const call = (this.calls.get(account_id) ?? 0) + 1;
      this.calls.set(account_id, call);
      const state =
        call >= (account.completeFromCall ?? 1) ? 'COMPLETE' : call === 1 ? 'STARTED' : 'INPROGRESS';
      return Promise.resolve({ account_id, state });
    },
    downloadReport: async ({ run, account_id }) => {
      const account = this.assume(account_id);
      const key = credentialReportKey(run.date, account_id);
      const body = account.corruptReport ? 'user,arn\nnot,a report\n' : formatCredentialReport(account.users);
      const report = validateCredentialReport(body, {
        source: `s3://${REPORT_BUCKET}/${key}`,
        expectedAccountId: account_id,
      });
      this.objects.set(key, body);
      return Promise.resolve({
        account_id,
        bucket: REPORT_BUCKET,
        key,
        users: report.cells.length,
        generated_time: run.as_of,
      });
    },
    // The stand-in's accounts hold nothing beyond their reports: four empty inventory files each.
    collectInventory: async ({ run, account_id }) => {
      this.assume(account_id);
      for (const kind of INVENTORY_KINDS) this.objects.set(inventoryKey(run.date, account_id, kind), '');
      return Promise.resolve({
        account_id,
        bucket: REPORT_BUCKET,
        prefix: inventoryPrefix(run.date),
        users: 0,
        groups: 0,
        roles: 0,
        policies: 0,
      });
    },
    initialiseTable: async () =>
      Promise.resolve({
        database: 'credential_tracker',
        tables: ['credential_report', 'findings', 'actions'],
      }),
    ...duckDbFindingSteps(memoryStore(REPORT_BUCKET, this.objects)),
    // The real summarise-run, its strict event schema included, over the objects in memory.
    summariseRun: async (event) => {
      const { s3, sns } = this.summaryClients();
      return summariseRun(s3, sns, {
        ...summariseRunEventSchema.parse(event),
        bucket: REPORT_BUCKET,
        topicArn: SUMMARY_TOPIC_ARN,
      });
    },
  };
}

/** An Organization of `count` healthy accounts, some of them replaced by the given behaviours. */
export function organization(
  count: number,
  special: Readonly<Record<string, SimulatedAccount>> = {},
): SimulatedOrganization {
  const accounts = new Map<string, SimulatedAccount>();
  for (let n = 1; n <= count; n++) accounts.set(accountId(n), healthyAccount(accountId(n)));
  for (const [id, behaviour] of Object.entries(special)) accounts.set(id, behaviour);
  return new SimulatedOrganization(accounts);
}
