import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { expect } from 'chai';
import {
  inventoryFilesOf,
  latestFinishedRun,
  newestDate,
  newestInventoryDate,
  NoInventoryError,
  runsPrefix,
} from '../src/discovery.js';

const BUCKET = 'tracker-bucket';

describe('what generate-review finds in the bucket', () => {
  describe('the newest inventory date', () => {
    it('is the newest date prefix inside the window, never one after today', () => {
      const prefixes = [
        'inventory/date=2026-11-20/',
        'inventory/date=2026-11-23/',
        'inventory/date=2026-11-26/',
        'inventory/date=not-a-date/',
        'inventory/users/',
      ];
      expect(newestDate(prefixes, { from: '2026-11-18', to: '2026-11-25' })).to.equal('2026-11-23');
      expect(newestDate(prefixes, { from: '2026-11-24', to: '2026-11-25' })).to.equal(undefined);
      expect(newestDate(prefixes, { from: '2026-11-20', to: '2026-11-20' })).to.equal('2026-11-20');
    });

    describe('from S3', () => {
      // The instance is mocked, not the class: other suites' clients stay real.
      const client = new S3Client({ region: 'us-east-1' });
      const s3 = mockClient(client);
      afterEach(() => s3.reset());
      after(() => s3.restore());

      it('lists the date prefixes once, from the first day of the window on, every page', async () => {
        // Prepare
        s3.on(ListObjectsV2Command)
          .resolvesOnce({
            CommonPrefixes: [{ Prefix: 'inventory/date=2026-11-18/' }],
            IsTruncated: true,
            NextContinuationToken: 'page-2',
          })
          .resolvesOnce({ CommonPrefixes: [{ Prefix: 'inventory/date=2026-11-24/' }], IsTruncated: false });

        // Act
        const date = await newestInventoryDate(client, BUCKET, new Date('2026-11-25T06:00:00Z'), 7);

        // Assess
        expect(date).to.equal('2026-11-24');
        const calls = s3.commandCalls(ListObjectsV2Command).map((call) => call.args[0].input);
        expect(calls).to.deep.equal([
          {
            Bucket: BUCKET,
            Prefix: 'inventory/',
            Delimiter: '/',
            StartAfter: 'inventory/date=2026-11-18',
            ContinuationToken: undefined,
          },
          {
            Bucket: BUCKET,
            Prefix: 'inventory/',
            Delimiter: '/',
            StartAfter: undefined,
            ContinuationToken: 'page-2',
          },
        ]);
      });

      it('says where it looked when the window holds no inventory', async () => {
        // Prepare
        s3.on(ListObjectsV2Command).resolves({ CommonPrefixes: [], IsTruncated: false });

        // Act
        const error = await newestInventoryDate(client, BUCKET, new Date('2026-11-25T06:00:00Z'), 3).catch(
          (caught: unknown) => caught,
        );

        // Assess
        expect(error).to.be.instanceOf(NoInventoryError);
        expect((error as Error).message).to.include(
          `no inventory from 2026-11-22 to 2026-11-25 under s3://${BUCKET}/inventory/`,
        );
      });
    });
  });

  it('groups the inventory files of the date by account, with their kinds', () => {
    const accounts = inventoryFilesOf(
      [
        'inventory/date=2026-11-23/users/111111111111.jsonl',
        'inventory/date=2026-11-23/groups/111111111111.jsonl',
        'inventory/date=2026-11-23/roles/111111111111.jsonl',
        'inventory/date=2026-11-23/policies/111111111111.jsonl',
        'inventory/date=2026-11-23/users/222222222222.jsonl',
        'inventory/date=2026-11-23/users/333.jsonl',
        'inventory/date=2026-11-23/users/444444444444.json',
      ],
      '2026-11-23',
    );
    expect([...accounts.keys()]).to.deep.equal(['111111111111', '222222222222']);
    expect([...(accounts.get('111111111111') ?? [])].sort()).to.deep.equal([
      'groups',
      'policies',
      'roles',
      'users',
    ]);
    expect([...(accounts.get('222222222222') ?? [])]).to.deep.equal(['users']);
  });

  describe("the day's latest run", () => {
    const summary = (run: string, at: string) => ({
      key: `runs/date=2026-11-23/run=${run}/summary.json`,
      lastModified: new Date(at),
    });

    it('is the finished run (one with a summary) whose summary was written last', () => {
      const run = latestFinishedRun(
        [
          summary('daily-1', '2026-11-23T00:40:00Z'),
          summary('manual-3', '2026-11-23T10:20:00Z'),
          summary('manual-2', '2026-11-23T09:40:00Z'),
          // Not a summary: a run that is still going has none yet.
          {
            key: 'runs/date=2026-11-23/run=manual-4/other.json',
            lastModified: new Date('2026-11-23T11:00:00Z'),
          },
          {
            key: 'runs/date=2026-11-22/run=daily-0/summary.json',
            lastModified: new Date('2026-11-23T12:00:00Z'),
          },
        ],
        '2026-11-23',
      );
      expect(run).to.deep.equal({
        run_id: 'manual-3',
        key: 'runs/date=2026-11-23/run=manual-3/summary.json',
      });
    });

    it('is the higher run id when two summaries were written at once, and none without a summary', () => {
      const at = '2026-11-23T00:40:00Z';
      expect(latestFinishedRun([summary('b', at), summary('a', at)], '2026-11-23')?.run_id).to.equal('b');
      expect(latestFinishedRun([], '2026-11-23')).to.equal(undefined);
    });

    it('is listed under runs/date=D/', () => {
      expect(runsPrefix('2026-11-23')).to.equal('runs/date=2026-11-23/');
    });
  });
});
