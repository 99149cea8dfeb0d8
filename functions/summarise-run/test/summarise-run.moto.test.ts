import { CreateBucketCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { CreateTopicCommand } from '@aws-sdk/client-sns';
import { runContext, targetsKey } from '@credential-tracker/core/aws';
import { putAccountResults, useMotoSuite } from '@credential-tracker/testing';
import { expect } from 'chai';
import { createHandler, TargetsReadError, type RunSummary } from '../src/handler.js';

const RUN = runContext('exec-summary', new Date('2026-11-23T06:00:00Z'));
const BUCKET = 'tracker-reports';

const target = (accountId: string, user: string) =>
  JSON.stringify({
    account_id: accountId,
    user_name: user,
    user_arn: `arn:aws:iam::${accountId}:user/${user}`,
    credential: 'access_key_1',
    created_at: '2026-01-02T03:04:05.000Z',
    last_used_at: null,
    days: 325,
  });

describe('summarise-run against moto', function () {
  this.timeout(60_000);
  const moto = useMotoSuite();

  beforeEach(async () => {
    await moto.clients.s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    const { TopicArn } = await moto.clients.sns.send(
      new CreateTopicCommand({ Name: 'credential-tracker-summary' }),
    );
    moto.handlerEnvironment({ REPORT_BUCKET: BUCKET, SUMMARY_TOPIC_ARN: TopicArn as string });
  });

  it('writes the summary with per-account counts from the targets files and publishes it', async () => {
    // Prepare
    const lines = [
      target('111111111111', 'alice'),
      target('111111111111', 'bob'),
      target('222222222222', 'carol'),
    ];
    await moto.clients.s3.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: targetsKey(RUN.date, RUN.run_id, 'ak-rotation'),
        Body: `${lines.join('\n')}\n`,
      }),
    );
    const event = {
      run: RUN,
      account_results: await putAccountResults(moto.clients.s3, BUCKET, 'account-runs/results', [
        { account_id: '111111111111', status: 'stored' },
        { account_id: '222222222222', status: 'stored' },
        {
          account_id: '333333333333',
          status: 'failed',
          error: {
            Error: 'AssumeMemberRoleError',
            Cause: JSON.stringify({
              errorType: 'AssumeMemberRoleError',
              errorMessage: 'account 333333333333: cannot assume the role',
              trace: [
                'AssumeMemberRoleError: account 333333333333',
                '    at assume (file:///var/task/index.mjs:1:1)',
              ],
            }),
          },
        },
      ]),
      findings: [
        { finding: 'ak-rotation', status: 'succeeded', count: 3, accounts: 2 },
        { finding: 'root-mfa', status: 'succeeded', count: 0, accounts: 0 },
        {
          finding: 'ak-usage',
          status: 'failed',
          error: { Error: 'FindingQueryFailedError', Cause: 'Athena said FAILED' },
        },
      ],
    };

    // Act
    const result = await createHandler()(event);

    // Assess
    expect(result.bucket).to.equal(BUCKET);
    expect(result.key).to.equal('runs/date=2026-11-23/run=exec-summary/summary.json');
    expect(result.message_id).to.match(/^[0-9a-f-]{36}$/);
    const stored = await moto.clients.s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: result.key }));
    const summary = JSON.parse(await stored.Body!.transformToString()) as RunSummary;
    expect(summary.accounts).to.deep.equal({ total: 3, stored: 2, failed: 1 });
    expect(summary.failed_accounts).to.deep.equal([
      {
        account_id: '333333333333',
        error: 'AssumeMemberRoleError: account 333333333333: cannot assume the role',
      },
    ]);
    expect(summary.failed_findings).to.deep.equal([
      { finding: 'ak-usage', error: 'FindingQueryFailedError: Athena said FAILED' },
    ]);
    expect(summary.per_finding.map((item) => item.finding)).to.deep.equal(['ak-rotation', 'root-mfa']);
    expect(summary.per_account).to.deep.equal([
      { account_id: '111111111111', total: 2, findings: { 'ak-rotation': 2 } },
      { account_id: '222222222222', total: 1, findings: { 'ak-rotation': 1 } },
    ]);
  });

  it('fails clearly when a finding reported targets whose file is missing', async () => {
    // Act
    let error: unknown;
    try {
      await createHandler({ s3: moto.clients.s3, sns: moto.clients.sns })({
        run: RUN,
        account_results: await putAccountResults(moto.clients.s3, BUCKET, 'account-runs/results', []),
        findings: [{ finding: 'ak-usage', status: 'succeeded', count: 1, accounts: 1 }],
      });
    } catch (caught) {
      error = caught;
    }

    // Assess
    expect(error).to.be.instanceOf(TargetsReadError);
    expect((error as Error).message)
      .to.include('targets/date=2026-11-23/run=exec-summary/ak-usage.jsonl')
      .and.include('NoSuchKey');
  });
});
