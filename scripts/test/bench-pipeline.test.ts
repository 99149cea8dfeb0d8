import { expect } from 'chai';
import { BenchmarkUsageError } from '../bench/benchmark.js';
import { pipelineBenchmark, TABLE_HEADERS } from '../bench/pipeline/pipeline-benchmark.js';

const cellsOf = (line: string): string[] =>
  line
    .split('|')
    .slice(1, -1)
    .map((cell) => cell.trim());

describe('scripts/bench pipeline', function () {
  this.timeout(60_000);

  it('runs a small Organization through the state machine and tabulates the happy path', async function () {
    // Prepare
    const accounts = 5;

    // Act
    const markdown = await pipelineBenchmark.run({ accounts: String(accounts), concurrency: '2,10' });
    const tableLines = markdown.split('\n').filter((line) => line.startsWith('|'));
    const rows = tableLines.slice(2).map(cellsOf);

    // Assess: per account, Parallel, GenerateReport, IsReportComplete, CountReportCycle, WaitForReport,
    // GenerateReport, IsReportComplete, DownloadReport, CollectInventory (IAM answers STARTED once, then COMPLETE)
    expect(cellsOf(tableLines[0] as string)).to.deep.equal([...TABLE_HEADERS]);
    expect(tableLines[1]).to.match(/^\|(-+:\|)+$/);
    expect(rows.map((cells) => [cells[0], cells[1], cells[5], cells[7]])).to.deep.equal([
      ['5', '2', '9', '5'],
      ['5', '10', '9', '5'],
    ]);
    for (const cells of rows) {
      const total = Number(cells[6]?.replaceAll(',', ''));
      expect(total).to.be.greaterThan(accounts * 9);
      expect(cells[8]).to.equal(`$${((total * 0.025) / 1_000).toFixed(4)}`);
      expect(Number(cells[2])).to.be.greaterThan(0);
      // The report waits: 5 waits of 10 s, spread over the concurrency
      expect(Number(cells[3])).to.be.closeTo(Number(cells[2]) + 50 / Number(cells[1]), 0.11);
      expect(Number(cells[9]?.replaceAll(',', ''))).to.be.within(1, 32 * 1024);
    }
    // One line per run that a script can read
    expect(markdown).to.match(/5 accounts, MaxConcurrency 2: largest state payload: \d+ bytes/);
    expect(markdown).to.match(/wall time: [\d.]+ s, [\d.]+ s with the report waits/);
  });

  it('refuses a MaxConcurrency or an account count that is not a positive whole number', async function () {
    for (const values of [
      { concurrency: '10,zero' },
      { concurrency: '0' },
      { accounts: '1k' },
      { accounts: '5,6' },
    ]) {
      // Act
      const refusal = await pipelineBenchmark.run(values).then(
        () => undefined,
        (error: unknown) => error,
      );

      // Assess
      expect(refusal, JSON.stringify(values)).to.be.instanceOf(BenchmarkUsageError);
    }
  });
});
