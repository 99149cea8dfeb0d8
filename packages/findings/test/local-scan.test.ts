import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import sinon from 'sinon';
import {
  CredentialReportError,
  DEFAULT_CONFIG,
  ROOT_USER_NAME,
  formatCredentialReport,
  iamUserRow,
  rootRow,
} from '@credential-tracker/core';
import { ScanInputError, findReportFiles, loadCatalog, scanReportFiles } from '../src/local.js';
import { ACCOUNT, AS_OF, OTHER_ACCOUNT, before } from './support/finding-harness.js';

const OPTIONS = { asOf: AS_OF, config: DEFAULT_CONFIG };

const accountReport = (accountId: string, ...users: ReturnType<typeof iamUserRow>[]): string =>
  formatCredentialReport([rootRow(accountId), ...users]);

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the promise to reject');
}

describe('local scan', () => {
  let directory: string;
  const write = (relative: string, text: string): string => {
    const path = join(directory, relative);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, text);
    return path;
  };

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'scan-'));
  });

  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  describe('findReportFiles', () => {
    it('walks directories for *.csv at any depth, sorted, each file once', async () => {
      // Prepare
      const nested = write(`credential-reports/date=2026-03-01/${OTHER_ACCOUNT}.csv`, 'x');
      const upper = write('b/REPORT.CSV', 'x');
      const top = write('a.csv', 'x');
      write('notes.txt', 'x');
      write('b/report.csv.bak', 'x');

      // Act
      const files = await findReportFiles([directory, top]);

      // Assess
      expect(files).to.deep.equal([top, upper, nested].sort());
    });

    it('takes a file named on the command line whatever its extension', async () => {
      // Prepare
      const file = write('downloaded-report.txt', 'x');

      // Act
      const files = await findReportFiles([file]);

      // Assess
      expect(files).to.deep.equal([file]);
    });

    it('refuses a path that does not exist, naming it', async () => {
      // Prepare
      const missing = join(directory, 'nowhere');

      // Act
      const error = await rejection(findReportFiles([missing]));

      // Assess
      expect(error).to.be.instanceOf(ScanInputError);
      expect(error.message).to.equal(`${missing}: no such file or directory`);
    });

    it('refuses directories without any *.csv', async () => {
      // Prepare
      write('empty/readme.txt', 'x');

      // Act
      const error = await rejection(findReportFiles([directory]));

      // Assess
      expect(error).to.be.instanceOf(ScanInputError);
      expect(error.message).to.equal(`no *.csv credential report under ${directory}`);
    });

    it('refuses no path at all', async () => {
      // Act
      const error = await rejection(findReportFiles([]));

      // Assess
      expect(error).to.be.instanceOf(ScanInputError);
    });
  });

  describe('scanReportFiles', () => {
    it('reads every report and runs the whole catalog, findings most severe first', async () => {
      // Prepare
      const first = write(
        `${ACCOUNT}.csv`,
        formatCredentialReport([
          rootRow(ACCOUNT, { mfa_active: false }),
          iamUserRow(ACCOUNT, 'alice', { password_enabled: true, mfa_active: false }),
        ]),
      );
      const second = write(
        'loose-download.csv',
        accountReport(
          OTHER_ACCOUNT,
          iamUserRow(OTHER_ACCOUNT, 'ci', {
            access_key_1_active: true,
            access_key_1_last_rotated: before(91),
          }),
        ),
      );
      const onProgress = sinon.spy();

      // Act
      const result = await scanReportFiles([first, second], { ...OPTIONS, onProgress });

      // Assess
      expect(result.as_of).to.equal(AS_OF);
      expect(result.catalog.map((finding) => finding.id)).to.deep.equal(
        loadCatalog().map((finding) => finding.id),
      );
      expect(result.reports).to.deep.equal([
        { account_id: ACCOUNT, source: first, users: 2 },
        { account_id: OTHER_ACCOUNT, source: second, users: 2 },
      ]);
      expect(
        result.findings.map((row) => [row.severity, row.finding, row.account_id, row.user_name]),
      ).to.deep.equal([
        ['critical', 'root-mfa', ACCOUNT, ROOT_USER_NAME],
        ['high', 'ak-rotation', OTHER_ACCOUNT, 'ci'],
        ['high', 'console-mfa', ACCOUNT, 'alice'],
        ['medium', 'ak-usage', OTHER_ACCOUNT, 'ci'],
        ['medium', 'cred-usage', ACCOUNT, 'alice'],
      ]);
      expect(result.findings[1]).to.deep.equal({
        finding: 'ak-rotation',
        severity: 'high',
        account_id: OTHER_ACCOUNT,
        user_name: 'ci',
        user_arn: `arn:aws:iam::${OTHER_ACCOUNT}:user/ci`,
        credential: 'access_key_1',
        created_at: before(91),
        last_used_at: null,
        days: 91,
      });
      expect(onProgress.args).to.deep.equal([
        [1, 2],
        [2, 2],
      ]);
    });

    it('orders findings of a kind by code point, as the SQL does, not by the machine locale', async () => {
      // Prepare: localeCompare puts alice before Zed, and a Danish locale puts aa-admin after both
      const noMfa = { password_enabled: true, mfa_active: false };
      const file = write(
        `${ACCOUNT}.csv`,
        accountReport(
          ACCOUNT,
          iamUserRow(ACCOUNT, 'alice', noMfa),
          iamUserRow(ACCOUNT, 'Zed', noMfa),
          iamUserRow(ACCOUNT, 'aa-admin', noMfa),
        ),
      );

      // Act
      const result = await scanReportFiles([file], OPTIONS);

      // Assess
      const consoleMfa = result.findings.filter((row) => row.finding === 'console-mfa');
      expect(consoleMfa.map((row) => row.user_name)).to.deep.equal(['Zed', 'aa-admin', 'alice']);
    });

    it('refuses the same account in two files, naming both', async () => {
      // Prepare
      const older = write(`date=2026-02-28/${ACCOUNT}.csv`, accountReport(ACCOUNT));
      const newer = write(`date=2026-03-01/${ACCOUNT}.csv`, accountReport(ACCOUNT));

      // Act
      const error = await rejection(scanReportFiles([older, newer], OPTIONS));

      // Assess
      expect(error).to.be.instanceOf(ScanInputError);
      expect(error.message).to.equal(
        `${newer}: account ${ACCOUNT} already comes from ${older}; scan one report per account (one date= folder)`,
      );
    });

    it('gives no result at all when one file among valid ones is invalid', async () => {
      // Prepare
      const good = write(`${ACCOUNT}.csv`, formatCredentialReport([rootRow(ACCOUNT, { mfa_active: false })]));
      const truncated = accountReport(OTHER_ACCOUNT).split(',').slice(0, -3).join(',');
      const bad = write(`${OTHER_ACCOUNT}.csv`, truncated);
      const onProgress = sinon.spy();

      // Act
      const error = await rejection(scanReportFiles([good, bad], { ...OPTIONS, onProgress }));

      // Assess
      expect(error).to.be.instanceOf(CredentialReportError);
      expect((error as CredentialReportError).source).to.equal(bad);
      expect((error as CredentialReportError).line).to.equal(2);
      expect(onProgress.args).to.deep.equal([[1, 2]]);
    });

    it("refuses a file named after one account that holds another account's report", async () => {
      // Prepare
      const misplaced = write(`date=2026-03-01/${ACCOUNT}.csv`, accountReport(OTHER_ACCOUNT));

      // Act
      const error = await rejection(scanReportFiles([misplaced], OPTIONS));

      // Assess
      expect(error).to.be.instanceOf(CredentialReportError);
      expect(error.message).to.include(misplaced);
      expect(error.message).to.include(
        `the ARN is in account ${OTHER_ACCOUNT} but the location names account ${ACCOUNT}`,
      );
    });
  });
});
