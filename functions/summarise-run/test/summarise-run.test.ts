import {
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type GetObjectCommandOutput,
} from '@aws-sdk/client-s3';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { runContext } from '@credential-tracker/core/aws';
import { mockClient } from 'aws-sdk-client-mock';
import { expect } from 'chai';
import { Readable } from 'node:stream';
import { summariseRun } from '../src/handler.js';

const RUN = runContext('exec-1', new Date('2026-11-23T06:00:00Z'));
const TOPIC = 'arn:aws:sns:us-east-1:123456789012:credential-tracker-summary';
const MANIFEST = 'account-runs/date=2026-11-23/run=exec-1/results/map-run-1/manifest.json';
const SUCCEEDED = 'account-runs/date=2026-11-23/run=exec-1/results/map-run-1/SUCCEEDED_0.json';

/** A body as the SDK's: a Readable (the targets' line counter) that also gives its text at once. */
const body = (text: string) =>
  Object.assign(Readable.from([text]), {
    transformToString: () => Promise.resolve(text),
  }) as unknown as GetObjectCommandOutput['Body'];

const isTargets = (key: string | undefined) => key?.startsWith('targets/') ?? false;

describe('summarise-run', () => {
  const s3 = new S3Client({ region: 'us-east-1' });
  const sns = new SNSClient({ region: 'us-east-1' });
  const s3Mock = mockClient(s3);
  const snsMock = mockClient(sns);

  beforeEach(() => {
    s3Mock.reset();
    snsMock.reset();
    s3Mock.on(PutObjectCommand).resolves({});
    s3Mock.on(ListObjectsV2Command).resolves({ KeyCount: 0, IsTruncated: false });
    snsMock.on(PublishCommand).resolves({ MessageId: 'm-1' });
  });

  after(() => {
    s3Mock.restore();
    snsMock.restore();
  });

  /** The accounts Map's ResultWriter files, each output one account's outcome. */
  const accountResults = (outputs: unknown[]) => {
    s3Mock.on(GetObjectCommand, { Key: MANIFEST }).resolves({
      Body: body(JSON.stringify({ ResultFiles: { SUCCEEDED: [{ Key: SUCCEEDED, Size: 1 }] } })),
    });
    s3Mock.on(GetObjectCommand, { Key: SUCCEEDED }).resolves({
      Body: body(
        JSON.stringify(outputs.map((output) => ({ Status: 'SUCCEEDED', Output: JSON.stringify(output) }))),
      ),
    });
    return { bucket: 'tracker-reports', manifest_key: MANIFEST };
  };

  it('reads only the targets of findings that found something, stores the summary, then publishes it', async () => {
    // Prepare
    const lines = '{"account_id":"111111111111"}\n{"account_id":"111111111111"}\n';
    s3Mock.on(GetObjectCommand).resolves({ Body: body(lines) });

    // Act
    const result = await summariseRun(s3, sns, {
      run: RUN,
      account_results: accountResults([
        { account_id: '111111111111', status: 'stored' },
        {
          account_id: '999999999999',
          status: 'failed',
          error: { Error: 'ReportExpiredError', Cause: 'account 999999999999' },
        },
      ]),
      findings: [
        { finding: 'ak-rotation', status: 'succeeded', count: 2, accounts: 1 },
        { finding: 'root-mfa', status: 'succeeded', count: 0, accounts: 0 },
      ],
      bucket: 'tracker-reports',
      topicArn: TOPIC,
    });

    // Assess
    expect(result).to.deep.equal({
      bucket: 'tracker-reports',
      key: 'runs/date=2026-11-23/run=exec-1/summary.json',
      message_id: 'm-1',
      notifications: {
        sent_from: null,
        notice_files: 0,
        owners: 0,
        notified: 0,
        failed: 0,
        invalid_files: [],
      },
    });
    expect(s3Mock.commandCalls(ListObjectsV2Command).map((call) => call.args[0].input)).to.deep.equal([
      {
        Bucket: 'tracker-reports',
        Prefix: 'notices/date=2026-11-23/run=exec-1/',
        ContinuationToken: undefined,
      },
    ]);
    const reads = s3Mock.commandCalls(GetObjectCommand).map((call) => call.args[0].input);
    expect(reads.filter((input) => isTargets(input.Key))).to.deep.equal([
      { Bucket: 'tracker-reports', Key: 'targets/date=2026-11-23/run=exec-1/ak-rotation.jsonl' },
    ]);
    const written = s3Mock.commandCalls(PutObjectCommand)[0]?.args[0].input;
    expect(written).to.deep.include({ Key: result.key, ContentType: 'application/json' });
    expect(JSON.parse(written?.Body as string)).to.deep.include({
      per_account: [{ account_id: '111111111111', total: 2, findings: { 'ak-rotation': 2 } }],
    });
    const published = snsMock.commandCalls(PublishCommand)[0]?.args[0].input;
    expect(published?.TopicArn).to.equal(TOPIC);
    expect(published?.Subject).to.equal(
      'credential-tracker 2026-11-23: FAILED 1 account; 1/2 accounts, 2+ to remediate',
    );
    expect(published?.Message).to.include('- 999999999999: ReportExpiredError: account 999999999999');
  });

  it('reads no targets of a failed finding and reports it, with its error, in the summary and the message', async () => {
    // Prepare: in AWS, a Catch records a Lambda function's error with the runtime's JSON as Cause
    const cause = {
      errorType: 'TargetsWriteError',
      errorMessage: 'ak-usage: cannot write s3://tracker-reports/targets/... (AccessDenied)',
      trace: [
        'TargetsWriteError: ak-usage: cannot write',
        '    at retrieve (file:///var/task/index.mjs:9:9)',
      ],
    };

    // Act
    await summariseRun(s3, sns, {
      run: RUN,
      account_results: accountResults([{ account_id: '111111111111', status: 'stored' }]),
      findings: [
        {
          finding: 'ak-usage',
          status: 'failed',
          error: { Error: 'TargetsWriteError', Cause: JSON.stringify(cause) },
        },
      ],
      bucket: 'tracker-reports',
      topicArn: TOPIC,
    });

    // Assess
    const reads = s3Mock.commandCalls(GetObjectCommand).map((call) => call.args[0].input.Key);
    expect(reads.filter(isTargets)).to.have.length(0);
    const written = JSON.parse(
      s3Mock.commandCalls(PutObjectCommand)[0]?.args[0].input.Body as string,
    ) as unknown;
    expect(written).to.deep.include({
      complete: false,
      findings: { total: 1, succeeded: 0, failed: 1 },
      failed_findings: [
        {
          finding: 'ak-usage',
          error: 'TargetsWriteError: ak-usage: cannot write s3://tracker-reports/targets/... (AccessDenied)',
        },
      ],
      per_finding: [],
    });
    const published = snsMock.commandCalls(PublishCommand)[0]?.args[0].input;
    expect(published?.Subject).to.equal(
      'credential-tracker 2026-11-23: FAILED 1 finding; 1/1 accounts, 0+ to remediate',
    );
    expect(published?.Message)
      .to.include(
        '- ak-usage: TargetsWriteError: ak-usage: cannot write s3://tracker-reports/targets/... (AccessDenied)',
      )
      .and.not.include('at retrieve');
  });
});
