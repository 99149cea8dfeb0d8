import { GetObjectCommand, S3Client, type GetObjectCommandOutput } from '@aws-sdk/client-s3';
import {
  BatchImportFindingsCommand,
  GetFindingsCommand,
  SecurityHubClient,
  type AwsSecurityFinding,
} from '@aws-sdk/client-securityhub';
import { runContext, targetsKey } from '@credential-tracker/core/aws';
import {
  CIS_FINDING_TYPE,
  BEST_PRACTICES_FINDING_TYPE,
  securityHubFinding,
  type SecurityHubFindingRow,
} from '@credential-tracker/core/security-hub';
import { loadCatalog } from '@credential-tracker/findings';
import { useEnvironment } from '@credential-tracker/testing';
import { mockClient } from 'aws-sdk-client-mock';
import { expect } from 'chai';
import {
  createHandler,
  exportFindings,
  SecurityHubExportError,
  UnknownFindingError,
  type ExportFindingsRequest,
} from '../src/handler.js';

const RUN = runContext('daily-2026-11-23', new Date('2026-11-23T00:15:00Z'));
const NOW = new Date('2026-11-23T00:40:00Z');
const BUCKET = 'tracker-reports';
const REGION = 'eu-west-1';
const [A, B, C] = ['111111111111', '222222222222', '333333333333'] as const;

const row = (account: string, user: string, credential = 'access_key_1'): SecurityHubFindingRow => ({
  account_id: account,
  user_name: user,
  user_arn: `arn:aws:iam::${account}:user/${user}`,
  credential,
  created_at: new Date('2025-01-01T00:00:00Z'),
  last_used_at: null,
  days: 691,
});

/** A targets file as retrieve-users-to-remediate writes it. */
const targetsText = (rows: readonly SecurityHubFindingRow[]): string =>
  rows.map((item) => `${JSON.stringify(item)}\n`).join('');

const catalog = loadCatalog();
const metadataOf = (id: string) => {
  const found = catalog.find((finding) => finding.id === id);
  if (!found) throw new Error(`no finding ${id}`);
  return found;
};

/** What this tool imported in an earlier run, as GetFindings returns it. */
const earlier = (findingId: string, item: SecurityHubFindingRow): AwsSecurityFinding => ({
  ...securityHubFinding(metadataOf(findingId), item, {
    region: REGION,
    runId: 'daily-2026-11-22',
    asOf: new Date('2026-11-22T00:15:00Z'),
    now: new Date('2026-11-22T00:40:00Z'),
  }),
  Region: REGION,
});

