import { join } from 'node:path';
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import {
  DEFAULT_CONFIG,
  formatCredentialReport,
  iamUserRow,
  validateCredentialReport,
  type CredentialReportRow,
} from '@credential-tracker/core';
import { credentialReportKey, runContext, runQuery } from '@credential-tracker/core/aws';
import {
  CATALOG_DIR,
  DuckDbFindingEngine,
  FINDING_COLUMNS,
  loadFinding,
  type FindingRow,
} from '@credential-tracker/findings/local';
import { queueAthenaResults, queueFindingResult, useMotoSuite } from '@credential-tracker/testing';
import { expect } from 'chai';
import { createHandler, FindingResultError } from '../src/handler.js';
import { parseTargets } from './targets-text.js';

const RUN = runContext('exec-targets', new Date('2026-11-23T06:00:00Z'));
const BUCKET = 'tracker-reports';
const FINDING = loadFinding(join(CATALOG_DIR, 'ak-rotation'));

const REPORTS: Record<string, CredentialReportRow[]> = {
  '111111111111': [
    iamUserRow('111111111111', 'alice', {
      access_key_1_active: true,
      access_key_1_last_rotated: new Date('2026-01-02T03:04:05Z'),
      access_key_1_last_used_date: new Date('2026-11-20T10:11:00Z'),
      access_key_1_last_used_region: 'eu-west-1',
      access_key_1_last_used_service: 's3',
    }),
    iamUserRow('111111111111', 'bob', {
      access_key_2_active: true,
      access_key_2_last_rotated: new Date('2026-11-01T00:00:00Z'),
    }),
  ],
  '222222222222': [
    iamUserRow('222222222222', 'carol', {
      access_key_1_active: true,
      access_key_1_last_rotated: new Date('2025-05-01T00:00:00Z'),
    }),
  ],
};

describe('retrieve-users-to-remediate against moto', function () {
  this.timeout(60_000);
  const moto = useMotoSuite();

  beforeEach(async () => {
    moto.handlerEnvironment({ REPORT_BUCKET: BUCKET });
    await moto.clients.s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  });

  /** What Athena would compute: the finding on DuckDB over the reports as stored in S3. */
  async function findingRowsOverStoredReports(): Promise<FindingRow[]> {
    const engine = await DuckDbFindingEngine.create();
    try {
      for (const [accountId, rows] of Object.entries(REPORTS)) {
        const key = credentialReportKey(RUN.date, accountId);
        await moto.clients.s3.send(
          new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: formatCredentialReport(rows) }),
        );
        const stored = await moto.clients.s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
        const bytes = await stored.Body!.transformToByteArray();
        const report = validateCredentialReport(bytes, {
          source: `s3://${BUCKET}/${key}`,
          expectedAccountId: accountId,
        });
        await engine.load(report, RUN.date);
      }
      return await engine.run(FINDING, {
        asOf: new Date(RUN.as_of),
        reportDate: RUN.date,
        config: DEFAULT_CONFIG,
      });
    } finally {
      engine.close();
    }
  }

  const startFindingQuery = () =>
    runQuery(
      moto.clients.athena,
      { QueryString: FINDING.sql, WorkGroup: 'primary' },
      `finding ${FINDING.id}`,
    );

  it("stores the rows of the finding's query, as Athena returns them, as the DuckDB rows", async () => {
    // Prepare
    const expected = await findingRowsOverStoredReports();
    expect(expected.map((row) => row.user_name)).to.deep.equal(['alice', 'carol']);
    await queueFindingResult(moto.endpoint, expected);
    const queryExecutionId = await startFindingQuery();

    // Act: the handler builds its own clients; the SDK finds moto through AWS_ENDPOINT_URL.
    const result = await createHandler()({
      run: RUN,
      finding: FINDING.id,
      query_execution_id: queryExecutionId,
    });

    // Assess
    expect(result).to.deep.equal({
      finding: 'ak-rotation',
      bucket: BUCKET,
      key: 'targets/date=2026-11-23/run=exec-targets/ak-rotation.jsonl',
      count: 2,
      accounts: 2,
    });
    const stored = await moto.clients.s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: result.key }));
    expect(parseTargets(await stored.Body!.transformToString())).to.deep.equal(expected);
  });

  it('writes nothing when a row of the result breaks the finding contract', async () => {
    // Prepare
    await queueAthenaResults(moto.endpoint, [
      {
        columns: FINDING_COLUMNS,
        rows: [
          ['111111111111', 'alice', 'arn:aws:iam::111111111111:user/alice', 'access_key_3', '', '', '1'],
        ],
      },
    ]);
    const queryExecutionId = await startFindingQuery();

    // Act
    let error: unknown;
    try {
      await createHandler({ athena: moto.clients.athena, s3: moto.clients.s3 })({
        run: RUN,
        finding: FINDING.id,
        query_execution_id: queryExecutionId,
      });
    } catch (caught) {
      error = caught;
    }

    // Assess
    expect(error).to.be.instanceOf(FindingResultError);
    expect((error as Error).message).to.include('row 1 credential');
    const listed = await moto.clients.s3.send(
      new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'targets/' }),
    );
    expect(listed.KeyCount ?? 0).to.equal(0);
  });
});
