import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { expect } from 'chai';
import { DEFAULT_CONFIG, parseCredentialReport } from '@credential-tracker/core';
import { loadCatalog, readsInventory, scanReportFiles } from '@credential-tracker/findings/local';
import { BenchmarkUsageError } from '../bench/benchmark.js';
import { formatCount, markdownTable } from '../bench/markdown.js';
import { parseSize } from '../bench/scan/sizes.js';
import { writeSyntheticOrganization } from '../bench/scan/synthetic-organization.js';

const AS_OF = new Date('2026-11-23T00:15:00Z');

describe('scripts/bench', function () {
  describe('the synthetic Organization', function () {
    this.timeout(60_000);
    const directories: string[] = [];
    const scratch = async (): Promise<string> => {
      const directory = await mkdtemp(join(tmpdir(), 'ct-bench-test-'));
      directories.push(directory);
      return directory;
    };

    after(async function () {
      await Promise.all(directories.map((directory) => rm(directory, { recursive: true, force: true })));
    });

    it('is the same bytes for the same seed, and different for another', async function () {
      // Prepare
      const [first, second, reseeded] = await Promise.all([scratch(), scratch(), scratch()]);

      // Act
      const a = await writeSyntheticOrganization(first, { users: 2_500, asOf: AS_OF });
      const b = await writeSyntheticOrganization(second, { users: 2_500, asOf: AS_OF });
      const c = await writeSyntheticOrganization(reseeded, { users: 2_500, asOf: AS_OF, seed: 7 });

      // Assess
      expect(a.files.map((file) => relative(first, file))).to.deep.equal(
        b.files.map((file) => relative(second, file)),
      );
      for (const [index, file] of a.files.entries()) {
        expect((await readFile(file)).equals(await readFile(b.files[index] as string))).to.equal(true);
      }
      expect((await readFile(a.files[0] as string)).equals(await readFile(c.files[0] as string))).to.equal(
        false,
      );
    });

    it('writes valid reports of the requested size in the S3 layout, the last account taking the rest', async function () {
      // Prepare
      const directory = await scratch();

      // Act
      const organization = await writeSyntheticOrganization(directory, { users: 2_500, asOf: AS_OF });
      const reports = await Promise.all(
        organization.files.map(async (file) => parseCredentialReport(await readFile(file), { source: file })),
      );

      // Assess
      expect(organization.files.map((file) => relative(directory, file))).to.deep.equal([
        'credential-reports/date=2026-11-23/100000000000.csv',
        'credential-reports/date=2026-11-23/100000000001.csv',
        'credential-reports/date=2026-11-23/100000000002.csv',
      ]);
      expect(reports.map((report) => report.users.length)).to.deep.equal([1_000, 1_000, 500]);
      expect(reports.map((report) => report.accountId)).to.deep.equal(
        organization.files.map((file) => basename(file, '.csv')),
      );
    });

    it('triggers every user finding of the catalog over credential reports, on a minority of users', async function () {
      // Prepare: reports only, so the findings over the inventory (review-revoke) find nothing
      const directory = await scratch();
      const organization = await writeSyntheticOrganization(directory, { users: 5_000, asOf: AS_OF });
      const userFindings = loadCatalog()
        .filter((finding) => !readsInventory(finding.sql))
        .map((finding) => finding.id)
        .filter((id) => !id.startsWith('root-'));

      // Act
      const result = await scanReportFiles(organization.files, { asOf: AS_OF, config: DEFAULT_CONFIG });
      const found = new Set(result.findings.map((finding) => finding.finding));
      const usersWithFindings = new Set(result.findings.map((finding) => finding.user_arn)).size;

      // Assess
      expect(userFindings.filter((id) => !found.has(id))).to.deep.equal([]);
      expect(usersWithFindings / organization.users).to.be.within(0.2, 0.5);
    });
  });

  describe('parseSize', function () {
    it('reads counts with k and m suffixes', function () {
      expect(['10k', '100K', '1m', '2500', '1.5k'].map(parseSize)).to.deep.equal([
        10_000, 100_000, 1_000_000, 2_500, 1_500,
      ]);
    });

    it('refuses what is not a positive whole number of users', function () {
      for (const text of ['', 'ten', '0', '1.0001k', '-5', '10g']) {
        expect(() => parseSize(text), text).to.throw(BenchmarkUsageError, /--sizes/);
      }
    });
  });

  describe('markdownTable', function () {
    it('pads columns to their widest cell and right-aligns numeric ones', function () {
      // Act
      const table = markdownTable(
        ['size', 'users/s'],
        [[formatCount(10_000), formatCount(123_456.7)]],
        [false, true],
      );

      // Assess
      expect(table.split('\n')).to.deep.equal([
        '| size   | users/s |',
        '|--------|--------:|',
        '| 10,000 | 123,457 |',
      ]);
    });
  });
});
