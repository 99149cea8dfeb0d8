import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { expect } from 'chai';
import { DEFAULT_CONFIG, loadConfigFile } from '@credential-tracker/core';
import {
  findReportFiles,
  loadCatalog,
  readsInventory,
  scanReportFiles,
  type ScanResult,
} from '@credential-tracker/findings/local';
import { DEFAULT_EXAMPLES_DIR, EXAMPLE_AS_OF, sampleOrganization, writeExamples } from '../make-examples.js';

async function filesUnder(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(directory, join(entry.parentPath, entry.name)))
    .sort();
}

describe('examples (scripts/make-examples.ts)', function () {
  describe('the committed files', function () {
    let regenerated: string;

    before(async function () {
      regenerated = await mkdtemp(join(tmpdir(), 'ct-examples-'));
      await writeExamples(regenerated);
    });

    after(async function () {
      await rm(regenerated, { recursive: true, force: true });
    });

    it('are exactly what the script writes (rerun `npx tsx scripts/make-examples.ts` after editing it)', async function () {
      // Prepare
      const written = await filesUnder(regenerated);
      const committed = (await filesUnder(DEFAULT_EXAMPLES_DIR)).filter((file) => written.includes(file));
      const committedReports = (await filesUnder(join(DEFAULT_EXAMPLES_DIR, 'reports'))).map((file) =>
        join('reports', file),
      );

      // Act
      const differing: string[] = [];
      for (const file of written) {
        const [fresh, stored] = await Promise.all([
          readFile(join(regenerated, file)),
          readFile(join(DEFAULT_EXAMPLES_DIR, file)).catch(() => undefined),
        ]);
        if (stored === undefined || !fresh.equals(stored)) differing.push(file);
      }

      // Assess
      expect(differing, 'files that differ from a fresh run').to.deep.equal([]);
      expect(committed).to.deep.equal(written);
      expect(committedReports, 'stale reports the script no longer writes').to.deep.equal(
        written.filter((file) => file.startsWith('reports/')),
      );
      const committedInventory = (await filesUnder(join(DEFAULT_EXAMPLES_DIR, 'inventory'))).map((file) =>
        join('inventory', file),
      );
      expect(committedInventory, 'stale inventory files the script no longer writes').to.deep.equal(
        written.filter((file) => file.startsWith('inventory/')),
      );
    });

    it('include a config.json that loads as the default configuration', function () {
      // Act
      const config = loadConfigFile(join(DEFAULT_EXAMPLES_DIR, 'config.json'));

      // Assess
      expect(config).to.deep.equal(DEFAULT_CONFIG);
    });
  });

  describe('a scan of examples/reports at the sample as-of time', function () {
    let result: ScanResult;

    before(async function () {
      const files = await findReportFiles([join(DEFAULT_EXAMPLES_DIR, 'reports')]);
      result = await scanReportFiles(files, { asOf: EXAMPLE_AS_OF, config: DEFAULT_CONFIG });
    });

    it('reads every account of the sample with all its users', function () {
      // Prepare
      const expected = sampleOrganization()
        .map((account) => ({ account_id: account.id, users: account.users.length }))
        .sort((a, b) => a.account_id.localeCompare(b.account_id));

      // Act
      const reports = result.reports
        .map((report) => ({ account_id: report.account_id, users: report.users }))
        .sort((a, b) => a.account_id.localeCompare(b.account_id));

      // Assess
      expect(reports).to.deep.equal(expected);
    });

    it('finds every finding of the catalog over credential reports at least once', function () {
      // Prepare: the sample is credential reports only; the findings over the inventory find nothing in it
      const catalogIds = loadCatalog()
        .filter((finding) => !readsInventory(finding.sql))
        .map((finding) => finding.id);

      // Act
      const found = new Set(result.findings.map((finding) => finding.finding));

      // Assess
      expect(
        catalogIds.filter((id) => !found.has(id)),
        'catalog findings absent from the sample',
      ).to.deep.equal([]);
    });

    it('shows the ten findings the issue lists, each declared by the sample', function () {
      // Prepare
      const declared = new Set(
        sampleOrganization().flatMap((account) =>
          account.users.flatMap((user) => user.findings.map((expected) => expected.split(':')[0])),
        ),
      );

      // Act
      const catalogIds = new Set(loadCatalog().map((finding) => finding.id));

      // Assess
      expect([...declared].sort()).to.have.lengthOf(10);
      expect([...declared].filter((id) => id !== undefined && !catalogIds.has(id))).to.deep.equal([]);
    });

    it('finds exactly the findings each user of the sample stands for', function () {
      // Prepare: for the findings the catalog has, the sample declares every row the scan must return.
      const catalogIds = new Set(loadCatalog().map((finding) => finding.id));
      const expected = sampleOrganization()
        .flatMap((account) =>
          account.users.flatMap((user) =>
            user.findings.map((declared) => `${account.id} ${user.row.user} ${declared}`),
          ),
        )
        .filter((line) => catalogIds.has(line.split(' ')[2]?.split(':')[0] ?? ''))
        .sort();

      // Act
      const actual = result.findings
        .map(
          (finding) => `${finding.account_id} ${finding.user_name} ${finding.finding}:${finding.credential}`,
        )
        .sort();

      // Assess
      expect(actual).to.deep.equal(expected);
    });
  });
});
