// The hostile corpus (packages/testing/fixtures/hostile) through every path that reads the same data:
// the CLI's scan and review, and the Lambdas' download-report, generate-review's inventory reader and
// collect-inventory's record check. Each case holds its expected verdict: "accepted", or the error
// text that follows the file's name. Every path must give that same verdict, and act on nothing.
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GetCredentialReportCommand, IAMClient } from '@aws-sdk/client-iam';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { inventoryKey, memberIamClients, runContext } from '@credential-tracker/core/aws';
import {
  formatInventoryLines,
  INVENTORY_KINDS,
  InventoryFileError,
  type InventoryKind,
} from '@credential-tracker/core/inventory';
import { downloadReport } from '@credential-tracker/fn-download-report';
import { newestDate, readInventory } from '@credential-tracker/fn-generate-review';
import { expect } from 'chai';
import { mockClient } from 'aws-sdk-client-mock';
import { run } from '../src/run.js';
import { collectedIo } from './support/output.js';
import { akRotationCatalog } from './support/reports.js';

const CORPUS = fileURLToPath(new URL('../../testing/fixtures/hostile/', import.meta.url));
const ACCOUNT = '111122223333';
const ACCEPTED = 'accepted';
const BUCKET = 'tracker-reports';

const mockSts = () => mockClient(STSClient);
const mockIam = () => mockClient(IAMClient);
const mockS3 = () => mockClient(S3Client);

const expectedOf = (path: string): string => readFileSync(path, 'utf8').replace(/\n$/, '');

const reportCases = readdirSync(join(CORPUS, 'reports'))
  .filter((name) => name.endsWith('.csv'))
  .sort()
  .map((name) => {
    const path = join(CORPUS, 'reports', name);
    return { name, path, expected: expectedOf(`${path}.expected`) };
  });

const inventoryCases = readdirSync(join(CORPUS, 'inventory'))
  .sort()
  .map((name) => {
    const path = join(CORPUS, 'inventory', name);
    return { name, path, expected: expectedOf(join(path, 'expected')) };
  });

/** What the CLI said: accepted (exit 0), or its one error line with `location` taken off. */
function cliVerdict(code: number, stdout: string, stderr: string, location: string): string {
  if (code === 0) return ACCEPTED;
  expect(code, stderr).to.equal(2);
  expect(stdout, 'nothing is printed but the error').to.equal('');
  const prefix = `credential-tracker: ${location}`;
  expect(stderr.startsWith(prefix), `${stderr} starts with ${prefix}`).to.be.true;
  return stderr.slice(prefix.length).replace(/\n$/, '');
}

/** The text after `location` in an error message: where the problem is in the file, and what. */
function textAfter(message: string, location: string): string {
  const at = message.indexOf(location);
  expect(at, `${message} names ${location}`).to.be.at.least(0);
  return message.slice(at + location.length);
}

