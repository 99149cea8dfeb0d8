import { runContext } from '@credential-tracker/core/aws';
import { expect } from 'chai';
import {
  buildRunSummary,
  summaryMessage,
  summarySubject,
  type AccountOutcome,
  type CaughtError,
  type FindingOutcome,
} from '../src/handler.js';

const RUN = runContext('exec-1', new Date('2026-11-23T06:00:00Z'));

const stored = (account_id: string): AccountOutcome => ({ account_id, status: 'stored' });
const failed = (account_id: string, error: CaughtError): AccountOutcome => ({
  account_id,
  status: 'failed',
  error,
});
const succeeded = (finding: string, count: number, accounts: number): FindingOutcome => ({
  finding,
  status: 'succeeded',
  count,
  accounts,
});
/** A Lambda function's error as a Catch gives it in AWS: Cause is the runtime's JSON. */
const lambdaError = (errorType: string, errorMessage: string): CaughtError => ({
  Error: errorType,
  Cause: JSON.stringify({
    errorType,
    errorMessage,
    trace: [`${errorType}: ${errorMessage}`, '    at handler (file:///var/task/index.mjs:1:1)'],
  }),
});

describe('run summary', () => {
  const accounts = [
    stored('111111111111'),
    failed('333333333333', lambdaError('AssumeMemberRoleError', 'account 333333333333: cannot assume role')),
    stored('222222222222'),
    failed('444444444444', {
      Error: 'ReportNotReadyError',
      Cause: 'GenerateReport: still not COMPLETE after 3 waits',
    }),
  ];
  const counts = new Map([
    [
      'ak-rotation',
      new Map([
        ['222222222222', 1],
        ['111111111111', 2],
      ]),
    ],
  ]);

  describe('when every finding succeeded', () => {
    const findings = [succeeded('root-mfa', 0, 0), succeeded('ak-rotation', 3, 2)];

    it('counts accounts, findings and targets per account, failures sorted and readable', () => {
      // Act
      const summary = buildRunSummary(RUN, accounts, findings, counts);

      // Assess
      expect(summary).to.deep.equal({
        run_id: 'exec-1',
        as_of: '2026-11-23T06:00:00.000Z',
        date: '2026-11-23',
        complete: false,
        accounts: { total: 4, stored: 2, failed: 2 },
        failed_accounts: [
          {
            account_id: '333333333333',
            error: 'AssumeMemberRoleError: account 333333333333: cannot assume role',
          },
          {
            account_id: '444444444444',
            error: 'ReportNotReadyError: GenerateReport: still not COMPLETE after 3 waits',
          },
        ],
        findings: { total: 2, succeeded: 2, failed: 0 },
        failed_findings: [],
        per_finding: [
          { finding: 'ak-rotation', count: 3, accounts: 2 },
          { finding: 'root-mfa', count: 0, accounts: 0 },
        ],
        per_account: [
          { account_id: '111111111111', total: 2, findings: { 'ak-rotation': 2 } },
          { account_id: '222222222222', total: 1, findings: { 'ak-rotation': 1 } },
        ],
        total_targets: 3,
      });
    });

    it('writes a one-line subject and a message that names the failed accounts first', () => {
      // Prepare
      const summary = buildRunSummary(RUN, accounts, findings, counts);

      // Act
      const subject = summarySubject(summary);
      const message = summaryMessage(summary, 's3://b/runs/date=2026-11-23/run=exec-1/summary.json');

      // Assess
      expect(subject).to.equal(
        'credential-tracker 2026-11-23: FAILED 2 accounts; 2/4 accounts, 3+ to remediate',
      );
      expect(message).to.equal(
        [
          'Run exec-1 (as of 2026-11-23T06:00:00.000Z)',
          'INCOMPLETE: 2 accounts failed; the counts below cover only what succeeded.',
          'Accounts: 2 reports stored, 2 failed, 4 in scope.',
          'Findings: 2 succeeded, 0 failed, 2 in the catalog.',
          '',
          'Failed accounts:',
          '- 333333333333: AssumeMemberRoleError: account 333333333333: cannot assume role',
          '- 444444444444: ReportNotReadyError: GenerateReport: still not COMPLETE after 3 waits',
          '',
          'To remediate: 3+ credentials',
          '- ak-rotation: 3 credentials in 2 accounts',
          '- root-mfa: 0 credentials in 0 accounts',
          '',
          'Full summary: s3://b/runs/date=2026-11-23/run=exec-1/summary.json',
        ].join('\n'),
      );
    });

    it('says nothing failed when nothing did', () => {
      // Prepare
      const summary = buildRunSummary(RUN, [stored('111111111111')], findings, counts);

      // Act
      const subject = summarySubject(summary);
      const message = summaryMessage(summary, 's3://b/k');

      // Assess
      expect(summary.complete).to.be.true;
      expect(subject).to.equal('credential-tracker 2026-11-23: 1/1 accounts, 3 to remediate');
      expect(message).not.to.match(/FAIL|INCOMPLETE/);
      expect(message).to.include('To remediate: 3 credentials\n');
    });
  });

  describe('when a finding failed', () => {
    const findings = [
      succeeded('ak-rotation', 3, 2),
      {
        finding: 'root-mfa',
        status: 'failed',
        error: lambdaError('FindingQueryFailedError', 'root-mfa: Athena query q-1 FAILED: TABLE_NOT_FOUND'),
      },
    ] satisfies FindingOutcome[];

    it('lists it with its error among the failures, and never counts it as 0', () => {
      // Act
      const summary = buildRunSummary(RUN, [stored('111111111111')], findings, counts);

      // Assess
      expect(summary.complete).to.be.false;
      expect(summary.findings).to.deep.equal({ total: 2, succeeded: 1, failed: 1 });
      expect(summary.failed_findings).to.deep.equal([
        {
          finding: 'root-mfa',
          error: 'FindingQueryFailedError: root-mfa: Athena query q-1 FAILED: TABLE_NOT_FOUND',
        },
      ]);
      expect(summary.per_finding.map((item) => item.finding)).to.deep.equal(['ak-rotation']);
      expect(JSON.stringify(summary)).not.to.include('trace');
      // The failures come before any count in the JSON a person opens.
      expect(Object.keys(summary).indexOf('failed_findings')).to.be.lessThan(
        Object.keys(summary).indexOf('per_finding'),
      );
    });

    it('says so in the subject first and names the finding and its error in the message', () => {
      // Prepare
      const summary = buildRunSummary(RUN, [stored('111111111111'), accounts[1]!], findings, counts);

      // Act
      const subject = summarySubject(summary);
      const message = summaryMessage(summary, 's3://b/k');

      // Assess
      expect(subject).to.equal(
        'credential-tracker 2026-11-23: FAILED 1 finding, 1 account; 1/2 accounts, 3+ to remediate',
      );
      expect(message).to.equal(
        [
          'Run exec-1 (as of 2026-11-23T06:00:00.000Z)',
          'INCOMPLETE: 1 finding, 1 account failed; the counts below cover only what succeeded.',
          'Accounts: 1 reports stored, 1 failed, 2 in scope.',
          'Findings: 1 succeeded, 1 failed, 2 in the catalog.',
          '',
          'Failed findings:',
          '- root-mfa: FindingQueryFailedError: root-mfa: Athena query q-1 FAILED: TABLE_NOT_FOUND',
          '',
          'Failed accounts:',
          '- 333333333333: AssumeMemberRoleError: account 333333333333: cannot assume role',
          '',
          'To remediate: 3+ credentials',
          '- ak-rotation: 3 credentials in 2 accounts',
          '- root-mfa: FAILED, not counted (see above)',
          '',
          'Full summary: s3://b/k',
        ].join('\n'),
      );
    });
  });

  it('keeps the subject under 100 printable characters and the email listing bounded', () => {
    // Prepare: a long run id and thousands of failures.
    const many = Array.from({ length: 2000 }, (_, index) =>
      failed(String(100000000000 + index), { Error: 'Error', Cause: 'x'.repeat(400) }),
    );
    const summary = buildRunSummary(runContext('r'.repeat(80), new Date(RUN.as_of)), many, [], new Map());

    // Act
    const subject = summarySubject({
      ...summary,
      date: '2026-11-23 ünïcode and a much longer text to overflow',
    });
    const message = summaryMessage(summary, 's3://b/k');

    // Assess
    expect(subject.length).to.be.at.most(99);
    expect(subject).to.match(/^[\x20-\x7e]+$/);
    expect(subject.endsWith('...')).to.be.true;
    expect(message).to.include('- and 1950 more (see the summary in S3)');
    expect(message).to.include('- no finding ran');
    expect(message.split('\n').filter((line) => line.startsWith('- 1'))).to.have.length(50);
    expect(message.split('\n').find((line) => line.startsWith('- 1'))?.length).to.be.at.most(320);
  });

  describe('owner digests', () => {
    const summary = buildRunSummary(RUN, [stored('111111111111')], [succeeded('ak-usage', 1, 1)], new Map());
    const notifications = {
      sent_from: 'tracker@example.com',
      notice_files: 2,
      owners: 3,
      notified: 2,
      failed: 1,
      invalid_files: [],
    };

    it('counts the owners, the digests sent and the sends that failed in the message', () => {
      const message = summaryMessage({ ...summary, notifications }, 's3://b/k');
      expect(message).to.include('Owner digests: 3 owners, 2 sent, 1 failed');
      expect(summaryMessage(summary, 's3://b/k')).not.to.include('Owner digests');
    });

    it('says when nothing was sent for want of a sender, and names invalid notices files by count', () => {
      const message = summaryMessage(
        {
          ...summary,
          notifications: {
            ...notifications,
            sent_from: null,
            notified: 0,
            failed: 0,
            invalid_files: [{ key: 'notices/x.jsonl', error: 'NoticesFileError: line 1: items: too small' }],
          },
        },
        's3://b/k',
      );
      expect(message).to.include(
        'Owner digests: 3 owners, none sent, NOTIFY_FROM is not set; 1 notices file invalid, not sent',
      );
    });
  });
});
