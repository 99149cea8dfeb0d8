// What every remediation suite builds in moto: a member account, the tracker's bucket, topic and
// verified sender, targets written as retrieve-users-to-remediate writes them, and readers for what a
// run leaves behind (the action log, the owner notices, and the emails moto captured once
// summarise-run has sent the digests).
import { putAccountResults } from './map-results.js';
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  GenerateCredentialReportCommand,
  GetCredentialReportCommand,
  IAMClient,
  ListAccessKeysCommand,
} from '@aws-sdk/client-iam';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESClient, VerifyEmailIdentityCommand } from '@aws-sdk/client-ses';
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { STSClient } from '@aws-sdk/client-sts';
import {
  actionLogKey,
  credentialReportKey,
  noticesKey,
  memberClients,
  runContext,
  targetsKey,
  type RunContext,
} from '@credential-tracker/core/aws';
import { DAY_MS, type RemediationTarget } from '@credential-tracker/core';
import { IamBackdating } from './iam-backdating.js';
import { REMEDIATION_ROLE_NAME } from './member-trust.js';
import { createMotoOrganization, motoOverrides } from './moto-organization.js';

export const TRACKER_BUCKET = 'credential-tracker-reports';
export const NOTIFY_FROM = 'credential-tracker@example.com';

/** One email moto's SES backend kept (SendEmail keeps the HTML body when there is one). */
export interface CapturedEmail {
  readonly source: string;
  readonly subject: string;
  readonly body: string;
  readonly destinations: { readonly ToAddresses?: readonly string[] };
}

/** A finding row of the targets file, times as Dates (written as ISO text). */
export type TargetRow = RemediationTarget;

/** What a remediation function's createHandler takes: the clients of the world. */
export interface WorldHandlerClients {
  readonly s3: S3Client;
  readonly ses: SESClient;
  readonly sns: SNSClient;
  readonly sts: STSClient;
  readonly memberClients: <Clients extends { iam: IAMClient }>(
    defaults: (accountId: string) => Promise<Clients>,
  ) => (accountId: string) => Promise<Clients>;
}

/** What summarise-run's createHandler takes (passed in: the testing package does not depend on it). */
export interface SummariseHandlerClients {
  readonly s3: S3Client;
  readonly sns: SNSClient;
  readonly ses: SESClient;
}

export interface RemediationRunOptions<Result> {
  readonly createHandler: (clients: WorldHandlerClients) => (event: unknown) => Promise<Result>;
  readonly finding: string;
  readonly days: number;
  readonly enforce: boolean;
  readonly rows: readonly TargetRow[];
  readonly name?: string;
  /** Sets the handler's environment (useMotoSuite's handlerEnvironment). */
  readonly environment: (settings: Readonly<Record<string, string>>) => void;
  readonly config?: Readonly<Record<string, string>>;
  /** Store today's credential report first, for the follow-ups (default true). */
  readonly storeReport?: boolean;
  /** The event's actions_earlier_in_run, as the previous remediation of the run returned them. */
  readonly actionsEarlierInRun?: {
    readonly run: number;
    readonly by_account: Readonly<Record<string, number>>;
  };
}

