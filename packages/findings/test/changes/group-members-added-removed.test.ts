import { expect } from 'chai';
import { change, PROD, runFixtureChanges } from '../support/change-harness.js';

describe('change query group-members-added-removed', () => {
  it('names each membership gained or lost between the two fixture snapshots, with new and deleted users', async () => {
    // Act
    const rows = await runFixtureChanges('group-members-added-removed');

    // Assess
    expect(rows).to.deep.equal([
      change(PROD, 'group-member-added', 'user/bob', 'admins', 'added to group admins'),
      change(PROD, 'group-member-removed', 'user/dave', 'developers', 'removed from group developers'),
      change(PROD, 'group-member-added', 'user/grace', 'developers', 'added to group developers'),
    ]);
  });
});
