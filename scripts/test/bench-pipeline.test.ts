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
    expect(rows.map((cells) => [cells[0], cells[1], cells[4], cells[6]])).to.deep.equal([
      ['5', '2', '9', '5'],
      ['5', '10', '9', '5'],
    ]);
    for (const cells of rows) {
      const total = Number(cells[5]?.replaceAll(',', ''));
      expect(total).to.be.greaterThan(accounts * 9);
      expect(cells[7]).to.equal(`$${((total * 0.025) / 1_000).toFixed(4)}`);
      expect(Number(cells[2])).to.be.greaterThan(0);
    }
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
