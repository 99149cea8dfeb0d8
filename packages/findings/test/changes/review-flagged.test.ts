import { expect } from 'chai';
import { change, PROD, runChanges, runFixtureChanges, snapshot, user } from '../support/change-harness.js';

describe('change query review-flagged', () => {
  it('names the user newly tagged credential-tracker:review=revoke, not the one tagged keep both days', async () => {
    // Act
    const rows = await runFixtureChanges('review-flagged');

    // Assess
    expect(rows).to.deep.equal([
      change(PROD, 'review-flagged', 'user/carol', 'revoke', 'credential-tracker:review set to revoke'),
    ]);
  });

  it('reports a value changed, a tag removed, and a new user created with the tag', async () => {
    // Prepare
    const previous = snapshot({
      users: [user('changed', { review: 'keep' }), user('cleared', { review: 'revoke' }), user('quiet')],
    });
    const today = snapshot({
      users: [
        user('changed', { review: 'revoke' }),
        user('cleared'),
        user('newcomer', { review: 'revoke' }),
        user('quiet'),
      ],
    });

    // Act
    const rows = await runChanges('review-flagged', [previous], [today]);

    // Assess
    expect(rows).to.deep.equal([
      change(
        PROD,
        'review-flagged',
        'user/changed',
        'revoke',
        'credential-tracker:review set to revoke (was keep)',
      ),
      change(PROD, 'review-cleared', 'user/cleared', 'revoke', 'credential-tracker:review revoke removed'),
      change(PROD, 'review-flagged', 'user/newcomer', 'revoke', 'credential-tracker:review set to revoke'),
    ]);
  });
});