describe('the hostile corpus: the CLI and the Lambdas give one verdict', () => {
  let scratch: string;
  beforeEach(() => {
    scratch = mkdtempSync(join(tmpdir(), 'credential-tracker-hostile-'));
  });
  afterEach(() => rmSync(scratch, { recursive: true, force: true }));

  it('has cases of both kinds, some accepted and most refused', () => {
    for (const cases of [reportCases, inventoryCases]) {
      expect(cases.filter((item) => item.expected === ACCEPTED)).to.have.length.of.at.least(2);
      expect(cases.filter((item) => item.expected !== ACCEPTED)).to.have.length.of.at.least(10);
    }
  });

  describe('credential reports: `credential-tracker scan` and download-report', () => {
    // Mocks patch every client of the class: made in before() and restored in after(), so that the
    // moto tests of other files, which mocha runs in the same process, talk to moto.
    let sts: ReturnType<typeof mockSts>;
    let iam: ReturnType<typeof mockIam>;
    let s3: ReturnType<typeof mockS3>;
    before(() => {
      sts = mockSts();
      iam = mockIam();
      s3 = mockS3();
    });
    after(() => {
      sts.restore();
      iam.restore();
      s3.restore();
    });
    beforeEach(() => {
      sts.reset();
      iam.reset();
      s3.reset();
      sts.on(AssumeRoleCommand).resolves({
        Credentials: {
          AccessKeyId: 'ASIA1',
          SecretAccessKey: 's',
          SessionToken: 't',
          Expiration: new Date(),
        },
      });
      s3.on(PutObjectCommand).resolves({});
    });

    for (const item of reportCases) {
      it(`${item.name}: ${item.expected}`, async () => {
        // Prepare: the CLI reads it as the S3 layout names it, so both know the account
        const bytes = readFileSync(item.path);
        const file = join(scratch, `${ACCOUNT}.csv`);
        copyFileSync(item.path, file);
        iam.on(GetCredentialReportCommand).resolves({ Content: bytes, GeneratedTime: new Date() });
        const io = collectedIo();

        // Act
        const code = await run(['scan', file, '--as-of', '2026-11-23T00:00:00Z', '--format', 'json'], io, {
          catalog: akRotationCatalog(),
        });
        const lambda = await downloadReport(
          {
            iamFor: memberIamClients(new STSClient({}), { roleName: 'credential-tracker-member' }),
            s3: new S3Client({}),
          },
          { bucket: BUCKET, kmsKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/k' },
          runContext('exec-1', new Date('2026-11-23T06:00:00Z')),
          ACCOUNT,
        ).then(
          () => ACCEPTED,
          (error: unknown) => {
            expect(error).to.have.property('name', 'InvalidCredentialReportError');
            return textAfter(
              (error as Error).message,
              `s3://${BUCKET}/credential-reports/date=2026-11-23/${ACCOUNT}.csv`,
            );
          },
        );

        // Assess
        expect(cliVerdict(code, io.stdout.text, io.stderr.text, file), 'the CLI').to.equal(item.expected);
        expect(lambda, 'download-report').to.equal(item.expected);
        const stored = s3.commandCalls(PutObjectCommand).length;
        expect(stored, 'stored only when valid').to.equal(item.expected === ACCEPTED ? 1 : 0);
      });
    }
  });

  describe('inventories: `credential-tracker review`, generate-review and collect-inventory', () => {
    /** generate-review's S3, answering from the case's files. */
    const bucketOf = (files: ReadonlyMap<string, Buffer>) =>
      ({
        send: (command: { input: { Key: string } }) => {
          const body = files.get(command.input.Key);
          if (body === undefined) return Promise.reject(new Error(`NoSuchKey ${command.input.Key}`));
          return Promise.resolve({
            Body: { transformToByteArray: () => Promise.resolve(new Uint8Array(body)) },
          });
        },
      }) as unknown as S3Client;

    for (const item of inventoryCases) {
      it(`${item.name}: ${item.expected}`, async () => {
        // Prepare: the case is a directory in the bucket's layout; its one date folder is the day
        const [dateFolder] = readdirSync(item.path).filter((name) => name.startsWith('date='));
        const date = (dateFolder as string).slice('date='.length);
        const files = new Map<string, Buffer>();
        for (const kind of INVENTORY_KINDS) {
          const key = inventoryKey(date, ACCOUNT, kind);
          files.set(key, readFileSync(join(item.path, dateFolder as string, kind, `${ACCOUNT}.jsonl`)));
        }
        const io = collectedIo();

        // Act
        const code = await run(['review', item.path, '--format', 'csv'], io);
        const lambda = await (async () => {
          // The listing's date prefix first, as generate-review discovers the day to review.
          newestDate([`inventory/${dateFolder as string}/`], { from: '2026-01-01', to: '2026-12-31' });
          await readInventory(
            bucketOf(files),
            BUCKET,
            date,
            ACCOUNT,
            new Set<InventoryKind>(INVENTORY_KINDS),
          );
        })().then(
          () => ACCEPTED,
          (error: unknown) => {
            const message = (error as Error).message;
            const location = message.startsWith('inventory/')
              ? `inventory/${dateFolder as string}/`
              : `s3://${BUCKET}/${inventoryKey(date, ACCOUNT, 'users')}`;
            return textAfter(message, location);
          },
        );

        // Assess
        const cliLocation = (io.stderr.text.match(/^credential-tracker: (\S+\.jsonl)/) ?? [])[1] ?? '';
        expect(relative(item.path, cliLocation).split(sep)[0], 'the CLI names a file of the case').to.satisfy(
          (first: string) => code === 0 || first === dateFolder,
        );
        expect(cliVerdict(code, io.stdout.text, io.stderr.text, cliLocation), 'the CLI').to.equal(
          item.expected,
        );
        expect(lambda, 'generate-review').to.equal(item.expected);
      });
    }

    it('refuses, in collect-inventory before anything is written, every record the readers refuse', () => {
      // Only records can reach collect-inventory (IAM's answers made into objects): the cases whose
      // lines are JSON, and whose problem is in a record rather than in the text of the file.
      const recordCases = inventoryCases.filter((item) =>
        /^:\d+: not a valid users record/.test(item.expected),
      );
      expect(recordCases).to.have.length.of.at.least(5);
      for (const item of recordCases) {
        const [dateFolder] = readdirSync(item.path).filter((name) => name.startsWith('date='));
        const text = readFileSync(join(item.path, dateFolder as string, 'users', `${ACCOUNT}.jsonl`), 'utf8');
        const records = text
          .split('\n')
          .filter((line) => line !== '')
          .map((line) => JSON.parse(line) as never);
        let caught: unknown;
        try {
          formatInventoryLines('users', records, 'users.jsonl');
        } catch (error) {
          caught = error;
        }
        expect(caught, item.name).to.be.instanceOf(InventoryFileError);
        expect(textAfter((caught as Error).message, 'users.jsonl'), item.name).to.equal(item.expected);
      }
    });
  });

  describe('the filesystem (the CLI only: the Lambdas read S3 keys, which have no links)', () => {
    const accepted = join(CORPUS, 'reports', 'accepted-as-iam-writes.csv');

    it('scans a report symlinked into the directory, never skipping it in silence', async () => {
      // Prepare: one account's report in the folder, another's linked in from elsewhere
      const elsewhere = join(scratch, 'elsewhere');
      mkdirSync(elsewhere);
      const other = join(elsewhere, 'report.csv');
      writeFileSync(other, readFileSync(accepted, 'utf8').replaceAll(ACCOUNT, '444455556666'));
      const folder = join(scratch, 'credential-reports', 'date=2026-11-23');
      mkdirSync(folder, { recursive: true });
      copyFileSync(accepted, join(folder, `${ACCOUNT}.csv`));
      symlinkSync(other, join(folder, '444455556666.csv'));
      symlinkSync(folder, join(folder, 'loop'));
      const io = collectedIo();

      // Act
      const code = await run(['scan', scratch, '--as-of', '2026-11-23T00:00:00Z', '--format', 'json'], io, {
        catalog: akRotationCatalog(),
      });

      // Assess: both accounts, each once (elsewhere/report.csv is the link's target, read once)
      expect(code, io.stderr.text).to.equal(0);
      const { reports } = JSON.parse(io.stdout.text) as { reports: { account_id: string }[] };
      expect(reports.map((report) => report.account_id)).to.deep.equal([ACCOUNT, '444455556666']);
    });

    it('refuses a dangling symlink, a link loop and a FIFO, naming each', async () => {
      // Prepare
      const cases: [string, (path: string) => void, string][] = [
        [
          'gone.csv',
          (path) => symlinkSync(join(scratch, 'nothing.csv'), path),
          `a symlink to ${join(scratch, 'nothing.csv')}, which does not exist`,
        ],
        ['self.csv', (path) => symlinkSync(path, path), 'a symlink loop (the link leads back to itself)'],
        [
          'pipe.csv',
          (path) => execFileSync('mkfifo', [path]),
          'a FIFO, not a regular file; give the file itself',
        ],
      ];
      for (const [name, make, problem] of cases) {
        const folder = mkdtempSync(join(scratch, 'case-'));
        copyFileSync(accepted, join(folder, `${ACCOUNT}.csv`));
        make(join(folder, name));
        const io = collectedIo();

        // Act
        const code = await run(['scan', folder, '--as-of', '2026-11-23T00:00:00Z'], io, {
          catalog: akRotationCatalog(),
        });

        // Assess
        expect(code, name).to.equal(2);
        expect(io.stdout.text).to.equal('');
        expect(io.stderr.text).to.equal(`credential-tracker: ${join(folder, name)}: ${problem}\n`);
      }
    });

    it('refuses a credential report in a date folder no day can have, rather than leaving it out', async () => {
      // Prepare
      const reports = join(scratch, 'credential-reports', 'date=2026-02-30');
      mkdirSync(reports, { recursive: true });
      copyFileSync(accepted, join(reports, `${ACCOUNT}.csv`));
      const io = collectedIo();

      // Act
      const code = await run(
        [
          'review',
          join(CORPUS, 'inventory', 'accepted-as-collect-inventory-writes'),
          '--reports',
          scratch,
          '--format',
          'csv',
        ],
        io,
        { catalog: akRotationCatalog() },
      );

      // Assess
      expect(code).to.equal(2);
      expect(io.stderr.text).to.equal(
        `credential-tracker: ${join(reports, `${ACCOUNT}.csv`)}: date=2026-02-30 is not a day of the calendar\n`,
      );
    });

    it("refuses two copies of one account's inventory of a day, but not one copy reached twice by a link", async () => {
      // Prepare
      const source = join(CORPUS, 'inventory', 'accepted-as-collect-inventory-writes');
      symlinkSync(source, join(scratch, 'one'));
      symlinkSync(source, join(scratch, 'the-same'));
      const once = collectedIo();
      const copy = join(scratch, 'copy');
      const twice = collectedIo();

      // Act
      const onceCode = await run(['review', scratch, '--format', 'csv'], once);
      cpSync(source, copy, { recursive: true });
      const twiceCode = await run(['review', scratch, '--format', 'csv'], twice);

      // Assess
      expect(onceCode, once.stderr.text).to.equal(0);
      expect(twiceCode).to.equal(2);
      expect(twice.stderr.text).to.match(
        /^credential-tracker: \S+\.jsonl: account 111122223333 already has a \w+ file of 2026-11-23 in \S+\.jsonl; give one copy of the inventory\n$/,
      );
    });

    it('reviews an inventory whose folder is a symlink, and refuses a dangling one', async () => {
      // Prepare
      const linked = join(scratch, 'inventory');
      symlinkSync(join(CORPUS, 'inventory', 'accepted-as-collect-inventory-writes'), linked);
      const io = collectedIo();
      const refused = collectedIo();
      const dangling = join(scratch, 'broken');

      // Act
      const code = await run(['review', scratch, '--format', 'csv'], io);
      mkdirSync(dangling);
      symlinkSync(join(scratch, 'nothing'), join(dangling, 'date=2026-11-23'));
      const refusedCode = await run(['review', scratch, '--format', 'csv'], refused);

      // Assess
      expect(code, io.stderr.text).to.equal(0);
      expect(io.stdout.text).to.match(/alice/);
      expect(refusedCode).to.equal(2);
      expect(refused.stderr.text).to.equal(
        `credential-tracker: ${join(dangling, 'date=2026-11-23')}: a symlink to ${join(scratch, 'nothing')}, which does not exist\n`,
      );
    });
  });
});
