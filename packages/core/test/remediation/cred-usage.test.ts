import { expect } from 'chai';
import type { LiveLoginProfile } from '../../src/index.js';
import { daysAgo, liveUser, planFor, summary, targetOf } from './support/live-users.js';

const DAY_MS = 86_400_000;

describe('planner: cred-usage (unused_days 45, grace_days 15)', () => {
  function planPassword(profile: LiveLoginProfile | null) {
    const user = liveUser('dora', { login_profile: profile });
    return planFor('cred-usage', [targetOf(user, 'password', daysAgo(300))], [user]);
  }

  it('does nothing for a password last used exactly 45 days ago', () => {
    // Act
    const plan = planPassword({ created_at: daysAgo(300), last_used_at: daysAgo(45) });

    // Assess
    expect(summary(plan.decisions)).to.deep.equal(['skip not_due password']);
  });

  it('warns for a password unused for 45 days and 1 ms, naming when console access goes', () => {
    // Prepare
    const lastUsed = daysAgo(45, 1);

    // Act
    const plan = planPassword({ created_at: daysAgo(300), last_used_at: lastUsed });

    // Assess
    expect(summary(plan.decisions)).to.deep.equal(['warn password']);
    expect(plan.decisions[0]).to.deep.include({ credential: 'password', credential_id: null });
    expect(plan.decisions[0]?.next_step).to.deep.equal({
      action: 'delete_login_profile',
      due_at: new Date(lastUsed.getTime() + 60 * DAY_MS),
    });
  });

  it('still warns at exactly 60 days unused', () => {
    // Act
    const plan = planPassword({ created_at: daysAgo(300), last_used_at: daysAgo(60) });

    // Assess
    expect(summary(plan.decisions)).to.deep.equal(['warn password']);
  });

  it('deletes the login profile at 60 days and 1 ms unused', () => {
    // Act
    const plan = planPassword({ created_at: daysAgo(300), last_used_at: daysAgo(60, 1) });

    // Assess
    expect(summary(plan.decisions)).to.deep.equal(['act delete_login_profile password']);
    expect(plan.decisions[0]?.action).to.deep.equal({ kind: 'delete_login_profile' });
    expect(plan.decisions[0]?.next_step).to.equal(null);
  });

  it('dates a password never used from when it was set', () => {
    // Act
    const removed = planPassword({ created_at: daysAgo(60, 1), last_used_at: null });
    const warned = planPassword({ created_at: daysAgo(60), last_used_at: null });

    // Assess
    expect(summary(removed.decisions)).to.deep.equal(['act delete_login_profile password']);
    expect(summary(warned.decisions)).to.deep.equal(['warn password']);
  });

  it('skips a password removed since the report', () => {
    // Act
    const plan = planPassword(null);

    // Assess
    expect(summary(plan.decisions)).to.deep.equal(['skip credential_gone password']);
  });
});
