import { expect } from 'chai';
import { change, PROD, runChanges, runFixtureChanges, snapshot, user } from '../support/change-harness.js';

describe('change query users-added-removed', () => {
  it('names the user added and the user removed between the two fixture snapshots, nothing else', async () => {
    // Act
    const rows = await runFixtureChanges('users-added-removed');

    // Assess
    expect(rows).to.deep.equal([
      change(
        PROD,
        'user-removed',
        'user/dave',
        'AIDADAVEXXXXXXXXXXXXX',
        'user deleted (created 2024-05-20T11:00:00Z)',
      ),
      change(PROD, 'user-added', 'user/grace', 'AIDAGRACEXXXXXXXXXXXX', 'user created 2026-11-22T10:00:00Z'),
    ]);
  });

  it('reports a user deleted and created again under the same name as removed and added, by user id', async () => {
    // Prepare
    const before = user('frank', { user_id: 'AIDAFRANKOLDXXXXXXXX', created_at: '2024-01-01T00:00:00Z' });
    const after = user('frank', { user_id: 'AIDAFRANKNEWXXXXXXXX', created_at: '2026-11-22T12:00:00Z' });

    // Act
    const rows = await runChanges(
      'users-added-removed',
      [snapshot({ users: [before] })],
      [snapshot({ users: [after] })],
    );

    // Assess
    expect(rows).to.deep.equal([
      change(PROD, 'user-added', 'user/frank', 'AIDAFRANKNEWXXXXXXXX', 'user created 2026-11-22T12:00:00Z'),
      change(
        PROD,
        'user-removed',
        'user/frank',
        'AIDAFRANKOLDXXXXXXXX',
        'user deleted (created 2024-01-01T00:00:00Z)',
      ),
    ]);
  });

  it('compares only the accounts with a snapshot on both dates', async () => {
    // Prepare: an account seen for the first time, and one whose previous snapshot is missing today.
    const firstSeen = snapshot({ users: [user('new', { account_id: '444444444444' })] }, '444444444444');
    const gone = snapshot({ users: [user('old', { account_id: '555555555555' })] }, '555555555555');

    // Act
    const rows = await runChanges('users-added-removed', [gone], [firstSeen]);

    // Assess
    expect(rows).to.deep.equal([]);
  });

  it('compares with the snapshot given as previous_date, and with nothing when there is none', async () => {
    // Act
    const twoDaysBack = await runFixtureChanges('users-added-removed', { previousDate: '2026-11-21' });

    // Assess
    expect(twoDaysBack).to.deep.equal([]);
  });
});
