import { expect } from 'chai';
import { iamUserRow, rootRow } from '@credential-tracker/core';
import {
  ACCOUNT,
  AS_OF,
  OTHER_ACCOUNT,
  before,
  findingRow,
  inventoryUser,
  runFinding,
} from '../support/finding-harness.js';

const TODAY = AS_OF.toISOString().slice(0, 10);
const YESTERDAY = before(1).toISOString().slice(0, 10);
const CREATED = '2024-02-03T04:05:06Z';

const flaggedRow = (userName: string, accountId: string = ACCOUNT) =>
  findingRow(userName, 'user', { created_at: new Date(CREATED) }, accountId);

describe('finding review-revoke', () => {
  it('reports each user flagged revoke that still has a console password or an active key', async () => {
    // Prepare
    const rows = [
      rootRow(ACCOUNT),
      iamUserRow(ACCOUNT, 'with-password', { password_enabled: true, password_last_changed: before(10) }),
      iamUserRow(ACCOUNT, 'with-key-2', {
        access_key_1_active: false,
        access_key_1_last_rotated: before(50),
        access_key_2_active: true,
        access_key_2_last_rotated: before(5),
      }),
      iamUserRow(OTHER_ACCOUNT, 'with-key-1', {
        access_key_1_active: true,
        access_key_1_last_rotated: before(50),
      }),
    ];
    const inventory = {
      [TODAY]: [
        inventoryUser('with-password', 'revoke'),
        inventoryUser('with-key-2', 'revoke'),
        inventoryUser('with-key-1', 'revoke', OTHER_ACCOUNT),
      ],
    };

    // Act
    const found = await runFinding('review-revoke', rows, { inventory });

    // Assess
    expect(found).to.deep.equal([
      flaggedRow('with-key-2'),
      flaggedRow('with-password'),
      flaggedRow('with-key-1', OTHER_ACCOUNT),
    ]);
  });

  it('reports a flagged user the report has no row for (created since): the live state decides', async () => {
    // Act
    const found = await runFinding('review-revoke', [rootRow(ACCOUNT)], {
      inventory: { [TODAY]: [inventoryUser('newcomer', 'revoke')] },
    });

    // Assess
    expect(found).to.deep.equal([flaggedRow('newcomer')]);
  });

  it('ignores users not flagged revoke, and a flagged user already without password and active keys', async () => {
    // Prepare
    const withPassword = { password_enabled: true, password_last_changed: before(10) };
    const rows = [
      iamUserRow(ACCOUNT, 'untagged', withPassword),
      iamUserRow(ACCOUNT, 'kept', withPassword),
      iamUserRow(ACCOUNT, 'disabled', {
        access_key_1_active: false,
        access_key_1_last_rotated: before(50),
        access_key_2_active: false,
        access_key_2_last_rotated: before(40),
      }),
    ];
    const inventory = {
      [TODAY]: [
        inventoryUser('untagged', null),
        inventoryUser('kept', 'keep'),
        inventoryUser('disabled', 'revoke'),
      ],
    };

    // Act
    const found = await runFinding('review-revoke', rows, { inventory });

    // Assess
    expect(found).to.deep.equal([]);
  });

  it("reads only the inventory and the reports of the run's date", async () => {
    // Prepare: flagged yesterday, the tag removed by today's inventory; and a report of yesterday only
    const rows = [iamUserRow(ACCOUNT, 'flagged-yesterday', { password_enabled: true })];
    const inventory = {
      [YESTERDAY]: [inventoryUser('flagged-yesterday', 'revoke')],
      [TODAY]: [inventoryUser('flagged-yesterday', null)],
    };

    // Act
    const found = await runFinding('review-revoke', rows, { inventory });
    const onlyYesterdaysReport = await runFinding('review-revoke', rows, {
      storedUnder: YESTERDAY,
      inventory: { [TODAY]: [inventoryUser('flagged-yesterday', 'revoke')] },
    });

    // Assess: without today's report row, the user is reported and the live state decides
    expect(found).to.deep.equal([]);
    expect(onlyYesterdaysReport).to.deep.equal([flaggedRow('flagged-yesterday')]);
  });

  it('finds nothing without an inventory: a scan of credential reports alone still runs it', async () => {
    // Act
    const found = await runFinding('review-revoke', [
      iamUserRow(ACCOUNT, 'with-password', { password_enabled: true }),
    ]);

    // Assess
    expect(found).to.deep.equal([]);
  });
});
