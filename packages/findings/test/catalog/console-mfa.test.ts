import { expect } from 'chai';
import { NOT_SUPPORTED, iamUserRow, rootRow } from '@credential-tracker/core';
import { ACCOUNT, OTHER_ACCOUNT, before, findingRow, runFinding } from '../support/finding-harness.js';

describe('finding console-mfa', () => {
  it('reports a user with a console password and no MFA, with no time or day count', async () => {
    // Prepare
    const rows = [
      rootRow(ACCOUNT),
      iamUserRow(ACCOUNT, 'no-mfa', {
        password_enabled: true,
        password_last_changed: before(10),
        password_last_used: before(1),
        mfa_active: false,
      }),
      iamUserRow(ACCOUNT, 'with-mfa', {
        password_enabled: true,
        password_last_changed: before(10),
        mfa_active: true,
      }),
      rootRow(OTHER_ACCOUNT),
      iamUserRow(OTHER_ACCOUNT, 'also-no-mfa', { password_enabled: true, mfa_active: false }),
    ];

    // Act
    const found = await runFinding('console-mfa', rows);

    // Assess
    expect(found).to.deep.equal([
      findingRow('no-mfa', 'mfa'),
      findingRow('also-no-mfa', 'mfa', {}, OTHER_ACCOUNT),
    ]);
  });

  it('ignores users without a console password and the root user without MFA', async () => {
    // Prepare
    const rows = [
      rootRow(ACCOUNT, { password_enabled: NOT_SUPPORTED, password_last_used: before(1), mfa_active: false }),
      // IAM writes not_supported for root; even a root row claiming a password is not a user finding.
      rootRow(OTHER_ACCOUNT, { password_enabled: true, mfa_active: false }),
      iamUserRow(ACCOUNT, 'api-only', {
        password_enabled: false,
        mfa_active: false,
        access_key_1_active: true,
        access_key_1_last_rotated: before(5),
      }),
    ];

    // Act
    const found = await runFinding('console-mfa', rows);

    // Assess
    expect(found).to.deep.equal([]);
  });
});