describe('export-findings', () => {
  const s3 = new S3Client({ region: REGION });
  const s3Mock = mockClient(s3);
  // Every SecurityHubClient's send, mocked for this suite only (not while others run against moto).
  let hubMock: ReturnType<typeof mockSecurityHub>;
  const mockSecurityHub = () => mockClient(SecurityHubClient);
  /** The account each Security Hub call was made in (the factory's argument), in order. */
  let callsIn: string[];
  let objects: Map<string, string>;

  const services = () => ({
    s3,
    securityHubFor: async (accountId: string) => {
      callsIn.push(accountId);
      return Promise.resolve(new SecurityHubClient({ region: REGION }));
    },
  });

  const request = (overrides: Partial<ExportFindingsRequest> = {}): ExportFindingsRequest => ({
    run: RUN,
    accounts: [
      { account_id: A, status: 'stored' },
      { account_id: B, status: 'stored' },
    ],
    findings: [
      { finding: 'ak-rotation', status: 'succeeded', count: 1 },
      { finding: 'console-mfa', status: 'succeeded', count: 0 },
    ],
    bucket: BUCKET,
    region: REGION,
    catalog,
    now: NOW,
    ...overrides,
  });

  const imported = (): AwsSecurityFinding[] =>
    hubMock.commandCalls(BatchImportFindingsCommand).flatMap((call) => call.args[0].input.Findings ?? []);

  before(() => {
    hubMock = mockSecurityHub();
  });

  beforeEach(() => {
    s3Mock.reset();
    hubMock.reset();
    callsIn = [];
    objects = new Map();
    s3Mock.on(GetObjectCommand).callsFake(({ Key }: { Key: string }) => {
      const text = objects.get(Key);
      if (text === undefined) throw Object.assign(new Error(`no object ${Key}`), { name: 'NoSuchKey' });
      return {
        Body: { transformToString: async () => Promise.resolve(text) } as GetObjectCommandOutput['Body'],
      };
    });
    hubMock.on(GetFindingsCommand).resolves({ Findings: [] });
    hubMock.on(BatchImportFindingsCommand).callsFake(({ Findings }: { Findings: AwsSecurityFinding[] }) => ({
      SuccessCount: Findings.length,
      FailedCount: 0,
      FailedFindings: [],
    }));
  });

  after(() => {
    s3Mock.restore();
    hubMock.restore();
  });

  it('imports each account’s rows in that account, asking only for what it imported itself', async () => {
    // Prepare
    objects.set(
      targetsKey(RUN.date, RUN.run_id, 'ak-rotation'),
      targetsText([row(A, 'alice'), row(B, 'bob')]),
    );

    // Act
    const report = await exportFindings(services(), request());

    // Assess
    expect(report).to.deep.equal({
      accounts: 2,
      imported: 2,
      archived: 0,
      failed_accounts: [],
      failed_findings: [],
    });
    expect(callsIn.sort()).to.deep.equal([A, B]);
    expect(
      imported().map((finding) => [finding.AwsAccountId, finding.Id, finding.Workflow?.Status]),
    ).to.have.deep.members([
      [A, `credential-tracker/${A}/ak-rotation/alice/access_key_1`, 'NEW'],
      [B, `credential-tracker/${B}/ak-rotation/bob/access_key_1`, 'NEW'],
    ]);
    // console-mfa found nothing: its (empty) targets file is not even read
    expect(s3Mock.commandCalls(GetObjectCommand)).to.have.length(1);
    const filters = hubMock.commandCalls(GetFindingsCommand)[0]?.args[0].input.Filters;
    expect(filters).to.deep.include({
      GeneratorId: [{ Value: 'credential-tracker/', Comparison: 'PREFIX' }],
      RecordState: [{ Value: 'ACTIVE', Comparison: 'EQUALS' }],
    });
  });

  it('imports 100 findings a call, 250 in three calls', async () => {
    // Prepare
    const rows = Array.from({ length: 250 }, (_, index) => row(A, `user-${index}`));
    objects.set(targetsKey(RUN.date, RUN.run_id, 'ak-rotation'), targetsText(rows));

    // Act
    const report = await exportFindings(
      services(),
      request({ accounts: [{ account_id: A, status: 'stored' }] }),
    );

    // Assess
    const sizes = hubMock
      .commandCalls(BatchImportFindingsCommand)
      .map((call) => call.args[0].input.Findings?.length);
    expect(sizes).to.deep.equal([100, 100, 50]);
    expect(report.imported).to.equal(250);
  });

  it('archives only what cleared: not a failed query’s, not an absent account’s, never another tool’s', async () => {
    // Prepare: A had four of ours ACTIVE (and moto-like, GetFindings also answers another tool's)
    objects.set(targetsKey(RUN.date, RUN.run_id, 'ak-rotation'), targetsText([row(A, 'alice')]));
    const stillThere = earlier('ak-rotation', row(A, 'alice'));
    const cleared = earlier('ak-rotation', row(A, 'carol'));
    const ofFailedQuery = earlier('root-mfa', {
      ...row(A, '<root_account>', 'mfa'),
      user_arn: `arn:aws:iam::${A}:root`,
    });
    const ofRemovedFinding = {
      ...earlier('ak-rotation', row(A, 'dave')),
      GeneratorId: 'credential-tracker/gone',
    };
    const otherTool = {
      ...earlier('ak-rotation', row(A, 'erin')),
      GeneratorId: 'prowler/iam_rotate',
      Id: 'p-1',
    };
    hubMock
      .on(GetFindingsCommand)
      .resolvesOnce({ Findings: [stillThere, cleared], NextToken: 'page-2' })
      .resolves({ Findings: [ofFailedQuery, ofRemovedFinding, otherTool] });

    // Act: root-mfa's query failed; account C's report failed and it has no rows
    const report = await exportFindings(
      services(),
      request({
        accounts: [
          { account_id: A, status: 'stored' },
          { account_id: C, status: 'failed' },
        ],
        findings: [
          { finding: 'ak-rotation', status: 'succeeded', count: 1 },
          { finding: 'root-mfa', status: 'failed' },
        ],
      }),
    );

    // Assess
    expect(callsIn).to.deep.equal([A]);
    expect(hubMock.commandCalls(GetFindingsCommand)[1]?.args[0].input.NextToken).to.equal('page-2');
    const sent = imported();
    expect(
      sent.map((finding) => [finding.Id, finding.RecordState, finding.Compliance?.Status]),
    ).to.deep.equal([
      [stillThere.Id, 'ACTIVE', 'FAILED'],
      [cleared.Id, 'ARCHIVED', 'PASSED'],
      [ofRemovedFinding.Id, 'ARCHIVED', 'PASSED'],
    ]);
    // The one still there is an update: its first import's times kept, its workflow left alone
    expect(sent[0]).to.include({
      CreatedAt: stillThere.CreatedAt,
      FirstObservedAt: stillThere.FirstObservedAt,
    });
    expect(sent[0]).to.not.have.property('Workflow');
    expect(report).to.include({ accounts: 1, imported: 1, archived: 2 });
  });

  it('tries every batch and every account, then lists what failed', async () => {
    // Prepare: A's second batch is refused in part, B's first call fails outright, C's role cannot be assumed
    const rows = [
      ...Array.from({ length: 150 }, (_, index) => row(A, `user-${index}`)),
      row(B, 'bob'),
      row(C, 'carol'),
    ];
    objects.set(targetsKey(RUN.date, RUN.run_id, 'ak-rotation'), targetsText(rows));
    hubMock.on(BatchImportFindingsCommand).callsFake(({ Findings }: { Findings: AwsSecurityFinding[] }) => {
      if (Findings[0]?.AwsAccountId === B) {
        throw Object.assign(new Error('Account is not subscribed to AWS Security Hub'), {
          name: 'InvalidAccessException',
        });
      }
      const refused = Findings.length === 50 ? Findings.slice(0, 2) : [];
      return {
        SuccessCount: Findings.length - refused.length,
        FailedCount: refused.length,
        FailedFindings: refused.map((finding) => ({
          Id: finding.Id,
          ErrorCode: 'InvalidInput',
          ErrorMessage: 'Finding does not adhere to ASFF',
        })),
      };
    });
    const factory = services();
    const failingServices = {
      ...factory,
      securityHubFor: async (accountId: string) => {
        if (accountId === C) {
          throw Object.assign(new Error(`account ${C}: cannot assume the member role`), {
            name: 'AssumeMemberRoleError',
          });
        }
        return factory.securityHubFor(accountId);
      },
    };

    // Act
    const report = await exportFindings(
      failingServices,
      request({
        accounts: [A, B, C].map((account_id) => ({ account_id, status: 'stored' as const })),
      }),
    );

    // Assess
    expect(report.imported).to.equal(148);
    expect(report.failed_accounts).to.deep.equal([
      { account_id: C, error: `AssumeMemberRoleError: account ${C}: cannot assume the member role` },
    ]);
    expect(report.failed_findings).to.deep.equal([
      {
        account_id: A,
        id: `credential-tracker/${A}/ak-rotation/user-100/access_key_1`,
        error: 'InvalidInput: Finding does not adhere to ASFF',
      },
      {
        account_id: A,
        id: `credential-tracker/${A}/ak-rotation/user-101/access_key_1`,
        error: 'InvalidInput: Finding does not adhere to ASFF',
      },
      {
        account_id: B,
        id: `credential-tracker/${B}/ak-rotation/bob/access_key_1`,
        error:
          'BatchImportFindings failed: InvalidAccessException: Account is not subscribed to AWS Security Hub',
      },
    ]);
    const error = new SecurityHubExportError(report);
    expect(error.message).to.match(
      /^export-findings: 1 of 3 accounts and 3 findings were not exported to Security Hub \(148 imported, 0 archived\); account 333333333333: AssumeMemberRoleError/,
    );
  });

  it('names the account whose Security Hub cannot be read, and what to check', async () => {
    // Prepare
    hubMock.on(GetFindingsCommand).rejects(
      Object.assign(new Error('not authorized to perform: securityhub:GetFindings'), {
        name: 'AccessDeniedException',
      }),
    );

    // Act
    const report = await exportFindings(
      services(),
      request({ accounts: [{ account_id: A, status: 'stored' }], findings: [] }),
    );

    // Assess
    expect(report.failed_accounts).to.have.length(1);
    expect(report.failed_accounts[0]?.error).to.match(
      /^AccessDeniedException: not authorized to perform: securityhub:GetFindings \(check that Security Hub is enabled in eu-west-1 .*security_hub_export/,
    );
    expect(hubMock.commandCalls(BatchImportFindingsCommand)).to.have.length(0);
  });

  it('refuses a run whose findings its catalog does not know', async () => {
    // Act
    const failure = await exportFindings(
      services(),
      request({ findings: [{ finding: 'not-a-finding', status: 'succeeded', count: 1 }] }),
    ).catch((error: unknown) => error);

    // Assess
    expect(failure).to.be.instanceOf(UnknownFindingError);
    expect(callsIn).to.deep.equal([]);
  });

  it('maps every catalog finding within ASFF’s limits, CIS-cited ones as CIS checks', () => {
    // Act
    const findings = catalog.map((metadata) => ({
      metadata,
      finding: securityHubFinding(metadata, row(A, 'a'.repeat(64)), {
        region: REGION,
        runId: RUN.run_id,
        asOf: new Date(RUN.as_of),
        now: NOW,
      }),
    }));

    // Assess
    for (const { metadata, finding } of findings) {
      expect(finding.Types, metadata.id).to.deep.equal([
        metadata.references.cis ? CIS_FINDING_TYPE : BEST_PRACTICES_FINDING_TYPE,
      ]);
      expect(finding.Title, metadata.id).to.equal(metadata.title);
      expect(finding.Description?.length, metadata.id).to.be.within(1, 1024);
      expect(finding.Remediation?.Recommendation?.Text?.length, metadata.id).to.be.within(1, 512);
      expect(finding.Severity?.Label, metadata.id).to.equal(metadata.severity.toUpperCase());
    }
  });

  describe('handler', () => {
    let restore: () => void;

    beforeEach(() => {
      restore = useEnvironment({
        MEMBER_ROLE_NAME: 'credential-tracker-member',
        REPORT_BUCKET: BUCKET,
        AWS_REGION: REGION,
      });
    });

    afterEach(() => restore());

    const handler = () =>
      createHandler({ s3, securityHubFor: () => services().securityHubFor, now: () => NOW });

    /** The accounts Map's ResultWriter files (Step Functions' format) in the bucket, each output an outcome. */
    const accountResults = (outputs: unknown[]) => {
      const base = `account-runs/date=${RUN.date}/run=${RUN.run_id}/results/map-run-1`;
      objects.set(
        `${base}/manifest.json`,
        JSON.stringify({ ResultFiles: { SUCCEEDED: [{ Key: `${base}/SUCCEEDED_0.json` }] } }),
      );
      objects.set(
        `${base}/SUCCEEDED_0.json`,
        JSON.stringify(outputs.map((output) => ({ Status: 'SUCCEEDED', Output: JSON.stringify(output) }))),
      );
      return { bucket: BUCKET, manifest_key: `${base}/manifest.json` };
    };

    it('returns the counts the state machine keeps', async () => {
      // Prepare
      objects.set(targetsKey(RUN.date, RUN.run_id, 'ak-rotation'), targetsText([row(A, 'alice')]));

      // Act
      const result = await handler()({
        run: RUN,
        account_results: accountResults([{ account_id: A, status: 'stored' }]),
        findings: [
          { finding: 'ak-rotation', status: 'succeeded', count: 1, accounts: 1 },
          { finding: 'root-mfa', status: 'failed', error: { Error: 'FindingQueryFailedError' } },
        ],
      });

      // Assess
      expect(result).to.deep.equal({ accounts: 1, imported: 1, archived: 0, failed: 0 });
    });

    it('fails loudly, after trying everything, when something was not exported', async () => {
      // Prepare
      objects.set(
        targetsKey(RUN.date, RUN.run_id, 'ak-rotation'),
        targetsText([row(A, 'alice'), row(B, 'bob')]),
      );
      hubMock
        .on(BatchImportFindingsCommand)
        .callsFake(({ Findings }: { Findings: AwsSecurityFinding[] }) => ({
          SuccessCount: 0,
          FailedCount: Findings.length,
          FailedFindings: Findings.map((finding) => ({
            Id: finding.Id,
            ErrorCode: 'InvalidInput',
            ErrorMessage: 'no',
          })),
        }));

      // Act
      const failure = await handler()({
        run: RUN,
        account_results: accountResults([A, B].map((account_id) => ({ account_id, status: 'stored' }))),
        findings: [{ finding: 'ak-rotation', status: 'succeeded', count: 2, accounts: 2 }],
      }).catch((error: unknown) => error);

      // Assess
      expect(failure).to.be.instanceOf(SecurityHubExportError);
      expect(hubMock.commandCalls(BatchImportFindingsCommand)).to.have.length(2);
      expect((failure as Error).message).to.contain('0 of 2 accounts and 2 findings were not exported');
    });

    it('refuses an event that is not the state machine’s', async () => {
      // Act
      const failure = await handler()({
        run: RUN,
        account_results: { bucket: BUCKET },
        findings: [],
      }).catch((error: unknown) => error);

      // Assess
      expect(failure)
        .to.have.property('name')
        .that.match(/ZodError$/);
      expect(callsIn).to.deep.equal([]);
    });
  });
});
