import { expect } from 'chai';
import {
  change,
  PROD,
  role,
  runChanges,
  runFixtureChanges,
  snapshot,
  user,
} from '../support/change-harness.js';

describe('change query admin-access-granted', () => {
  it('names the user added to the admin group and the new role holding a policy that allows * on *', async () => {
    // Act
    const rows = await runFixtureChanges('admin-access-granted');

    // Assess
    expect(rows).to.deep.equal([
      change(
        PROD,
        'admin-access-granted',
        'role/ci-deployer',
        'managed:ci-everything',
        'created holding managed policy ci-everything (Allow * on *)',
      ),
      change(
        PROD,
        'admin-access-granted',
        'user/bob',
        'group:admins/managed:AdministratorAccess',
        'added to group admins, which holds managed policy AdministratorAccess',
      ),
    ]);
  });

  it('names each source: a direct policy, an inline one, a group that gained the policy', async () => {
    // Prepare
    const previous = snapshot({
      users: [
        user('direct'),
        user('member', { groups: ['ops'] }),
        user('already', { admin_equivalent: true, admin_sources: ['managed:AdministratorAccess'] }),
      ],
      roles: [role('runner')],
    });
    const today = snapshot({
      users: [
        user('already', {
          admin_equivalent: true,
          admin_sources: ['inline:extra', 'managed:AdministratorAccess'],
          inline_policies: ['extra'],
        }),
        user('direct', {
          attached_policies: ['AdministratorAccess'],
          inline_policies: ['star'],
          admin_equivalent: true,
          admin_sources: ['inline:star', 'managed:AdministratorAccess'],
        }),
        user('member', {
          groups: ['ops'],
          admin_equivalent: true,
          admin_sources: ['group:ops/inline:ops-all'],
        }),
      ],
      roles: [
        role('runner', { inline_policies: ['all'], admin_equivalent: true, admin_sources: ['inline:all'] }),
      ],
    });

    // Act
    const rows = await runChanges('admin-access-granted', [previous], [today]);

    // Assess: "already" was administrator-equivalent the day before, so its new source is not news.
    expect(rows).to.deep.equal([
      change(
        PROD,
        'admin-access-granted',
        'role/runner',
        'inline:all',
        'holds inline policy all (Allow * on *)',
      ),
      change(
        PROD,
        'admin-access-granted',
        'user/direct',
        'inline:star',
        'holds inline policy star (Allow * on *)',
      ),
      change(
        PROD,
        'admin-access-granted',
        'user/direct',
        'managed:AdministratorAccess',
        'holds managed policy AdministratorAccess',
      ),
      change(
        PROD,
        'admin-access-granted',
        'user/member',
        'group:ops/inline:ops-all',
        'through group ops, which now holds inline policy ops-all (Allow * on *)',
      ),
    ]);
  });
});
