import { expect } from 'chai';
import { iamUserRow, NO_INFORMATION, rootRow } from '@credential-tracker/core';
import { buildAccessReview, type AccessReviewInput, type ReviewFindingInput } from '../src/index.js';
import { ACCOUNT, AS_OF, DATE, activeKey, group, inactiveKey, user } from './support/inventory.js';

const OTHER_ACCOUNT = '210987654321';

/** admins (AdministratorAccess), ops (ReadOnlyAccess + an inline policy); alice in both, bob in ops. */
function inventory(): AccessReviewInput['inventory'] {
  return {
    account_id: ACCOUNT,
    date: DATE,
    groups: [
      group('admins', {
        members: ['alice'],
        attached_policies: ['AdministratorAccess'],
        admin_equivalent: true,
        admin_sources: ['managed:AdministratorAccess'],
      }),
      group('ops', {
        members: ['alice', 'bob'],
        attached_policies: ['ReadOnlyAccess'],
        inline_policies: ['restart-services'],
      }),
    ],
    users: [
      user('bob', {
        groups: ['ops'],
        attached_policies: ['ReadOnlyAccess', 'billing-read'],
        inline_policies: ['bob-s3'],
        access_keys: [
          activeKey('AKIABOBOLDKEY0000001', '2024-01-01T12:00:00.000Z'),
          activeKey('AKIABOBNEWKEY0000002', '2024-05-01T00:00:00.000Z'),
          inactiveKey('AKIABOBDEADKEY000003', '2023-01-01T00:00:00.000Z'),
        ],
      }),
      user('alice', {
        path: '/people/',
        arn: `arn:aws:iam::${ACCOUNT}:user/people/alice`,
        groups: ['ops', 'admins'],
        admin_equivalent: true,
        admin_sources: ['group:admins/managed:AdministratorAccess'],
        tags: [{ key: 'credential-tracker:review', value: 'Revoke ' }],
        review: 'revoke',
      }),
      user('Carol', {
        inline_policies: ['everything'],
        admin_equivalent: true,
        admin_sources: ['inline:everything'],
      }),
    ],
  };
}

function reportRows() {
  return [
    rootRow(ACCOUNT),
    iamUserRow(ACCOUNT, 'alice', {
      arn: `arn:aws:iam::${ACCOUNT}:user/people/alice`,
      password_enabled: true,
      password_last_used: new Date('2024-05-30T08:00:00Z'),
      mfa_active: true,
    }),
    iamUserRow(ACCOUNT, 'bob', {
      access_key_1_active: true,
      access_key_1_last_used_date: new Date('2024-05-31T09:00:00Z'),
      access_key_2_active: true,
      access_key_2_last_used_date: new Date('2024-05-20T09:00:00Z'),
    }),
    iamUserRow(ACCOUNT, 'Carol', { password_enabled: true, password_last_used: NO_INFORMATION }),
    iamUserRow(ACCOUNT, 'dave'),
    iamUserRow(OTHER_ACCOUNT, 'zed', { password_enabled: true }),
  ];
}

const finding = (
  overrides: Partial<ReviewFindingInput> & Pick<ReviewFindingInput, 'finding'>,
): ReviewFindingInput => ({
  account_id: ACCOUNT,
  user_name: 'bob',
  user_arn: `arn:aws:iam::${ACCOUNT}:user/bob`,
  credential: 'access_key_1',
  days: 152,
  severity: 'high',
  ...overrides,
});

