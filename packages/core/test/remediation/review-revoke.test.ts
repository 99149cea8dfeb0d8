import { expect } from 'chai';
import { planRemediations, type Config, type LiveUserState } from '../../src/index.js';
import {
  accessKey,
  ACCOUNT,
  AS_OF,
  daysAgo,
  enforcing,
  liveUser,
  planFor,
  summary,
  targetOf,
} from './support/live-users.js';

const DAY_MS = 86_400_000;
const REVOKE = { 'credential-tracker:review': 'revoke', email: 'owner@example.com' };

/** A user flagged for removal: a console password, two active keys and an inactive one. */
function flaggedUser(overrides: Partial<LiveUserState> = {}): LiveUserState {
  return liveUser('erin', {
    tags: REVOKE,
    login_profile: { created_at: daysAgo(300), last_used_at: daysAgo(2) },
    access_keys: [
      accessKey('AKIAERIN1', daysAgo(200), { last_used_at: daysAgo(1) }),
      accessKey('AKIAERIN2', daysAgo(20), { last_used_at: null }),
      accessKey('AKIAERIN3', daysAgo(400), { active: false, last_used_at: daysAgo(350) }),
    ],
    ...overrides,
  });
}

/** The finding row: the user, dated by its creation (the inventory's created_at). */
function planRevoke(user: LiveUserState, config: Config = enforcing()) {
  return planFor('review-revoke', [targetOf(user, 'user', daysAgo(500))], [user], config);
}

