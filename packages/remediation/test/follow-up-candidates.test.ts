import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCredentialReport, ROOT_USER_NAME } from '@credential-tracker/core';
import { expect } from 'chai';
import { usersWithInactiveKeys } from '../src/index.js';

const REPORTS = new URL('../../../examples/reports/credential-reports/date=2026-11-23/', import.meta.url);

describe('follow-up candidates from a stored report', () => {
  it('finds the users with an inactive key exactly as the full report parser does, in every sample report', () => {
    let found = 0;
    for (const file of readdirSync(REPORTS).filter((name) => name.endsWith('.csv'))) {
      // Prepare
      const text = readFileSync(join(REPORTS.pathname, file), 'utf8');
      const report = parseCredentialReport(text, { source: file });
      const expected = report.users
        .filter(
          (row) =>
            row.user !== ROOT_USER_NAME &&
            ((!row.access_key_1_active && row.access_key_1_last_rotated instanceof Date) ||
              (!row.access_key_2_active && row.access_key_2_last_rotated instanceof Date)),
        )
        .map((row) => ({ account_id: report.accountId, user_name: row.user }));

      // Act
      const candidates = usersWithInactiveKeys(text, report.accountId);

      // Assess
      expect(candidates, file).to.deep.equal(expected);
      found += candidates.length;
    }
    expect(found, 'the samples hold inactive keys').to.be.greaterThan(0);
  });

  it('passes over a report without the key columns and a line that does not split into them', () => {
    expect(
      usersWithInactiveKeys('user,arn\nalice,arn:aws:iam::123456789012:user/alice\n', '123456789012'),
    ).to.deep.equal([]);
    const header =
      'user,access_key_1_active,access_key_1_last_rotated,access_key_2_active,access_key_2_last_rotated';
    const report = [
      header,
      'alice,false,2026-01-01T00:00:00+00:00,false,N/A',
      'bob,false',
      'carol,false,N/A,true,2026-01-01T00:00:00+00:00',
    ].join('\r\n');
    expect(usersWithInactiveKeys(report, '123456789012')).to.deep.equal([
      { account_id: '123456789012', user_name: 'alice' },
    ]);
  });
});
