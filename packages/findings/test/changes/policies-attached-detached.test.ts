import { expect } from 'chai';
import {
  change,
  group,
  PROD,
  role,
  runChanges,
  runFixtureChanges,
  snapshot,
  user,
} from '../support/change-harness.js';

describe('change query policies-attached-detached', () => {
  it('names the policies attached between the two fixture snapshots: to a new role and to a user directly', async () => {
    // Act
    const rows = await runFixtureChanges('policies-attached-detached');

    // Assess
    expect(rows).to.deep.equal([
      change(
        PROD,
        'policy-attached',
        'role/ci-deployer',
        'ci-everything',
        'managed policy ci-everything attached',
      ),
      change(
        PROD,
        'policy-attached',
        'user/erin',
        'ReadOnlyAccess',
        'managed policy ReadOnlyAccess attached',
      ),
    ]);
  });

  it('covers users, groups and roles, managed and inline policies, attached and detached', async () => {
    // Prepare
    const previous = snapshot({
      users: [user('lee', { inline_policies: ['old-inline'] })],
      groups: [group('ops', { attached_policies: ['ReadOnlyAccess'] })],
      roles: [role('app', { attached_policies: ['AmazonS3ReadOnlyAccess'] })],
    });
    const today = snapshot({
      users: [user('lee', { attached_policies: ['IAMUserChangePassword'] })],
      groups: [group('ops', { attached_policies: ['ReadOnlyAccess'], inline_policies: ['break-glass'] })],
      roles: [role('app')],
    });

    // Act
    const rows = await runChanges('policies-attached-detached', [previous], [today]);

    // Assess
    expect(rows).to.deep.equal([
      change(PROD, 'policy-attached', 'group/ops', 'break-glass', 'inline policy break-glass attached'),
      change(
        PROD,
        'policy-detached',
        'role/app',
        'AmazonS3ReadOnlyAccess',
        'managed policy AmazonS3ReadOnlyAccess detached',
      ),
      change(
        PROD,
        'policy-attached',
        'user/lee',
        'IAMUserChangePassword',
        'managed policy IAMUserChangePassword attached',
      ),
      change(PROD, 'policy-detached', 'user/lee', 'old-inline', 'inline policy old-inline detached'),
    ]);
  });
});
