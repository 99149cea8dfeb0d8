import { runContext } from '@credential-tracker/core/aws';
import { expect } from 'chai';
import {
  buildRunSummary,
  securityHubSummary,
  summariseRunEventSchema,
  summaryMessage,
  summarySubject,
  type RunSummary,
  type SecurityHubOutcome,
} from '../src/handler.js';

const RUN = runContext('daily-2026-11-23', new Date('2026-11-23T00:15:00Z'));
const ACCOUNT = '111111111111';

const summaryWith = (securityHub: SecurityHubOutcome): RunSummary => ({
  ...buildRunSummary(
    RUN,
    [{ account_id: ACCOUNT, status: 'stored' }],
    [{ finding: 'ak-rotation', status: 'succeeded', count: 1, accounts: 1 }],
    new Map([['ak-rotation', new Map([[ACCOUNT, 1]])]]),
  ),
  security_hub: securityHubSummary(securityHub),
});

describe('summarise-run: the Security Hub export', () => {
  it('takes the export as the state machine hands it on: off, exported or failed', () => {
    // Prepare
    const event = (security_hub: unknown) => ({
      run: RUN,
      account_results: { bucket: 'b', manifest_key: 'runs/m/manifest.json' },
      findings: [],
      security_hub,
    });

    // Assess
    expect(summariseRunEventSchema.parse(event({ status: 'off' })).security_hub).to.deep.equal({
      status: 'off',
    });
    expect(
      summariseRunEventSchema.parse(event({ status: 'exported', accounts: 2, imported: 5, archived: 1 }))
        .security_hub,
    ).to.deep.equal({ status: 'exported', accounts: 2, imported: 5, archived: 1 });
    expect(
      summariseRunEventSchema.parse(event({ status: 'failed', error: { Error: 'SecurityHubExportError' } }))
        .security_hub,
    ).to.deep.equal({ status: 'failed', error: { Error: 'SecurityHubExportError' } });
    // The setting itself never reaches the summary: ExportFindings or its Catch replaces it
    expect(() =>
      summariseRunEventSchema.parse(event({ status: 'on', function_arn: 'arn:aws:lambda:x' })),
    ).to.throw();
    expect(
      summariseRunEventSchema.parse({
        run: RUN,
        account_results: { bucket: 'b', manifest_key: 'runs/m/manifest.json' },
        findings: [],
      }),
    ).not.to.have.property('security_hub');
  });

  it('says what was exported, and names a failed export in the subject without marking the counts incomplete', () => {
    // Act
    const exported = summaryWith({ status: 'exported', accounts: 1, imported: 1, archived: 0 });
    const failed = summaryWith({
      status: 'failed',
      error: {
        Error: 'SecurityHubExportError',
        Cause: JSON.stringify({
          errorType: 'SecurityHubExportError',
          errorMessage: 'export-findings: 1 of 1 accounts and 0 findings were not exported',
          trace: ['at x'],
        }),
      },
    });

    // Assess
    expect(summaryMessage(exported, 's3://b/k')).to.contain(
      'Security Hub: 1 finding imported, 0 resolved (archived), in 1 account',
    );
    expect(summarySubject(exported)).not.to.contain('FAILED');
    expect(failed.complete).to.be.true;
    expect(failed.security_hub).to.deep.equal({
      status: 'failed',
      error: 'SecurityHubExportError: export-findings: 1 of 1 accounts and 0 findings were not exported',
    });
    expect(summarySubject(failed)).to.equal(
      'credential-tracker 2026-11-23: FAILED Security Hub export; 1/1 accounts, 1 to remediate',
    );
    const message = summaryMessage(failed, 's3://b/k');
    expect(message).to.contain('Security Hub export FAILED (the remediations ran): SecurityHubExportError');
    expect(message).not.to.contain('INCOMPLETE');
    expect(summaryMessage(summaryWith({ status: 'off' }), 's3://b/k')).to.contain('Security Hub: export off');
  });
});
