import { expect } from 'chai';
import {
  BEST_PRACTICES_FINDING_TYPE,
  CIS_FINDING_TYPE,
  findingOfGeneratorId,
  partitionOfRegion,
  resolvedSecurityHubFinding,
  securityHubFinding,
  securityHubProductArn,
  type SecurityHubFindingMetadata,
  type SecurityHubFindingRow,
} from '../../src/security-hub/index.js';

const ACCOUNT = '123456789012';

const metadata = (overrides: Partial<SecurityHubFindingMetadata> = {}): SecurityHubFindingMetadata => ({
  id: 'ak-rotation',
  title: 'Access key not rotated within the rotation period',
  severity: 'high',
  description: 'An active access key was created (last rotated) more than rotation_days ago.',
  risk: 'A long-lived key has had more time to leak.',
  references: { cis: 'CIS AWS Foundations Benchmark v3.0.0, 1.14' },
  remediation: 'ak-rotation',
  fix: { cli: 'aws iam create-access-key --user-name USER' },
  ...overrides,
});

const row = (overrides: Partial<SecurityHubFindingRow> = {}): SecurityHubFindingRow => ({
  account_id: ACCOUNT,
  user_name: 'alice',
  user_arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
  credential: 'access_key_1',
  created_at: new Date('2026-01-02T03:04:05Z'),
  last_used_at: new Date('2026-11-20T00:00:00Z'),
  days: 325,
  ...overrides,
});

const context = {
  region: 'eu-west-1',
  runId: 'daily-2026-11-23',
  asOf: new Date('2026-11-23T00:15:00Z'),
  now: new Date('2026-11-23T00:20:00Z'),
};

// What a secret would look like if one ever leaked into a finding: an access key id, a 40-character
// secret access key, a session token, a password field.
const SECRET_LIKE = [
  /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/,
  /(?<![A-Za-z0-9/+=])[A-Za-z0-9/+=]{40}(?![A-Za-z0-9/+=])/,
  /SecretAccessKey|SessionToken|"password"\s*:/i,
];

