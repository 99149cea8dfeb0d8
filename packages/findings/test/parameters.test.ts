import { expect } from 'chai';
import { DEFAULT_CONFIG } from '@credential-tracker/core';
import { athenaExecutionParameters, parameterValues, utcDate } from '../src/index.js';
import { catalogFinding } from './support/finding-harness.js';

const RUN = {
  asOf: new Date('2026-03-01T23:30:00.250Z'),
  reportDate: '2026-03-01',
  config: { ...DEFAULT_CONFIG, rotation_days: 120 },
};

describe('finding parameters', () => {
  it('gives the values in the order the query binds them, thresholds from the configuration', () => {
    // Act
    const values = parameterValues(catalogFinding('ak-rotation'), RUN);

    // Assess
    expect(values).to.deep.equal([
      { type: 'text', value: '2026-03-01T23:30:00.250Z' },
      { type: 'text', value: '2026-03-01' },
      { type: 'integer', value: 120 },
    ]);
  });

  it('writes Athena ExecutionParameters as literals: text single-quoted, integers bare', () => {
    // Act
    const withThreshold = athenaExecutionParameters(catalogFinding('root-usage'), RUN);
    const withoutThreshold = athenaExecutionParameters(catalogFinding('root-mfa'), RUN);

    // Assess
    expect(withThreshold).to.deep.equal(["'2026-03-01T23:30:00.250Z'", "'2026-03-01'", '30']);
    expect(withoutThreshold).to.deep.equal(["'2026-03-01T23:30:00.250Z'", "'2026-03-01'"]);
  });

  it('doubles a single quote inside text, so a value cannot end its literal', () => {
    // Act
    const parameters = athenaExecutionParameters(catalogFinding('root-mfa'), {
      ...RUN,
      reportDate: "2026-03-01' OR '1'='1",
    });

    // Assess
    expect(parameters[1]).to.equal("'2026-03-01'' OR ''1''=''1'");
  });

  it('names the date partition by the UTC date of the as-of instant, whatever the local time zone', () => {
    // Act
    const dates = [
      utcDate(new Date('2026-03-01T23:59:59.999Z')),
      utcDate(new Date('2026-03-02T00:00:00+13:00')),
    ];

    // Assess
    expect(dates).to.deep.equal(['2026-03-01', '2026-03-01']);
  });
});
