import { expect } from 'chai';
import { runSummaryKey } from '@credential-tracker/core/aws';
import { loadCatalog } from '@credential-tracker/findings';
import type { RunSummary } from '@credential-tracker/fn-summarise-run';
import { countStateTransitions, transitionsPerAccount } from '../src/transitions.js';
import type { ActionCounts, PipelineHandlers, RemediationEvent } from './support/contract.js';
import { renderedDefinition, runLocally, type LocalRun } from './support/local-run.js';
import {
  accountId,
  healthyAccount,
  organization,
  REPORT_BUCKET,
  type SimulatedOrganization,
} from './support/simulated-organization.js';

/** The summary summarise-run wrote to the (in-memory) report bucket. */
function writtenSummary(org: SimulatedOrganization, run: LocalRun): RunSummary {
  const written = org.objects.get(runSummaryKey(run.summary.run.date, run.summary.run.run_id));
  if (written === undefined) throw new Error('summarise-run wrote no summary');
  return JSON.parse(written) as RunSummary;
}

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
    expect(run.accounts).to.deep.equal(
      [1, 2, 3].map((n) => ({ account_id: accountId(n), status: 'stored' })),
    );
    expect(run.summary.findings.map((item) => item.finding)).to.deep.equal(loadCatalog().map((f) => f.id));
    expect(run.summary.findings.find((item) => item.finding === 'ak-rotation')).to.deep.equal({
      finding: 'ak-rotation',
      status: 'succeeded',
      count: 3,
      accounts: 3,
    });
    expect(writtenSummary(org, run)).to.deep.include({
      complete: true,
      accounts: { total: 3, stored: 3, failed: 0 },
      findings: { total: loadCatalog().length, succeeded: loadCatalog().length, failed: 0 },
      failed_accounts: [],
      failed_findings: [],
    });
    expect(run.remediations).to.have.length(loadCatalog().filter((f) => f.remediation).length);
    expect(run.remediations).to.deep.include({
      run: run.summary.run,
      finding: 'ak-rotation',
      targets: {
        bucket: REPORT_BUCKET,
        key: 'targets/date=2026-11-23/run=daily-2026-11-23/ak-rotation.jsonl',
      },
      actions_earlier_in_run: { run: 0, by_account: {} },
    });
    expect(run.output).to.have.property('key', 'runs/date=2026-11-23/run=daily-2026-11-23/summary.json');
    expect(org.objects.has('credential-reports/date=2026-11-23/100000000002.csv')).to.be.true;
  });

  it('runs the remediations one at a time, each handed the actions the earlier ones took', async () => {
    // Prepare: each remediation takes 2 actions in one account; cert-rotation's function throws
    const org = organization(2);
    const account = accountId(1);
    let running = 0;
    let overlapped = false;
    const remediate = async (payload: unknown) => {
      const event = payload as RemediationEvent;
      overlapped ||= running > 0;
      running += 1;
      await new Promise((resolve) => setTimeout(resolve, 5));
      running -= 1;
      if (event.finding === 'cert-rotation') {
        throw Object.assign(new Error('IAM is having a bad day'), { name: 'ServiceFailure' });
      }
      const earlier = event.actions_earlier_in_run;
      const actions: ActionCounts = {
        run: earlier.run + 2,
        by_account: { ...earlier.by_account, [account]: (earlier.by_account[account] ?? 0) + 2 },
      };
      return { actions_in_run: actions };
    };

    // Act
    const run = await runLocally({ handlers: org.handlers, remediate });

    // Assess: one after another (from the end of the catalog), the counts threaded from zero; the
    // failed remediation leaves them unchanged for the next one
    expect(overlapped).to.be.false;
    const handed = (run.remediations as RemediationEvent[]).map((event) => [
      event.finding,
      event.actions_earlier_in_run,
    ]);
    expect(handed).to.deep.equal([
      ['review-revoke', { run: 0, by_account: {} }],
      ['cred-usage', { run: 2, by_account: { [account]: 2 } }],
      ['cert-rotation', { run: 4, by_account: { [account]: 4 } }],
      ['ak-usage', { run: 4, by_account: { [account]: 4 } }],
      ['ak-rotation', { run: 6, by_account: { [account]: 6 } }],
    ]);
    // ... and the summary still lists the findings in catalog order, the failed remediation's as failed
    expect(run.summary.findings.map((item) => item.finding)).to.deep.equal(loadCatalog().map((f) => f.id));
    const failed = run.summary.findings.filter((item) => item.status === 'failed');
    expect(failed.map((item) => item.finding)).to.deep.equal(['cert-rotation']);
    expect(failed[0]).to.have.nested.property('error.Error', 'ServiceFailure');
    expect(writtenSummary(org, run).failed_findings).to.deep.equal([
      { finding: 'cert-rotation', error: 'ServiceFailure: IAM is having a bad day' },
    ]);
  });

  it('counts the state transitions each account costs', async () => {
    // Prepare: every account answers STARTED once, then COMPLETE (one wait cycle)
    const org = organization(3);

    // Act
    const run = await runLocally({ handlers: org.handlers });
    const perAccount = transitionsPerAccount(renderedDefinition(), run.events);

    // Assess: Parallel, GenerateReport, IsReportComplete, CountReportCycle, WaitForReport,
    // GenerateReport, IsReportComplete, DownloadReport, CollectInventory
    expect([...perAccount.values()]).to.deep.equal([9, 9, 9]);
    expect(countStateTransitions(run.events)).to.be.greaterThan(27);
  });

  it('fails only the account whose report never completes, with ReportNotReadyError', async () => {
    // Prepare
    const stuck = accountId(2);
    const org = organization(3, { [stuck]: { ...healthyAccount(stuck), completeFromCall: Infinity } });

    // Act
    const run = await runLocally({ handlers: org.handlers });

    // Assess: a Fail state's Cause is plain text, kept as it is
    const outcome = run.accounts.find((item) => item.account_id === stuck);
    expect(outcome?.status).to.equal('failed');
    expect(run.accounts.filter((item) => item.status === 'stored')).to.have.length(2);
    const [failure, ...others] = writtenSummary(org, run).failed_accounts;
    expect(others).to.deep.equal([]);
    expect(failure?.account_id).to.equal(stuck);
    expect(failure?.error).to.match(
      /^ReportNotReadyError: GenerateReport: the credential report was still not COMPLETE after 3 waits/,
    );
  });

  it('records an account whose member role cannot be assumed and goes on', async () => {
    // Prepare
    const locked = accountId(1);
    const org = organization(3, { [locked]: { ...healthyAccount(locked), roleNotAssumable: true } });

    // Act
    const run = await runLocally({ handlers: org.handlers });

    // Assess: the Catch's Cause is the runtime's JSON; read back from the Map's results it keeps
    // errorType and errorMessage but not the stack trace (bounded); the summary reads errorType: errorMessage
    const outcome = run.accounts.find((item) => item.account_id === locked);
    expect(outcome).to.have.nested.property('error.Error', 'AssumeMemberRoleError');
    expect(outcome)
      .to.have.nested.property('error.Cause')
      .that.match(/^\{"errorType":"AssumeMemberRoleError","errorMessage":/)
      .and.not.match(/"trace"/);
    const summary = writtenSummary(org, run);
    expect(summary.failed_accounts).to.have.length(1);
    expect(summary.failed_accounts[0]?.error).to.match(
      /^AssumeMemberRoleError: account 100000000001: cannot assume arn:aws:iam::100000000001:role\/credential-tracker-member \(AccessDenied/,
    );
    expect(summary.failed_accounts[0]?.error).not.to.match(/trace|\n\s+at /);
    expect(summary.per_finding.find((item) => item.finding === 'ak-rotation')?.accounts).to.equal(2);
  });

  it('still initialises the table and summarises an empty Organization', async () => {
    // Prepare
    const org = organization(0);

    // Act
    const run = await runLocally({ handlers: org.handlers });

    // Assess
    expect(run.accounts).to.deep.equal([]);
    expect(run.summary.findings.every((item) => item.status === 'succeeded' && item.count === 0)).to.be.true;
    expect(writtenSummary(org, run)).to.deep.include({ complete: true, total_targets: 0 });
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
    expect(run.accounts.filter((item) => item.status === 'stored')).to.have.length(47);
    const summary = writtenSummary(org, run);
    expect(summary.accounts).to.deep.equal({ total: 50, stored: 47, failed: 3 });
    expect(summary.failed_accounts.map((item) => [item.account_id, item.error.split(':')[0]])).to.deep.equal([
      [stuck, 'ReportNotReadyError'],
      [locked, 'AssumeMemberRoleError'],
      [corrupt, 'CredentialReportError'],
    ]);
    expect(summary.failed_accounts.every((item) => !item.error.includes('"trace"'))).to.be.true;
    expect(org.published[0]?.subject).to.match(
      /^credential-tracker 2026-11-23: FAILED 3 accounts; 47\/50 accounts/,
    );
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

    // Assess: the state machine hands on the failure, Cause as the Lambda runtime reports it ...
    const failure = run.summary.findings.find((item) => item.finding === 'root-mfa');
    expect(failure).to.have.all.keys('finding', 'status', 'error');
    expect(failure).to.include({ status: 'failed' });
    expect(failure).to.have.nested.property('error.Error', 'FindingQueryFailedError');
    expect(failure)
      .to.have.nested.property('error.Cause')
      .that.match(/^\{"errorType":.*"trace":/);
    expect(run.summary.findings.filter((item) => item.status === 'succeeded')).to.have.length(
      loadCatalog().length - 1,
    );
    // ... and the summary written to S3 and published names it with its error, never as 0 found
    const summary = writtenSummary(org, run);
    expect(summary.complete).to.be.false;
    expect(summary.findings).to.deep.equal({
      total: loadCatalog().length,
      succeeded: loadCatalog().length - 1,
      failed: 1,
    });
    expect(summary.failed_findings).to.deep.equal([
      { finding: 'root-mfa', error: 'FindingQueryFailedError: Athena said FAILED' },
    ]);
    expect(summary.per_finding.map((item) => item.finding)).not.to.include('root-mfa');
    expect(org.published).to.have.length(1);
    expect(org.published[0]?.subject).to.match(
      /^credential-tracker 2026-11-23: FAILED 1 finding; 2\/2 accounts/,
    );
    expect(org.published[0]?.message)
      .to.include('- root-mfa: FindingQueryFailedError: Athena said FAILED')
      .and.include('- root-mfa: FAILED, not counted');
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
    expect(run.accounts.map((item) => item.status)).to.deep.equal(['stored', 'stored']);
    expect(Object.fromEntries(transitionsPerAccount(renderedDefinition(), run.events))).to.deep.equal({
      [accountId(1)]: 9,
      [throttled]: 10,
    });
  });
});
