import { expect } from 'chai';
import {
  NOT_APPLICABLE,
  NO_INFORMATION,
  ROOT_USER_NAME,
  iamUserRow,
  rootRow,
} from '@credential-tracker/core';
import { ACCOUNT, OTHER_ACCOUNT, before, findingRow, runFinding } from '../support/finding-harness.js';

const CREATED = new Date('2019-06-01T08:00:00Z');

describe('finding root-usage', () => {
  it('is not a finding for a root sign-in exactly root_usage_days ago, and is one a second later', async () => {
    // Prepare
    const rows = [
      rootRow(ACCOUNT, { user_creation_time: CREATED, password_last_used: before(30) }),
      rootRow(OTHER_ACCOUNT, { user_creation_time: CREATED, password_last_used: before(30, -1) }),
    ];

    // Act
    const found = await runFinding('root-usage', rows);

    // Assess
    expect(found).to.deep.equal([
      findingRow(
        ROOT_USER_NAME,
        'root',
        { created_at: CREATED, last_used_at: before(30, -1), days: 29 },
        OTHER_ACCOUNT,
      ),
    ]);
  });

  it('counts the use of root key 1 and of root key 2, whether or not the key is still active', async () => {
    // Prepare
    const rows = [
      rootRow(ACCOUNT, {
        user_creation_time: CREATED,
        password_last_used: NO_INFORMATION,
        access_key_1_active: true,
        access_key_1_last_rotated: before(500),
        access_key_1_last_used_date: before(29, 86_399),
      }),
      rootRow(OTHER_ACCOUNT, {
        user_creation_time: CREATED,
        password_last_used: NOT_APPLICABLE,
        access_key_2_active: false,
        access_key_2_last_rotated: before(500),
        access_key_2_last_used_date: before(4),
      }),
    ];

    // Act
    const found = await runFinding('root-usage', rows);

    // Assess
    expect(found).to.deep.equal([
      findingRow(ROOT_USER_NAME, 'root', { created_at: CREATED, last_used_at: before(29, 86_399), days: 29 }),
      findingRow(
        ROOT_USER_NAME,
        'root',
        { created_at: CREATED, last_used_at: before(4), days: 4 },
        OTHER_ACCOUNT,
      ),
    ]);
  });

  it('takes the most recent use when one credential was never used (no greatest() NULL trap)', async () => {
    // Prepare
    const rows = [
      rootRow(ACCOUNT, {
        user_creation_time: CREATED,
        password_last_used: before(10, 7200),
        access_key_1_active: true,
        access_key_1_last_rotated: before(900),
        access_key_1_last_used_date: before(400),
        access_key_2_active: true,
        access_key_2_last_rotated: before(20),
        access_key_2_last_used_date: NOT_APPLICABLE,
      }),
    ];

    // Act
    const found = await runFinding('root-usage', rows);

    // Assess
    expect(found).to.deep.equal([
      findingRow(ROOT_USER_NAME, 'root', { created_at: CREATED, last_used_at: before(10, 7200), days: 10 }),
    ]);
  });

  it('ignores a root user never used (no_information, N/A) or used long ago, and IAM users used recently', async () => {
    // Prepare
    const rows = [
      rootRow(ACCOUNT, {
        password_last_used: NO_INFORMATION,
        access_key_1_last_used_date: NOT_APPLICABLE,
        access_key_2_last_used_date: NOT_APPLICABLE,
      }),
      iamUserRow(ACCOUNT, 'daily', {
        password_enabled: true,
        password_last_used: before(0, 60),
        access_key_1_active: true,
        access_key_1_last_rotated: before(5),
        access_key_1_last_used_date: before(0, 60),
      }),
      rootRow(OTHER_ACCOUNT, {
        password_last_used: before(31),
        access_key_1_active: true,
        access_key_1_last_rotated: before(900),
        access_key_1_last_used_date: before(300),
      }),
    ];

    // Act
    const found = await runFinding('root-usage', rows);

    // Assess
    expect(found).to.deep.equal([]);
  });

  it('reads the window from root_usage_days', async () => {
    // Prepare
    const rows = [rootRow(ACCOUNT, { user_creation_time: CREATED, password_last_used: before(40) })];

    // Act
    const withDefault = await runFinding('root-usage', rows);
    const withNinety = await runFinding('root-usage', rows, { config: { root_usage_days: 90 } });

    // Assess
    expect(withDefault).to.deep.equal([]);
    expect(withNinety).to.deep.equal([
      findingRow(ROOT_USER_NAME, 'root', { created_at: CREATED, last_used_at: before(40), days: 40 }),
    ]);
  });

  it('reports a root use after the as-of time (a scan with an earlier --as-of) as 0 days ago, never negative', async () => {
    // Prepare: signed in 3 hours after as-of
    const rows = [
      rootRow(ACCOUNT, { user_creation_time: CREATED, password_last_used: before(0, -3 * 3600) }),
    ];

    // Act
    const found = await runFinding('root-usage', rows);

    // Assess
    expect(found).to.deep.equal([
      findingRow(ROOT_USER_NAME, 'root', {
        created_at: CREATED,
        last_used_at: before(0, -3 * 3600),
        days: 0,
      }),
    ]);
  });
});
