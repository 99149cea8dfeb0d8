import { expect } from 'chai';
import type { Decision, LiveAccessKey, LiveUserState } from '../../src/index.js';
import type { RotationSecretState } from '../../src/remediation/live-state.js';
import {
  accessKey,
  AS_OF,
  DAY_MS,
  daysAgo,
  daysFromNow,
  enforcing,
  liveUser,
  planFor,
  summary,
  targetOf,
} from './support/live-users.js';

describe('planner: ak-rotation', () => {
  describe('creating the new key (rotation_days 90)', () => {
    it('does nothing for a key exactly 90 days old', () => {
      // Prepare
      const created = daysAgo(90);
      const user = liveUser('alice', { access_keys: [accessKey('AKIAOLD', created)] });

      // Act
      const plan = planFor('ak-rotation', [targetOf(user, 'access_key_1', created)], [user]);

      // Assess
      expect(summary(plan.decisions)).to.deep.equal(['skip not_due AKIAOLD']);
    });

    it('creates and stores a new key for a key 90 days and 1 ms old, and says when the old one goes', () => {
      // Prepare
      const created = daysAgo(90, 1);
      const user = liveUser('alice', { access_keys: [accessKey('AKIAOLD', created)] });
      const config = enforcing({ admin_principals: ['arn:aws:iam::999999999999:role/SecurityAdmin'] });

      // Act
      const plan = planFor('ak-rotation', [targetOf(user, 'access_key_1', created)], [user], config);

      // Assess
      expect(plan.decisions).to.have.length(1);
      const [decision] = plan.decisions;
      expect(decision).to.deep.include({
        finding: 'ak-rotation',
        outcome: 'act',
        account_id: user.account_id,
        user_name: 'alice',
        user_arn: user.user_arn,
        credential: 'access_key_1',
        credential_id: 'AKIAOLD',
        skip_reason: null,
      });
      expect(decision?.action).to.deep.equal({
        kind: 'create_key_and_store',
        previous_access_key_id: 'AKIAOLD',
        secret_name: 'credential-tracker/alice',
        secret_readers: [user.user_arn, 'arn:aws:iam::999999999999:role/SecurityAdmin'],
      });
      expect(decision?.next_step).to.deep.equal({ action: 'deactivate_key', due_at: daysFromNow(15) });
      expect(decision?.reason).to.match(/AKIAOLD is 90 days old \(rotation_days 90\)/);
      expect(decision?.reason).to.match(/stored in Secrets Manager as credential-tracker\/alice/);
      expect(decision?.reason).to.match(/deactivated after 2024-06-16/);
    });

    it('follows rotation_days from the configuration', () => {
      // Prepare
      const created = daysAgo(31);
      const user = liveUser('alice', { access_keys: [accessKey('AKIAOLD', created)] });

      // Act
      const plan = planFor(
        'ak-rotation',
        [targetOf(user, 'access_key_1', created)],
        [user],
        enforcing({ rotation_days: 30 }),
      );

      // Assess
      expect(summary(plan.decisions)).to.deep.equal(['act create_key_and_store AKIAOLD']);
    });

    it('warns instead of rotating when the user name cannot name a secret', () => {
      // Prepare
      const created = daysAgo(100);
      const user = liveUser('smith,john', { access_keys: [accessKey('AKIAOLD', created)] });

      // Act
      const plan = planFor('ak-rotation', [targetOf(user, 'access_key_1', created)], [user]);

      // Assess
      expect(summary(plan.decisions)).to.deep.equal(['warn AKIAOLD']);
      expect(plan.decisions[0]?.reason).to.match(/not a valid Secrets Manager name/);
    });
  });

  describe('deactivating the old key once the newer key is older than grace_days (15)', () => {
    const oldCreated = daysAgo(120);

    function userWithNewerKey(newerCreated: Date) {
      return liveUser('alice', {
        access_keys: [accessKey('AKIAOLD', oldCreated), accessKey('AKIANEW', newerCreated)],
        rotation_secret: { stored_access_key_id: 'AKIANEW', rotation_started_for: null },
      });
    }

    it('warns while the newer key is exactly 15 days old, naming the deactivation date', () => {
      // Prepare
      const user = userWithNewerKey(daysAgo(15));

      // Act
      const plan = planFor('ak-rotation', [targetOf(user, 'access_key_1', oldCreated)], [user]);

      // Assess
      expect(summary(plan.decisions)).to.deep.equal(['warn AKIAOLD']);
      expect(plan.decisions[0]?.next_step).to.deep.equal({ action: 'deactivate_key', due_at: AS_OF });
      expect(plan.decisions[0]?.reason).to.match(/AKIAOLD is deactivated after 2024-06-01/);
    });

    it('deactivates the old key when the newer key is 15 days and 1 ms old', () => {
      // Prepare
      const newerCreated = daysAgo(15, 1);
      const user = userWithNewerKey(newerCreated);

      // Act
      const plan = planFor('ak-rotation', [targetOf(user, 'access_key_1', oldCreated)], [user]);

      // Assess
      expect(summary(plan.decisions)).to.deep.equal(['act deactivate_key AKIAOLD']);
      expect(plan.decisions[0]?.action).to.deep.equal({ kind: 'deactivate_key', access_key_id: 'AKIAOLD' });
      expect(plan.decisions[0]?.next_step).to.deep.equal({
        action: 'delete_key',
        due_at: new Date(newerCreated.getTime() + 45 * 86_400_000),
      });
    });

    it('treats a newer key the user created themselves as the new key too', () => {
      // Prepare: no rotation was started by the tracker, the secret holds nothing.
      const user = liveUser('alice', {
        access_keys: [accessKey('AKIAOLD', oldCreated), accessKey('AKIAOWN', daysAgo(20))],
      });

      // Act
      const plan = planFor('ak-rotation', [targetOf(user, 'access_key_1', oldCreated)], [user]);

      // Assess
      expect(summary(plan.decisions)).to.deep.equal(['act deactivate_key AKIAOLD']);
    });
  });

  describe('deleting the old key once the newer key is older than grace_days + delete_after_days (45)', () => {
    const oldCreated = daysAgo(150);

    function userAfterDeactivation(newerCreated: Date) {
      return liveUser('alice', {
        // Last used before any of these deactivations was due: the delay runs from the due date.
        access_keys: [
          accessKey('AKIAOLD', oldCreated, { active: false, last_used_at: daysAgo(60) }),
          accessKey('AKIANEW', newerCreated),
        ],
        rotation_secret: { stored_access_key_id: 'AKIANEW', rotation_started_for: null },
      });
    }

    it('plans nothing while the newer key is exactly 45 days old (no finding names an inactive key)', () => {
      // Prepare
      const user = userAfterDeactivation(daysAgo(45));

      // Act
      const plan = planFor('ak-rotation', [], [user]);

      // Assess
      expect(plan.decisions).to.deep.equal([]);
    });

    it('deletes the inactive old key when the newer key is 45 days and 1 ms old', () => {
      // Prepare
      const user = userAfterDeactivation(daysAgo(45, 1));

      // Act
      const plan = planFor('ak-rotation', [], [user]);

      // Assess
      expect(summary(plan.decisions)).to.deep.equal(['act delete_key AKIAOLD']);
      expect(plan.decisions[0]).to.deep.include({
        credential: 'access_key',
        user_name: 'alice',
        next_step: null,
      });
    });

    it('never deletes an inactive key that has no newer active key', () => {
      // Prepare
      const user = liveUser('alice', {
        access_keys: [
          accessKey('AKIAOLD', oldCreated, { active: false }),
          accessKey('AKIAOLDER', daysAgo(400)),
        ],
      });

      // Act
      const plan = planFor('ak-rotation', [], [user]);

      // Assess
      expect(plan.decisions).to.deep.equal([]);
    });

    it('says when a key the finding named active, deactivated since the report, will be deleted', () => {
      // Prepare
      const newerCreated = daysAgo(20);
      const user = userAfterDeactivation(newerCreated);

      // Act
      const plan = planFor('ak-rotation', [targetOf(user, 'access_key_1', oldCreated)], [user]);

      // Assess
      expect(summary(plan.decisions)).to.deep.equal(['skip not_due AKIAOLD']);
      expect(plan.decisions[0]?.reason).to.match(/deactivated since the report/);
      expect(plan.decisions[0]?.next_step).to.deep.equal({
        action: 'delete_key',
        due_at: new Date(newerCreated.getTime() + 45 * 86_400_000),
      });
    });
  });

  describe('holding the deactivation of an old key still in use (max_in_use_hold_days 30)', () => {
    const oldCreated = daysAgo(120);
    // The newer key is 20 days old: the deactivation was due 5 days ago, the hold ends in 25 days.
    const newerCreated = daysAgo(20);

    function userStillOnOldKey(
      old: Partial<LiveAccessKey>,
      newer: Partial<LiveAccessKey> = { last_used_at: null },
      created = newerCreated,
    ) {
      return liveUser('alice', {
        access_keys: [
          accessKey('AKIAOLD', oldCreated, { last_used_at: daysAgo(1), ...old }),
          accessKey('AKIANEW', created, { last_used_service: null, last_used_region: null, ...newer }),
        ],
        rotation_secret: { stored_access_key_id: 'AKIANEW', rotation_started_for: null },
      });
    }

    const planOld = (user: LiveUserState, config = enforcing()) =>
      planFor('ak-rotation', [targetOf(user, 'access_key_1', oldCreated)], [user], config);

    const alertsOps = (decision: Decision | undefined) =>
      decision !== undefined && 'alert_ops' in decision && decision.alert_ops === true;

    it('holds it when it was used after the new key was created and the new key never was, telling owner and ops', () => {
      // Prepare
      const user = userStillOnOldKey({ last_used_at: daysAgo(1) });

      // Act
      const plan = planOld(user);

      // Assess
      expect(summary(plan.decisions)).to.deep.equal(['warn AKIAOLD']);
      const [held] = plan.decisions;
      expect(held?.reason).to.include(
        'access key AKIAOLD of user alice is still in use on 2024-05-31 via s3 in eu-west-1; the new key AKIANEW was never used',
      );
      expect(held?.reason).to.match(/due after 2024-05-27, is held/);
      expect(held?.reason).to.match(
        /deactivates AKIAOLD anyway after 2024-06-26 \(max_in_use_hold_days 30\)/,
      );
      expect(held?.next_step).to.deep.equal({ action: 'deactivate_key', due_at: daysFromNow(25) });
      expect(alertsOps(held)).to.equal(true);
    });

    it('holds it when it was used within the last day', () => {
      // Prepare
      const user = userStillOnOldKey({ last_used_at: daysAgo(0, 3_600_000) });

      // Act
      const plan = planOld(user);

      // Assess
      expect(summary(plan.decisions)).to.deep.equal(['warn AKIAOLD']);
      expect(plan.decisions[0]?.reason).to.match(/still in use on 2024-05-31/);
    });

    it('holds it when used 1 ms after the new key was created, not when used at that very instant', () => {
      // Prepare
      const after = userStillOnOldKey({ last_used_at: new Date(newerCreated.getTime() + 1) });
      const at = userStillOnOldKey({ last_used_at: newerCreated });

      // Act
      const held = planOld(after);
      const deactivated = planOld(at);

      // Assess
      expect(summary(held.decisions)).to.deep.equal(['warn AKIAOLD']);
      expect(summary(deactivated.decisions)).to.deep.equal(['act deactivate_key AKIAOLD']);
    });

    it('deactivates it when it was last used before the new key was created', () => {
      // Prepare
      const user = userStillOnOldKey({ last_used_at: daysAgo(25) });

      // Act
      const plan = planOld(user);

      // Assess
      expect(summary(plan.decisions)).to.deep.equal(['act deactivate_key AKIAOLD']);
    });

    it('deactivates it when it was never used', () => {
      // Prepare
      const user = userStillOnOldKey({ last_used_at: null, last_used_service: null, last_used_region: null });

      // Act
      const plan = planOld(user);

      // Assess
      expect(summary(plan.decisions)).to.deep.equal(['act deactivate_key AKIAOLD']);
    });

    it('deactivates it when the new key was used, even if the old one was used yesterday', () => {
      // Prepare
      const user = userStillOnOldKey({ last_used_at: daysAgo(1) }, { last_used_at: daysAgo(2) });

      // Act
      const plan = planOld(user);

      // Assess
      expect(summary(plan.decisions)).to.deep.equal(['act deactivate_key AKIAOLD']);
    });

    it('does not hold before the deactivation is due: it warns as usual', () => {
      // Prepare
      const user = userStillOnOldKey({ last_used_at: daysAgo(1) }, { last_used_at: null }, daysAgo(10));

      // Act
      const plan = planOld(user);

      // Assess
      expect(summary(plan.decisions)).to.deep.equal(['warn AKIAOLD']);
      expect(plan.decisions[0]?.next_step).to.deep.equal({
        action: 'deactivate_key',
        due_at: daysFromNow(5),
      });
      expect(alertsOps(plan.decisions[0])).to.equal(false);
    });

    it('names an unknown service and region as such', () => {
      // Prepare
      const user = userStillOnOldKey({ last_used_service: null, last_used_region: null });

      // Act
      const plan = planOld(user);

      // Assess
      expect(plan.decisions[0]?.reason).to.match(/via an unknown service in an unknown region/);
    });

    it('still holds it on the last day of the hold (exactly 30 days after the deactivation was due)', () => {
      // Prepare: the newer key is 45 days old, the deactivation was due 30 days ago.
      const user = userStillOnOldKey({ last_used_at: daysAgo(1) }, { last_used_at: null }, daysAgo(45));

      // Act
      const plan = planOld(user);

      // Assess
      expect(summary(plan.decisions)).to.deep.equal(['warn AKIAOLD']);
      expect(plan.decisions[0]?.next_step).to.deep.equal({ action: 'deactivate_key', due_at: AS_OF });
      expect(alertsOps(plan.decisions[0])).to.equal(true);
    });

    it('deactivates it in use 1 ms after the hold, saying so and how to turn it back on until its deletion', () => {
      // Prepare
      const lastUsed = daysAgo(1);
      const user = userStillOnOldKey({ last_used_at: lastUsed }, { last_used_at: null }, daysAgo(45, 1));

      // Act
      const plan = planOld(user);

      // Assess
      expect(summary(plan.decisions)).to.deep.equal(['act deactivate_key AKIAOLD']);
      const [deactivation] = plan.decisions;
      expect(deactivation?.reason).to.match(/has been held for max_in_use_hold_days \(30\)/);
      expect(deactivation?.reason).to.match(/policy wins and it is deactivated now, in use/);
      expect(deactivation?.reason).to.include(
        'aws iam update-access-key --user-name alice --access-key-id AKIAOLD --status Active (possible until it is deleted after 2024-06-30)',
      );
      // The deletion runs from the last use, not from the deactivation's first due date.
      expect(deactivation?.next_step).to.deep.equal({
        action: 'delete_key',
        due_at: new Date(lastUsed.getTime() + 30 * DAY_MS),
      });
    });

    it('follows max_in_use_hold_days from the configuration', () => {
      // Prepare: due 5 days ago; a hold of 5 days ends now, one of 4 days has ended.
      const user = userStillOnOldKey({ last_used_at: daysAgo(1) });

      // Act
      const five = planOld(user, enforcing({ max_in_use_hold_days: 5 }));
      const four = planOld(user, enforcing({ max_in_use_hold_days: 4 }));

      // Assess
      expect(summary(five.decisions)).to.deep.equal(['warn AKIAOLD']);
      expect(five.decisions[0]?.next_step).to.deep.equal({ action: 'deactivate_key', due_at: AS_OF });
      expect(summary(four.decisions)).to.deep.equal(['act deactivate_key AKIAOLD']);
    });

    it('never deactivates it in use with never_deactivate_in_use_keys, however long after the hold', () => {
      // Prepare: the deactivation was due 85 days ago, far past any hold.
      const user = userStillOnOldKey({ last_used_at: daysAgo(1) }, { last_used_at: null }, daysAgo(100));

      // Act
      const plan = planOld(user, enforcing({ never_deactivate_in_use_keys: true }));

      // Assess
      expect(summary(plan.decisions)).to.deep.equal(['warn AKIAOLD']);
      expect(plan.decisions[0]?.reason).to.match(
        /is held until a human acts \(never_deactivate_in_use_keys\)/,
      );
      expect(plan.decisions[0]?.reason).to.include(
        'aws iam update-access-key --user-name alice --access-key-id AKIAOLD --status Inactive',
      );
      expect(plan.decisions[0]?.next_step).to.equal(null);
      expect(alertsOps(plan.decisions[0])).to.equal(true);
    });

    it('deactivates a key no longer in use with never_deactivate_in_use_keys, as usual', () => {
      // Prepare
      const user = userStillOnOldKey({ last_used_at: daysAgo(25) });

      // Act
      const plan = planOld(user, enforcing({ never_deactivate_in_use_keys: true }));

      // Assess
      expect(summary(plan.decisions)).to.deep.equal(['act deactivate_key AKIAOLD']);
      expect(plan.decisions[0]?.reason).to.match(/--status Active \(possible until it is deleted after/);
    });
  });

  describe('deleting an old key used after its deactivation was due (delete_after_days 30)', () => {
    const oldCreated = daysAgo(200);

    function userDeactivatedLate(lastUsed: Date, newerCreated = daysAgo(100)) {
      return liveUser('alice', {
        access_keys: [
          accessKey('AKIAOLD', oldCreated, { active: false, last_used_at: lastUsed }),
          accessKey('AKIANEW', newerCreated, { last_used_at: null }),
        ],
        rotation_secret: { stored_access_key_id: 'AKIANEW', rotation_started_for: null },
      });
    }

    it('waits delete_after_days after its last use, not after the first due date', () => {
      // Prepare: due 85 days ago (grace + delete_after long passed), last used 10 days ago.
      const user = userDeactivatedLate(daysAgo(10));

      // Act
      const plan = planFor('ak-rotation', [targetOf(user, 'access_key_1', oldCreated)], [user]);

      // Assess
      expect(summary(plan.decisions)).to.deep.equal(['skip not_due AKIAOLD']);
      expect(plan.decisions[0]?.next_step).to.deep.equal({ action: 'delete_key', due_at: daysFromNow(20) });
      expect(plan.decisions[0]?.reason).to.match(
        /later of its due deactivation, 2024-03-08, and its last use, 2024-05-22/,
      );
    });

    it('plans nothing exactly 30 days after its last use, and deletes it 1 ms later', () => {
      // Prepare
      const waiting = userDeactivatedLate(daysAgo(30));
      const done = userDeactivatedLate(daysAgo(30, 1));

      // Act
      const waitingPlan = planFor('ak-rotation', [], [waiting]);
      const donePlan = planFor('ak-rotation', [], [done]);

      // Assess
      expect(waitingPlan.decisions).to.deep.equal([]);
      expect(summary(donePlan.decisions)).to.deep.equal(['act delete_key AKIAOLD']);
    });
  });

  describe('never a third key', () => {
    it('warns when the key due for rotation is the newer of two active keys', () => {
      // Prepare
      const created = daysAgo(100);
      const user = liveUser('alice', {
        access_keys: [accessKey('AKIAFIRST', daysAgo(300)), accessKey('AKIASECOND', created)],
      });

      // Act
      const plan = planFor('ak-rotation', [targetOf(user, 'access_key_2', created)], [user]);

      // Assess
      expect(summary(plan.decisions)).to.deep.equal(['warn AKIASECOND']);
      expect(plan.decisions[0]?.reason).to.match(/two active keys .* never given a third/);
    });
  });

  describe('an inactive second key that blocks the rotation (delete_after_days 30)', () => {
    const created = daysAgo(100);

    function userWithInactiveKey(lastUsed: Date | null, blockerCreated = daysAgo(200)) {
      return liveUser('alice', {
        access_keys: [
          accessKey('AKIAOLD', created),
          accessKey('AKIABLOCK', blockerCreated, { active: false, last_used_at: lastUsed }),
        ],
      });
    }

    it('blocks the rotation and says when the blocking key may go, when it was used exactly 30 days ago', () => {
      // Prepare
      const user = userWithInactiveKey(daysAgo(30));

      // Act
      const plan = planFor('ak-rotation', [targetOf(user, 'access_key_1', created)], [user]);

      // Assess
      expect(summary(plan.decisions)).to.deep.equal(['warn AKIAOLD']);
      expect(plan.decisions[0]?.reason).to.match(/blocked/);
      expect(plan.decisions[0]?.next_step).to.deep.equal({ action: 'delete_key', due_at: AS_OF });
    });

    it('deletes the blocking key, then rotates, when it was unused for 30 days and 1 ms', () => {
      // Prepare
      const user = userWithInactiveKey(daysAgo(30, 1));

      // Act
      const plan = planFor('ak-rotation', [targetOf(user, 'access_key_1', created)], [user]);

      // Assess
      expect(summary(plan.decisions)).to.deep.equal([
        'act delete_key AKIABLOCK',
        'act create_key_and_store AKIAOLD',
      ]);
      expect(plan.decisions[0]).to.deep.include({ credential: 'access_key', credential_id: 'AKIABLOCK' });
    });

    it('dates a never-used blocking key from its creation', () => {
      // Prepare
      const recent = userWithInactiveKey(null, daysAgo(30));
      const old = userWithInactiveKey(null, daysAgo(30, 1));

      // Act
      const blocked = planFor('ak-rotation', [targetOf(recent, 'access_key_1', created)], [recent]);
      const unblocked = planFor('ak-rotation', [targetOf(old, 'access_key_1', created)], [old]);

      // Assess
      expect(summary(blocked.decisions)).to.deep.equal(['warn AKIAOLD']);
      expect(summary(unblocked.decisions)).to.deep.equal([
        'act delete_key AKIABLOCK',
        'act create_key_and_store AKIAOLD',
      ]);
    });
  });

  describe('a key created by a rotation and lost before it was stored (a crash)', () => {
    const created = daysAgo(100);
    // The lost key was created one second into the rotation's window.
    const lostAt = daysAgo(1);
    const window = {
      rotation_started_at: new Date(lostAt.getTime() - 1000),
      rotation_window_ends: new Date(lostAt.getTime() + 6000),
    };

    function userAfterCrash(
      secret: RotationSecretState | null,
      lost: { last_used_at?: Date | null; created_at?: Date } = {},
    ) {
      return liveUser('alice', {
        access_keys: [
          accessKey('AKIAOLD', created),
          accessKey('AKIALOST', lost.created_at ?? lostAt, { last_used_at: lost.last_used_at ?? null }),
        ],
        rotation_secret: secret,
      });
    }

    it('deletes a lost key inside the window of the rotation, never used, and retries the rotation', () => {
      // Prepare
      const user = userAfterCrash({ stored_access_key_id: null, rotation_started_for: 'AKIAOLD', ...window });

      // Act
      const plan = planFor('ak-rotation', [targetOf(user, 'access_key_1', created)], [user]);

      // Assess
      expect(summary(plan.decisions)).to.deep.equal([
        'act delete_key AKIALOST',
        'act create_key_and_store AKIAOLD',
      ]);
      expect(plan.decisions[0]?.reason).to.match(/before it stored the key in credential-tracker\/alice/);
    });

    it('deletes the key the rotation named as created, whatever its date', () => {
      // Prepare
      const user = userAfterCrash(
        { stored_access_key_id: null, rotation_started_for: 'AKIAOLD', rotation_created_key: 'AKIALOST' },
        { created_at: daysAgo(3) },
      );

      // Act
      const plan = planFor('ak-rotation', [targetOf(user, 'access_key_1', created)], [user]);

      // Assess
      expect(summary(plan.decisions)).to.deep.equal([
        'act delete_key AKIALOST',
        'act create_key_and_store AKIAOLD',
      ]);
    });

    it('recognises the lost key when the secret still holds the key of an earlier rotation', () => {
      // Prepare
      const user = userAfterCrash({
        stored_access_key_id: 'AKIAOLD',
        rotation_started_for: 'AKIAOLD',
        ...window,
      });

      // Act
      const plan = planFor('ak-rotation', [targetOf(user, 'access_key_1', created)], [user]);

      // Assess
      expect(summary(plan.decisions)).to.deep.equal([
        'act delete_key AKIALOST',
        'act create_key_and_store AKIAOLD',
      ]);
    });

    const unproven: [string, RotationSecretState, Parameters<typeof userAfterCrash>[1], RegExp][] = [
      [
        'created after the window (the owner made it after a failed rotation)',
        { stored_access_key_id: null, rotation_started_for: 'AKIAOLD', ...window },
        { created_at: new Date(lostAt.getTime() + 6000) },
        /created outside the rotation's window/,
      ],
      [
        'created before the rotation started',
        { stored_access_key_id: null, rotation_started_for: 'AKIAOLD', ...window },
        { created_at: new Date(lostAt.getTime() - 3000) },
        /created outside the rotation's window/,
      ],
      [
        'used since',
        { stored_access_key_id: null, rotation_started_for: 'AKIAOLD', ...window },
        { last_used_at: daysAgo(0) },
        /it was used on .*, so someone holds its secret/,
      ],
      [
        'not the key the rotation named',
        {
          stored_access_key_id: null,
          rotation_started_for: 'AKIAOLD',
          rotation_created_key: 'AKIAOTHER',
          ...window,
        },
        {},
        /the rotation created AKIAOTHER, not this key/,
      ],
      [
        'after a mark whose window is days long (planted by whoever can tag the secret)',
        {
          stored_access_key_id: null,
          rotation_started_for: 'AKIAOLD',
          rotation_started_at: daysAgo(3),
          rotation_window_ends: daysAgo(-1),
        },
        {},
        /the mark's window, .* is not one a rotation writes/,
      ],
      [
        'after a mark that does not say when (an older version)',
        { stored_access_key_id: null, rotation_started_for: 'AKIAOLD' },
        {},
        /the mark does not say when the rotation ran/,
      ],
    ];
    for (const [why, secret, lost, reason] of unproven) {
      it(`leaves alone a newer key it cannot prove it made (${why}): clears the mark, tells the owner and ops`, () => {
        // Prepare
        const user = userAfterCrash(secret, lost);

        // Act
        const plan = planFor('ak-rotation', [targetOf(user, 'access_key_1', created)], [user]);

        // Assess
        expect(summary(plan.decisions)).to.deep.equal([
          'warn AKIALOST',
          'act clear_rotation_mark AKIAOLD',
          'warn AKIAOLD',
        ]);
        const [warning] = plan.decisions;
        expect(warning?.reason).to.match(reason);
        expect(warning?.reason).to.include('left alone');
        expect(warning && 'alert_ops' in warning && warning.alert_ops).to.equal(true);
      });
    }

    it('believes no mark on a secret the tracker did not make', () => {
      // Prepare
      const user = userAfterCrash({
        stored_access_key_id: null,
        rotation_started_for: 'AKIAOLD',
        ...window,
        not_tracker_secret: 'it has no credential-tracker:managed-by=credential-tracker tag',
      });

      // Act
      const plan = planFor('ak-rotation', [targetOf(user, 'access_key_1', created)], [user]);

      // Assess: AKIALOST is simply the newer key
      expect(summary(plan.decisions)).to.deep.equal(['warn AKIAOLD']);
    });

    it('keeps a newer key that the secret holds: the rotation went through', () => {
      // Prepare
      const user = userAfterCrash({ stored_access_key_id: 'AKIALOST', rotation_started_for: 'AKIAOLD' });

      // Act
      const plan = planFor('ak-rotation', [targetOf(user, 'access_key_1', created)], [user]);

      // Assess
      expect(summary(plan.decisions)).to.deep.equal(['warn AKIAOLD']);
    });

    it('keeps a newer key when no rotation of the old key was started (the user made it)', () => {
      // Prepare
      const user = userAfterCrash({ stored_access_key_id: null, rotation_started_for: null });

      // Act
      const plan = planFor('ak-rotation', [targetOf(user, 'access_key_1', created)], [user]);

      // Assess
      expect(summary(plan.decisions)).to.deep.equal(['warn AKIAOLD']);
    });

    it('keeps a newer key when the secret cannot be read (a credential report)', () => {
      // Prepare
      const user = userAfterCrash(null);

      // Act
      const plan = planFor('ak-rotation', [targetOf(user, 'access_key_1', created)], [user]);

      // Assess
      expect(summary(plan.decisions)).to.deep.equal(['warn AKIAOLD']);
    });

    it('retries a rotation that stopped before the key was created', () => {
      // Prepare
      const user = liveUser('alice', {
        access_keys: [accessKey('AKIAOLD', created)],
        rotation_secret: { stored_access_key_id: null, rotation_started_for: 'AKIAOLD' },
      });

      // Act
      const plan = planFor('ak-rotation', [targetOf(user, 'access_key_1', created)], [user]);

      // Assess
      expect(summary(plan.decisions)).to.deep.equal(['act create_key_and_store AKIAOLD']);
    });
  });
});