export interface RemediationWorld {
  readonly accountId: string;
  /** IAM and Secrets Manager of the member account (the setup role's), IAM answers aged by `ages`. */
  readonly iam: IAMClient;
  readonly secrets: SecretsManagerClient;
  readonly s3: S3Client;
  readonly ses: SESClient;
  readonly sns: SNSClient;
  readonly sts: STSClient;
  readonly topicArn: string;
  /** Ages credentials in every IAM client it is applied to: the world's and the handler's. */
  readonly ages: IamBackdating;
  /** The handler's settings (environment), without the CT_* config. */
  readonly settings: Readonly<Record<string, string>>;
  createUser(userName: string): Promise<string>;
  /**
   * The clients a remediation handler is built with: the world's, and member IAM clients that see
   * the aged credentials; `adjust` may add to each member IAM client (a test's injected failure).
   */
  handlerClients(adjust?: (iam: IAMClient) => void): WorldHandlerClients;
  /**
   * A new user with one access key aged `days` days, and the ak-rotation target row that names it
   * as retrieve-users-to-remediate would write it.
   */
  userWithOldKey(userName: string, days?: number): Promise<{ oldKey: string; row: TargetRow }>;
  /** The user's access keys as IAM lists them (aged), oldest first. */
  accessKeys(userName: string): Promise<{ id: string; status: string; created_at: Date }[]>;
  writeTargets(
    run: RunContext,
    finding: string,
    rows: readonly TargetRow[],
  ): Promise<{ bucket: string; key: string }>;
  /** Stores the member account's credential report of today under the run's date, as download-report does. */
  storeReport(run: RunContext): Promise<void>;
  actionLog(run: RunContext, functionName: string): Promise<Record<string, string | null>[]>;
  /** The owner notices a remediation function queued in the run for summarise-run. */
  notices(run: RunContext, functionName: string): Promise<Record<string, unknown>[]>;
  /**
   * Runs summarise-run's handler over the run as the state machine's last step does (no account or
   * finding outcomes: only the owners' digests are of interest), with NOTIFY_FROM set.
   */
  summarise<Result>(
    run: RunContext,
    createHandler: (clients: SummariseHandlerClients) => (event: unknown) => Promise<Result>,
    environment: (settings: Readonly<Record<string, string>>) => void,
  ): Promise<Result>;
  sentEmails(): Promise<CapturedEmail[]>;
  /**
   * Runs a remediation handler as the state machine does, `days` after today, with these targets
   * (and today's report for the follow-ups); its member IAM clients see the world's aged credentials.
   */
  run<Result>(
    options: RemediationRunOptions<Result>,
  ): Promise<{ run: RunContext; result: Result; log: Record<string, string | null>[] }>;
  destroy(): void;
}

