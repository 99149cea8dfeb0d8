import { expect } from 'chai';
import { iamUserRow } from '@credential-tracker/core';
import { defaultReviewAsOf, reviewAccount, reviewFileName, type ReviewFindingInput } from '../src/index.js';
import { ACCOUNT, DATE, user } from './support/inventory.js';

const inventory = { account_id: ACCOUNT, date: DATE, users: [user('alice')], groups: [] };
const finding: ReviewFindingInput = {
  finding: 'console-mfa',
  account_id: ACCOUNT,
  user_name: 'alice',
  user_arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
  credential: 'mfa',
  days: null,
  severity: 'high',
};

describe('reviewAccount: one account from the day’s facts (the CLI and generate-review)', () => {
  it('computes ages at the start of the inventory’s day by default', () => {
    expect(defaultReviewAsOf('2026-11-23').toISOString()).to.equal('2026-11-23T00:00:00.000Z');
  });

  it('counts the findings only with the account’s credential report', () => {
    // Act
    const withReport = reviewAccount(inventory, {
      asOf: defaultReviewAsOf(DATE),
      credentialReport: [iamUserRow(ACCOUNT, 'alice', { password_enabled: true })],
      findings: [finding],
    });
    const withoutReport = reviewAccount(inventory, {
      asOf: defaultReviewAsOf(DATE),
      credentialReport: undefined,
      findings: [finding],
    });
    const notChecked = reviewAccount(inventory, {
      asOf: defaultReviewAsOf(DATE),
      credentialReport: [iamUserRow(ACCOUNT, 'alice')],
      findings: null,
    });

    // Assess
    expect(withReport.findings_checked).to.equal(true);
    expect(withReport.users[0]?.open_findings).to.deep.equal([
      { finding: 'console-mfa', credential: 'mfa', days: null, severity: 'high' },
    ]);
    expect(withoutReport).to.deep.include({ credential_report: false, findings_checked: false });
    expect(withoutReport.users[0]?.open_findings).to.equal(null);
    expect(notChecked).to.deep.include({ credential_report: true, findings_checked: false });
  });

  it('names its files access-review-<account>-<date>.<format>', () => {
    expect(reviewFileName({ account_id: ACCOUNT, date: DATE }, 'csv')).to.equal(
      `access-review-${ACCOUNT}-${DATE}.csv`,
    );
  });
});
