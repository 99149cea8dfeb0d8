import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { expect } from 'chai';
import {
  boundedCause,
  ERROR_TEXT_LIMIT,
  MapResultsReadError,
  readAccountOutcomes,
} from '../../src/aws/map-results.js';

const BUCKET = 'tracker-reports';
const BASE = 'account-runs/date=2026-11-23/run=exec-1/results/map-run-1';

describe("readAccountOutcomes: the accounts Map's ResultWriter files", () => {
  const s3 = new S3Client({ region: 'us-east-1' });
  const s3Mock = mockClient(s3);
  let objects: Map<string, string>;

  beforeEach(() => {
    objects = new Map();
    s3Mock.reset();
    s3Mock.on(GetObjectCommand).callsFake(({ Key }: { Key: string }) => {
      const text = objects.get(Key);
      if (text === undefined) throw Object.assign(new Error(`no ${Key}`), { name: 'NoSuchKey' });
      return { Body: { transformToString: () => Promise.resolve(text) } };
    });
  });

  after(() => s3Mock.restore());

  const put = (name: string, value: unknown) => objects.set(`${BASE}/${name}`, JSON.stringify(value));
  const results = { bucket: BUCKET, manifest_key: `${BASE}/manifest.json` };

  it('reads succeeded, failed and never-started child executions as account outcomes, sorted', async () => {
    // Prepare: as Step Functions writes them (Transformation NONE: Input and Output as JSON strings)
    const trace = Array.from({ length: 200 }, (_, n) => `    at frame${n} (file:///var/task/index.mjs:1:1)`);
    put('manifest.json', {
      DestinationBucket: BUCKET,
      MapRunArn: 'arn:aws:states:us-east-1:111111111111:mapRun:ct/CollectReports:map-run-1',
      ResultFiles: {
        SUCCEEDED: [{ Key: `${BASE}/SUCCEEDED_0.json`, Size: 1 }],
        FAILED: [{ Key: `${BASE}/FAILED_0.json`, Size: 1 }],
        PENDING: [{ Key: `${BASE}/PENDING_0.json`, Size: 1 }],
      },
    });
    put('SUCCEEDED_0.json', [
      {
        Status: 'SUCCEEDED',
        Input: '{"account_id":"333333333333"}',
        Output: '{"account_id":"333333333333","status":"stored"}',
      },
      {
        Status: 'SUCCEEDED',
        Input: '{"account_id":"111111111111"}',
        Output: JSON.stringify({
          account_id: '111111111111',
          status: 'failed',
          error: {
            Error: 'AssumeMemberRoleError',
            Cause: JSON.stringify({ errorType: 'AssumeMemberRoleError', errorMessage: 'no', trace }),
          },
        }),
      },
    ]);
    put('FAILED_0.json', [
      {
        Status: 'FAILED',
        Input: '{"run":{},"account_id":"222222222222"}',
        Error: 'States.DataLimitExceeded',
        Cause: 'x'.repeat(5_000),
      },
    ]);
    put('PENDING_0.json', [{ Status: 'PENDING', Input: '{"account_id":"444444444444"}' }]);

    // Act
    const outcomes = await readAccountOutcomes(s3, results);

    // Assess
    expect(outcomes.map((outcome) => [outcome.account_id, outcome.status])).to.deep.equal([
      ['111111111111', 'failed'],
      ['222222222222', 'failed'],
      ['333333333333', 'stored'],
      ['444444444444', 'failed'],
    ]);
    const [assume, limit, , pending] = outcomes;
    expect(assume).to.deep.include({
      error: {
        Error: 'AssumeMemberRoleError',
        Cause: '{"errorType":"AssumeMemberRoleError","errorMessage":"no"}',
      },
    });
    expect(limit).to.have.nested.property('error.Error', 'States.DataLimitExceeded');
    expect((limit as { error: { Cause: string } }).error.Cause).to.have.length(ERROR_TEXT_LIMIT);
    expect(pending).to.have.nested.property('error.Error', 'NotStarted');
  });

  it('names the file of an outcome that is not the definition’s', async () => {
    // Prepare
    put('manifest.json', { ResultFiles: { SUCCEEDED: [{ Key: `${BASE}/SUCCEEDED_0.json` }] } });
    put('SUCCEEDED_0.json', [{ Status: 'SUCCEEDED', Output: '{"account_id":"nope","status":"stored"}' }]);

    // Act
    const failure = await readAccountOutcomes(s3, results).catch((error: unknown) => error);

    // Assess
    expect(failure).to.be.instanceOf(MapResultsReadError);
    expect((failure as Error).message)
      .to.include(`${BASE}/SUCCEEDED_0.json`)
      .and.include('child execution 0');
  });

  it('says which manifest it cannot read', async () => {
    // Act
    const failure = await readAccountOutcomes(s3, results).catch((error: unknown) => error);

    // Assess
    expect(failure).to.be.instanceOf(MapResultsReadError);
    expect((failure as Error).message)
      .to.include(`s3://${BUCKET}/${BASE}/manifest.json`)
      .and.include('NoSuchKey');
  });

  it('bounds a plain Cause and keeps a Lambda Cause readable', () => {
    expect(boundedCause('short')).to.equal('short');
    expect(boundedCause('y'.repeat(2_000))).to.have.length(ERROR_TEXT_LIMIT);
    expect(
      JSON.parse(boundedCause(JSON.stringify({ errorMessage: 'm'.repeat(3_000), trace: [] }))),
    ).to.deep.equal({
      errorMessage: `${'m'.repeat(ERROR_TEXT_LIMIT - 1)}…`,
    });
  });
});
