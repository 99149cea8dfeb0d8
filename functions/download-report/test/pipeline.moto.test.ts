import { GetCredentialReportCommand } from '@aws-sdk/client-iam';
import { CreateBucketCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { STSClient } from '@aws-sdk/client-sts';
import { memberIamClients } from '@credential-tracker/core/aws';
import {
  withMotoEnvironment,
  MANAGEMENT_ACCOUNT,
  COLLECTOR_ROLE_NAME,
  createMotoOrganization,
  motoOverrides,
  type MotoOrganization,
  useMotoSuite,
} from '@credential-tracker/testing';
import { expect } from 'chai';
import { handler as generateReportHandler } from '../../generate-report/src/handler.js';
import { handler as listAccountsHandler } from '../../list-accounts/src/handler.js';
import { ReportNotPresentError, handler as downloadReportHandler } from '../src/handler.js';

const BUCKET = 'tracker-reports';

/** moto has a KMS API but the project has no KMS client: one JSON call makes the report key. */
async function createKmsKey(endpoint: string): Promise<string> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-amz-json-1.1',
      'X-Amz-Target': 'TrentService.CreateKey',
      Authorization: `AWS4-HMAC-SHA256 Credential=testing/20261123/us-east-1/kms/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body: JSON.stringify({ Description: 'credential reports' }),
  });
  const answer = (await response.json()) as { KeyMetadata?: { Arn?: string } };
  const arn = answer.KeyMetadata?.Arn;
  if (!arn) throw new Error(`moto CreateKey answered ${response.status}: ${JSON.stringify(answer)}`);
  return arn;
}

describe('list-accounts -> generate-report -> download-report against moto', () => {
  const moto = useMotoSuite();
  let org: MotoOrganization;
  let kmsKeyArn: string;
  let settings: Record<string, string>;

  beforeEach(async () => {
    // Prepare: three member accounts in nested OUs, each with users holding access keys
    org = await createMotoOrganization(moto.endpoint, {
      ous: { prod: undefined, payments: 'prod', sandbox: undefined },
      accounts: [
        { name: 'payments', ou: 'payments', users: ['alice', 'bob', 'deploy-bot'] },
        { name: 'web', ou: 'prod', users: ['carol'] },
        { name: 'sandbox', ou: 'sandbox', users: ['dave', 'erin'] },
      ],
    });
    kmsKeyArn = await createKmsKey(moto.endpoint);
    const s3 = new S3Client(motoOverrides(moto.endpoint));
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    s3.destroy();
    settings = {
      // The management account has no IAM user in moto, so no valid report: out of scope here.
      EXCLUDE_ACCOUNTS: MANAGEMENT_ACCOUNT,
      MEMBER_ROLE_NAME: COLLECTOR_ROLE_NAME,
      REPORT_BUCKET: BUCKET,
      REPORT_KMS_KEY_ARN: kmsKeyArn,
    };
  });

  const inMoto = <T>(run: () => Promise<T>) => withMotoEnvironment(moto.endpoint, settings, run);

  it('stores every member account report byte for byte, with its generated time and SSE-KMS', async () => {
    // Act: what the state machine does, handler by handler
    const listed = await inMoto(() =>
      listAccountsHandler({ run_id: 'exec-1', as_of: '2026-11-23T06:00:00.000Z' }),
    );
    // The accounts Map's items: the file list-accounts wrote (ItemReader reads it in the state machine).
    const reader = new S3Client(motoOverrides(moto.endpoint));
    const itemsFile = await reader.send(
      new GetObjectCommand({ Bucket: listed.accounts.bucket, Key: listed.accounts.key }),
    );
    const accountIds = JSON.parse((await itemsFile.Body?.transformToString()) ?? '[]') as string[];
    reader.destroy();
    const states: Record<string, string[]> = {};
    const stored = [];
    for (const account_id of accountIds) {
      states[account_id] = [];
      for (let cycle = 0; cycle < 5; cycle += 1) {
        const { state } = await inMoto(() => generateReportHandler({ run: listed.run, account_id }));
        states[account_id].push(state);
        if (state === 'COMPLETE') break;
      }
      stored.push(await inMoto(() => downloadReportHandler({ run: listed.run, account_id })));
    }

    // Assess
    const accounts = Object.values(org.accountIds).sort();
    expect(accountIds).to.deep.equal(accounts);
    expect(listed.accounts.count).to.equal(accounts.length);
    for (const account of accounts) expect(states[account]).to.deep.equal(['STARTED', 'COMPLETE']);
    expect(stored.map((result) => [result.account_id, result.users])).to.deep.equal(
      accounts.map((account) => [
        account,
        account === org.accountIds.payments ? 3 : account === org.accountIds.web ? 1 : 2,
      ]),
    );

    const overrides = motoOverrides(moto.endpoint);
    const sts = new STSClient(overrides);
    const s3 = new S3Client(overrides);
    const iamFor = memberIamClients(sts, { roleName: COLLECTOR_ROLE_NAME }, overrides);
    for (const result of stored) {
      const key = `credential-reports/date=2026-11-23/${result.account_id}.csv`;
      expect(result).to.include({ bucket: BUCKET, key, generated_time: '2015-02-02T20:02:02.000Z' });

      const iam = await iamFor(result.account_id);
      const report = await iam.send(new GetCredentialReportCommand({}));
      iam.destroy();
      const object = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
      const bytes = await object.Body?.transformToByteArray();

      expect(Buffer.from(bytes ?? [])).to.deep.equal(Buffer.from(report.Content ?? []));
      expect(object.Metadata).to.deep.equal({ 'generated-time': '2015-02-02T20:02:02.000Z' });
      expect(object.ServerSideEncryption).to.equal('aws:kms');
      expect(object.SSEKMSKeyId).to.equal(kmsKeyArn);
      expect(object.ContentType).to.equal('text/csv');
    }
    sts.destroy();
    s3.destroy();
  });

  it('refuses to download before the report was generated, with ReportNotPresentError', async () => {
    // Act
    const account_id = org.accountIds.web as string;
    const failure = await inMoto(() =>
      downloadReportHandler({
        run: { run_id: 'exec-2', as_of: '2026-11-23T06:00:00.000Z', date: '2026-11-23' },
        account_id,
      }),
    ).catch((error: unknown) => error);

    // Assess
    expect(failure).to.be.instanceOf(ReportNotPresentError);
    expect((failure as Error).message)
      .to.contain(account_id)
      .and.contain('run GenerateReport');
  });
});
