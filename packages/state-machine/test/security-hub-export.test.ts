import { expect } from 'chai';
import { runSummaryKey } from '@credential-tracker/core/aws';
import { loadCatalog } from '@credential-tracker/findings';
import { exportFindingsEventSchema } from '@credential-tracker/fn-export-findings';
import type { RunSummary } from '@credential-tracker/fn-summarise-run';
import type { ExecutionEvent } from '../src/transitions.js';
import { runLocally, type LocalRun } from './support/local-run.js';
import { accountId, organization, type SimulatedOrganization } from './support/simulated-organization.js';

function writtenSummary(org: SimulatedOrganization, run: LocalRun): RunSummary {
  const written = org.objects.get(runSummaryKey(run.summary.run.date, run.summary.run.run_id));
  if (written === undefined) throw new Error('summarise-run wrote no summary');
  return JSON.parse(written) as RunSummary;
}

/** The states entered, in order, by name. */
const entered = (events: readonly ExecutionEvent[]): string[] =>
  events.flatMap((event) => (event.type === 'StateEntered' && event.state ? [event.state.name] : []));

const remediationCount = () => loadCatalog().filter((finding) => finding.remediation).length;

describe('daily run with the Security Hub export (security_hub_export)', () => {
  it('skips the export when it is off, and says so in the summary', async () => {
    // Prepare
    const org = organization(2);

    // Act
    const run = await runLocally({ handlers: org.handlers });

    // Assess
    const states = entered(run.events);
    expect(states).to.include.members(['SecurityHubExport', 'IsSecurityHubExportOn']);
    expect(states).not.to.include('ExportFindings');
    expect(run.exports).to.deep.equal([]);
    expect(run.summary.security_hub).to.deep.equal({ status: 'off' });
    expect(writtenSummary(org, run).security_hub).to.deep.equal({ status: 'off' });
    expect(org.published[0]?.message).to.include('Security Hub: export off');
  });

  it('exports after the findings and before the remediations when it is on, the counts in the summary', async () => {
    // Prepare: export-findings answers as it does, after checking its event as it does
    const org = organization(2);
    const exportFindings = async (payload: unknown) => {
      exportFindingsEventSchema.parse(payload);
      return Promise.resolve({ accounts: 2, imported: 5, archived: 1, failed: 0 });
    };

    // Act
    const run = await runLocally({ handlers: org.handlers, exportFindings });

    // Assess: once, with the run, where the accounts' outcomes are (the Map's ResultWriter manifest,
    // the same one summarise-run reads) and the findings' outcomes
    expect(run.exports).to.have.length(1);
    const event = run.exports[0] as {
      run: unknown;
      account_results: unknown;
      findings: { finding: string }[];
    };
    expect(event.run).to.deep.equal(run.summary.run);
    expect(event.account_results).to.deep.equal(run.summary.account_results);
    expect(run.accounts).to.deep.equal([
      { account_id: accountId(1), status: 'stored' },
      { account_id: accountId(2), status: 'stored' },
    ]);
    expect(event.findings.map((item) => item.finding)).to.have.members(loadCatalog().map((f) => f.id));
    expect(event.findings.find((item) => item.finding === 'ak-rotation')).to.deep.equal({
      finding: 'ak-rotation',
      status: 'succeeded',
      count: 2,
      accounts: 2,
    });
    const states = entered(run.events);
    expect(states.indexOf('ExportFindings')).to.be.greaterThan(
      states.lastIndexOf('RetrieveUsersToRemediate'),
    );
    expect(states.indexOf('ExportFindings')).to.be.lessThan(states.indexOf('RemediateFindings'));
    expect(run.summary.security_hub).to.deep.equal({
      status: 'exported',
      accounts: 2,
      imported: 5,
      archived: 1,
    });
    expect(org.published[0]?.message).to.include(
      'Security Hub: 5 findings imported, 1 resolved (archived), in 2 accounts',
    );
  });

  it('goes on with every remediation when the export fails, and the summary names the failure', async () => {
    // Prepare
    const org = organization(2);
    const exportFindings = async () =>
      Promise.reject(
        Object.assign(new Error('export-findings: 1 of 2 accounts and 0 findings were not exported'), {
          name: 'SecurityHubExportError',
        }),
      );

    // Act
    const run = await runLocally({ handlers: org.handlers, exportFindings });

    // Assess
    expect(run.remediations).to.have.length(remediationCount());
    expect(run.summary.security_hub).to.have.property('status', 'failed');
    expect(run.summary.security_hub).to.have.nested.property('error.Error', 'SecurityHubExportError');
    const summary = writtenSummary(org, run);
    expect(summary.security_hub).to.deep.equal({
      status: 'failed',
      error: 'SecurityHubExportError: export-findings: 1 of 2 accounts and 0 findings were not exported',
    });
    // The findings and accounts all succeeded: the counts are complete, the subject still says FAILED
    expect(summary.complete).to.be.true;
    expect(org.published[0]?.subject).to.match(
      /^credential-tracker 2026-11-23: FAILED Security Hub export; 2\/2/,
    );
    expect(org.published[0]?.message).to.include(
      'Security Hub export FAILED (the remediations ran): SecurityHubExportError: export-findings: 1 of 2 accounts',
    );
  });
});
