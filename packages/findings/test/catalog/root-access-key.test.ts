import { expect } from 'chai';
import { NOT_APPLICABLE, ROOT_USER_NAME, iamUserRow, rootRow } from '@credential-tracker/core';
import { ACCOUNT, OTHER_ACCOUNT, before, findingRow, runFinding } from '../support/finding-harness.js';

describe('finding root-access-key', () => {
  it('reports each active root key with its creation, last use and age in whole days', async () => {
    // Prepare
    const rows = [
      rootRow(ACCOUNT, {
        access_key_1_active: true,
        access_key_1_last_rotated: before(1200, 86_399),
        access_key_1_last_used_date: before(3),
        access_key_2_active: true,
        access_key_2_last_rotated: before(0, 60),
        access_key_2_last_used_date: NOT_APPLICABLE,
      }),
      rootRow(OTHER_ACCOUNT, {
        access_key_2_active: true,
        access_key_2_last_rotated: before(7),
        access_key_2_last_used_date: before(7),
      }),
    ];

    // Act
    const found = await runFinding('root-access-key', rows);

    // Assess
    expect(found).to.deep.equal([
      findingRow(ROOT_USER_NAME, 'access_key_1', {
        created_at: before(1200, 86_399),
        last_used_at: before(3),
        days: 1200,
      }),
      findingRow(ROOT_USER_NAME, 'access_key_2', { created_at: before(0, 60), last_used_at: null, days: 0 }),
      findingRow(
        ROOT_USER_NAME,
        'access_key_2',
        { created_at: before(7), last_used_at: before(7), days: 7 },
        OTHER_ACCOUNT,
      ),
    ]);
  });

  it('ignores inactive root keys and the keys of IAM users', async () => {
    // Prepare
    const rows = [
      rootRow(ACCOUNT, {
        access_key_1_active: false,
        access_key_1_last_rotated: before(1200),
        access_key_1_last_used_date: before(1100),
      }),
      iamUserRow(ACCOUNT, 'deployer', { access_key_1_active: true, access_key_1_last_rotated: before(10) }),
    ];

    // Act
    const found = await runFinding('root-access-key', rows);

    // Assess
    expect(found).to.deep.equal([]);
  });
});