describe('planner: review-revoke (the owner tagged the user credential-tracker:review=revoke)', () => {
  it('removes the console password and deactivates each active key while the tag is there', () => {
    // Act
    const plan = planRevoke(flaggedUser());

    // Assess: the inactive key is left as it is
    expect(summary(plan.decisions)).to.deep.equal([
      'act delete_login_profile password',
      'act deactivate_key AKIAERIN1',
      'act deactivate_key AKIAERIN2',
    ]);
    expect(plan.decisions[0]).to.deep.include({
      finding: 'review-revoke',
      user_name: 'erin',
      credential: 'password',
      credential_id: null,
      action: { kind: 'delete_login_profile' },
      next_step: null,
    });
    expect(plan.decisions[0]?.reason).to.match(/tagged credential-tracker:review=revoke: console access/);
    expect(plan.decisions[1]).to.deep.include({
      credential: 'access_key',
      credential_id: 'AKIAERIN1',
      action: { kind: 'deactivate_key', access_key_id: 'AKIAERIN1' },
    });
  });

  it('names when ak-usage deletes each deactivated key: unused past unused_days + grace_days + delete_after_days', () => {
    // Act
    const plan = planRevoke(flaggedUser());

    // Assess: last used a day ago, and never used since its creation 20 days ago
    expect(plan.decisions[1]?.next_step).to.deep.equal({
      action: 'delete_key',
      due_at: new Date(daysAgo(1).getTime() + 90 * DAY_MS),
    });
    expect(plan.decisions[2]?.next_step).to.deep.equal({
      action: 'delete_key',
      due_at: new Date(daysAgo(20).getTime() + 90 * DAY_MS),
    });
    // A key idle for longer is due at the next run
    const idle = planRevoke(
      flaggedUser({ access_keys: [accessKey('AKIAIDLE', daysAgo(400), { last_used_at: daysAgo(200) })] }),
    );
    expect(idle.decisions[1]?.next_step).to.deep.equal({ action: 'delete_key', due_at: AS_OF });
  });

  it('reads the tag as the inventory does, whatever its case and spaces', () => {
    // Act
    const plan = planRevoke(flaggedUser({ tags: { 'credential-tracker:review': ' Revoke ' } }));

    // Assess
    expect(summary(plan.decisions)).to.have.length(3);
    expect(plan.decisions.every((decision) => decision.outcome === 'act')).to.be.true;
  });

  it('does nothing when the tag was removed or changed since the inventory', () => {
    // Act
    const removed = planRevoke(flaggedUser({ tags: { email: 'owner@example.com' } }));
    const changed = planRevoke(flaggedUser({ tags: { 'credential-tracker:review': 'keep' } }));

    // Assess
    expect(summary(removed.decisions)).to.deep.equal(['skip review_withdrawn user']);
    expect(removed.decisions[0]?.reason).to.match(/no longer tagged credential-tracker:review/);
    expect(summary(changed.decisions)).to.deep.equal(['skip review_withdrawn user']);
    expect(changed.decisions[0]?.reason).to.match(/is now "keep", not revoke/);
  });

  it('says so when nothing is left to disable', () => {
    // Act
    const plan = planRevoke(
      flaggedUser({
        login_profile: null,
        access_keys: [accessKey('AKIAOFF', daysAgo(100), { active: false })],
      }),
    );

    // Assess
    expect(summary(plan.decisions)).to.deep.equal(['skip already_inactive user']);
  });

  it('skips a user deleted since the inventory', () => {
    // Act
    const plan = planFor('review-revoke', [targetOf(flaggedUser(), 'user', daysAgo(500))], []);

    // Assess
    expect(summary(plan.decisions)).to.deep.equal(['skip user_gone user']);
  });

  describe('under every safety rule', () => {
    it('never acts on the root user', () => {
      // Prepare
      const root = flaggedUser({ user_name: '<root_account>', user_arn: `arn:aws:iam::${ACCOUNT}:root` });

      // Act
      const plan = planRevoke(root);

      // Assess
      expect(summary(plan.decisions)).to.deep.equal(['skip root_user user']);
    });

    it('leaves a user exempt by tag, by group or by exclude_users, and one include_users leaves out', () => {
      // Act
      const byTag = planRevoke(flaggedUser({ tags: { ...REVOKE, 'credential-tracker:exempt': 'true' } }));
      const byGroup = planRevoke(
        flaggedUser({ groups: ['break-glass'] }),
        enforcing({ exempt_groups: ['break-glass'] }),
      );
      const excluded = planRevoke(flaggedUser(), enforcing({ exclude_users: ['erin'] }));
      const notIncluded = planRevoke(flaggedUser(), enforcing({ include_users: ['someone-else'] }));

      // Assess
      expect(summary(byTag.decisions)).to.deep.equal(['skip exempt_tag user']);
      expect(summary(byGroup.decisions)).to.deep.equal(['skip exempt_group user']);
      expect(summary(excluded.decisions)).to.deep.equal(['skip excluded_user user']);
      expect(summary(notIncluded.decisions)).to.deep.equal(['skip not_included user']);
    });

    it('only plans with enforce off', () => {
      // Act
      const plan = planRevoke(flaggedUser(), enforcing({ enforce: false }));

      // Assess
      expect(summary(plan.decisions)).to.deep.equal([
        'planned delete_login_profile password',
        'planned deactivate_key AKIAERIN1',
        'planned deactivate_key AKIAERIN2',
      ]);
      expect(plan.enforce).to.be.false;
    });

    it('only plans when the tags and groups are unknown (a credential report)', () => {
      // Act
      const plan = planRevoke(flaggedUser({ tags: null, groups: null }));

      // Assess
      expect(summary(plan.decisions)).to.deep.equal([
        'planned delete_login_profile password',
        'planned deactivate_key AKIAERIN1',
        'planned deactivate_key AKIAERIN2',
      ]);
      expect(plan.exemptions_unchecked).to.be.true;
      expect(plan.decisions[0]?.reason).to.match(/live tags are unknown here.*planned only/);
    });

    it('takes each credential alone against the blast radius: some now, the rest deferred', () => {
      // Act
      const plan = planRevoke(flaggedUser(), enforcing({ max_actions_per_account: 2 }));

      // Assess: a limit below the user's three credentials never holds the whole revocation back
      expect(summary(plan.decisions)).to.deep.equal([
        'act delete_login_profile password',
        'act deactivate_key AKIAERIN1',
        'deferred deactivate_key AKIAERIN2',
      ]);
      expect(plan.alert_ops).to.be.true;
      expect(plan.blast_radius.actions).to.deep.equal({ run: 2, by_account: { [ACCOUNT]: 2 } });
    });

    it('counts the actions earlier remediations of the run took', () => {
      // Act
      const plan = planRemediations({
        findings: [{ finding: 'review-revoke', targets: [targetOf(flaggedUser(), 'user', daysAgo(500))] }],
        users: [flaggedUser()],
        config: enforcing({ max_actions_per_run: 3 }),
        asOf: AS_OF,
        actionsEarlierInRun: { run: 2, by_account: {} },
      });

      // Assess
      expect(summary(plan.decisions)).to.deep.equal([
        'act delete_login_profile password',
        'deferred deactivate_key AKIAERIN1',
        'deferred deactivate_key AKIAERIN2',
      ]);
    });

    it('does not act twice on a password another finding of the same plan removes', () => {
      // Prepare: cred-usage removes erin's unused password first (the CLI plans every finding at once)
      const user = flaggedUser({ login_profile: { created_at: daysAgo(300), last_used_at: daysAgo(100) } });

      // Act
      const plan = planRemediations({
        findings: [
          { finding: 'cred-usage', targets: [targetOf(user, 'password', daysAgo(300))] },
          { finding: 'review-revoke', targets: [targetOf(user, 'user', daysAgo(500))] },
        ],
        users: [user],
        config: enforcing(),
        asOf: AS_OF,
      });

      // Assess
      expect(summary(plan.decisions)).to.deep.equal([
        'act delete_login_profile password',
        'skip already_decided password',
        'act deactivate_key AKIAERIN1',
        'act deactivate_key AKIAERIN2',
      ]);
    });
  });
});
