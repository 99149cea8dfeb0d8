import { expect } from 'chai';
import { change, PROD, runChanges, runFixtureChanges, snapshot, user } from '../support/change-harness.js';

describe('change query access-keys-added-removed', () => {
  it("names the keys created and deleted between the two fixture snapshots, a deleted user's too", async () => {
    // Act
    const rows = await runFixtureChanges('access-keys-added-removed');

    // Assess
    expect(rows).to.deep.equal([
      change(
        PROD,
        'access-key-deleted',
        'user/bob',
        'AKIABOB000000002',
        'inactive key deleted (created 2024-12-01T12:00:00Z)',
      ),
      change(
        PROD,
        'access-key-deleted',
        'user/dave',
        'AKIADAVE00000001',
        'active key deleted (created 2024-05-20T11:05:00Z)',
      ),
      change(
        PROD,
        'access-key-created',
        'user/erin',
        'AKIAERIN00000002',
        'active key created 2026-11-22T15:00:00Z',
      ),
    ]);
  });

  it('ignores a key deactivated or reordered, and reads every key of a user with two', async () => {
    // Prepare
    const first = {
      access_key_id: 'AKIAFIRST0000001',
      status: 'Active',
      created_at: '2025-01-01T00:00:00Z',
    } as const;
    const second = {
      access_key_id: 'AKIASECOND000001',
      status: 'Active',
      created_at: '2025-02-01T00:00:00Z',
    } as const;
    const third = {
      access_key_id: 'AKIATHIRD0000001',
      status: 'Active',
      created_at: '2026-11-22T09:00:00Z',
    } as const;

    // Act
    const rows = await runChanges(
      'access-keys-added-removed',
      [snapshot({ users: [user('kim', { access_keys: [first, second] })] })],
      [snapshot({ users: [user('kim', { access_keys: [third, { ...first, status: 'Inactive' }] })] })],
    );

    // Assess
    expect(rows).to.deep.equal([
      change(
        PROD,
        'access-key-created',
        'user/kim',
        'AKIATHIRD0000001',
        'active key created 2026-11-22T09:00:00Z',
      ),
      change(
        PROD,
        'access-key-deleted',
        'user/kim',
        'AKIASECOND000001',
        'active key deleted (created 2025-02-01T00:00:00Z)',
      ),
    ]);
  });
});
