import { expect } from 'chai';
import { NOT_APPLICABLE, iamUserRow, rootRow } from '@credential-tracker/core';
import { ACCOUNT, before, findingRow, runFinding } from '../support/finding-harness.js';

describe('finding ak-usage', () => {
  it('is not a finding for a key last used exactly unused_days ago, and is one a second earlier', async () => {
    // Prepare
    const rows = [
      rootRow(ACCOUNT),
      iamUserRow(ACCOUNT, 'exactly-45', {
        access_key_1_active: true,
        access_key_1_last_rotated: before(300),
        access_key_1_last_used_date: before(45),
      }),
      iamUserRow(ACCOUNT, 'just-over-45', {
        access_key_1_active: true,
        access_key_1_last_rotated: before(300),
        access_key_1_last_used_date: before(45, 1),
      }),
    ];

    // Act
    const found = await runFinding('ak-usage', rows);

    // Assess
    expect(found).to.deep.equal([
      findingRow('just-over-45', 'access_key_1', {
        created_at: before(300),
        last_used_at: before(45, 1),
        days: 45,
      }),
    ]);
  });

  it('dates a never-used key (N/A) from its creation: exactly unused_days is not a finding, a second more is', async () => {
    // Prepare
    const rows = [
      rootRow(ACCOUNT),
      iamUserRow(ACCOUNT, 'new-exactly-45', {
        access_key_2_active: true,
        access_key_2_last_rotated: before(45),
        access_key_2_last_used_date: NOT_APPLICABLE,
      }),
      iamUserRow(ACCOUNT, 'new-just-over-45', {
        access_key_2_active: true,
        access_key_2_last_rotated: before(45, 1),
        access_key_2_last_used_date: NOT_APPLICABLE,
      }),
    ];

    // Act
    const found = await runFinding('ak-usage', rows);

    // Assess
    expect(found).to.deep.equal([
      findingRow('new-just-over-45', 'access_key_2', {
        created_at: before(45, 1),
        last_used_at: null,
        days: 45,
      }),
    ]);
  });

  it('covers key 1 and key 2 on their own rows and counts whole days since the last use', async () => {
    // Prepare
    const rows = [
      rootRow(ACCOUNT),
      iamUserRow(ACCOUNT, 'both-idle', {
        access_key_1_active: true,
        access_key_1_last_rotated: before(700),
        access_key_1_last_used_date: before(99, 86_399),
        access_key_2_active: true,
        access_key_2_last_rotated: before(60),
      }),
    ];

    // Act
    const found = await runFinding('ak-usage', rows);

    // Assess
    expect(found).to.deep.equal([
      findingRow('both-idle', 'access_key_1', {
        created_at: before(700),
        last_used_at: before(99, 86_399),
        days: 99,
      }),
      findingRow('both-idle', 'access_key_2', { created_at: before(60), days: 60 }),
    ]);
  });

  it('ignores an old key used recently, inactive keys, users without keys and the root user', async () => {
    // Prepare
    const rows = [
      rootRow(ACCOUNT, {
        access_key_1_active: true,
        access_key_1_last_rotated: before(900),
        access_key_1_last_used_date: before(800),
      }),
      iamUserRow(ACCOUNT, 'busy', {
        access_key_1_active: true,
        access_key_1_last_rotated: before(900),
        access_key_1_last_used_date: before(1),
      }),
      iamUserRow(ACCOUNT, 'inactive', {
        access_key_1_active: false,
        access_key_1_last_rotated: before(900),
        access_key_1_last_used_date: before(800),
        access_key_2_active: false,
        access_key_2_last_rotated: before(900),
      }),
      iamUserRow(ACCOUNT, 'no-keys'),
    ];

    // Act
    const found = await runFinding('ak-usage', rows);

    // Assess
    expect(found).to.deep.equal([]);
  });

  it('reads the threshold from unused_days', async () => {
    // Prepare
    const rows = [
      rootRow(ACCOUNT),
      iamUserRow(ACCOUNT, 'idle-20', {
        access_key_1_active: true,
        access_key_1_last_rotated: before(100),
        access_key_1_last_used_date: before(20),
      }),
    ];

    // Act
    const withDefault = await runFinding('ak-usage', rows);
    const withTen = await runFinding('ak-usage', rows, { config: { unused_days: 10 } });

    // Assess
    expect(withDefault).to.deep.equal([]);
    expect(withTen).to.deep.equal([
      findingRow('idle-20', 'access_key_1', { created_at: before(100), last_used_at: before(20), days: 20 }),
    ]);
  });
});
