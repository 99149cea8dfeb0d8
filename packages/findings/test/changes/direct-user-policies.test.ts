import { expect } from 'chai';
import { change, DEV, NEW_ACCOUNT, PROD, runFixtureChanges } from '../support/change-harness.js';

const held = (kind: 'managed' | 'inline', policy: string): string =>
  `${kind} policy ${policy} held by the user itself, not through a group`;

describe('change query direct-user-policies (CIS 1.15)', () => {
  it("lists every user holding a policy of its own on the day, in every account, a new one's too", async () => {
    // Act
    const rows = await runFixtureChanges('direct-user-policies');

    // Assess
    expect(rows).to.deep.equal([
      change(PROD, 'direct-user-policy', 'user/erin', 'ReadOnlyAccess', held('managed', 'ReadOnlyAccess')),
      change(
        PROD,
        'direct-user-policy',
        'user/svc-deploy',
        'deploy-artifacts',
        held('inline', 'deploy-artifacts'),
      ),
      change(
        DEV,
        'direct-user-policy',
        'user/dana',
        'IAMUserChangePassword',
        held('managed', 'IAMUserChangePassword'),
      ),
      change(
        NEW_ACCOUNT,
        'direct-user-policy',
        'user/newbie',
        'legacy-admin',
        held('inline', 'legacy-admin'),
      ),
    ]);
  });

  it('reads the day only: the previous snapshot changes nothing', async () => {
    // Act
    const rows = await runFixtureChanges('direct-user-policies', { previousDate: '2026-11-01' });

    // Assess
    expect(rows.map((row) => row.principal_name)).to.deep.equal(['erin', 'svc-deploy', 'dana', 'newbie']);
  });
});
