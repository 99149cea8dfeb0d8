import { expect } from 'chai';
import { change, PROD, role, runChanges, runFixtureChanges, snapshot } from '../support/change-harness.js';

describe('change query roles-added-removed', () => {
  it('names the role added between the two fixture snapshots, nothing else', async () => {
    // Act
    const rows = await runFixtureChanges('roles-added-removed');

    // Assess
    expect(rows).to.deep.equal([
      change(
        PROD,
        'role-added',
        'role/ci-deployer',
        'AROACIDEPLOYERXXXXXXX',
        'role created 2026-11-22T16:00:00Z',
      ),
    ]);
  });

  it('says when the role is service-linked, and reports a role removed', async () => {
    // Prepare
    const kept = role('kept');
    const removed = role('legacy', { created_at: '2023-01-01T00:00:00Z' });
    const serviceLinked = role('AWSServiceRoleForSSO', {
      path: '/aws-service-role/sso.amazonaws.com/',
      arn: `arn:aws:iam::${PROD}:role/AWSServiceRoleForSSO`,
      service_linked: true,
      created_at: '2026-11-22T07:00:00Z',
    });

    // Act
    const rows = await runChanges(
      'roles-added-removed',
      [snapshot({ roles: [kept, removed] })],
      [snapshot({ roles: [serviceLinked, kept] })],
    );

    // Assess
    expect(rows).to.deep.equal([
      change(
        PROD,
        'role-added',
        'role/AWSServiceRoleForSSO',
        'AROAAWSSERVICEROLEFOR',
        'service-linked role created 2026-11-22T07:00:00Z',
      ),
      change(
        PROD,
        'role-removed',
        'role/legacy',
        'AROALEGACYXXXXXXXXXXX',
        'role deleted (created 2023-01-01T00:00:00Z)',
      ),
    ]);
  });
});
