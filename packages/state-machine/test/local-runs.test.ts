import { expect } from 'chai';
import { loadCatalog } from '@credential-tracker/findings';
import { countStateTransitions, transitionsPerAccount } from '../src/transitions.js';
import type { PipelineHandlers } from './support/contract.js';
import { renderedDefinition, runLocally } from './support/local-run.js';
import { accountId, healthyAccount, organization, REPORT_BUCKET } from './support/simulated-organization.js';

describe('daily run on aws-local-stepfunctions (contract-following local functions)', () => {
  it('stores every report, runs the whole catalog and summarises a happy run of 3 accounts', async () => {
    // Prepare
    const org = organization(3);

    // Act
    const run = await runLocally({ handlers: org.handlers });

    // Assess
    expect(run.summary.run).to.deep.equal({
      run_id: 'daily-2026-11-23',
      as_of: '2026-11-23T06:00:00.000Z',
      date: '2026-11-23',
    });
    expect(run.summary.accounts).to.deep.equal(
      [1, 2, 3].map((n) => ({ account_id: accountId(n), status: 'stored' })),
    );
    expect(run.summary.findings.map((item) => item.finding)).to.deep.equal(loadCatalog().map((f) => f.id));
    expect(run.summary.findings.find((item) => item.finding === 'ak-rotation')).to.deep.equal({
      finding: 'ak-rotation',
      count: 3,
      accounts: 3,
    });
    expect(run.remediations).to.have.length(loadCatalog().filter((f) => f.remediation).length);
    expect(run.remediations).to.deep.include({
      run: run.summary.run,
      finding: 'ak-rotation',
      targets: {
        bucket: REPORT_BUCKET,
        key: 'targets/date=2026-11-23/run=daily-2026-11-23/ak-rotation.jsonl',
      },
    });
    expect(run.output).to.have.property('key', 'runs/date=2026-11-23/run=daily-2026-11-23/summary.json');
    expect(org.objects.has('credential-reports/date=2026-11-23/100000000002.csv')).to.be.true;
  });

  it('counts the state transitions each account costs', async () => {
    // Prepare: every account answers STARTED once, then COMPLETE (one wait cycle)
    const org = organization(3);

    // Act
    const run = await runLocally({ handlers: org.handlers });
    const perAccount = transitionsPerAccount(renderedDefinition(), run.events);

    // Assess: Parallel, GenerateReport, IsReportComplete, CountReportCycle, WaitForReport,
    // GenerateReport, IsReportComplete, DownloadReport
    expect([...perAccount.values()]).to.deep.equal([8, 8, 8]);
    expect(countStateTransitions(run.events)).to.be.greaterThan(24);
  });

  it('fails only the account whose report never completes, with ReportNotReadyError', async () => {
    // Prepare
    const stuck = accountId(2);
    const org = organization(3, { [stuck]: { ...healthyAccount(stuck), completeFromCall: Infinity } });

    // Act
    const run = await runLocally({ handlers: org.handlers });

    // Assess
    const outcome = run.summary.accounts.find((item) => item.account_id === stuck);
    expect(outcome?.status).to.equal('failed');
    expect(outcome?.error).to.match(
      /^ReportNotReadyError: GenerateReport: the credential report was still not COMPLETE after 3 waits/,
    );
    expect(run.summary.accounts.filter((item) => item.status === 'stored')).to.have.length(2);
  });

  it('records an account whose member role cannot be assumed and goes on', async () => {
    // Prepare
    const locked = accountId(1);
    const org = organization(3, { [locked]: { ...healthyAccount(locked), roleNotAssumable: true } });

    // Act
    const run = await runLocally({ handlers: org.handlers });

    // Assess
    const outcome = run.summary.accounts.find((item) => item.account_id === locked);
    expect(outcome?.status).to.equal('failed');
    expect(outcome?.error).to.match(/^AssumeMemberRoleError: account 100000000001: cannot assume/);
    expect(run.summary.findings.find((item) => item.finding === 'ak-rotation')?.accounts).to.equal(2);
  });

  it('still initialises the table and summarises an empty Organization', async () => {
    // Prepare
    const org = organization(0);

    // Act
    const run = await runLocally({ handlers: org.handlers });

    // Assess
    expect(run.summary.accounts).to.deep.equal([]);
    expect(run.summary.findings.every((item) => item.count === 0)).to.be.true;
    expect(
      run.events.some((event) => event.type === 'StateEntered' && event.state?.name === 'InitialiseTable'),
    ).to.be.true;
  });

  it('stores 47 reports of 50 and names the 3 accounts broken in different ways', async () => {
    // Prepare
    const [stuck, locked, corrupt] = [accountId(7), accountId(23), accountId(41)] as [string, string, string];
    const org = organization(50, {
      [stuck]: { ...healthyAccount(stuck), completeFromCall: Infinity },
      [locked]: { ...healthyAccount(locked), roleNotAssumable: true },
      [corrupt]: { ...healthyAccount(corrupt), corruptReport: true },
    });

    // Act
    const run = await runLocally({ handlers: org.handlers, maxConcurrency: 10 });

    // Assess
    const failed = run.summary.accounts.filter((item) => item.status === 'failed');
    expect(run.summary.accounts.filter((item) => item.status === 'stored')).to.have.length(47);
    expect(failed.map((item) => [item.account_id, item.error?.split(':')[0]])).to.deep.equal([
      [stuck, 'ReportNotReadyError'],
      [locked, 'AssumeMemberRoleError'],
      [corrupt, 'CredentialReportError'],
    ]);
    expect([...org.objects.keys()].filter((key) => key.startsWith('credential-reports/'))).to.have.length(47);
  });

  it('summarises the run when one finding fails, marking that finding failed', async () => {
    // Prepare
    const org = organization(2);
    const generate = org.handlers.generateFindings;
    const handlers = {
      ...org.handlers,
      generateFindings: (id: string) =>
        id === 'root-mfa'
          ? () =>
              Promise.reject(
                Object.assign(new Error('Athena said FAILED'), { name: 'FindingQueryFailedError' }),
              )
          : generate(id),
    };

    // Act
    const run = await runLocally({ handlers });

    // Assess
    expect(run.summary.findings.find((item) => item.finding === 'root-mfa')).to.deep.equal({
      finding: 'root-mfa',
      count: 0,
      accounts: 0,
      status: 'failed',
      error: 'FindingQueryFailedError: Athena said FAILED',
    });
    expect(run.summary.findings.filter((item) => item.status === undefined)).to.have.length(
      loadCatalog().length - 1,
    );
  });

  it('retries a throttled Lambda invocation and counts the retry as a transition', async () => {
    // Prepare: the Lambda service throttles the first DownloadReport of one account
    const org = organization(2);
    const throttled = accountId(2);
    let throttledOnce = false;
    const handlers: PipelineHandlers = {
      ...org.handlers,
      downloadReport: (event) => {
        if (event.account_id === throttled && !throttledOnce) {
          throttledOnce = true;
          return Promise.reject(
            Object.assign(new Error('Rate exceeded'), { name: 'Lambda.TooManyRequestsException' }),
          );
        }
        return org.handlers.downloadReport(event);
      },
    };

    // Act
    const run = await runLocally({ handlers });

    // Assess
    expect(run.summary.accounts.map((item) => item.status)).to.deep.equal(['stored', 'stored']);
    expect(Object.fromEntries(transitionsPerAccount(renderedDefinition(), run.events))).to.deep.equal({
      [accountId(1)]: 8,
      [throttled]: 9,
    });
  });
});
