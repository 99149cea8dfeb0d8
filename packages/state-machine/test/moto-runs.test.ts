import { GenerateCredentialReportCommand, GetCredentialReportCommand } from '@aws-sdk/client-iam';
import { GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { memberIamClients } from '@credential-tracker/core/aws';
import { loadCatalog } from '@credential-tracker/findings';
import {
  COLLECTOR_ROLE_NAME,
  motoOverrides,
  useEnvironment,
  useMotoSuite,
} from '@credential-tracker/testing';
import { mockClient } from 'aws-sdk-client-mock';
import { expect } from 'chai';
import { generateReport } from '@credential-tracker/fn-generate-report';
import { downloadReport } from '@credential-tracker/fn-download-report';
import type { RunSummary } from '@credential-tracker/fn-summarise-run';
import type { PipelineHandlers } from './support/contract.js';
import { renderedDefinition, runLocally } from './support/local-run.js';
import { transitionsPerAccount } from '../src/transitions.js';
import { deployToMoto, MOTO_BUCKET, type MotoDeployment } from './support/moto-pipeline.js';
import { motoPipelineHandlers } from './support/moto-handlers.js';

/** How some member accounts break; the others answer from moto. */
interface Breakage {
  /** IAM keeps answering INPROGRESS to GenerateCredentialReport. */
  readonly reportNeverCompletes?: string;
  /** STS refuses AssumeRole on the member role (moto itself never refuses one). */
  readonly roleNotAssumable?: string;
  /** GetCredentialReport answers with something that is not a credential report. */
  readonly corruptReport?: string;
}

describe('daily run on aws-local-stepfunctions, real functions against moto', function () {
  this.timeout(120_000);
  const moto = useMotoSuite();

  /** The summary summarise-run wrote to moto's S3. */
  const writtenSummary = async (date = '2026-11-23', runId = 'daily-2026-11-23'): Promise<RunSummary> => {
    const s3 = new S3Client(motoOverrides(moto.endpoint));
    try {
      const written = await s3.send(
        new GetObjectCommand({ Bucket: MOTO_BUCKET, Key: `runs/date=${date}/run=${runId}/summary.json` }),
      );
      return JSON.parse((await written.Body?.transformToString()) ?? '{}') as RunSummary;
    } finally {
      s3.destroy();
    }
  };

  /**
   * Every function through its Lambda entry, settings from the environment. moto computes no Athena
   * results: the rows each named query returns are computed on DuckDB and queued in moto beforehand.
   */
  // enforce is off (no CT_ENFORCE), as in a first deployment: the remediations plan and log only.
  const realHandlers = (deployment: MotoDeployment): PipelineHandlers =>
    motoPipelineHandlers(moto.endpoint, deployment);

  /**
   * The real plain functions of generate-report and download-report, over moto's STS, IAM and S3,
   * except for the accounts `breakage` names, whose one client answers as the breakage says.
   */
  const breakableHandlers = (deployment: MotoDeployment, breakage: Breakage): PipelineHandlers => {
    const config = motoOverrides(moto.endpoint);
    const role = { roleName: COLLECTOR_ROLE_NAME };
    const fromMoto = memberIamClients(new STSClient(config), role, config);
    const refusingSts = new STSClient(config);
    mockClient(refusingSts)
      .on(AssumeRoleCommand)
      .rejects(
        Object.assign(new Error('User is not authorized to perform: sts:AssumeRole'), {
          name: 'AccessDenied',
        }),
      );
    // A mocked client answers nothing but the commands set on it: break only the step the breakage is about.
    const iamFor = (step: 'generate' | 'download') => async (accountId: string) => {
      if (accountId === breakage.roleNotAssumable)
        return memberIamClients(refusingSts, role, config)(accountId);
      const iam = await fromMoto(accountId);
      if (step === 'generate' && accountId === breakage.reportNeverCompletes) {
        mockClient(iam).on(GenerateCredentialReportCommand).resolves({ State: 'INPROGRESS' });
      }
      if (step === 'download' && accountId === breakage.corruptReport) {
        mockClient(iam)
          .on(GetCredentialReportCommand)
          .resolves({
            Content: new TextEncoder().encode('user,arn\nnot,a report\n'),
            GeneratedTime: new Date('2026-11-23T05:59:00Z'),
            ReportFormat: 'text/csv',
          });
      }
      return iam;
    };
    const destination = {
      bucket: deployment.environment.REPORT_BUCKET as string,
      kmsKeyArn: deployment.environment.REPORT_KMS_KEY_ARN as string,
    };
    return {
      ...realHandlers(deployment),
      generateReport: ({ account_id }) => generateReport(iamFor('generate'), account_id),
      downloadReport: ({ run, account_id }) =>
        downloadReport(
          { iamFor: iamFor('download'), s3: new S3Client(config) },
          destination,
          run,
          account_id,
        ),
    };
  };

  const runWith = async (count: number, handlers: (deployment: MotoDeployment) => PipelineHandlers) => {
    const deployment = await deployToMoto(moto.endpoint, count);
    const restore = useEnvironment(deployment.environment);
    try {
      return { deployment, run: await runLocally({ handlers: handlers(deployment) }) };
    } finally {
      restore();
    }
  };

  it('stores every member account report in S3 and summarises a happy run of 3 accounts', async () => {
    // Prepare
    const deployment = await deployToMoto(moto.endpoint, 3);
    const restore = useEnvironment(deployment.environment);
    const s3 = new S3Client(motoOverrides(moto.endpoint));

    try {
      // Act
      // Half a year after moto created the access keys (now): ak-rotation finds every one of them.
      const run = await runLocally({
        handlers: realHandlers(deployment),
        executionName: 'daily-2027-06-01',
        startTime: '2027-06-01T06:00:00.000Z',
      });

      // Assess
      expect(run.accounts).to.deep.equal(
        deployment.memberAccounts.map((account_id) => ({ account_id, status: 'stored' })),
      );
      // moto answers STARTED, then COMPLETE: one wait cycle, 9 state transitions per account
      expect([...transitionsPerAccount(renderedDefinition(), run.events).values()]).to.deep.equal([9, 9, 9]);
      for (const account of deployment.memberAccounts) {
        const head = await s3.send(
          new HeadObjectCommand({
            Bucket: MOTO_BUCKET,
            Key: `credential-reports/date=2027-06-01/${account}.csv`,
          }),
        );
        expect(head.ContentLength).to.be.greaterThan(0);
        // ... and its inventory: alice, her access key, the member role
        const users = await s3.send(
          new GetObjectCommand({
            Bucket: MOTO_BUCKET,
            Key: `inventory/date=2027-06-01/users/${account}.jsonl`,
          }),
        );
        const [alice] = ((await users.Body?.transformToString()) ?? '').trim().split('\n');
        expect(JSON.parse(alice as string)).to.deep.include({ account_id: account, user_name: 'alice' });
      }
      expect(await writtenSummary('2027-06-01', 'daily-2027-06-01')).to.deep.include({
        complete: true,
        accounts: { total: 3, stored: 3, failed: 0 },
        failed_accounts: [],
        failed_findings: [],
      });
      expect(run.summary.findings.map((item) => item.finding)).to.deep.equal(
        loadCatalog().map((item) => item.id),
      );
      expect(run.summary.findings.find((item) => item.finding === 'ak-rotation')).to.deep.equal({
        finding: 'ak-rotation',
        status: 'succeeded',
        count: 3,
        accounts: 3,
      });
      const targets = await s3.send(
        new GetObjectCommand({
          Bucket: MOTO_BUCKET,
          Key: 'targets/date=2027-06-01/run=daily-2027-06-01/ak-rotation.jsonl',
        }),
      );
      expect((await targets.Body?.transformToString())?.trim().split('\n')).to.have.length(3);
      // The real ak-rotation function planned a new key for each of the 3 keys, and changed nothing.
      const actions = await s3.send(
        new GetObjectCommand({
          Bucket: MOTO_BUCKET,
          Key: 'actions/date=2027-06-01/run=daily-2027-06-01/remediate-findings-ak-rotation.jsonl',
        }),
      );
      const logged = ((await actions.Body?.transformToString()) ?? '')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { decision: string; action: string });
      expect(logged.map((row) => [row.decision, row.action])).to.deep.equal([
        ['planned', 'create_key_and_store'],
        ['planned', 'create_key_and_store'],
        ['planned', 'create_key_and_store'],
      ]);
      expect(run.output).to.include({ bucket: MOTO_BUCKET });
    } finally {
      restore();
      s3.destroy();
    }
  });

  it('fails the account whose report never completes with ReportNotReadyError, stores the others', async () => {
    // Act
    let stuck = '';
    const { run } = await runWith(3, (deployment) => {
      stuck = deployment.memberAccounts[1] as string;
      return breakableHandlers(deployment, { reportNeverCompletes: stuck });
    });

    // Assess
    expect(run.accounts.filter((item) => item.status === 'stored')).to.have.length(2);
    const outcome = run.accounts.find((item) => item.account_id === stuck);
    expect(outcome?.status).to.equal('failed');
    expect((await writtenSummary()).failed_accounts).to.deep.equal([
      {
        account_id: stuck,
        error:
          'ReportNotReadyError: GenerateReport: the credential report was still not COMPLETE after 3 waits of 10 seconds; IAM may be slow or throttled in this account, the next run tries again (raise report_max_cycles if it keeps happening)',
      },
    ]);
  });

  it('records AssumeMemberRoleError for an account whose role cannot be assumed and goes on', async () => {
    // Act
    let locked = '';
    const { run } = await runWith(3, (deployment) => {
      locked = deployment.memberAccounts[0] as string;
      return breakableHandlers(deployment, { roleNotAssumable: locked });
    });

    // Assess
    expect(run.accounts.filter((item) => item.status === 'stored')).to.have.length(2);
    const outcome = run.accounts.find((item) => item.account_id === locked);
    expect(outcome?.status).to.equal('failed');
    const [failure] = (await writtenSummary()).failed_accounts;
    expect(failure?.account_id).to.equal(locked);
    expect(failure?.error).to.match(
      new RegExp(`^AssumeMemberRoleError: account ${locked}: cannot assume .*AccessDenied`),
    );
    expect(failure?.error).not.to.match(/"trace"|\n\s+at /);
  });

  it('initialises the table and summarises an Organization without member accounts', async () => {
    // Act
    const { run } = await runWith(0, (deployment) => realHandlers(deployment));

    // Assess
    expect(run.accounts).to.deep.equal([]);
    expect(run.summary.findings.every((item) => item.status === 'succeeded' && item.count === 0)).to.be.true;
    expect(
      run.events.some((event) => event.type === 'StateEntered' && event.state?.name === 'InitialiseTable'),
    ).to.be.true;
  });

  it('stores 47 reports of an Organization of 50 and names the 3 accounts broken in different ways', async () => {
    // Act
    let broken: Required<Breakage> | undefined;
    const { run } = await runWith(50, (deployment) => {
      const [a, b, c] = [7, 23, 41].map((index) => deployment.memberAccounts[index] as string) as [
        string,
        string,
        string,
      ];
      broken = { reportNeverCompletes: a, roleNotAssumable: b, corruptReport: c };
      return breakableHandlers(deployment, broken);
    });

    // Assess: each failure as errorType: errorMessage (the Fail state's text as it is), no stack trace
    const written = await writtenSummary();
    expect(written.accounts).to.deep.equal({ total: 50, stored: 47, failed: 3 });
    const named = Object.fromEntries(written.failed_accounts.map((item) => [item.account_id, item.error]));
    expect(Object.keys(named)).to.have.members(Object.values(broken ?? {}));
    expect(named[broken?.reportNeverCompletes as string]).to.match(
      /^ReportNotReadyError: GenerateReport: the credential report was still not COMPLETE after 3 waits/,
    );
    expect(named[broken?.roleNotAssumable as string]).to.match(
      new RegExp(
        `^AssumeMemberRoleError: account ${broken?.roleNotAssumable}: cannot assume arn:aws:iam::${broken?.roleNotAssumable}:role/${COLLECTOR_ROLE_NAME} \\(AccessDenied`,
      ),
    );
    expect(named[broken?.corruptReport as string]).to.match(
      new RegExp(
        `^InvalidCredentialReportError: account ${broken?.corruptReport}: the credential report IAM returned is invalid and was not stored: `,
      ),
    );
    for (const error of Object.values(named)) expect(error).not.to.match(/"errorType"|"trace"|\n\s+at /);
    expect(run.accounts.filter((item) => item.status === 'stored')).to.have.length(47);
  });
});
