// engine.run reads finding rows through a cheap text path (runFast) and falls back to the generic,
// zod-checked one (runChecked): both must give the same rows, in the same order.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { DEFAULT_CONFIG, validateCredentialReport } from '@credential-tracker/core';
import { DuckDbFindingEngine, loadCatalog, type Finding, type FindingRow } from '../src/local.js';
import type { RunParameters } from '../src/parameters.js';

const SAMPLE = fileURLToPath(
  new URL('../../../examples/reports/credential-reports/date=2026-11-23/', import.meta.url),
);
const PARAMETERS: RunParameters = {
  asOf: new Date('2026-11-23T00:15:00Z'),
  reportDate: '2026-11-23',
  config: DEFAULT_CONFIG,
};

interface EngineInternals {
  runFast(finding: Finding, parameters: RunParameters): Promise<FindingRow[] | undefined>;
  runChecked(finding: Finding, parameters: RunParameters): Promise<FindingRow[]>;
}

describe('the fast read of finding rows', () => {
  let engine: DuckDbFindingEngine;

  before(async () => {
    engine = await DuckDbFindingEngine.create();
    for (const name of readdirSync(SAMPLE).filter((file) => file.endsWith('.csv'))) {
      const source = join(SAMPLE, name);
      await engine.load(validateCredentialReport(readFileSync(source), { source }), PARAMETERS.reportDate);
    }
  });

  after(() => engine.close());

  for (const finding of loadCatalog()) {
    it(`gives the checked path's rows for ${finding.id}`, async () => {
      // Act
      const internals = engine as unknown as EngineInternals;
      const checked = await internals.runChecked(finding, PARAMETERS);
      const fast = await internals.runFast(finding, PARAMETERS);

      // Assess
      expect(fast).to.deep.equal(checked);
    });
  }

  it('has rows to compare in the sample', async () => {
    const counts = await Promise.all(loadCatalog().map((finding) => engine.run(finding, PARAMETERS)));
    expect(counts.flat().length).to.be.greaterThan(10);
  });
});
