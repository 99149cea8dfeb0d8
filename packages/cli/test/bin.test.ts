import { spawn } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { expect } from 'chai';
import { formatCredentialReport } from '@credential-tracker/core';
import { CLI_BUNDLE } from '../../../scripts/build/build-cli.js';
import { BIN, builtBin } from './support/bin.js';
import { AS_OF, cleanRows, ReportDirectory, userWithKey } from './support/reports.js';

const readJson = (path: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8')) as Record<string, unknown>;

interface Completed {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function runBin(args: readonly string[]): Promise<Completed> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('the credential-tracker bin, spawned through node', () => {
  let reports: ReportDirectory;

  before(async () => {
    reports = new ReportDirectory();
    await builtBin();
  });

  after(() => {
    reports.remove();
  });

  it('is the bundle that npm ci builds: the bin imports dist/, the root prepare script bundles it', () => {
    // Act
    const bin = readFileSync(BIN, 'utf8');
    const cli = readJson('../package.json') as { bin: Record<string, string> };
    const root = readJson('../../../package.json') as { scripts: Record<string, string> };

    // Assess
    expect(cli.bin['credential-tracker']).to.equal('bin/credential-tracker.js');
    expect(bin).to.include("new URL('../dist/credential-tracker.mjs', import.meta.url)");
    expect(bin).to.not.include("from 'tsx");
    expect(CLI_BUNDLE).to.match(/packages[\\/]cli[\\/]dist[\\/]credential-tracker\.mjs$/);
    expect(root.scripts.prepare).to.equal('npm run build:cli');
    expect(root.scripts['build:cli']).to.equal('tsx scripts/build-cli.ts');
    // builtBin() bundled the sources under test moments ago, so this run cannot test a stale bundle.
    expect(Date.now() - statSync(CLI_BUNDLE).mtimeMs).to.be.lessThan(5 * 60_000);
  });

  it('runs the bundled CLI: exit 1 with json when --fail-on is met, exit 2 and no stdout on a bad report', async () => {
    // Prepare
    const good = reports.write('123456789012.csv', [
      ...cleanRows('123456789012'),
      userWithKey('123456789012', 'alice', '2023-11-14T00:00:00Z'),
    ]);
    const text = formatCredentialReport(cleanRows('210987654321'));
    const truncated = reports.writeText('210987654321.csv', text.slice(0, text.length - 20));

    // Act
    const met = await runBin(['scan', good, '--as-of', AS_OF, '--fail-on', 'high']);
    const bad = await runBin(['scan', good, truncated, '--as-of', AS_OF]);

    // Assess
    expect(met.stderr).to.equal('');
    expect(met.code).to.equal(1);
    const output = JSON.parse(met.stdout) as { findings: Record<string, unknown>[] };
    expect(output.findings).to.deep.include({
      finding: 'ak-rotation',
      severity: 'high',
      account_id: '123456789012',
      user_name: 'alice',
      user_arn: 'arn:aws:iam::123456789012:user/alice',
      credential: 'access_key_1',
      created_at: '2023-11-14T00:00:00.000Z',
      last_used_at: '2024-05-31T09:00:00.000Z',
      days: 200,
    });
    expect(bad.code).to.equal(2);
    expect(bad.stdout).to.equal('');
    expect(bad.stderr).to.match(
      new RegExp(`^credential-tracker: [^\\n]*210987654321\\.csv:3 \\(column [a-z_0-9]+\\): [^\\n]+\\n$`),
    );
  });
});
