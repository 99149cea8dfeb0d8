import {
  GenerateCredentialReportCommand,
  GetAccountAuthorizationDetailsCommand,
  GetCredentialReportCommand,
  IAMClient,
  ListAccessKeysCommand,
} from '@aws-sdk/client-iam';
import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { formatCredentialReport, iamUserRow, rootRow } from '@credential-tracker/core';
import { ACCOUNT_RUNS_PREFIX } from '@credential-tracker/core/aws';
import { mockClient } from 'aws-sdk-client-mock';
import { CALL_LATENCY_MS, pause } from './latency.js';

const ACCOUNTS_PER_PAGE = 20;
const FIRST_ACCOUNT = 100000000000;
const ACCESS_KEY_PREFIX = 'ASIA';

export const simulatedAccountId = (n: number): string => String(FIRST_ACCOUNT + n);

/** The failure of the simulation itself (a call it does not expect), never an outcome being measured. */
export class SimulatedAwsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SimulatedAwsError';
  }
}

/** A small, valid report: the root user and three IAM users, one of them with an old access key. */
function credentialReport(accountId: string): Uint8Array {
  const rows = [
    rootRow(accountId),
    iamUserRow(accountId, 'alice', {
      access_key_1_active: true,
      access_key_1_last_rotated: new Date('2024-01-01T00:00:00Z'),
    }),
    iamUserRow(accountId, 'bob'),
    iamUserRow(accountId, 'carol'),
  ];
  return new TextEncoder().encode(formatCredentialReport(rows));
}

/** The same three users as the report, one page, for collect-inventory's walk. */
const authorizationDetails = (accountId: string) => ({
  UserDetailList: ['alice', 'bob', 'carol'].map((name) => ({
    UserName: name,
    UserId: `AIDA${name.toUpperCase()}`,
    Arn: `arn:aws:iam::${accountId}:user/${name}`,
    Path: '/',
    CreateDate: new Date('2024-01-01T00:00:00Z'),
  })),
  IsTruncated: false,
});

/**
 * An Organization's AWS APIs as aws-sdk-client-mock mocks of the SDK clients the real functions build
 * (every instance of STSClient, IAMClient, S3Client, OrganizationsClient), each call answering after
 * its CALL_LATENCY_MS. IAM answers GenerateCredentialReport with STARTED, then COMPLETE, per account.
 * The member account of an IAM call is read back from the credentials AssumeRole handed out.
 */
export class SimulatedAws {
  readonly calls = new Map<string, number>();
  /** The accounts Map's files (the accounts file, its results), by key; reports are not kept. */
  readonly objects = new Map<string, string>();
  private readonly generateCalls = new Map<string, number>();
  private readonly mocks;

  constructor(readonly accountCount: number) {
    const sts = mockClient(STSClient);
    const iam = mockClient(IAMClient);
    const s3 = mockClient(S3Client);
    const organizations = mockClient(OrganizationsClient);
    this.mocks = [sts, iam, s3, organizations];

    organizations.on(ListAccountsCommand).callsFake(async (input: { NextToken?: string }) => {
      await this.call('ListAccounts');
      const start = Number(input.NextToken ?? 0);
      const end = Math.min(start + ACCOUNTS_PER_PAGE, this.accountCount);
      const accounts = [];
      for (let n = start + 1; n <= end; n++) accounts.push({ Id: simulatedAccountId(n), State: 'ACTIVE' });
      return { Accounts: accounts, ...(end < this.accountCount ? { NextToken: String(end) } : {}) };
    });
    sts.on(AssumeRoleCommand).callsFake(async (input: { RoleArn: string }) => {
      await this.call('AssumeRole');
      const accountId = /^arn:[\w-]+:iam::(\d{12}):role\//.exec(input.RoleArn)?.[1];
      if (!accountId) throw new SimulatedAwsError(`AssumeRole of an unexpected role ${input.RoleArn}`);
      return {
        Credentials: {
          AccessKeyId: `${ACCESS_KEY_PREFIX}${accountId}`,
          SecretAccessKey: 'simulated',
          SessionToken: 'simulated',
          Expiration: new Date(Date.now() + 900_000),
        },
      };
    });
    iam.on(GenerateCredentialReportCommand).callsFake(async (_input: unknown, getClient: () => IAMClient) => {
      const accountId = await memberAccountOf(getClient());
      await this.call('GenerateCredentialReport');
      const call = (this.generateCalls.get(accountId) ?? 0) + 1;
      this.generateCalls.set(accountId, call);
      return { State: call === 1 ? 'STARTED' : 'COMPLETE' };
    });
    iam.on(GetCredentialReportCommand).callsFake(async (_input: unknown, getClient: () => IAMClient) => {
      const accountId = await memberAccountOf(getClient());
      await this.call('GetCredentialReport');
      return { Content: credentialReport(accountId), GeneratedTime: new Date(), ReportFormat: 'text/csv' };
    });
    iam
      .on(GetAccountAuthorizationDetailsCommand)
      .callsFake(async (_input: unknown, getClient: () => IAMClient) => {
        const accountId = await memberAccountOf(getClient());
        await this.call('GetAccountAuthorizationDetails');
        return authorizationDetails(accountId);
      });
    iam.on(ListAccessKeysCommand).callsFake(async () => {
      await this.call('ListAccessKeys');
      return { AccessKeyMetadata: [], IsTruncated: false };
    });
    s3.on(PutObjectCommand).callsFake(async (input: { Key: string; Body: unknown }) => {
      await this.call('PutObject');
      if (input.Key.startsWith(ACCOUNT_RUNS_PREFIX) && typeof input.Body === 'string')
        this.objects.set(input.Key, input.Body);
      return { ETag: '"simulated"' };
    });
    s3.on(GetObjectCommand).callsFake(async (input: { Key: string }) => {
      await this.call('GetObject');
      const text = this.objects.get(input.Key);
      if (text === undefined) throw Object.assign(new Error(`no object ${input.Key}`), { name: 'NoSuchKey' });
      return { Body: { transformToString: () => Promise.resolve(text) } };
    });
  }

  private async call(operation: keyof typeof CALL_LATENCY_MS): Promise<void> {
    this.calls.set(operation, (this.calls.get(operation) ?? 0) + 1);
    await pause(CALL_LATENCY_MS[operation]);
  }

  /** Puts the real SDK clients back. */
  restore(): void {
    for (const mock of this.mocks) mock.restore();
  }
}

async function memberAccountOf(client: IAMClient): Promise<string> {
  const { accessKeyId } = await client.config.credentials();
  if (!accessKeyId.startsWith(ACCESS_KEY_PREFIX)) {
    throw new SimulatedAwsError('an IAM call with credentials AssumeRole did not hand out');
  }
  return accessKeyId.slice(ACCESS_KEY_PREFIX.length);
}
