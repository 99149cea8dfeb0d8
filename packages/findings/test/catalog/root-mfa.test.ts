import { expect } from 'chai';
import { ROOT_USER_NAME, iamUserRow, rootRow } from '@credential-tracker/core';
import { ACCOUNT, OTHER_ACCOUNT, findingRow, runFinding } from '../support/finding-harness.js';

describe('finding root-mfa', () => {
  it('reports the root user of each account without MFA, with no time or day count', async () => {
    // Prepare
    const rows = [rootRow(ACCOUNT, { mfa_active: false }), rootRow(OTHER_ACCOUNT, { mfa_active: true })];

    // Act
    const found = await runFinding('root-mfa', rows);

    // Assess
    expect(found).to.deep.equal([findingRow(ROOT_USER_NAME, 'mfa')]);
  });

  it('ignores IAM users without MFA', async () => {
    // Prepare
    const rows = [
      rootRow(ACCOUNT),
      iamUserRow(ACCOUNT, 'no-mfa', { password_enabled: true, mfa_active: false }),
    ];

    // Act
    const found = await runFinding('root-mfa', rows);

    // Assess
    expect(found).to.deep.equal([]);
  });
});
