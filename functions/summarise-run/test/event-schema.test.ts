import { runContext } from '@credential-tracker/core/aws';
import { expect } from 'chai';
import { accountOutcomeSchema, summariseRunEventSchema } from '../src/handler.js';

const RUN = runContext('exec-1', new Date('2026-11-23T06:00:00Z'));

const ACCOUNT_RESULTS = { bucket: 'tracker-reports', manifest_key: 'account-runs/results/m/manifest.json' };

// The accounts' outcomes are in S3 (the accounts Map's ResultWriter files): the event holds the
// manifest, and each outcome read from S3 is checked against accountOutcomeSchema.
const event = (_accounts: unknown[], findings: unknown[]) => ({
  run: RUN,
  account_results: ACCOUNT_RESULTS,
  findings,
});

describe('summarise-run event schema', () => {
  it('takes stored and failed accounts, succeeded and failed findings as the state machine shapes them', () => {
    // Prepare
    const accounts = [
      { account_id: '111111111111', status: 'stored' },
      {
        account_id: '222222222222',
        status: 'failed',
        error: { Error: 'ReportNotReadyError', Cause: 'still not COMPLETE' },
      },
    ];
    const findings = [
      { finding: 'ak-rotation', status: 'succeeded', count: 2, accounts: 1 },
      { finding: 'root-mfa', status: 'failed', error: { Error: 'States.Timeout' } },
    ];

    // Act
    const parsed = summariseRunEventSchema.parse(event(accounts, findings));
    const outcomes = accounts.map((account) => accountOutcomeSchema.parse(account));

    // Assess
    expect(parsed).to.deep.equal(event(accounts, findings));
    expect(outcomes).to.deep.equal(accounts);
  });

  it('refuses a failed finding that also carries counts, instead of dropping its status and error', () => {
    // Prepare: a failed finding with counts of 0, as the template used to send it (read as "0 found")
    const failedWithZeros = {
      finding: 'root-mfa',
      count: 0,
      accounts: 0,
      status: 'failed',
      error: { Error: 'FindingQueryFailedError', Cause: 'Athena said FAILED' },
    };

    // Act
    const result = summariseRunEventSchema.safeParse(event([], [failedWithZeros]));

    // Assess
    expect(result.success).to.be.false;
    expect(result.error?.issues.map((issue) => [issue.code, issue.path.join('.')])).to.deep.include([
      'unrecognized_keys',
      'findings.0',
    ]);
  });

  for (const [what, accounts, findings, extra] of [
    ['a finding without a status', [], [{ finding: 'ak-rotation', count: 1, accounts: 1 }]],
    ['a failed finding without its error', [], [{ finding: 'ak-rotation', status: 'failed' }]],
    ['a succeeded finding without counts', [], [{ finding: 'ak-rotation', status: 'succeeded' }]],
    ['a failed account without its error', [{ account_id: '111111111111', status: 'failed' }], []],
    [
      'a stored account with an error',
      [{ account_id: '111111111111', status: 'stored', error: { Error: 'x' } }],
      [],
    ],
    [
      'an error that is not a Catch output',
      [{ account_id: '111111111111', status: 'failed', error: 'AssumeMemberRoleError: no' }],
      [],
    ],
    ['an unknown field at the top', [], [], { extra: true }],
  ] as [string, unknown[], unknown[], object?][]) {
    it(`refuses ${what}`, () => {
      // Act
      const result = summariseRunEventSchema.safeParse({ ...event(accounts, findings), ...extra });
      const outcomes = accounts.map((account) => accountOutcomeSchema.safeParse(account));

      // Assess
      expect(result.success && outcomes.every((outcome) => outcome.success)).to.be.false;
    });
  }
});
