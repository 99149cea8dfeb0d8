import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import {
  CREDENTIAL_REPORT_COLUMNS,
  CredentialReportError,
  formatCredentialReport,
  iamUserRow,
  parseCredentialReport,
  rootRow,
  validateCredentialReport,
} from '../src/index.js';

const ACCOUNT = '123456789012';
const HEADER = CREDENTIAL_REPORT_COLUMNS.join(',');
const fixture = (name: string): Buffer => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));

const sampleReport = (): string =>
  formatCredentialReport([
    rootRow(ACCOUNT),
    iamUserRow(ACCOUNT, 'alice', { password_enabled: true, mfa_active: true }),
    iamUserRow(ACCOUNT, 'ci-deployer', {
      access_key_1_active: true,
      access_key_1_last_rotated: new Date('2026-01-02T03:04:05Z'),
    }),
  ]);

/** Replaces one cell (by line and column) of a report text, to build a broken report from a good one. */
function withCell(text: string, line: number, column: string, value: string): string {
  const lines = text.split('\n');
  const cells = (lines[line - 1] as string).split(',');
  cells[CREDENTIAL_REPORT_COLUMNS.indexOf(column as never)] = value;
  lines[line - 1] = cells.join(',');
  return lines.join('\n');
}

function expectReportError(
  act: () => unknown,
  expected: { line?: number; column?: string; message: RegExp },
) {
  let caught: unknown;
  try {
    act();
  } catch (error) {
    caught = error;
  }
  expect(caught, 'a CredentialReportError').to.be.instanceOf(CredentialReportError);
  const error = caught as CredentialReportError;
  expect(error.source).to.equal('report.csv');
  expect(error.line).to.equal(expected.line);
  expect(error.column).to.equal(expected.column);
  expect(error.message).to.match(expected.message);
  expect(error.message.startsWith('report.csv')).to.be.true;
}