describe('Security Hub findings (ASFF)', () => {
  it('maps a finding row to a new ACTIVE, FAILED finding under the account default product', () => {
    // Act
    const finding = securityHubFinding(metadata(), row(), context);

    // Assess
    expect(finding).to.deep.equal({
      SchemaVersion: '2018-10-08',
      Id: `credential-tracker/${ACCOUNT}/ak-rotation/alice/access_key_1`,
      ProductArn: `arn:aws:securityhub:eu-west-1:${ACCOUNT}:product/${ACCOUNT}/default`,
      ProductName: 'credential-tracker',
      CompanyName: 'credential-tracker',
      GeneratorId: 'credential-tracker/ak-rotation',
      AwsAccountId: ACCOUNT,
      Types: [CIS_FINDING_TYPE],
      CreatedAt: '2026-11-23T00:20:00.000Z',
      UpdatedAt: '2026-11-23T00:20:00.000Z',
      FirstObservedAt: '2026-11-23T00:15:00.000Z',
      LastObservedAt: '2026-11-23T00:15:00.000Z',
      Severity: { Label: 'HIGH', Original: 'high' },
      FindingProviderFields: { Severity: { Label: 'HIGH', Original: 'high' }, Types: [CIS_FINDING_TYPE] },
      Title: 'Access key not rotated within the rotation period',
      Description:
        'An active access key was created (last rotated) more than rotation_days ago. Found for user alice (access_key_1, 325 days). A long-lived key has had more time to leak.',
      Remediation: { Recommendation: { Text: 'aws iam create-access-key --user-name USER' } },
      ProductFields: {
        'credential-tracker/finding': 'ak-rotation',
        'credential-tracker/user_name': 'alice',
        'credential-tracker/credential': 'access_key_1',
        'credential-tracker/days': '325',
        'credential-tracker/created_at': '2026-01-02T03:04:05.000Z',
        'credential-tracker/last_used_at': '2026-11-20T00:00:00.000Z',
        'credential-tracker/remediation': 'ak-rotation',
        'credential-tracker/run_id': 'daily-2026-11-23',
      },
      Resources: [
        {
          Type: 'AwsIamUser',
          Id: `arn:aws:iam::${ACCOUNT}:user/alice`,
          Partition: 'aws',
          Region: 'eu-west-1',
        },
      ],
      Compliance: { Status: 'FAILED', RelatedRequirements: ['CIS AWS Foundations Benchmark v3.0.0, 1.14'] },
      RecordState: 'ACTIVE',
      Workflow: { Status: 'NEW' },
    });
  });

  it('gives the same Id every run and a different one per finding, user and credential', () => {
    // Act
    const ids = [
      securityHubFinding(metadata(), row(), context).Id,
      securityHubFinding(metadata(), row(), { ...context, now: new Date('2026-11-24T00:20:00Z') }).Id,
      securityHubFinding(metadata(), row({ credential: 'access_key_2' }), context).Id,
      securityHubFinding(metadata(), row({ user_name: 'bob' }), context).Id,
      securityHubFinding(metadata({ id: 'ak-usage' }), row(), context).Id,
    ];

    // Assess
    expect(ids[0]).to.equal(ids[1]);
    expect(new Set(ids).size).to.equal(4);
    expect(findingOfGeneratorId(securityHubFinding(metadata(), row(), context).GeneratorId)).to.equal(
      'ak-rotation',
    );
    expect(findingOfGeneratorId('another-tool/ak-rotation')).to.equal(undefined);
  });

  it('maps every catalog severity to its label, and a finding without CIS to best practices', () => {
    // Act
    const labels = (['critical', 'high', 'medium', 'low'] as const).map(
      (severity) => securityHubFinding(metadata({ severity }), row(), context).Severity?.Label,
    );
    const noCis = securityHubFinding(metadata({ references: { cis: null } }), row(), context);

    // Assess
    expect(labels).to.deep.equal(['CRITICAL', 'HIGH', 'MEDIUM', 'LOW']);
    expect(noCis.Types).to.deep.equal([BEST_PRACTICES_FINDING_TYPE]);
    expect(noCis.Compliance).to.deep.equal({ Status: 'FAILED' });
  });

  it('makes the root user an AwsAccount resource, and leaves out the fields a row does not have', () => {
    // Act
    const finding = securityHubFinding(
      metadata({ id: 'root-mfa', severity: 'critical', remediation: null }),
      row({
        user_name: '<root_account>',
        user_arn: `arn:aws:iam::${ACCOUNT}:root`,
        credential: 'mfa',
        created_at: null,
        last_used_at: null,
        days: null,
      }),
      context,
    );

    // Assess
    expect(finding.Resources).to.deep.equal([
      { Type: 'AwsAccount', Id: `AWS::::Account:${ACCOUNT}`, Partition: 'aws', Region: 'eu-west-1' },
    ]);
    expect(finding.Description).to.contain('Found for the root user (mfa).');
    expect(finding.ProductFields).to.have.all.keys(
      'credential-tracker/finding',
      'credential-tracker/user_name',
      'credential-tracker/credential',
      'credential-tracker/run_id',
    );
  });

  it('keeps an earlier import’s CreatedAt and FirstObservedAt and never sends Workflow on an update', () => {
    // Act
    const finding = securityHubFinding(metadata(), row(), context, {
      CreatedAt: '2026-11-01T00:20:00.000Z',
      FirstObservedAt: '2026-11-01T00:15:00.000Z',
    });

    // Assess
    expect(finding).to.not.have.property('Workflow');
    expect(finding).to.include({
      CreatedAt: '2026-11-01T00:20:00.000Z',
      FirstObservedAt: '2026-11-01T00:15:00.000Z',
      UpdatedAt: '2026-11-23T00:20:00.000Z',
      LastObservedAt: '2026-11-23T00:15:00.000Z',
      RecordState: 'ACTIVE',
    });
  });

  it('keeps within ASFF’s length limits', () => {
    // Act
    const finding = securityHubFinding(
      metadata({ title: 't'.repeat(300), risk: 'r'.repeat(2000), fix: { cli: 'c'.repeat(900) } }),
      row(),
      context,
    );

    // Assess
    expect(finding.Title).to.have.length(256);
    expect(finding.Description).to.have.length(1024);
    expect(finding.Remediation?.Recommendation?.Text).to.have.length(512);
    expect(finding.Id?.length).to.be.at.most(512);
  });

  it('carries nothing that looks like a secret', () => {
    // Act
    const text = JSON.stringify([
      securityHubFinding(metadata(), row(), context),
      securityHubFinding(metadata(), row({ credential: 'password' }), context),
    ]);

    // Assess
    for (const pattern of SECRET_LIKE) expect(text).not.to.match(pattern);
  });

  it('resolves a finding: the provider’s fields re-sent ARCHIVED and PASSED, no Workflow', () => {
    // Prepare: as GetFindings returns it, with what Security Hub adds
    const previous = {
      ...securityHubFinding(metadata(), row(), context),
      Region: 'eu-west-1',
      Workflow: { Status: 'NOTIFIED' as const },
      WorkflowState: 'NEW' as const,
      Note: { Text: 'owner told', UpdatedBy: 'someone', UpdatedAt: '2026-11-23T09:00:00Z' },
      ProductFields: {
        ...securityHubFinding(metadata(), row(), context).ProductFields,
        'aws/securityhub/FindingId': 'arn:aws:securityhub:...',
      },
    };

    // Act
    const resolved = resolvedSecurityHubFinding(previous, new Date('2026-11-24T00:20:00Z'));

    // Assess
    expect(resolved).to.include({
      Id: previous.Id,
      RecordState: 'ARCHIVED',
      UpdatedAt: '2026-11-24T00:20:00.000Z',
      CreatedAt: previous.CreatedAt,
      LastObservedAt: previous.LastObservedAt,
    });
    expect(resolved.Compliance).to.deep.equal({
      Status: 'PASSED',
      RelatedRequirements: ['CIS AWS Foundations Benchmark v3.0.0, 1.14'],
    });
    expect(resolved).to.not.have.any.keys('Workflow', 'WorkflowState', 'Note', 'Region');
    expect(resolved.ProductFields).to.not.have.property('aws/securityhub/FindingId');
    expect(resolved.Resources).to.deep.equal(previous.Resources);
    expect(resolved.FindingProviderFields).to.deep.equal(previous.FindingProviderFields);
    expect(resolved.Severity).to.deep.equal({ Label: 'HIGH', Original: 'high' });
  });

  it('names the product and the partition of other partitions', () => {
    // Assess
    expect(partitionOfRegion('cn-north-1')).to.equal('aws-cn');
    expect(partitionOfRegion('us-gov-west-1')).to.equal('aws-us-gov');
    expect(partitionOfRegion('eu-west-1')).to.equal('aws');
    expect(securityHubProductArn('aws-cn', 'cn-north-1', ACCOUNT)).to.equal(
      `arn:aws-cn:securityhub:cn-north-1:${ACCOUNT}:product/${ACCOUNT}/default`,
    );
    const china = securityHubFinding(metadata(), row({ user_arn: `arn:aws-cn:iam::${ACCOUNT}:user/alice` }), {
      ...context,
      region: 'cn-north-1',
    });
    expect(china.ProductArn).to.equal(
      `arn:aws-cn:securityhub:cn-north-1:${ACCOUNT}:product/${ACCOUNT}/default`,
    );
    expect(china.Resources?.[0]).to.include({ Partition: 'aws-cn', Region: 'cn-north-1' });
  });
});
