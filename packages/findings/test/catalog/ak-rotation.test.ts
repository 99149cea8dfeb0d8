import { expect } from 'chai';
import { NOT_APPLICABLE, iamUserRow, rootRow } from '@credential-tracker/core';
import { ACCOUNT, before, findingRow, runFinding } from '../support/finding-harness.js';

describe('finding ak-rotation', () => {
  it('is not a finding for a key exactly rotation_days old, and is one a second later', async () => {
    // Prepare
    const rows = [
      rootRow(ACCOUNT),
      iamUserRow(ACCOUNT, 'exactly-90', { access_key_1_active: true, access_key_1_last_rotated: before(90) }),
      iamUserRow(ACCOUNT, 'just-over-90', {
        access_key_1_active: true,
        access_key_1_last_rotated: before(90, 1),
        access_key_1_last_used_date: before(2),
      }),
    ];

    // Act
    const found = await runFinding('ak-rotation', rows);

    // Assess
    expect(found).to.deep.equal([
      findingRow('just-over-90', 'access_key_1', {
        created_at: before(90, 1),
        last_used_at: before(2),
        days: 90,
      }),
    ]);
  });

  it('covers key 2 as well as key 1, each on its own row, and counts whole days (floor)', async () => {
    // Prepare
    const rows = [
      rootRow(ACCOUNT),
      iamUserRow(ACCOUNT, 'both-old', {
        access_key_1_active: true,
        access_key_1_last_rotated: before(400, 86_399),
        access_key_2_active: true,
        access_key_2_last_rotated: before(91),
        access_key_2_last_used_date: before(0, 60),
      }),
      iamUserRow(ACCOUNT, 'second-old', {
        access_key_1_active: true,
        access_key_1_last_rotated: before(10),
        access_key_2_active: true,
        access_key_2_last_rotated: before(120),
      }),
    ];

    // Act
    const found = await runFinding('ak-rotation', rows);

    // Assess
    expect(found).to.deep.equal([
      findingRow('both-old', 'access_key_1', { created_at: before(400, 86_399), days: 400 }),
      findingRow('both-old', 'access_key_2', {
        created_at: before(91),
        last_used_at: before(0, 60),
        days: 91,
      }),
      findingRow('second-old', 'access_key_2', { created_at: before(120), days: 120 }),
    ]);
  });

  it('ignores inactive keys, missing keys (N/A) and the root user', async () => {
    // Prepare
    const rows = [
      rootRow(ACCOUNT, { access_key_1_active: true, access_key_1_last_rotated: before(900) }),
      iamUserRow(ACCOUNT, 'inactive', {
        access_key_1_active: false,
        access_key_1_last_rotated: before(500),
        access_key_2_active: false,
        access_key_2_last_rotated: before(500),
      }),
      iamUserRow(ACCOUNT, 'no-keys', { access_key_1_last_rotated: NOT_APPLICABLE }),
    ];

    // Act
    const found = await runFinding('ak-rotation', rows);

    // Assess
    expect(found).to.deep.equal([]);
  });

  it('reads the threshold from rotation_days', async () => {
    // Prepare
    const rows = [
      rootRow(ACCOUNT),
      iamUserRow(ACCOUNT, 'eleven-days', {
        access_key_1_active: true,
        access_key_1_last_rotated: before(11),
      }),
    ];

    // Act
    const withDefault = await runFinding('ak-rotation', rows);
    const withTen = await runFinding('ak-rotation', rows, { config: { rotation_days: 10 } });

    // Assess
    expect(withDefault).to.deep.equal([]);
    expect(withTen).to.deep.equal([
      findingRow('eleven-days', 'access_key_1', { created_at: before(11), days: 11 }),
    ]);
  });
});
