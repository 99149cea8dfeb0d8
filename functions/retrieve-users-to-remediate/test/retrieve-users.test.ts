import { AthenaClient, GetQueryResultsCommand, type Row } from '@aws-sdk/client-athena';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { runContext } from '@credential-tracker/core/aws';
import { FINDING_COLUMNS } from '@credential-tracker/findings';
import { mockClient } from 'aws-sdk-client-mock';
import { expect } from 'chai';
import { FindingResultError, findingRowFromAthena, retrieveUsersToRemediate } from '../src/handler.js';

const RUN = runContext('exec-1', new Date('2026-11-23T06:00:00Z'));
const REQUEST = { run: RUN, finding: 'ak-rotation', query_execution_id: 'q-1', bucket: 'tracker-reports' };

const row = (...cells: (string | undefined)[]): Row => ({
  Data: cells.map((cell) => (cell === undefined ? {} : { VarCharValue: cell })),
});
const HEADER = row(...FINDING_COLUMNS);
const alice = row(
  '111111111111',
  'alice',
  'arn:aws:iam::111111111111:user/alice',
  'access_key_1',
  '2026-01-02 03:04:05.000 UTC',
  undefined,
  '325',
);
const bob = row(
  '111111111111',
  'bob',
  'arn:aws:iam::111111111111:user/bob',
  'access_key_2',
  '2025-12-01 00:00:00.000 UTC',
  '2026-11-20 10:11:12.345 UTC',
  '357',
);
const carol = row('222222222222', 'carol', 'arn:aws:iam::222222222222:user/carol', 'password', '', '', '');

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

