import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  BatchImportFindingsCommand,
  EnableSecurityHubCommand,
  GetFindingsCommand,
  type AwsSecurityFinding,
  type SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { STSClient } from '@aws-sdk/client-sts';
import { runContext, targetsKey, type RunContext } from '@credential-tracker/core/aws';
import {
  memberSecurityHubClients,
  SECURITY_HUB_MEMBER_PERMISSIONS,
  type SecurityHubFindingRow,
} from '@credential-tracker/core/security-hub';
import {
  createMotoOrganization,
  COLLECTOR_ROLE_NAME,
  motoOverrides,
  putAccountResults,
  useMotoSuite,
  type MotoOrganization,
} from '@credential-tracker/testing';
import { expect } from 'chai';
import { createHandler } from '../src/handler.js';

const BUCKET = 'tracker-reports';
const FIRST = runContext('daily-2026-11-23', new Date('2026-11-23T00:15:00Z'));
const SECOND = runContext('daily-2026-11-24', new Date('2026-11-24T00:15:00Z'));

const row = (account: string, user: string): SecurityHubFindingRow => ({
  account_id: account,
  user_name: user,
  user_arn: `arn:aws:iam::${account}:user/${user}`,
  credential: 'access_key_1',
  created_at: new Date('2025-01-01T00:00:00Z'),
  last_used_at: new Date('2025-02-01T00:00:00Z'),
  days: 691,
});