describe('parseCredentialReport', () => {
  describe('accepts what people really have', () => {
    it('reads a report as IAM writes it into typed rows', () => {
      // Prepare
      const text = sampleReport();

      // Act
      const report = parseCredentialReport(text, { source: 'report.csv' });

      // Assess
      expect(report.accountId).to.equal(ACCOUNT);
      expect(report.users.map((user) => user.user)).to.deep.equal(['<root_account>', 'alice', 'ci-deployer']);
      const [root, alice, deployer] = report.users;
      expect(root?.password_enabled).to.deep.equal({ absent: 'not_supported' });
      expect(alice?.password_enabled).to.equal(true);
      expect(alice?.access_key_1_last_rotated).to.deep.equal({ absent: 'N/A' });
      expect(deployer?.access_key_1_last_rotated).to.deep.equal(new Date('2026-01-02T03:04:05Z'));
      expect(report.cells).to.have.length(3);
      expect(report.cells[2]?.[9]).to.equal('2026-01-02T03:04:05+00:00');
    });

    it('reads a handwritten report with a BOM, CRLF, quoted commas, offsets and fractions', () => {
      // Prepare
      const bytes = fixture('handwritten-crlf-bom.csv');

      // Act
      const report = parseCredentialReport(bytes, { source: 'report.csv' });

      // Assess
      expect(report.accountId).to.equal('111122223333');
      const [root, alice, ops] = report.users;
      expect(root?.user).to.equal('<root_account>');
      expect(alice?.password_last_used).to.deep.equal({ absent: 'no_information' });
      expect(ops?.user).to.equal('ops,team');
      expect(ops?.arn).to.equal('arn:aws:iam::111122223333:user/division_abc/subdivision_xyz/ops,team');
      expect(ops?.user_creation_time).to.deep.equal(new Date('2019-03-04T11:12:13Z'));
      expect(ops?.access_key_1_last_rotated).to.deep.equal(new Date('2019-03-04T11:12:14.123Z'));
      expect(ops?.access_key_2_last_rotated).to.deep.equal(new Date('2023-02-01T14:00:00Z'));
      expect(ops?.cert_1_active).to.equal(true);
      expect(report.cells[2]?.[0], 'cells keep the value, not the quoting').to.equal('ops,team');
    });

    it('gives the same rows for LF, CRLF, a BOM, a trailing newline or none, text or bytes', () => {
      // Prepare
      const lf = sampleReport();
      const variants = [
        lf,
        `${lf}\n`,
        lf.replaceAll('\n', '\r\n'),
        `${lf.replaceAll('\n', '\r\n')}\r\n`,
        `\uFEFF${lf}`,
        new TextEncoder().encode(`\uFEFF${lf}\n`),
        Buffer.from(lf),
      ];

      // Act
      const parsed = variants.map((variant) => parseCredentialReport(variant, { source: 'report.csv' }));

      // Assess
      for (const report of parsed) {
        expect(report.users).to.deep.equal(parsed[0]?.users);
        expect(report.cells).to.deep.equal(parsed[0]?.cells);
      }
    });

    it('accepts the report of the account its S3 key names', () => {
      const report = validateCredentialReport(sampleReport(), {
        source: 'report.csv',
        expectedAccountId: ACCOUNT,
      });
      expect(report.accountId).to.equal(ACCOUNT);
    });
  });

  describe('refuses, naming file, line and column', () => {
    it('an empty file', () => {
      expectReportError(() => parseCredentialReport('', { source: 'report.csv' }), { message: /empty/ });
      expectReportError(() => parseCredentialReport(Buffer.from('\uFEFF\r\n'), { source: 'report.csv' }), {
        message: /empty/,
      });
    });

    it('a header without rows', () => {
      expectReportError(() => parseCredentialReport(`${HEADER}\n`, { source: 'report.csv' }), {
        line: 2,
        message: /no rows.*<root_account>/,
      });
    });

    it('a header with a misspelt column', () => {
      const text = sampleReport().replace('mfa_active', 'mfa_actve');
      expectReportError(() => parseCredentialReport(text, { source: 'report.csv' }), {
        line: 1,
        column: 'mfa_active',
        message: /header field 8 is "mfa_actve" where "mfa_active" was expected.*misspelt/,
      });
    });

    it('a header with a missing column', () => {
      const text = sampleReport().replace(',cert_2_last_rotated', '');
      expectReportError(() => parseCredentialReport(text, { source: 'report.csv' }), {
        line: 1,
        column: 'cert_2_last_rotated',
        message: /"cert_2_last_rotated" is missing/,
      });
    });

    it('a header with a column missing in the middle', () => {
      const text = sampleReport().replace('password_last_used,', '');
      expectReportError(() => parseCredentialReport(text, { source: 'report.csv' }), {
        line: 1,
        column: 'password_last_used',
        message: /header field 5 is "password_last_changed" where "password_last_used" was expected/,
      });
    });

    it('a header with an extra column', () => {
      const text = sampleReport().replace(HEADER, `${HEADER},owner`);
      expectReportError(() => parseCredentialReport(text, { source: 'report.csv' }), {
        line: 1,
        column: 'owner',
        message: /unknown extra column "owner"/,
      });
    });

    it('a header with columns out of order, since Athena reads them by position', () => {
      const text = sampleReport().replace(
        'password_enabled,password_last_used',
        'password_last_used,password_enabled',
      );
      expectReportError(() => parseCredentialReport(text, { source: 'report.csv' }), {
        line: 1,
        column: 'password_enabled',
        message: /stands at field 5 instead/,
      });
    });

    it('a truncated download: a last row with too few fields', () => {
      const text = sampleReport();
      const truncated = text.slice(0, text.lastIndexOf(',N/A,false'));
      expectReportError(() => parseCredentialReport(truncated, { source: 'report.csv' }), {
        line: 4,
        column: 'cert_1_last_rotated',
        message: /19 fields where 22 were expected \(a truncated download\?\)/,
      });
    });

    it('a truncated download cut inside a value', () => {
      const text = sampleReport();
      expectReportError(() => parseCredentialReport(text.slice(0, -1), { source: 'report.csv' }), {
        line: 4,
        column: 'cert_2_last_rotated',
        message: /"N\/" is neither an ISO-8601 timestamp nor one of N\/A, no_information, not_supported/,
      });
    });

    it('a row with too many fields', () => {
      const text = `${sampleReport()},surplus`;
      expectReportError(() => parseCredentialReport(text, { source: 'report.csv' }), {
        line: 4,
        message: /23 fields where 22 were expected/,
      });
    });

    it('an empty line between rows', () => {
      const text = sampleReport().replace('\nalice', '\n\nalice');
      expectReportError(() => parseCredentialReport(text, { source: 'report.csv' }), {
        line: 3,
        message: /the line is empty/,
      });
    });

    it('a value that is not a timestamp', () => {
      const text = withCell(sampleReport(), 4, 'access_key_1_last_rotated', 'yesterday');
      expectReportError(() => parseCredentialReport(text, { source: 'report.csv' }), {
        line: 4,
        column: 'access_key_1_last_rotated',
        message: /"yesterday" is neither an ISO-8601 timestamp/,
      });
    });

    it('a timestamp that names no real instant', () => {
      for (const bad of ['2026-02-30T00:00:00+00:00', '2026-13-01T00:00:00+00:00', '2026-01-01T24:00:00Z']) {
        const text = withCell(sampleReport(), 3, 'user_creation_time', bad);
        expectReportError(() => parseCredentialReport(text, { source: 'report.csv' }), {
          line: 3,
          column: 'user_creation_time',
          message: /is not an ISO-8601 timestamp/,
        });
      }
    });

    it('a timestamp without a time zone', () => {
      const text = withCell(sampleReport(), 3, 'user_creation_time', '2026-01-01T00:00:00');
      expectReportError(() => parseCredentialReport(text, { source: 'report.csv' }), {
        line: 3,
        column: 'user_creation_time',
        message: /not an ISO-8601 timestamp/,
      });
    });

    it('a value that is not a boolean', () => {
      const text = withCell(sampleReport(), 3, 'mfa_active', 'TRUE');
      expectReportError(() => parseCredentialReport(text, { source: 'report.csv' }), {
        line: 3,
        column: 'mfa_active',
        message: /"TRUE" is not a boolean \(true or false\)/,
      });
    });

    it('an absent marker where IAM always writes a boolean', () => {
      const text = withCell(sampleReport(), 3, 'access_key_2_active', 'N/A');
      expectReportError(() => parseCredentialReport(text, { source: 'report.csv' }), {
        line: 3,
        column: 'access_key_2_active',
        message: /"N\/A" is not a boolean/,
      });
    });

    it('an ARN that is not an IAM user ARN', () => {
      const text = withCell(sampleReport(), 3, 'arn', 'arn:aws:iam::123456789012:role/alice');
      expectReportError(() => parseCredentialReport(text, { source: 'report.csv' }), {
        line: 3,
        column: 'arn',
        message: /is not an IAM user or root ARN/,
      });
    });

    it('rows of two accounts in one report', () => {
      const text = withCell(sampleReport(), 3, 'arn', 'arn:aws:iam::999999999999:user/alice');
      expectReportError(() => parseCredentialReport(text, { source: 'report.csv' }), {
        line: 3,
        column: 'arn',
        message: /account 999999999999 but earlier rows are of account 123456789012/,
      });
    });

    it('a report stored under another account id', () => {
      expectReportError(
        () =>
          validateCredentialReport(sampleReport(), {
            source: 'report.csv',
            expectedAccountId: '210987654321',
          }),
        {
          line: 2,
          column: 'arn',
          message: /account 123456789012 but the location names account 210987654321/,
        },
      );
    });

    it('the same user twice', () => {
      const text = `${sampleReport()}\n${sampleReport().split('\n')[2]}`;
      expectReportError(() => parseCredentialReport(text, { source: 'report.csv' }), {
        line: 5,
        column: 'user',
        message: /"alice" appears twice \(first on line 3 as "alice"\)/,
      });
    });

    it('a root user name on a user ARN', () => {
      const text = withCell(sampleReport(), 3, 'user', '<root_account>');
      expectReportError(() => parseCredentialReport(text, { source: 'report.csv' }), {
        line: 3,
        column: 'user',
        message: /only the root ARN is <root_account>/,
      });
    });

    it('bytes that are not UTF-8', () => {
      const bytes = Buffer.concat([Buffer.from(sampleReport()), Buffer.from([0xff, 0xfe])]);
      expectReportError(() => parseCredentialReport(bytes, { source: 'report.csv' }), {
        message: /not valid UTF-8/,
      });
    });

    it('an unterminated quote', () => {
      const text = sampleReport().replace('\nalice,', '\n"alice,');
      expectReportError(() => parseCredentialReport(text, { source: 'report.csv' }), {
        line: 3,
        message: /malformed CSV/,
      });
    });
  });
});
