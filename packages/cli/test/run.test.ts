import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import sinon from 'sinon';
import { formatCredentialReport, rootRow } from '@credential-tracker/core';
import type { Finding } from '@credential-tracker/findings/local';
import { run } from '../src/run.js';
import { ESC } from './support/ansi.js';
import { collectedIo } from './support/output.js';
import { AS_OF, akRotationCatalog, cleanRows, ReportDirectory, userWithKey } from './support/reports.js';

const ACCOUNT = '123456789012';
const OTHER_ACCOUNT = '210987654321';

interface JsonOutput {
  as_of: string;
  reports: { account_id: string; source: string; users: number }[];
  findings: Record<string, unknown>[];
}

describe('run (the credential-tracker command, without a process)', () => {
  let reports: ReportDirectory;
  let catalog: Finding[];

  beforeEach(() => {
    reports = new ReportDirectory();
    catalog = akRotationCatalog();
  });

  afterEach(() => {
    reports.remove();
    sinon.restore();
  });

  /** One account with two keys past rotation (200 and 100 days) and one fresh key. */
  function writeReportWithFindings(): string {
    return reports.write(`${ACCOUNT}.csv`, [
      ...cleanRows(ACCOUNT),
      userWithKey(ACCOUNT, 'alice', '2023-11-14T00:00:00Z'),
      userWithKey(ACCOUNT, 'bob', '2024-02-22T00:00:00Z'),
      userWithKey(ACCOUNT, 'carol', '2024-05-01T00:00:00Z'),
    ]);
  }

  it('prints an empty findings list and exits 0 for a clean report', async () => {
    // Prepare
    const file = reports.write(`${ACCOUNT}.csv`, cleanRows(ACCOUNT));
    const io = collectedIo();

    // Act
    const code = await run(['scan', file, '--as-of', AS_OF, '--format', 'json'], io, { catalog });

    // Assess
    expect(code).to.equal(0);
    expect(io.stderr.text).to.equal('');
    expect(JSON.parse(io.stdout.text)).to.deep.equal({
      as_of: '2024-06-01T00:00:00.000Z',
      reports: [{ account_id: ACCOUNT, source: file, users: 2 }],
      findings: [],
    });
  });

  it('prints every finding of the reports under a directory', async () => {
    // Prepare
    writeReportWithFindings();
    reports.write(`${OTHER_ACCOUNT}.csv`, cleanRows(OTHER_ACCOUNT));
    const io = collectedIo();

    // Act
    const code = await run(['scan', reports.path, '--as-of', AS_OF, '--format', 'json'], io, { catalog });

    // Assess
    expect(code).to.equal(0);
    const output = JSON.parse(io.stdout.text) as JsonOutput;
    expect(output.reports.map((report) => report.account_id)).to.deep.equal([ACCOUNT, OTHER_ACCOUNT]);
    expect(output.findings).to.deep.equal([
      {
        finding: 'ak-rotation',
        severity: 'high',
        account_id: ACCOUNT,
        user_name: 'alice',
        user_arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
        credential: 'access_key_1',
        created_at: '2023-11-14T00:00:00.000Z',
        last_used_at: '2024-05-31T09:00:00.000Z',
        days: 200,
      },
      {
        finding: 'ak-rotation',
        severity: 'high',
        account_id: ACCOUNT,
        user_name: 'bob',
        user_arn: `arn:aws:iam::${ACCOUNT}:user/bob`,
        credential: 'access_key_1',
        created_at: '2024-02-22T00:00:00.000Z',
        last_used_at: '2024-05-31T09:00:00.000Z',
        days: 100,
      },
    ]);
  });

  it('defaults to json when stdout is not a terminal, and to a coloured table when it is', async () => {
    // Prepare
    const file = writeReportWithFindings();
    const piped = collectedIo();
    const terminal = collectedIo({ stdoutIsTTY: true });

    // Act
    await run(['scan', file, '--as-of', AS_OF], piped, { catalog });
    await run(['scan', file, '--as-of', AS_OF], terminal, { catalog });

    // Assess
    expect(() => JSON.parse(piped.stdout.text) as unknown).not.to.throw();
    expect(terminal.stdout.text).to.include('\u001b[31mHIGH (2)\u001b[0m');
    expect(terminal.stdout.text).to.include('2 findings (2 high) in 1 of 1 account;');
  });

  it('prints a table without colours when asked for one off a terminal, and respects NO_COLOR', async () => {
    // Prepare
    const file = writeReportWithFindings();
    const piped = collectedIo();
    const noColor = collectedIo({ stdoutIsTTY: true, env: { NO_COLOR: '1' } });

    // Act
    await run(['scan', file, '--as-of', AS_OF, '--format', 'table'], piped, { catalog });
    await run(['scan', file, '--as-of', AS_OF], noColor, { catalog });

    // Assess
    expect(piped.stdout.text).to.include('HIGH (2)');
    expect(piped.stdout.text).not.to.include('\u001b[');
    expect(noColor.stdout.text).to.equal(piped.stdout.text);
  });

  it('prints csv and html', async () => {
    // Prepare
    const file = writeReportWithFindings();
    const csv = collectedIo();
    const html = collectedIo();

    // Act
    await run(['scan', file, '--as-of', AS_OF, '--format', 'csv'], csv, { catalog });
    await run(['scan', file, '--as-of', AS_OF, '--format', 'html'], html, { catalog });

    // Assess
    expect(csv.stdout.text.split('\n')).to.have.length(1 + 2 + 1);
    expect(csv.stdout.text).to.include(`ak-rotation,high,${ACCOUNT},bob,`);
    expect(html.stdout.text).to.match(/^<!doctype html>/);
    expect(html.stdout.text).to.match(/<tr data-finding="ak-rotation">.*<td class="num count">2<\/td>/);
  });

  it('computes at the --as-of instant', async () => {
    // Prepare: bob's key is 100 days old on AS_OF, exactly 90 days old ten days earlier.
    const file = writeReportWithFindings();
    const io = collectedIo();

    // Act
    await run(['scan', file, '--as-of', '2024-05-22T00:00:00Z', '--format', 'json'], io, { catalog });

    // Assess
    const output = JSON.parse(io.stdout.text) as JsonOutput;
    expect(output.as_of).to.equal('2024-05-22T00:00:00.000Z');
    expect(output.findings.map((finding) => finding.user_name)).to.deep.equal(['alice']);
  });

  it('computes at the current time when --as-of is not given', async () => {
    // Prepare
    const file = writeReportWithFindings();
    sinon.useFakeTimers({ now: new Date('2024-05-22T00:00:00Z'), toFake: ['Date'] });
    const io = { ...collectedIo(), now: undefined };

    // Act
    await run(['scan', file, '--format', 'json'], io, { catalog });

    // Assess
    expect((JSON.parse(io.stdout.text) as JsonOutput).as_of).to.equal('2024-05-22T00:00:00.000Z');
  });

  describe('--fail-on', () => {
    it('exits 1 when a finding is of that severity', async () => {
      // Prepare
      const file = writeReportWithFindings();
      const io = collectedIo();

      // Act
      const code = await run(['scan', file, '--as-of', AS_OF, '--fail-on', 'high'], io, { catalog });

      // Assess
      expect(code).to.equal(1);
      expect((JSON.parse(io.stdout.text) as JsonOutput).findings).to.have.length(2);
      expect(io.stderr.text).to.equal('');
    });

    it('exits 1 when a finding is more severe than that', async () => {
      // Prepare
      const file = writeReportWithFindings();

      // Act
      const code = await run(['scan', file, '--as-of', AS_OF, '--fail-on', 'low'], collectedIo(), {
        catalog,
      });

      // Assess
      expect(code).to.equal(1);
    });

    it('exits 0 when every finding is less severe', async () => {
      // Prepare
      const file = writeReportWithFindings();

      // Act
      const code = await run(['scan', file, '--as-of', AS_OF, '--fail-on', 'critical'], collectedIo(), {
        catalog,
      });

      // Assess
      expect(code).to.equal(0);
    });
  });

  describe('--out', () => {
    it('writes the output to the file and nothing to stdout', async () => {
      // Prepare
      const file = writeReportWithFindings();
      const out = join(reports.path, 'findings.html');
      const io = collectedIo();

      // Act
      const code = await run(['scan', file, '--as-of', AS_OF, '--format', 'html', '--out', out], io, {
        catalog,
      });

      // Assess
      expect(code).to.equal(0);
      expect(io.stdout.text).to.equal('');
      expect(readFileSync(out, 'utf8')).to.match(/^<!doctype html>[\s\S]*<\/html>\n$/);
    });

    it('writes json to the file by default, even when stdout is a terminal', async () => {
      // Prepare
      const file = writeReportWithFindings();
      const out = join(reports.path, 'findings.out');

      // Act
      await run(['scan', file, '--as-of', AS_OF, '--out', out], collectedIo({ stdoutIsTTY: true }), {
        catalog,
      });

      // Assess
      expect((JSON.parse(readFileSync(out, 'utf8')) as JsonOutput).findings).to.have.length(2);
    });

    it('exits 2 naming the file when it cannot be written', async () => {
      // Prepare
      const file = writeReportWithFindings();
      const out = join(reports.path, 'missing-directory', 'findings.json');
      const io = collectedIo();

      // Act
      const code = await run(['scan', file, '--as-of', AS_OF, '--out', out], io, { catalog });

      // Assess
      expect(code).to.equal(2);
      expect(io.stderr.text).to.match(
        new RegExp(`^credential-tracker: ${escape(out)}: cannot write the output: ENOENT[^\\n]*\\n$`),
      );
    });
  });

  describe('--config', () => {
    it('applies the thresholds of the file', async () => {
      // Prepare
      const file = writeReportWithFindings();
      const config = join(reports.path, 'config.json');
      writeFileSync(config, JSON.stringify({ rotation_days: 150 }));
      const io = collectedIo();

      // Act
      await run(['scan', file, '--as-of', AS_OF, '--config', config], io, { catalog });

      // Assess
      const output = JSON.parse(io.stdout.text) as JsonOutput;
      expect(output.findings.map((finding) => finding.user_name)).to.deep.equal(['alice']);
    });

    it('exits 2 naming every bad field, on one line, with nothing on stdout', async () => {
      // Prepare
      const file = writeReportWithFindings();
      const config = join(reports.path, 'config.json');
      writeFileSync(config, JSON.stringify({ rotation_days: 0, unused_days: 'soon' }));
      const io = collectedIo();

      // Act
      const code = await run(['scan', file, '--as-of', AS_OF, '--config', config], io, { catalog });

      // Assess
      expect(code).to.equal(2);
      expect(io.stdout.text).to.equal('');
      expect(io.stderr.text).to.equal(
        `credential-tracker: invalid configuration in ${config}: rotation_days: must be at least 1 day, got 0; unused_days: expected a whole number of days, got "soon"\n`,
      );
    });

    it('exits 2 when the file is missing', async () => {
      // Prepare
      const file = writeReportWithFindings();
      const io = collectedIo();

      // Act
      const code = await run(['scan', file, '--as-of', AS_OF, '--config', 'nowhere.json'], io, { catalog });

      // Assess
      expect(code).to.equal(2);
      expect(io.stderr.text).to.match(
        /^credential-tracker: invalid configuration in nowhere\.json: cannot read/,
      );
    });
  });

  describe('bad input', () => {
    it('exits 2 on a truncated report, naming file, line and column, and prints no findings', async () => {
      // Prepare: the good report of another account proves nothing at all is printed.
      writeReportWithFindings();
      const text = formatCredentialReport([
        ...cleanRows(OTHER_ACCOUNT),
        userWithKey(OTHER_ACCOUNT, 'dave', '2020-01-01T00:00:00Z'),
      ]);
      const truncated = reports.writeText(`${OTHER_ACCOUNT}.csv`, text.slice(0, text.lastIndexOf(',true,')));
      const io = collectedIo();

      // Act
      const code = await run(['scan', reports.path, '--as-of', AS_OF], io, { catalog });

      // Assess
      expect(code).to.equal(2);
      expect(io.stdout.text).to.equal('');
      expect(io.stderr.text).to.equal(
        `credential-tracker: ${truncated}:4 (column access_key_1_active): the row has 8 fields where 22 were expected (a truncated download?)\n`,
      );
    });

    it('exits 2 on a misspelt header', async () => {
      // Prepare
      const text = formatCredentialReport([rootRow(ACCOUNT)]).replace('mfa_active', 'mfa_actve');
      const file = reports.writeText(`${ACCOUNT}.csv`, text);
      const io = collectedIo();

      // Act
      const code = await run(['scan', file, '--as-of', AS_OF], io, { catalog });

      // Assess
      expect(code).to.equal(2);
      expect(io.stdout.text).to.equal('');
      expect(io.stderr.text).to.match(
        new RegExp(
          `^credential-tracker: ${escape(file)}:1 \\(column mfa_active\\): [^\\n]*"mfa_actve"[^\\n]*misspelt[^\\n]*\\n$`,
        ),
      );
    });

    it('exits 2 on a path that does not exist', async () => {
      // Prepare
      const io = collectedIo();

      // Act
      const code = await run(['scan', join(reports.path, 'nope'), '--as-of', AS_OF], io, { catalog });

      // Assess
      expect(code).to.equal(2);
      expect(io.stderr.text).to.equal(
        `credential-tracker: ${join(reports.path, 'nope')}: no such file or directory\n`,
      );
    });

    it('exits 2 on a usage error, pointing at the help', async () => {
      // Prepare
      const io = collectedIo();

      // Act
      const code = await run(['scan', 'x.csv', '--format', 'xml'], io, { catalog });

      // Assess
      expect(code).to.equal(2);
      expect(io.stdout.text).to.equal('');
      expect(io.stderr.text).to.equal(
        'credential-tracker: --format "xml" is not one of table, json, csv, html (see credential-tracker scan --help)\n',
      );
    });
  });

  describe('an unexpected error', () => {
    function brokenCatalog(): Finding[] {
      return catalog.map((finding) => ({ ...finding, sql: 'SELECT no_such_column FROM credential_report' }));
    }

    it('exits 2 with its message and no stack', async () => {
      // Prepare
      const file = writeReportWithFindings();
      const io = collectedIo();

      // Act
      const code = await run(['scan', file, '--as-of', AS_OF], io, { catalog: brokenCatalog() });

      // Assess
      expect(code).to.equal(2);
      expect(io.stdout.text).to.equal('');
      expect(io.stderr.text).to.match(
        /^credential-tracker: finding ak-rotation: query\.sql failed on DuckDB: [^\n]+\n$/,
      );
    });

    it('shows the stack when CREDENTIAL_TRACKER_DEBUG=1', async () => {
      // Prepare
      const file = writeReportWithFindings();
      const io = collectedIo({ env: { CREDENTIAL_TRACKER_DEBUG: '1' } });

      // Act
      await run(['scan', file, '--as-of', AS_OF], io, { catalog: brokenCatalog() });

      // Assess
      expect(io.stderr.text).to.match(
        /^credential-tracker: finding ak-rotation: [^\n]+\nFindingQueryError: [\s\S]*\n {4}at /,
      );
    });
  });

  describe('the progress line', () => {
    function writeManyReports(count: number): void {
      for (let index = 0; index < count; index += 1) {
        const account = String(100000000000 + index);
        reports.write(`${account}.csv`, cleanRows(account));
      }
    }

    it('counts the reports read on a terminal, in place, and erases itself', async () => {
      // Prepare
      writeManyReports(21);
      const io = collectedIo({ stderrIsTTY: true });

      // Act
      const code = await run(['scan', reports.path, '--as-of', AS_OF], io, { catalog });

      // Assess
      expect(code).to.equal(0);
      expect(io.stderr.text).to.match(/^\rreading reports: 1\/21\rreading reports: 2\/21/);
      expect(io.stderr.text).to.include('\rreading reports: 21/21');
      expect(io.stderr.text.endsWith('\r\u001b[2K')).to.be.true;
      expect(io.stderr.text).not.to.include('\n');
    });

    it('stays silent when stderr is not a terminal', async () => {
      // Prepare
      writeManyReports(21);
      const io = collectedIo();

      // Act
      await run(['scan', reports.path, '--as-of', AS_OF], io, { catalog });

      // Assess
      expect(io.stderr.text).to.equal('');
    });

    it('stays silent for a few files', async () => {
      // Prepare
      writeManyReports(20);
      const io = collectedIo({ stderrIsTTY: true });

      // Act
      await run(['scan', reports.path, '--as-of', AS_OF], io, { catalog });

      // Assess
      expect(io.stderr.text).to.equal('');
    });

    it('is erased before an error line', async () => {
      // Prepare
      writeManyReports(21);
      reports.writeText('999999999999.csv', '');
      const io = collectedIo({ stderrIsTTY: true });

      // Act
      const code = await run(['scan', reports.path, '--as-of', AS_OF], io, { catalog });

      // Assess
      expect(code).to.equal(2);
      const [progress, error] = io.stderr.text.split(`\r${ESC}[2K`);
      expect(progress).to.match(/^\rreading reports: /);
      expect(error).to.match(/^credential-tracker: [^\n]*999999999999\.csv: the file is empty[^\n]*\n$/);
    });
  });

  describe('help and version', () => {
    it('prints the help on stdout and exits 0', async () => {
      // Prepare
      const main = collectedIo();
      const scan = collectedIo();

      // Act
      const codes = [await run(['--help'], main), await run(['scan', '-h'], scan)];

      // Assess
      expect(codes).to.deep.equal([0, 0]);
      expect(main.stdout.text).to.match(/^Usage: credential-tracker <command>/);
      expect(scan.stdout.text).to.match(/^Usage: credential-tracker scan <file-or-dir>\.\.\./);
      expect(scan.stdout.text).to.include('--fail-on SEVERITY');
    });

    it('prints the package version', async () => {
      // Prepare
      const io = collectedIo();
      const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
        version: string;
      };

      // Act
      const code = await run(['--version'], io);

      // Assess
      expect(code).to.equal(0);
      expect(io.stdout.text).to.equal(`${manifest.version}\n`);
    });
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