describe('export-findings against moto (Security Hub in each member account)', function () {
  this.timeout(60_000);
  const moto = useMotoSuite();
  let org: MotoOrganization;
  let payments: string;
  let web: string;
  let s3: S3Client;
  let sts: STSClient;
  /** Every Security Hub command the function sent, by name. */
  let commands: Set<string>;

  /** A member account's Security Hub, as the test (not the function) sees it. */
  const hubOf = (accountId: string): Promise<SecurityHubClient> =>
    memberSecurityHubClients(sts, { roleName: COLLECTOR_ROLE_NAME }, motoOverrides(moto.endpoint))(accountId);

  const findingsIn = async (accountId: string): Promise<AwsSecurityFinding[]> => {
    const hub = await hubOf(accountId);
    try {
      return (await hub.send(new GetFindingsCommand({}))).Findings ?? [];
    } finally {
      hub.destroy();
    }
  };

  /** What retrieve-users-to-remediate writes for a finding of a run: one row a JSON line. */
  const writeTargets = async (run: RunContext, finding: string, rows: readonly SecurityHubFindingRow[]) => {
    const body = rows.map((item) => `${JSON.stringify(item)}\n`).join('');
    await s3.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: targetsKey(run.date, run.run_id, finding),
        Body: body,
        ContentLength: Buffer.byteLength(body),
      }),
    );
  };

  /** The handler as Lambda runs it (settings from the environment), its Security Hub commands recorded. */
  const runExport = async (run: RunContext, now: string, findings: { finding: string; count: number }[]) => {
    moto.handlerEnvironment({ MEMBER_ROLE_NAME: COLLECTOR_ROLE_NAME, REPORT_BUCKET: BUCKET });
    const handler = createHandler({
      now: () => new Date(now),
      securityHubFor: (defaults) => async (accountId) => {
        const client = await defaults(accountId);
        client.middlewareStack.add(
          (next, context) => async (args) => {
            if (context.commandName) commands.add(context.commandName);
            return next(args);
          },
          { step: 'initialize' },
        );
        return client;
      },
    });
    const s3 = new S3Client(motoOverrides(moto.endpoint));
    const accountResults = await putAccountResults(
      s3,
      BUCKET,
      `account-runs/date=${run.date}/run=${run.run_id}/results`,
      [payments, web].map((account_id) => ({ account_id, status: 'stored' })),
    );
    s3.destroy();
    return handler({
      run,
      account_results: accountResults,
      findings: findings.map((item) => ({ ...item, status: 'succeeded', accounts: item.count ? 1 : 0 })),
    });
  };

  beforeEach(async () => {
    // Prepare: two member accounts with Security Hub enabled, and the report bucket
    org = await createMotoOrganization(moto.endpoint, {
      ous: {},
      accounts: [
        { name: 'payments', users: ['alice'] },
        { name: 'web', users: ['carol'] },
      ],
    });
    payments = org.accountIds.payments as string;
    web = org.accountIds.web as string;
    s3 = new S3Client(motoOverrides(moto.endpoint));
    sts = new STSClient(motoOverrides(moto.endpoint));
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    for (const account of [payments, web]) {
      const hub = await hubOf(account);
      await hub.send(new EnableSecurityHubCommand({ EnableDefaultStandards: false }));
      hub.destroy();
    }
    commands = new Set();
  });

  afterEach(() => {
    s3.destroy();
    sts.destroy();
  });

  it('imports two findings ACTIVE, then archives the one that cleared and keeps the other’s workflow', async () => {
    // Act 1: the first run finds alice's old key in payments and carol's unused key in web
    await writeTargets(FIRST, 'ak-rotation', [row(payments, 'alice')]);
    await writeTargets(FIRST, 'ak-usage', [row(web, 'carol')]);
    const first = await runExport(FIRST, '2026-11-23T00:40:00Z', [
      { finding: 'ak-rotation', count: 1 },
      { finding: 'ak-usage', count: 1 },
    ]);

    // Assess 1
    expect(first).to.deep.equal({ accounts: 2, imported: 2, archived: 0, failed: 0 });
    const [alice] = await findingsIn(payments);
    const [carol] = await findingsIn(web);
    expect(alice).to.deep.include({
      Id: `credential-tracker/${payments}/ak-rotation/alice/access_key_1`,
      ProductArn: `arn:aws:securityhub:us-east-1:${payments}:product/${payments}/default`,
      GeneratorId: 'credential-tracker/ak-rotation',
      AwsAccountId: payments,
      RecordState: 'ACTIVE',
      Workflow: { Status: 'NEW' },
      Severity: { Label: 'HIGH', Original: 'high' },
      Resources: [
        {
          Type: 'AwsIamUser',
          Id: `arn:aws:iam::${payments}:user/alice`,
          Partition: 'aws',
          Region: 'us-east-1',
        },
      ],
    });
    expect(alice?.Compliance?.Status).to.equal('FAILED');
    expect(carol).to.deep.include({
      Id: `credential-tracker/${web}/ak-usage/carol/access_key_1`,
      RecordState: 'ACTIVE',
      Severity: { Label: 'MEDIUM', Original: 'medium' },
    });

    // Prepare 2: someone triages carol's finding in Security Hub (moto has no BatchUpdateFindings:
    // the same finding re-imported with the status stands in for it)
    const webHub = await hubOf(web);
    await webHub.send(
      new BatchImportFindingsCommand({
        Findings: [{ ...carol, Workflow: { Status: 'NOTIFIED' } } as AwsSecurityFinding],
      }),
    );
    webHub.destroy();

    // Act 2: the next run no longer finds alice's key (rotated), still finds carol's
    await writeTargets(SECOND, 'ak-rotation', []);
    await writeTargets(SECOND, 'ak-usage', [row(web, 'carol')]);
    const second = await runExport(SECOND, '2026-11-24T00:40:00Z', [
      { finding: 'ak-rotation', count: 0 },
      { finding: 'ak-usage', count: 1 },
    ]);

    // Assess 2
    expect(second).to.deep.equal({ accounts: 2, imported: 1, archived: 1, failed: 0 });
    const [aliceAfter, ...nothingElseInPayments] = await findingsIn(payments);
    expect(nothingElseInPayments).to.deep.equal([]);
    expect(aliceAfter).to.deep.include({
      Id: alice?.Id,
      RecordState: 'ARCHIVED',
      Compliance: { Status: 'PASSED', RelatedRequirements: ['CIS AWS Foundations Benchmark v3.0.0, 1.14'] },
      UpdatedAt: '2026-11-24T00:40:00.000Z',
      CreatedAt: '2026-11-23T00:40:00.000Z',
      LastObservedAt: '2026-11-23T00:15:00.000Z',
    });
    const [carolAfter] = await findingsIn(web);
    expect(carolAfter).to.deep.include({
      Id: carol?.Id,
      RecordState: 'ACTIVE',
      Workflow: { Status: 'NOTIFIED' },
      CreatedAt: '2026-11-23T00:40:00.000Z',
      FirstObservedAt: '2026-11-23T00:15:00.000Z',
      LastObservedAt: '2026-11-24T00:15:00.000Z',
      UpdatedAt: '2026-11-24T00:40:00.000Z',
    });
    expect(carolAfter?.Compliance?.Status).to.equal('FAILED');

    // ... through the member role, with exactly the calls its policy allows
    expect([...commands].map((name) => `securityhub:${name.replace(/Command$/, '')}`).sort()).to.deep.equal([
      ...SECURITY_HUB_MEMBER_PERMISSIONS,
    ]);
  });
});