describe('buildAccessReview', () => {
  it('lists every user once, by name whatever the case, with its account facts', () => {
    // Act
    const review = buildAccessReview({ inventory: inventory(), asOf: AS_OF });

    // Assess
    expect(review.users.map((row) => row.user_name)).to.deep.equal(['alice', 'bob', 'Carol']);
    expect(review).to.include({ account_id: ACCOUNT, date: DATE, as_of: '2024-06-01T00:00:00.000Z' });
    expect(review.users[0]).to.include({
      arn: `arn:aws:iam::${ACCOUNT}:user/people/alice`,
      path: '/people/',
      created_at: '2023-01-01T00:00:00.000Z',
    });
  });

  it('gives each user its groups and the managed and inline policies it holds directly and through them', () => {
    // Act
    const review = buildAccessReview({ inventory: inventory(), asOf: AS_OF });
    const [alice, bob] = review.users;

    // Assess
    expect(alice?.groups).to.deep.equal(['admins', 'ops']);
    expect(alice?.managed_policies).to.deep.equal([
      { name: 'AdministratorAccess', group: 'admins' },
      { name: 'ReadOnlyAccess', group: 'ops' },
    ]);
    expect(alice?.inline_policies).to.deep.equal([{ name: 'restart-services', group: 'ops' }]);
    expect(bob?.groups).to.deep.equal(['ops']);
    expect(bob?.managed_policies).to.deep.equal([
      { name: 'billing-read', group: null },
      { name: 'ReadOnlyAccess', group: null },
      { name: 'ReadOnlyAccess', group: 'ops' },
    ]);
    expect(bob?.inline_policies).to.deep.equal([
      { name: 'bob-s3', group: null },
      { name: 'restart-services', group: 'ops' },
    ]);
  });

  it('says who is admin-equivalent and why: through a group, an inline policy, or not at all', () => {
    // Prepare: alice's record leaves out nothing, but a record that missed its group's grant still shows it
    const snapshot = inventory();
    const stale = {
      ...snapshot,
      users: snapshot.users.map((row) =>
        row.user_name === 'alice' ? { ...row, admin_equivalent: false, admin_sources: [] } : row,
      ),
    };

    // Act
    const review = buildAccessReview({ inventory: snapshot, asOf: AS_OF });
    const fromStale = buildAccessReview({ inventory: stale, asOf: AS_OF });

    // Assess
    const admin = (row: {
      user_name: string;
      admin_equivalent: boolean;
      admin_sources: readonly string[];
    }) => [row.user_name, row.admin_equivalent, row.admin_sources];
    expect(review.users.map(admin)).to.deep.equal([
      ['alice', true, ['group:admins/managed:AdministratorAccess']],
      ['bob', false, []],
      ['Carol', true, ['inline:everything']],
    ]);
    expect(fromStale.users.map(admin)).to.deep.equal(review.users.map(admin));
    expect(review.totals.admin_equivalent).to.equal(2);
  });

  it('counts active and inactive keys from the inventory and ages the oldest active one', () => {
    // Act
    const review = buildAccessReview({ inventory: inventory(), asOf: AS_OF });

    // Assess: 2024-01-01T12:00 to 2024-06-01T00:00 is 151.5 days, whole days rounded down
    expect(review.users[1]?.access_keys).to.deep.equal({
      active: 2,
      inactive: 1,
      oldest_active_created_at: '2024-01-01T12:00:00.000Z',
      oldest_active_age_days: 151,
    });
    expect(review.users[0]?.access_keys).to.deep.equal({
      active: 0,
      inactive: 0,
      oldest_active_created_at: null,
      oldest_active_age_days: null,
    });
    expect(review.totals.active_access_keys).to.equal(2);
  });

  it('takes console, MFA and the latest use of a password or key from the credential report', () => {
    // Act
    const review = buildAccessReview({ inventory: inventory(), asOf: AS_OF, credentialReport: reportRows() });
    const [alice, bob, carol] = review.users;

    // Assess
    expect(review.credential_report).to.be.true;
    expect(alice).to.deep.include({ console_enabled: true, mfa_active: true });
    expect(alice?.last_activity).to.deep.equal({
      status: 'used',
      at: '2024-05-30T08:00:00.000Z',
      via: 'console',
    });
    expect(bob).to.deep.include({ console_enabled: false, mfa_active: false });
    expect(bob?.last_activity).to.deep.equal({
      status: 'used',
      at: '2024-05-31T09:00:00.000Z',
      via: 'access_key',
    });
    expect(carol?.last_activity).to.deep.equal({ status: 'never' });
    expect(review.totals).to.deep.include({ console_enabled: 2, console_without_mfa: 1 });
    expect(review.notes).to.deep.equal([
      'In the credential report but not in the inventory (deleted since?): dave.',
    ]);
  });

  it('says unknown for console, MFA, last activity and findings without a credential report', () => {
    // Act
    const review = buildAccessReview({ inventory: inventory(), asOf: AS_OF });

    // Assess
    expect(review.credential_report).to.be.false;
    expect(review.findings_checked).to.be.false;
    for (const row of review.users) {
      expect(row).to.deep.include({ console_enabled: null, mfa_active: null, open_findings: null });
      expect(row.last_activity).to.deep.equal({ status: 'unknown' });
    }
    expect(review.totals).to.deep.include({
      console_enabled: null,
      console_without_mfa: null,
      with_open_findings: null,
    });
  });

  it('says unknown for a user the report has no row for, and notes it', () => {
    // Act
    const review = buildAccessReview({
      inventory: inventory(),
      asOf: AS_OF,
      credentialReport: reportRows().filter((row) => row.user !== 'Carol'),
    });

    // Assess
    expect(review.users[2]).to.deep.include({ user_name: 'Carol', console_enabled: null });
    expect(review.notes[0]).to.match(/no row for Carol/);
  });

  it("attaches each open finding to its user and keeps the root user's for the account", () => {
    // Prepare
    const findings: ReviewFindingInput[] = [
      finding({ finding: 'ak-rotation' }),
      finding({ finding: 'two-active-keys', credential: 'access_keys', days: null }),
      finding({
        finding: 'review-revoke',
        user_name: 'alice',
        user_arn: `arn:aws:iam::${ACCOUNT}:user/people/alice`,
        credential: 'user',
        days: null,
      }),
      finding({
        finding: 'root-mfa',
        user_name: '<root_account>',
        user_arn: `arn:aws:iam::${ACCOUNT}:root`,
        credential: 'mfa',
        days: null,
        severity: 'critical',
      }),
      finding({
        finding: 'ak-rotation',
        account_id: OTHER_ACCOUNT,
        user_arn: `arn:aws:iam::${OTHER_ACCOUNT}:user/bob`,
      }),
    ];

    // Act
    const review = buildAccessReview({
      inventory: inventory(),
      asOf: AS_OF,
      credentialReport: reportRows(),
      findings,
    });

    // Assess
    expect(review.findings_checked).to.be.true;
    expect(review.users.map((row) => [row.user_name, row.open_findings])).to.deep.equal([
      ['alice', [{ finding: 'review-revoke', credential: 'user', days: null, severity: 'high' }]],
      [
        'bob',
        [
          { finding: 'ak-rotation', credential: 'access_key_1', days: 152, severity: 'high' },
          { finding: 'two-active-keys', credential: 'access_keys', days: null, severity: 'high' },
        ],
      ],
      ['Carol', []],
    ]);
    expect(review.account_findings).to.deep.equal([
      {
        finding: 'root-mfa',
        credential: 'mfa',
        days: null,
        severity: 'critical',
        user_name: '<root_account>',
        user_arn: `arn:aws:iam::${ACCOUNT}:root`,
      },
    ]);
    expect(review.totals.with_open_findings).to.equal(2);
  });

  it('shows the review tag and flags the users whose owner asked for their removal', () => {
    // Prepare
    const snapshot = inventory();
    const tagged = {
      ...snapshot,
      users: snapshot.users.map((row) => (row.user_name === 'bob' ? { ...row, review: 'keep' } : row)),
    };

    // Act
    const review = buildAccessReview({ inventory: tagged, asOf: AS_OF });

    // Assess
    expect(review.users.map((row) => [row.user_name, row.review_tag, row.flagged_for_revoke])).to.deep.equal([
      ['alice', 'revoke', true],
      ['bob', 'keep', false],
      ['Carol', null, false],
    ]);
    expect(review.totals.flagged_for_revoke).to.equal(1);
  });

  it('notes a group a user is in that the inventory does not list', () => {
    // Prepare
    const snapshot = inventory();
    const missing = { ...snapshot, groups: snapshot.groups.filter((row) => row.group_name !== 'admins') };

    // Act
    const review = buildAccessReview({ inventory: missing, asOf: AS_OF });

    // Assess
    expect(review.users[0]?.groups).to.deep.equal(['admins', 'ops']);
    expect(review.notes).to.deep.equal([
      "Group admins is not in the inventory's groups: the policies users hold through it are not shown.",
    ]);
  });

  it('reviews an account without users', () => {
    // Act
    const review = buildAccessReview({
      inventory: { account_id: ACCOUNT, date: DATE, users: [], groups: [] },
      asOf: AS_OF,
      credentialReport: [rootRow(ACCOUNT)],
      findings: [],
    });

    // Assess
    expect(review.users).to.deep.equal([]);
    expect(review.totals).to.deep.equal({
      users: 0,
      admin_equivalent: 0,
      console_enabled: 0,
      console_without_mfa: 0,
      active_access_keys: 0,
      with_open_findings: 0,
      flagged_for_revoke: 0,
    });
  });
});
