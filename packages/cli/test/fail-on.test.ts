import { expect } from 'chai';
import { SEVERITIES, type Severity } from '@credential-tracker/findings';
import { failOnMet } from '../src/fail-on.js';
import { fixtureScan } from './support/scan-fixture.js';

describe('failOnMet', () => {
  const onlyOf = (severity: Severity) => fixtureScan().findings.filter((row) => row.severity === severity);

  it('is met by a finding of the threshold severity or a more severe one, not a less severe one', () => {
    // Prepare
    const high = onlyOf('high');

    // Act, Assess
    expect(SEVERITIES.map((threshold) => [threshold, failOnMet(high, threshold)])).to.deep.equal([
      ['critical', false],
      ['high', true],
      ['medium', true],
      ['low', true],
    ]);
  });

  it('is never met without findings', () => {
    // Act, Assess
    expect(failOnMet([], 'low')).to.be.false;
  });
});