describe('retrieve-users-to-remediate', () => {
  const athena = new AthenaClient({ region: 'us-east-1' });
  const s3 = new S3Client({ region: 'us-east-1' });
  const athenaMock = mockClient(athena);
  const s3Mock = mockClient(s3);

  beforeEach(() => {
    athenaMock.reset();
    s3Mock.reset();
    s3Mock.on(PutObjectCommand).resolves({});
  });

  after(() => {
    athenaMock.restore();
    s3Mock.restore();
  });

  it('pages through the results and writes every row as a JSON line with ISO instants', async () => {
    // Prepare: the header comes once, on the first page.
    athenaMock
      .on(GetQueryResultsCommand, { QueryExecutionId: 'q-1', NextToken: undefined })
      .resolves({ ResultSet: { Rows: [HEADER, alice, bob] }, NextToken: 'page-2' })
      .on(GetQueryResultsCommand, { NextToken: 'page-2' })
      .resolves({ ResultSet: { Rows: [carol] } });

    // Act
    const result = await retrieveUsersToRemediate(athena, s3, REQUEST);

    // Assess
    expect(result).to.deep.equal({
      finding: 'ak-rotation',
      bucket: 'tracker-reports',
      key: 'targets/date=2026-11-23/run=exec-1/ak-rotation.jsonl',
      count: 3,
      accounts: 2,
    });
    const pages = athenaMock.commandCalls(GetQueryResultsCommand).map((call) => call.args[0].input);
    expect(pages).to.deep.equal([
      { QueryExecutionId: 'q-1', MaxResults: 1000 },
      { QueryExecutionId: 'q-1', MaxResults: 1000, NextToken: 'page-2' },
    ]);
    const put = s3Mock.commandCalls(PutObjectCommand);
    expect(put).to.have.length(1);
    expect(put[0]?.args[0].input).to.deep.include({
      Bucket: 'tracker-reports',
      Key: 'targets/date=2026-11-23/run=exec-1/ak-rotation.jsonl',
      ContentType: 'application/x-ndjson',
    });
    expect(put[0]?.args[0].input.Body).to.equal(
      [
        '{"account_id":"111111111111","user_name":"alice","user_arn":"arn:aws:iam::111111111111:user/alice","credential":"access_key_1","created_at":"2026-01-02T03:04:05.000Z","last_used_at":null,"days":325}',
        '{"account_id":"111111111111","user_name":"bob","user_arn":"arn:aws:iam::111111111111:user/bob","credential":"access_key_2","created_at":"2025-12-01T00:00:00.000Z","last_used_at":"2026-11-20T10:11:12.345Z","days":357}',
        '{"account_id":"222222222222","user_name":"carol","user_arn":"arn:aws:iam::222222222222:user/carol","credential":"password","created_at":null,"last_used_at":null,"days":null}',
        '',
      ].join('\n'),
    );
  });

  it('fails the whole step on an invalid row, naming it, and writes nothing', async () => {
    // Prepare: the third data row, on the second page, has a bad account id.
    const broken = row('2222', 'dave', 'arn:aws:iam::2222:user/dave', 'password', '', '', '1');
    athenaMock
      .on(GetQueryResultsCommand, { NextToken: undefined })
      .resolves({ ResultSet: { Rows: [HEADER, alice, bob] }, NextToken: 'page-2' })
      .on(GetQueryResultsCommand, { NextToken: 'page-2' })
      .resolves({ ResultSet: { Rows: [broken] } });

    // Act
    const error = await rejection(retrieveUsersToRemediate(athena, s3, REQUEST));

    // Assess
    expect(error).to.be.instanceOf(FindingResultError);
    expect(error.name).to.equal('FindingResultError');
    expect(error.message)
      .to.include('finding ak-rotation, Athena query q-1: row 3 account_id')
      .and.include('nothing was written');
    expect(s3Mock.commandCalls(PutObjectCommand)).to.have.length(0);
  });

  it('refuses a result whose columns are not the finding contract', async () => {
    // Prepare
    athenaMock
      .on(GetQueryResultsCommand)
      .resolves({ ResultSet: { Rows: [row('account_id', 'user_name'), alice] } });

    // Act
    const error = await rejection(retrieveUsersToRemediate(athena, s3, REQUEST));

    // Assess
    expect(error).to.be.instanceOf(FindingResultError);
    expect(error.message).to.include("the result's columns are [account_id, user_name]");
    expect(s3Mock.commandCalls(PutObjectCommand)).to.have.length(0);
  });

  it('writes an empty target list when the finding found nothing', async () => {
    // Prepare
    athenaMock.on(GetQueryResultsCommand).resolves({ ResultSet: { Rows: [HEADER] } });

    // Act
    const result = await retrieveUsersToRemediate(athena, s3, REQUEST);

    // Assess
    expect(result).to.deep.include({ count: 0, accounts: 0 });
    expect(s3Mock.commandCalls(PutObjectCommand)[0]?.args[0].input.Body).to.equal('');
  });

  describe('findingRowFromAthena', () => {
    const cells = (overrides: Partial<Record<(typeof FINDING_COLUMNS)[number], string | undefined>>) => {
      const base: Record<string, string | undefined> = {
        account_id: '111111111111',
        user_name: 'alice',
        user_arn: 'arn:aws:iam::111111111111:user/alice',
        credential: 'access_key_1',
        created_at: '2026-01-02 03:04:05 UTC',
        last_used_at: undefined,
        days: '3',
      };
      return FINDING_COLUMNS.map((column) => (column in overrides ? overrides[column] : base[column]));
    };

    it('reads instants with or without fractions and zone, integers, and NULLs', () => {
      expect(findingRowFromAthena(cells({}))).to.deep.equal({
        ok: true,
        row: {
          account_id: '111111111111',
          user_name: 'alice',
          user_arn: 'arn:aws:iam::111111111111:user/alice',
          credential: 'access_key_1',
          created_at: new Date('2026-01-02T03:04:05.000Z'),
          last_used_at: null,
          days: 3,
        },
      });
      const precise = findingRowFromAthena(cells({ created_at: '2026-01-02 03:04:05.123456', days: '-2' }));
      expect(precise.ok && precise.row.created_at?.toISOString()).to.equal('2026-01-02T03:04:05.123Z');
      expect(precise.ok && precise.row.days).to.equal(-2);
    });

    it('names the column of a value that is not what the contract says', () => {
      expect(findingRowFromAthena(cells({ created_at: '02/01/2026' }))).to.deep.include({ ok: false });
      const wrong = findingRowFromAthena(cells({ created_at: '02/01/2026', days: '3.5' }));
      expect(wrong.ok ? '' : wrong.problem).to.match(/^created_at: .*; days: /);
      const short = findingRowFromAthena(['111111111111']);
      expect(short.ok ? '' : short.problem).to.equal('has 1 values, expected 7');
    });
  });
});
