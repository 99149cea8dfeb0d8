import { expect } from 'chai';
import { NOT_APPLICABLE, iamUserRow, rootRow } from '@credential-tracker/core';
import { ACCOUNT, before, findingRow, runFinding } from '../support/finding-harness.js';

const consoleUser = (name: string, overrides: Parameters<typeof iamUserRow>[2]) =>
  iamUserRow(ACCOUNT, name, {
    password_enabled: true,
    password_last_changed: before(30),
    mfa_active: true,
    ...overrides,
  });

describe('finding unused-initial-key', () => {
  it('reports each active, never-used key (N/A) of a console user, aged from its creation', async () => {
    // Prepare
    const rows = [
      rootRow(ACCOUNT),
      consoleUser('first-unused', {
        access_key_1_active: true,
        access_key_1_last_rotated: before(30, 3600),
        access_key_1_last_used_date: NOT_APPLICABLE,
      }),
      consoleUser('second-unused', {
        access_key_1_active: true,
        access_key_1_last_rotated: before(300),
        access_key_1_last_used_date: before(1),
        access_key_2_active: true,
        access_key_2_last_rotated: before(0, 1),
        access_key_2_last_used_date: NOT_APPLICABLE,
      }),
    ];

    // Act
    const found = await runFinding('unused-initial-key', rows);

    // Assess
    expect(found).to.deep.equal([
      findingRow('first-unused', 'access_key_1', {
        created_at: before(30, 3600),
        last_used_at: null,
        days: 30,
      }),
      findingRow('second-unused', 'access_key_2', { created_at: before(0, 1), last_used_at: null, days: 0 }),
    ]);
  });

  it('ignores used keys, inactive keys, users without a console password and the root user', async () => {
    // Prepare
    const rows = [
      rootRow(ACCOUNT, {
        access_key_1_active: true,
        access_key_1_last_rotated: before(30),
        access_key_1_last_used_date: NOT_APPLICABLE,
      }),
      consoleUser('used', {
        access_key_1_active: true,
        access_key_1_last_rotated: before(30),
        access_key_1_last_used_date: before(29),
      }),
      consoleUser('inactive', {
        access_key_1_active: false,
        access_key_1_last_rotated: before(30),
        access_key_1_last_used_date: NOT_APPLICABLE,
        access_key_2_active: false,
        access_key_2_last_rotated: before(30),
        access_key_2_last_used_date: NOT_APPLICABLE,
      }),
      iamUserRow(ACCOUNT, 'api-only', {
        password_enabled: false,
        access_key_1_active: true,
        access_key_1_last_rotated: before(30),
        access_key_1_last_used_date: NOT_APPLICABLE,
      }),
    ];

    // Act
    const found = await runFinding('unused-initial-key', rows);

    // Assess
    expect(found).to.deep.equal([]);
  });
});
