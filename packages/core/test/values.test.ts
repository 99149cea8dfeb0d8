import { expect } from 'chai';
import {
  CREDENTIAL_REPORT_COLUMNS,
  absentMarker,
  formatCredentialReport,
  formatIamTimestamp,
  iamUserRow,
  isAbsent,
  parseCredentialReport,
  parseIamTimestamp,
  presentOrUndefined,
  rootRow,
  toIsoOrNull,
} from '../src/index.js';

describe('credential-report values', () => {
  it('reads timestamps with Z, an offset or fractions as the same instants', () => {
    expect(parseIamTimestamp('2024-05-01T12:34:56+00:00')).to.deep.equal(new Date('2024-05-01T12:34:56Z'));
    expect(parseIamTimestamp('2024-05-01T14:34:56+02:00')).to.deep.equal(new Date('2024-05-01T12:34:56Z'));
    expect(parseIamTimestamp('2024-05-01T12:34:56.5Z')).to.deep.equal(new Date('2024-05-01T12:34:56.500Z'));
  });

  it('refuses what is not an instant', () => {
    for (const text of [
      '',
      'N/A',
      '2024-05-01',
      '2024-05-01 12:34:56+00:00',
      '2024-02-30T00:00:00Z',
      '1714566896',
    ]) {
      expect(parseIamTimestamp(text), text).to.be.undefined;
    }
  });

  it('keeps which absent marker a cell held', () => {
    expect(absentMarker('no_information')).to.equal('no_information');
    expect(absentMarker('n/a')).to.be.undefined;
    expect(isAbsent({ absent: 'N/A' })).to.be.true;
    expect(isAbsent(new Date())).to.be.false;
    expect(presentOrUndefined({ absent: 'N/A' })).to.be.undefined;
    expect(toIsoOrNull(new Date('2024-05-01T12:34:56Z'))).to.equal('2024-05-01T12:34:56.000Z');
    expect(toIsoOrNull({ absent: 'not_supported' })).to.be.null;
  });
});

describe('formatCredentialReport', () => {
  it('writes what IAM writes: the header, LF, +00:00 times, no trailing newline', () => {
    // Act
    const text = formatCredentialReport([rootRow('123456789012')]);

    // Assess
    const lines = text.split('\n');
    expect(lines[0]).to.equal(CREDENTIAL_REPORT_COLUMNS.join(','));
    expect(lines[1]).to.equal(
      '<root_account>,arn:aws:iam::123456789012:root,2020-01-01T00:00:00+00:00,not_supported,N/A,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A',
    );
    expect(text.endsWith('\n')).to.be.false;
    expect(formatIamTimestamp(new Date('2024-05-01T12:34:56.789Z'))).to.equal('2024-05-01T12:34:56+00:00');
  });

  it('round-trips through the parser, quoting names that need it', () => {
    // Prepare
    const rows = [
      rootRow('123456789012', { mfa_active: false }),
      iamUserRow('123456789012', 'ops,team', {
        password_enabled: true,
        password_last_used: { absent: 'no_information' },
        access_key_2_active: true,
        access_key_2_last_rotated: new Date('2025-01-01T00:00:00Z'),
        access_key_2_last_used_region: 'eu-west-1',
      }),
    ];

    // Act
    const parsed = parseCredentialReport(formatCredentialReport(rows), { source: 'round-trip' });

    // Assess
    expect(parsed.users).to.deep.equal(rows);
    expect(formatCredentialReport(rows)).to.contain('\n"ops,team",');
  });
});
