import { runContext } from '@credential-tracker/core/aws';
import { expect } from 'chai';
import { buildRunSummary, summaryMessage, summarySubject, type AccountOutcome } from '../src/handler.js';

const RUN = runContext('exec-1', new Date('2026-11-23T06:00:00Z'));

const stored = (account_id: string): AccountOutcome => ({ account_id, status: 'stored' });
const failed = (account_id: string, error: string): AccountOutcome => ({
  account_id,
  status: 'failed',
  error,
});

describe('run summary', () => {
  const accounts = [
    stored('111111111111'),
    failed('333333333333', 'AssumeMemberRoleError: account 333333333333: cannot assume role'),
    stored('222222222222'),
    failed('444444444444', 'ReportInProgressError: account 444444444444: still generating after 10 cycles'),
  ];
  const findings = [
    { finding: 'root-mfa', count: 0, accounts: 0 },
    { finding: 'ak-rotation', count: 3, accounts: 2 },
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

  it('counts accounts, findings and targets per account, failures sorted by account', () => {
    // Act
    const summary = buildRunSummary(RUN, accounts, findings, counts);

    // Assess
    expect(summary).to.deep.equal({
      run_id: 'exec-1',
      as_of: '2026-11-23T06:00:00.000Z',
      date: '2026-11-23',
      accounts: { total: 4, stored: 2, failed: 2 },
      failed_accounts: [
        {
          account_id: '333333333333',
          error: 'AssumeMemberRoleError: account 333333333333: cannot assume role',
        },
        {
          account_id: '444444444444',
          error: 'ReportInProgressError: account 444444444444: still generating after 10 cycles',
        },
      ],
      findings: [
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
    expect(subject).to.equal('credential-tracker 2026-11-23: 2/4 accounts, 2 FAILED, 3 to remediate');
    expect(message).to.equal(
      [
        'Run exec-1 (as of 2026-11-23T06:00:00.000Z)',
        'Accounts: 2 reports stored, 2 failed, 4 in scope.',
        '',
        'Failed accounts:',
        '- 333333333333: AssumeMemberRoleError: account 333333333333: cannot assume role',
        '- 444444444444: ReportInProgressError: account 444444444444: still generating after 10 cycles',
        '',
        'Findings:',
        '- ak-rotation: 3 credentials in 2 accounts',
        '- root-mfa: 0 credentials in 0 accounts',
        '',
        'Full summary: s3://b/runs/date=2026-11-23/run=exec-1/summary.json',
      ].join('\n'),
    );
  });

  it('keeps the subject under 100 printable characters and the email listing bounded', () => {
    // Prepare: a long run id and thousands of failures.
    const many = Array.from({ length: 2000 }, (_, index) =>
      failed(String(100000000000 + index), `error ${'x'.repeat(400)}`),
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
    expect(message).to.include('- none ran');
    expect(message.split('\n').filter((line) => line.startsWith('- 1'))).to.have.length(50);
    expect(message.split('\n').find((line) => line.startsWith('- 1'))?.length).to.be.at.most(320);
  });
});