export async function createRemediationWorld(endpoint: string): Promise<RemediationWorld> {
  const overrides = motoOverrides(endpoint);
  const org = await createMotoOrganization(endpoint, {
    ous: {},
    accounts: [{ name: 'workloads', users: ['bystander'] }],
  });
  const accountId = org.accountIds.workloads as string;
  const sts = new STSClient(overrides);
  const ages = new IamBackdating();
  const setup = await memberClients(
    sts,
    { roleName: 'OrganizationAccountAccessRole' },
    (config) => ({ iam: ages.apply(new IAMClient(config)), secrets: new SecretsManagerClient(config) }),
    overrides,
  )(accountId);
  const s3 = new S3Client(overrides);
  const ses = new SESClient(overrides);
  const sns = new SNSClient(overrides);
  await s3.send(new CreateBucketCommand({ Bucket: TRACKER_BUCKET }));
  await ses.send(new VerifyEmailIdentityCommand({ EmailAddress: NOTIFY_FROM }));
  const topicArn = (await sns.send(new CreateTopicCommand({ Name: 'credential-tracker-summary' })))
    .TopicArn as string;
  const { iam, secrets } = setup;

  const world: RemediationWorld = {
    accountId,
    iam,
    secrets,
    s3,
    ses,
    sns,
    sts,
    topicArn,
    ages,
    settings: {
      // The remediate-findings-* functions assume the remediation role, as Terraform sets them.
      MEMBER_ROLE_NAME: REMEDIATION_ROLE_NAME,
      REPORT_BUCKET: TRACKER_BUCKET,
      SUMMARY_TOPIC_ARN: topicArn,
      NOTIFY_FROM,
      SECRET_KMS_KEY_ID: 'alias/credential-tracker-secrets',
    },
    async createUser(userName) {
      return (await iam.send(new CreateUserCommand({ UserName: userName }))).User?.Arn as string;
    },
    handlerClients(adjust) {
      return {
        s3,
        ses,
        sns,
        sts,
        memberClients: (defaults) => async (id) => {
          const clients = await defaults(id);
          ages.apply(clients.iam);
          adjust?.(clients.iam);
          return clients;
        },
      };
    },
    async userWithOldKey(userName, days = 100) {
      const arn = await world.createUser(userName);
      const oldKey = (await iam.send(new CreateAccessKeyCommand({ UserName: userName }))).AccessKey
        ?.AccessKeyId as string;
      ages.age(oldKey, days);
      const created = (await world.accessKeys(userName))[0]?.created_at as Date;
      return {
        oldKey,
        row: {
          account_id: accountId,
          user_name: userName,
          user_arn: arn,
          credential: 'access_key_1',
          created_at: created,
          last_used_at: null,
          days,
        },
      };
    },
    async accessKeys(userName) {
      const listed = await iam.send(new ListAccessKeysCommand({ UserName: userName }));
      return (listed.AccessKeyMetadata ?? [])
        .map((key) => ({
          id: key.AccessKeyId as string,
          status: key.Status as string,
          created_at: key.CreateDate as Date,
        }))
        .sort((a, b) => a.created_at.getTime() - b.created_at.getTime());
    },
    async writeTargets(run, finding, rows) {
      const key = targetsKey(run.date, run.run_id, finding);
      await s3.send(
        new PutObjectCommand({
          Bucket: TRACKER_BUCKET,
          Key: key,
          Body: Buffer.from(rows.map((row) => `${JSON.stringify(row)}\n`).join('')),
        }),
      );
      return { bucket: TRACKER_BUCKET, key };
    },
    async storeReport(run) {
      await iam.send(new GenerateCredentialReportCommand({}));
      const report = await iam.send(new GetCredentialReportCommand({}));
      await s3.send(
        new PutObjectCommand({
          Bucket: TRACKER_BUCKET,
          Key: credentialReportKey(run.date, accountId),
          Body: Buffer.from(report.Content ?? new Uint8Array()),
        }),
      );
    },
    async actionLog(run, functionName) {
      const object = await s3.send(
        new GetObjectCommand({
          Bucket: TRACKER_BUCKET,
          Key: actionLogKey(run.date, run.run_id, functionName),
        }),
      );
      const text = (await object.Body?.transformToString()) ?? '';
      return text
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, string | null>);
    },
    async run(options) {
      const run = runContext(
        options.name ?? `run-${options.days}`,
        new Date(Date.now() + options.days * DAY_MS),
      );
      const targets = await world.writeTargets(run, options.finding, options.rows);
      if (options.storeReport ?? true) await world.storeReport(run);
      options.environment({ ...world.settings, CT_ENFORCE: String(options.enforce), ...options.config });
      const handler = options.createHandler(world.handlerClients());
      const result = await handler({
        run,
        finding: options.finding,
        targets,
        ...(options.actionsEarlierInRun ? { actions_earlier_in_run: options.actionsEarlierInRun } : {}),
      });
      return { run, result, log: await world.actionLog(run, `remediate-findings-${options.finding}`) };
    },
    async notices(run, functionName) {
      const object = await s3.send(
        new GetObjectCommand({
          Bucket: TRACKER_BUCKET,
          Key: noticesKey(run.date, run.run_id, functionName),
        }),
      );
      const text = (await object.Body?.transformToString()) ?? '';
      return text
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>);
    },
    async summarise(run, createHandler, environment) {
      environment({ REPORT_BUCKET: TRACKER_BUCKET, SUMMARY_TOPIC_ARN: topicArn, NOTIFY_FROM });
      // No account outcome matters here: an empty accounts Map's results, as Step Functions writes them.
      const accountResults = await putAccountResults(s3, TRACKER_BUCKET, 'account-runs/results', []);
      return createHandler({ s3, sns, ses })({ run, account_results: accountResults, findings: [] });
    },
    async sentEmails() {
      const response = await fetch(`${endpoint}/moto-api/data.json`);
      const data = (await response.json()) as { ses?: { Message?: CapturedEmail[] } };
      return data.ses?.Message ?? [];
    },
    destroy() {
      for (const client of [iam, secrets, s3, ses, sns, sts]) client.destroy();
    },
  };
  return world;
}
