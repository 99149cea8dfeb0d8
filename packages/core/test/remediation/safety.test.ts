import { expect } from 'chai';
import { planRemediations, type Config, type LiveUserState } from '../../src/index.js';
import {
  accessKey,
  ACCOUNT,
  AS_OF,
  daysAgo,
  enforcing,
  liveUser,
  OTHER_ACCOUNT,
  planFor,
  summary,
  targetOf,
} from './support/live-users.js';

/** A user whose only key was unused for 100 days: ak-usage deactivates it. */
function idleUser(name: string, overrides: Partial<LiveUserState> = {}, account = ACCOUNT): LiveUserState {
  return liveUser(
    name,
    {
      access_keys: [accessKey(`AKIA${name.toUpperCase()}`, daysAgo(400), { last_used_at: daysAgo(100) })],
      ...overrides,
    },
    account,
  );
}

function planIdle(users: readonly LiveUserState[], config: Config = enforcing()) {
  const targets = users.map((user) => targetOf(user, 'access_key_1', daysAgo(400)));
  return planFor('ak-usage', targets, users, config);
}

describe('planner: safety rules', () => {
  it('acts on an idle key when no rule holds it back (the baseline the rules below change)', () => {
    // Act
    const plan = planIdle([idleUser('bob')]);

    // Assess
    expect(summary(plan.decisions)).to.deep.equal(['act deactivate_key AKIABOB']);
  });

  describe('1. never the root user', () => {
    it('only reports the root user, by its report name', () => {
      // Prepare
      const root = idleUser('x', { user_name: '<root_account>', user_arn: `arn:aws:iam::${ACCOUNT}:root` });

      // Act
      const plan = planIdle([root]);

      // Assess
      expect(summary(plan.decisions)).to.deep.equal(['skip root_user access_key_1']);
      expect(plan.decisions[0]?.reason).to.match(/root user is never remediated/);
    });

    it('recognises the root user by its ARN alone', () => {
      // Prepare
      const root = idleUser('x', { user_arn: `arn:aws:iam::${ACCOUNT}:root` });

      // Act
      const plan = planIdle([root]);

      // Assess
      expect(summary(plan.decisions)).to.deep.equal(['skip root_user access_key_1']);
    });

    it('never deletes an inactive root key found in live state', () => {
      // Prepare
      const root = liveUser('<root_account>', {
        user_arn: `arn:aws:iam::${ACCOUNT}:root`,
        access_keys: [accessKey('AKIAROOT', daysAgo(400), { active: false, last_used_at: daysAgo(300) })],
      });

      // Act
      const plan = planFor('ak-usage', [], [root]);

      // Assess
      expect(plan.decisions).to.deep.equal([]);
    });

    it('puts the root rule first: a root user in exclude_users is skipped as root', () => {
      // Prepare
      const root = idleUser('x', { user_name: '<root_account>', user_arn: `arn:aws:iam::${ACCOUNT}:root` });

      // Act
      const plan = planIdle([root], enforcing({ include_users: ['bob'] }));

      // Assess
      expect(summary(plan.decisions)).to.deep.equal(['skip root_user access_key_1']);
    });
  });

  describe('2. include and exclude lists', () => {
    it('skips a user excluded by name, in every account', () => {
      // Act
      const plan = planIdle(
        [idleUser('bob'), idleUser('bob', {}, OTHER_ACCOUNT), idleUser('carol')],
        enforcing({ exclude_users: ['bob'] }),
      );

      // Assess
      expect(summary(plan.decisions)).to.deep.equal([
        'skip excluded_user access_key_1',
        'skip excluded_user access_key_1',
        'act deactivate_key AKIACAROL',
      ]);
    });

    it('skips a user excluded by ARN, in that account only', () => {
      // Act
      const plan = planIdle(
        [idleUser('bob'), idleUser('bob', {}, OTHER_ACCOUNT)],
        enforcing({ exclude_users: [`arn:aws:iam::${ACCOUNT}:user/bob`] }),
      );

      // Assess
      expect(summary(plan.decisions)).to.deep.equal([
        'skip excluded_user access_key_1',
        'act deactivate_key AKIABOB',
      ]);
    });

    it('with include_users set, acts only on the users it names (by name or ARN)', () => {
      // Prepare
      const config = enforcing({ include_users: ['bob', `arn:aws:iam::${ACCOUNT}:user/carol`] });

      // Act
      const plan = planIdle([idleUser('bob'), idleUser('carol'), idleUser('dave')], config);

      // Assess
      expect(summary(plan.decisions)).to.deep.equal([
        'act deactivate_key AKIABOB',
        'act deactivate_key AKIACAROL',
        'skip not_included access_key_1',
      ]);
    });

    it('matches names as IAM does, whatever their case: exclude_users "Pathy" excludes pathy', () => {
      // Act
      const plan = planIdle(
        [idleUser('pathy'), idleUser('carol')],
        enforcing({ exclude_users: ['Pathy'], include_users: ['PATHY', 'Carol'] }),
      );

      // Assess
      expect(summary(plan.decisions)).to.deep.equal([
        'skip excluded_user access_key_1',
        'act deactivate_key AKIACAROL',
      ]);
    });

    it('matches an ARN whatever the path either names: the user, its account and partition', () => {
      // Prepare: the user lives under /team/; the entries name it with no path, another path, another case
      const withPath = (name: string, account = ACCOUNT) => ({
        ...idleUser(name, {}, account),
        user_arn: `arn:aws:iam::${account}:user/team/${name}`,
      });
      const config = enforcing({
        exclude_users: [
          `arn:aws:iam::${ACCOUNT}:user/pathy2`,
          `arn:aws:iam::${ACCOUNT}:user/ops/Pathy3`,
          `arn:aws-cn:iam::${ACCOUNT}:user/pathy4`,
        ],
      });

      // Act
      const plan = planIdle(
        [withPath('pathy2'), withPath('pathy3'), withPath('pathy4'), withPath('pathy2', OTHER_ACCOUNT)],
        config,
      );

      // Assess: another partition or account is another user
      expect(summary(plan.decisions)).to.deep.equal([
        'skip excluded_user access_key_1',
        'skip excluded_user access_key_1',
        'act deactivate_key AKIAPATHY4',
        'act deactivate_key AKIAPATHY2',
      ]);
    });

    it('lets exclude_users win over include_users', () => {
      // Act
      const plan = planIdle([idleUser('bob')], enforcing({ include_users: ['bob'], exclude_users: ['bob'] }));

      // Assess
      expect(summary(plan.decisions)).to.deep.equal(['skip excluded_user access_key_1']);
    });

    it('applies the lists to keys no finding names too', () => {
      // Prepare
      const user = liveUser('bob', {
        access_keys: [accessKey('AKIAOLD', daysAgo(400), { active: false, last_used_at: daysAgo(300) })],
      });

      // Act
      const excluded = planFor('ak-usage', [], [user], enforcing({ exclude_users: ['bob'] }));
      const notIncluded = planFor('ak-usage', [], [user], enforcing({ include_users: ['carol'] }));

      // Assess
      expect(excluded.decisions).to.deep.equal([]);
      expect(notIncluded.decisions).to.deep.equal([]);
    });
  });

  describe('3. the exempt tag credential-tracker:exempt = true', () => {
    it('skips a user tagged true, whatever its case', () => {
      // Act
      const plan = planIdle([
        idleUser('bob', { tags: { 'credential-tracker:exempt': 'true' } }),
        idleUser('carol', { tags: { 'credential-tracker:exempt': 'True' } }),
      ]);

      // Assess
      expect(summary(plan.decisions)).to.deep.equal([
        'skip exempt_tag access_key_1',
        'skip exempt_tag access_key_1',
      ]);
    });

    it('reads the tag key whatever its case, as IAM does (Credential-Tracker:Exempt is the same key)', () => {
      // Act
      const plan = planIdle([
        idleUser('bob', { tags: { 'Credential-Tracker:Exempt': 'true' } }),
        idleUser('carol', { tags: { 'CREDENTIAL-TRACKER:EXEMPT': ' TRUE ' } }),
      ]);

      // Assess
      expect(summary(plan.decisions)).to.deep.equal([
        'skip exempt_tag access_key_1',
        'skip exempt_tag access_key_1',
      ]);
    });

    it('does not exempt a user tagged false or with another tag', () => {
      // Act
      const plan = planIdle([
        idleUser('bob', { tags: { 'credential-tracker:exempt': 'false' } }),
        idleUser('carol', { tags: { exempt: 'true' } }),
      ]);

      // Assess
      expect(summary(plan.decisions)).to.deep.equal([
        'act deactivate_key AKIABOB',
        'act deactivate_key AKIACAROL',
      ]);
    });

    it('puts the lists before the tag', () => {
      // Act
      const plan = planIdle(
        [idleUser('bob', { tags: { 'credential-tracker:exempt': 'true' } })],
        enforcing({ exclude_users: ['bob'] }),
      );

      // Assess
      expect(summary(plan.decisions)).to.deep.equal(['skip excluded_user access_key_1']);
    });
  });

  describe('4. exempt groups', () => {
    it('skips a member of an exempt group and no one else', () => {
      // Prepare
      const config = enforcing({ exempt_groups: ['break-glass'] });

      // Act
      const plan = planIdle(
        [
          idleUser('bob', { groups: ['developers', 'break-glass'] }),
          idleUser('carol', { groups: ['developers'] }),
        ],
        config,
      );

      // Assess
      expect(summary(plan.decisions)).to.deep.equal([
        'skip exempt_group access_key_1',
        'act deactivate_key AKIACAROL',
      ]);
      expect(plan.decisions[0]?.reason).to.match(/exempt group break-glass/);
    });

    it('matches group names whatever their case: Break-Glass exempts a member of break-glass', () => {
      // Act
      const plan = planIdle(
        [idleUser('bob', { groups: ['break-glass'] }), idleUser('carol', { groups: ['BREAK-GLASS-2'] })],
        enforcing({ exempt_groups: ['Break-Glass'] }),
      );

      // Assess
      expect(summary(plan.decisions)).to.deep.equal([
        'skip exempt_group access_key_1',
        'act deactivate_key AKIACAROL',
      ]);
    });

    it('puts the tag before the groups', () => {
      // Act
      const plan = planIdle(
        [idleUser('bob', { tags: { 'credential-tracker:exempt': 'true' }, groups: ['break-glass'] })],
        enforcing({ exempt_groups: ['break-glass'] }),
      );

      // Assess
      expect(summary(plan.decisions)).to.deep.equal(['skip exempt_tag access_key_1']);
    });
  });

  describe('5. enforce', () => {
    it('is off by default: every action is only planned, the same action as with enforce on', () => {
      // Prepare
      const users = [idleUser('bob')];

      // Act
      const planned = planIdle(users, { ...enforcing(), enforce: false });
      const enforced = planIdle(users, enforcing());

      // Assess
      expect(planned.enforce).to.equal(false);
      expect(summary(planned.decisions)).to.deep.equal(['planned deactivate_key AKIABOB']);
      expect({ ...planned.decisions[0], outcome: 'act' }).to.deep.equal(enforced.decisions[0]);
    });

    it('leaves warnings and skips as they are', () => {
      // Prepare
      const warned = liveUser('carol', {
        access_keys: [accessKey('AKIACAROL', daysAgo(400), { last_used_at: daysAgo(50) })],
      });

      // Act
      const plan = planIdle([warned, idleUser('bob')], enforcing({ enforce: false, exclude_users: ['bob'] }));

      // Assess
      expect(summary(plan.decisions)).to.deep.equal(['warn AKIACAROL', 'skip excluded_user access_key_1']);
    });

    it('only plans, even with enforce on, for a user whose tags or groups are unknown', () => {
      // Act
      const plan = planIdle([
        idleUser('bob', { tags: null }),
        idleUser('carol', { groups: null }),
        idleUser('dave'),
      ]);

      // Assess
      expect(summary(plan.decisions)).to.deep.equal([
        'planned deactivate_key AKIABOB',
        'planned deactivate_key AKIACAROL',
        'act deactivate_key AKIADAVE',
      ]);
      expect(plan.decisions[0]?.reason).to.match(/exemptions could not be checked/);
      expect(plan.exemptions_unchecked).to.equal(true);
    });

    it('says when every exemption was checked', () => {
      // Act
      const plan = planIdle([idleUser('bob')]);

      // Assess
      expect(plan.exemptions_unchecked).to.equal(false);
    });
  });

  describe('6. the blast-radius limits', () => {
    it('defers what is past max_actions_per_account, in that account only, and alerts ops', () => {
      // Prepare
      const users = [idleUser('a1'), idleUser('a2'), idleUser('a3'), idleUser('b1', {}, OTHER_ACCOUNT)];

      // Act
      const plan = planIdle(users, enforcing({ max_actions_per_account: 2 }));

      // Assess
      expect(summary(plan.decisions)).to.deep.equal([
        'act deactivate_key AKIAA1',
        'act deactivate_key AKIAA2',
        'deferred deactivate_key AKIAA3',
        'act deactivate_key AKIAB1',
      ]);
      expect(plan.decisions[2]?.reason).to.match(/max_actions_per_account \(2\) in account 123456789012/);
      expect(plan.blast_radius).to.deep.include({
        deferred: 1,
        accounts_at_limit: [ACCOUNT],
        run_at_limit: false,
      });
      expect(plan.blast_radius.actions).to.deep.equal({
        run: 3,
        by_account: { [ACCOUNT]: 2, [OTHER_ACCOUNT]: 1 },
      });
      expect(plan.alert_ops).to.equal(true);
    });

    it('takes exactly max_actions_per_account without deferring or alerting', () => {
      // Act
      const plan = planIdle([idleUser('a1'), idleUser('a2')], enforcing({ max_actions_per_account: 2 }));

      // Assess
      expect(summary(plan.decisions)).to.deep.equal([
        'act deactivate_key AKIAA1',
        'act deactivate_key AKIAA2',
      ]);
      expect(plan.alert_ops).to.equal(false);
    });

    it('defers everything past max_actions_per_run, across accounts', () => {
      // Prepare
      const users = [idleUser('a1'), idleUser('b1', {}, OTHER_ACCOUNT), idleUser('a2')];

      // Act
      const plan = planIdle(users, enforcing({ max_actions_per_run: 2 }));

      // Assess
      expect(summary(plan.decisions)).to.deep.equal([
        'act deactivate_key AKIAA1',
        'act deactivate_key AKIAB1',
        'deferred deactivate_key AKIAA2',
      ]);
      expect(plan.blast_radius.run_at_limit).to.equal(true);
      expect(plan.decisions[2]?.reason).to.match(/max_actions_per_run \(2\)/);
    });

    it('counts the actions taken earlier in the run', () => {
      // Prepare
      const users = [idleUser('a1'), idleUser('a2')];

      // Act
      const plan = planRemediations({
        findings: [
          { finding: 'ak-usage', targets: users.map((user) => targetOf(user, 'access_key_1', daysAgo(400))) },
        ],
        users,
        config: enforcing({ max_actions_per_run: 50 }),
        asOf: AS_OF,
        actionsEarlierInRun: { run: 49, by_account: { [ACCOUNT]: 3 } },
      });

      // Assess
      expect(summary(plan.decisions)).to.deep.equal([
        'act deactivate_key AKIAA1',
        'deferred deactivate_key AKIAA2',
      ]);
      expect(plan.blast_radius.actions).to.deep.equal({ run: 50, by_account: { [ACCOUNT]: 4 } });
    });

    it('never splits the actions of one credential: deleting a blocking key and rotating go together', () => {
      // Prepare
      const created = daysAgo(100);
      const blocked = liveUser('bob', {
        access_keys: [
          accessKey('AKIAOLD', created),
          accessKey('AKIABLOCK', daysAgo(300), { active: false, last_used_at: daysAgo(200) }),
        ],
      });
      const later = idleUser('carol');

      // Act
      const plan = planRemediations({
        findings: [
          { finding: 'ak-rotation', targets: [targetOf(blocked, 'access_key_1', created)] },
          { finding: 'ak-usage', targets: [targetOf(later, 'access_key_1', daysAgo(400))] },
        ],
        users: [blocked, later],
        config: enforcing({ max_actions_per_account: 1 }),
        asOf: AS_OF,
      });

      // Assess: and once the limit stopped a group, the smaller one after it waits too.
      expect(summary(plan.decisions)).to.deep.equal([
        'deferred delete_key AKIABLOCK',
        'deferred create_key_and_store AKIAOLD',
        'deferred deactivate_key AKIACAROL',
      ]);
    });

    it('shows with enforce off what would be deferred, without alerting ops', () => {
      // Act
      const plan = planIdle(
        [idleUser('a1'), idleUser('a2')],
        enforcing({ enforce: false, max_actions_per_account: 1 }),
      );

      // Assess
      expect(summary(plan.decisions)).to.deep.equal([
        'planned deactivate_key AKIAA1',
        'deferred deactivate_key AKIAA2',
      ]);
      expect(plan.alert_ops).to.equal(false);
    });

    it('counts neither warnings nor skips', () => {
      // Prepare
      const warned = liveUser('carol', {
        access_keys: [accessKey('AKIACAROL', daysAgo(400), { last_used_at: daysAgo(50) })],
      });

      // Act
      const plan = planIdle([warned, idleUser('bob')], enforcing({ max_actions_per_account: 1 }));

      // Assess
      expect(summary(plan.decisions)).to.deep.equal(['warn AKIACAROL', 'act deactivate_key AKIABOB']);
    });
  });

  describe('7. live state re-checked (the report may be hours old)', () => {
    it('skips a user deleted since the report', () => {
      // Prepare
      const gone = idleUser('bob');

      // Act
      const plan = planFor('ak-usage', [targetOf(gone, 'access_key_1', daysAgo(400))], []);

      // Assess
      expect(summary(plan.decisions)).to.deep.equal(['skip user_gone access_key_1']);
    });

    it('skips a key rotated or deleted since the report', () => {
      // Prepare
      const user = liveUser('bob', { access_keys: [accessKey('AKIANEW', daysAgo(2))] });

      // Act
      const plan = planFor('ak-rotation', [targetOf(user, 'access_key_1', daysAgo(100))], [user]);

      // Assess
      expect(summary(plan.decisions)).to.deep.equal(['skip credential_gone access_key_1']);
      expect(plan.decisions[0]?.reason).to.match(/no longer exists: rotated or deleted since the report/);
    });

    it('does not deactivate a key deactivated since the report', () => {
      // Prepare
      const user = liveUser('bob', { access_keys: [accessKey('AKIAOLD', daysAgo(100), { active: false })] });

      // Act
      const plan = planFor('ak-rotation', [targetOf(user, 'access_key_1', daysAgo(100))], [user]);

      // Assess
      expect(summary(plan.decisions)).to.deep.equal(['skip already_inactive AKIAOLD']);
    });

    it('decides on the live last use, not the report: a key used since is left alone', () => {
      // Prepare: the report said 100 days unused; IAM says used yesterday.
      const user = liveUser('bob', {
        access_keys: [accessKey('AKIABOB', daysAgo(400), { last_used_at: daysAgo(1) })],
      });

      // Act
      const plan = planFor('ak-usage', [targetOf(user, 'access_key_1', daysAgo(400), daysAgo(100))], [user]);

      // Assess
      expect(summary(plan.decisions)).to.deep.equal(['skip not_due AKIABOB']);
    });

    it('finds a live key by its creation time to the second (IAM drops milliseconds)', () => {
      // Prepare
      const user = liveUser('bob', {
        access_keys: [
          accessKey('AKIABOB', new Date('2023-01-01T10:00:00.000Z'), { last_used_at: daysAgo(100) }),
        ],
      });

      // Act
      const plan = planFor(
        'ak-usage',
        [targetOf(user, 'access_key_1', new Date('2023-01-01T10:00:00.900Z'))],
        [user],
      );

      // Assess
      expect(summary(plan.decisions)).to.deep.equal(['act deactivate_key AKIABOB']);
    });

    it('skips a finding row without a creation time', () => {
      // Prepare
      const user = idleUser('bob');

      // Act
      const plan = planFor('ak-usage', [targetOf(user, 'access_key_1', null)], [user]);

      // Assess
      expect(summary(plan.decisions)).to.deep.equal(['skip credential_unidentified access_key_1']);
    });
  });

  it('acts once on a credential two findings ask for in the same plan', () => {
    // Prepare: a key both old and unused.
    const created = daysAgo(100);
    const user = liveUser('bob', {
      access_keys: [accessKey('AKIABOB', created, { last_used_at: daysAgo(99) })],
    });
    const target = targetOf(user, 'access_key_1', created);

    // Act
    const plan = planRemediations({
      findings: [
        { finding: 'ak-rotation', targets: [target] },
        { finding: 'ak-usage', targets: [target] },
      ],
      users: [user],
      config: enforcing(),
      asOf: AS_OF,
    });

    // Assess
    expect(summary(plan.decisions)).to.deep.equal([
      'act create_key_and_store AKIABOB',
      'skip already_decided AKIABOB',
    ]);
    expect(plan.decisions[1]?.reason).to.match(/ak-rotation \(create_key_and_store\) already acts/);
  });
});
