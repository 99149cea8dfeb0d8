import { expect } from 'chai';
import { iamUserRow, rootRow } from '@credential-tracker/core';
import { ACCOUNT, before, findingRow, runFinding } from '../support/finding-harness.js';

describe('finding two-active-keys', () => {
  it('reports a user whose two keys are both active, with no time or day count', async () => {
    // Prepare
    const rows = [
      rootRow(ACCOUNT),
      iamUserRow(ACCOUNT, 'two-keys', {
        access_key_1_active: true,
        access_key_1_last_rotated: before(400),
        access_key_1_last_used_date: before(1),
        access_key_2_active: true,
        access_key_2_last_rotated: before(3),
      }),
    ];

    // Act
    const found = await runFinding('two-active-keys', rows);

    // Assess
    expect(found).to.deep.equal([findingRow('two-keys', 'access_keys')]);
  });

  it('ignores a user with only key 1 or only key 2 active, and the root user with two keys', async () => {
    // Prepare
    const rows = [
      rootRow(ACCOUNT, {
        access_key_1_active: true,
        access_key_1_last_rotated: before(400),
        access_key_2_active: true,
        access_key_2_last_rotated: before(300),
      }),
      iamUserRow(ACCOUNT, 'first-active', {
        access_key_1_active: true,
        access_key_1_last_rotated: before(400),
        access_key_2_active: false,
        access_key_2_last_rotated: before(300),
      }),
      iamUserRow(ACCOUNT, 'second-active', {
        access_key_1_active: false,
        access_key_1_last_rotated: before(400),
        access_key_2_active: true,
        access_key_2_last_rotated: before(300),
      }),
    ];

    // Act
    const found = await runFinding('two-active-keys', rows);

    // Assess
    expect(found).to.deep.equal([]);
  });
});
