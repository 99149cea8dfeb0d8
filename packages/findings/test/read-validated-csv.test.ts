// The scan validates each report in JavaScript and then lets DuckDB's read_csv load the same files:
// the two readers must see the same cells, for every shape of file the validator accepts.
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { expect } from 'chai';
import { validateCredentialReport } from '@credential-tracker/core';
import { isPlainCsvPath, readValidatedCsvSql } from '../src/local.js';

const HOSTILE = fileURLToPath(new URL('../../testing/fixtures/hostile/reports/', import.meta.url));
const EXAMPLES = fileURLToPath(new URL('../../../examples/reports/credential-reports/', import.meta.url));

const accepted = readdirSync(HOSTILE)
  .filter((name) => name.endsWith('.csv'))
  .filter((name) => readFileSync(join(HOSTILE, `${name}.expected`), 'utf8').trim() === 'accepted')
  .map((name) => join(HOSTILE, name));
const samples = readdirSync(EXAMPLES, { recursive: true, encoding: 'utf8' })
  .filter((name) => name.endsWith('.csv'))
  .map((name) => join(EXAMPLES, name));

async function duckDbCells(file: string): Promise<string[][]> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(readValidatedCsvSql([file]));
    return reader.getRowsJS() as string[][];
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

describe('read_csv of validated reports', () => {
  it('covers the accepted hostile cases and the sample', () => {
    expect(accepted).to.have.length.greaterThanOrEqual(2);
    expect(samples).to.have.length.greaterThanOrEqual(3);
  });

  for (const file of [...accepted, ...samples]) {
    it(`reads the cells the validator read: ${file.split(/[\\/]/).slice(-2).join('/')}`, async () => {
      // Act
      const validated = validateCredentialReport(readFileSync(file), { source: file });
      const loaded = await duckDbCells(file);

      // Assess
      expect(loaded).to.deep.equal(validated.cells);
    });
  }

  it('reads a report with trailing blank lines and CRLF ends like the validator', async () => {
    // Prepare
    const directory = mkdtempSync(join(tmpdir(), 'ct-read-csv-'));
    try {
      const text = readFileSync(accepted[0] as string, 'utf8').replace(/\r?\n/g, '\r\n');
      const file = join(directory, 'report.csv');
      writeFileSync(file, `\uFEFF${text.replace(/[\r\n]+$/, '')}\r\n\r\n\n`);

      // Act
      const validated = validateCredentialReport(readFileSync(file), { source: file });
      const loaded = await duckDbCells(file);

      // Assess
      expect(loaded).to.deep.equal(validated.cells);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('leaves paths read_csv would expand or fetch to the appender', () => {
    expect(isPlainCsvPath('/reports/date=2026-11-23/123456789012.csv')).to.be.true;
    expect(isPlainCsvPath('/reports/[1].csv')).to.be.false;
    expect(isPlainCsvPath('/reports/*.csv')).to.be.false;
    expect(isPlainCsvPath('s3://bucket/123456789012.csv')).to.be.false;
  });
});
