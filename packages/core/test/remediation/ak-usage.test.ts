import { expect } from 'chai';
import { accessKey, daysAgo, liveUser, planFor, summary, targetOf } from './support/live-users.js';

const DAY_MS = 86_400_000;

describe('planner: ak-usage (unused_days 45, grace_days 15, delete_after_days 30)', () => {
  const created = daysAgo(400);

  function userWithKey(lastUsed: Date | null, active = true, createdAt = created) {
    return liveUser('bob', {
      access_keys: [accessKey('AKIAIDLE', createdAt, { last_used_at: lastUsed, active })],
    });
  }

  function planKey(lastUsed: Date | null, active = true, createdAt = created) {
    const user = userWithKey(lastUsed, active, createdAt);
    return planFor('ak-usage', [targetOf(user, 'access_key_1', createdAt, lastUsed)], [user]);
  }

  it('does nothing for a key last used exactly 45 days ago (used since the report, for instance)', () => {
    // Act
    const plan = planKey(daysAgo(45));

    // Assess
    expect(summary(plan.decisions)).to.deep.equal(['skip not_due AKIAIDLE']);
  });

  it('warns for a key unused for 45 days and 1 ms, naming the deactivation date', () => {
    // Prepare
    const lastUsed = daysAgo(45, 1);

    // Act
    const plan = planKey(lastUsed);

    // Assess
    expect(summary(plan.decisions)).to.deep.equal(['warn AKIAIDLE']);
    expect(plan.decisions[0]?.next_step).to.deep.equal({
      action: 'deactivate_key',
      due_at: new Date(lastUsed.getTime() + 60 * DAY_MS),
    });
    expect(plan.decisions[0]?.reason).to.match(/deactivated after 2024-06-15/);
  });

  it('still warns at exactly 60 days unused', () => {
    // Act
    const plan = planKey(daysAgo(60));

    // Assess
    expect(summary(plan.decisions)).to.deep.equal(['warn AKIAIDLE']);
  });

  it('deactivates a key unused for 60 days and 1 ms, naming the deletion date', () => {
    // Prepare
    const lastUsed = daysAgo(60, 1);

    // Act
    const plan = planKey(lastUsed);

    // Assess
    expect(summary(plan.decisions)).to.deep.equal(['act deactivate_key AKIAIDLE']);
    expect(plan.decisions[0]?.action).to.deep.equal({ kind: 'deactivate_key', access_key_id: 'AKIAIDLE' });
    expect(plan.decisions[0]?.next_step).to.deep.equal({
      action: 'delete_key',
      due_at: new Date(lastUsed.getTime() + 90 * DAY_MS),
    });
  });

  it('dates a key never used from its creation', () => {
    // Act
    const warned = planKey(null, true, daysAgo(45, 1));
    const kept = planKey(null, true, daysAgo(45));

    // Assess
    expect(summary(warned.decisions)).to.deep.equal(['warn AKIAIDLE']);
    expect(warned.decisions[0]?.reason).to.match(/never used/);
    expect(summary(kept.decisions)).to.deep.equal(['skip not_due AKIAIDLE']);
  });

  describe('deleting an inactive key unused for more than 90 days', () => {
    it('leaves a key deactivated since the report until then, and says when it goes', () => {
      // Prepare
      const lastUsed = daysAgo(90);

      // Act
      const plan = planKey(lastUsed, false);

      // Assess
      expect(summary(plan.decisions)).to.deep.equal(['skip not_due AKIAIDLE']);
      expect(plan.decisions[0]?.next_step).to.deep.equal({
        action: 'delete_key',
        due_at: new Date(lastUsed.getTime() + 90 * DAY_MS),
      });
    });

    it('deletes a key the finding named at 90 days and 1 ms unused', () => {
      // Act
      const plan = planKey(daysAgo(90, 1), false);

      // Assess
      expect(summary(plan.decisions)).to.deep.equal(['act delete_key AKIAIDLE']);
    });

    it('finds an inactive key no finding names (the queries return active keys only) once due', () => {
      // Prepare
      const due = userWithKey(daysAgo(90, 1), false);
      const notYet = liveUser('carol', {
        access_keys: [accessKey('AKIAWAIT', created, { last_used_at: daysAgo(90), active: false })],
      });

      // Act
      const plan = planFor('ak-usage', [], [due, notYet]);

      // Assess
      expect(summary(plan.decisions)).to.deep.equal(['act delete_key AKIAIDLE']);
      expect(plan.decisions[0]).to.deep.include({
        finding: 'ak-usage',
        user_name: 'bob',
        credential: 'access_key',
      });
    });

    it('plans the inactive key of a user whose active key is a target as well', () => {
      // Prepare
      const user = liveUser('bob', {
        access_keys: [
          accessKey('AKIAACTIVE', created, { last_used_at: daysAgo(50) }),
          accessKey('AKIAINACTIVE', created, { last_used_at: daysAgo(100), active: false }),
        ],
      });

      // Act
      const plan = planFor('ak-usage', [targetOf(user, 'access_key_1', created)], [user]);

      // Assess: both keys were created in the same second, so the finding's key cannot be told apart.
      expect(summary(plan.decisions)).to.deep.equal([
        'skip credential_unidentified access_key_1',
        'act delete_key AKIAINACTIVE',
      ]);
    });
  });
});
