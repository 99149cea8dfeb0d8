import {
  CredentialReportExpiredException,
  CredentialReportNotPresentException,
  CredentialReportNotReadyException,
  GetCredentialReportCommand,
  IAMClient,
} from '@aws-sdk/client-iam';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { ConfigError, formatCredentialReport, iamUserRow, rootRow } from '@credential-tracker/core';
import {
  AssumeMemberRoleError,
  loadSettings,
  memberIamClients,
  runContext,
} from '@credential-tracker/core/aws';
import { mockClient } from 'aws-sdk-client-mock';
import { expect } from 'chai';
import {
  DownloadReportError,
  InvalidCredentialReportError,
  ReportExpiredError,
  ReportInProgressError,
  ReportNotPresentError,
  downloadReport,
  downloadReportSettingsSchema,
} from '../src/handler.js';

const ACCOUNT = '210987654321';
const RUN = runContext('exec-1', new Date('2026-11-23T06:00:00Z'));
const DESTINATION = {
  bucket: 'tracker-reports',
  kmsKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
};
const GENERATED = new Date('2026-11-23T05:58:01Z');
const encode = (text: string) => new TextEncoder().encode(text);

const mockSTSClient = () => mockClient(STSClient);
const mockIAMClient = () => mockClient(IAMClient);
const mockS3Client = () => mockClient(S3Client);

describe('download-report', () => {
  // Mocks patch every client of the class: made in before() and restored in after(), so that the
  // moto tests of other files, which mocha runs in the same process, talk to moto.
  let sts: ReturnType<typeof mockSTSClient>;
  let iam: ReturnType<typeof mockIAMClient>;
  let s3: ReturnType<typeof mockS3Client>;
  const clients = () => ({
    iamFor: memberIamClients(new STSClient({}), { roleName: 'credential-tracker-member' }),
    s3: new S3Client({}),
  });

  before(() => {
    sts = mockSTSClient();
    iam = mockIAMClient();
    s3 = mockS3Client();
  });

  after(() => {
    sts.restore();
    iam.restore();
    s3.restore();
  });

  beforeEach(() => {
    sts.reset();
    iam.reset();
    s3.reset();
    sts.on(AssumeRoleCommand).resolves({
      Credentials: {
        AccessKeyId: 'ASIA1',
        SecretAccessKey: 's',
        SessionToken: 't',
        Expiration: new Date(),
      },
    });
    s3.on(PutObjectCommand).resolves({});
  });

  const download = () =>
    downloadReport(clients(), DESTINATION, RUN, ACCOUNT).catch((error: unknown) => error);

  it('stores the report byte for byte under the date partition, encrypted with the KMS key', async () => {
    // Prepare: the CRLF line ends must survive
    const content = encode(
      formatCredentialReport([
        rootRow(ACCOUNT),
        iamUserRow(ACCOUNT, 'alice'),
        iamUserRow(ACCOUNT, 'bob'),
      ]).replace(/\n/g, '\r\n'),
    );
    iam
      .on(GetCredentialReportCommand)
      .resolves({ Content: content, GeneratedTime: GENERATED, ReportFormat: 'text/csv' });

    // Act
    const result = await downloadReport(clients(), DESTINATION, RUN, ACCOUNT);

    // Assess
    const key = `credential-reports/date=2026-11-23/${ACCOUNT}.csv`;
    expect(result).to.deep.equal({
      account_id: ACCOUNT,
      bucket: 'tracker-reports',
      key,
      users: 3,
      generated_time: '2026-11-23T05:58:01.000Z',
    });
    const put = s3.commandCalls(PutObjectCommand)[0]?.args[0].input;
    expect(put).to.deep.equal({
      Bucket: 'tracker-reports',
      Key: key,
      Body: content,
      ContentLength: content.byteLength,
      ContentType: 'text/csv',
      Metadata: { 'generated-time': '2026-11-23T05:58:01.000Z' },
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: DESTINATION.kmsKeyArn,
    });
  });

  const refusals = [
    {
      refusal: new CredentialReportNotPresentException({ message: 'no report', $metadata: {} }),
      expected: ReportNotPresentError,
      advice: 'run GenerateReport',
    },
    {
      refusal: new CredentialReportExpiredException({ message: 'too old', $metadata: {} }),
      expected: ReportExpiredError,
      advice: 'run GenerateReport again',
    },
    {
      refusal: new CredentialReportNotReadyException({ message: 'not ready', $metadata: {} }),
      expected: ReportInProgressError,
      advice: 'wait until GenerateReport answers COMPLETE',
    },
  ];
  for (const { refusal, expected, advice } of refusals) {
    it(`turns ${refusal.name} into ${expected.name}, and writes nothing`, async () => {
      // Prepare
      iam.on(GetCredentialReportCommand).rejects(refusal);

      // Act
      const failure = await download();

      // Assess
      expect(failure).to.be.instanceOf(expected);
      expect((failure as Error).name).to.equal(expected.name);
      expect((failure as Error).message)
        .to.contain(ACCOUNT)
        .and.contain(refusal.message)
        .and.contain(advice);
      expect(s3.calls()).to.have.length(0);
    });
  }

  it('refuses a report of another account, naming the account, line and column, and writes nothing', async () => {
    // Prepare
    const content = formatCredentialReport([rootRow(ACCOUNT), iamUserRow('111111111111', 'mallory')]);
    iam.on(GetCredentialReportCommand).resolves({ Content: encode(content), GeneratedTime: GENERATED });

    // Act
    const failure = await download();

    // Assess
    expect(failure).to.be.instanceOf(InvalidCredentialReportError);
    expect((failure as Error).message)
      .to.contain(`account ${ACCOUNT}`)
      .and.contain(`s3://tracker-reports/credential-reports/date=2026-11-23/${ACCOUNT}.csv:3 (column arn)`)
      .and.contain('not stored');
    expect(s3.calls()).to.have.length(0);
  });

  it('refuses a truncated report', async () => {
    // Prepare
    const content = formatCredentialReport([rootRow(ACCOUNT), iamUserRow(ACCOUNT, 'alice')]);
    iam
      .on(GetCredentialReportCommand)
      .resolves({ Content: encode(content.slice(0, -40)), GeneratedTime: GENERATED });

    // Act
    const failure = await download();

    // Assess
    expect(failure).to.be.instanceOf(InvalidCredentialReportError);
    expect((failure as Error).message).to.contain(':3 (column');
    expect(s3.calls()).to.have.length(0);
  });

  it('says which object and key when S3 refuses the write', async () => {
    // Prepare
    iam.on(GetCredentialReportCommand).resolves({
      Content: encode(formatCredentialReport([rootRow(ACCOUNT)])),
      GeneratedTime: GENERATED,
    });
    s3.on(PutObjectCommand).rejects(Object.assign(new Error('KMS denied'), { name: 'AccessDenied' }));

    // Act
    const failure = await download();

    // Assess
    expect(failure).to.be.instanceOf(DownloadReportError);
    expect((failure as Error).message)
      .to.contain(ACCOUNT)
      .and.contain('AccessDenied: KMS denied')
      .and.contain(DESTINATION.kmsKeyArn);
  });

  it('fails with AssumeMemberRoleError when the member role cannot be assumed', async () => {
    // Prepare
    sts.on(AssumeRoleCommand).rejects(Object.assign(new Error('not authorized'), { name: 'AccessDenied' }));

    // Act
    const failure = await download();

    // Assess
    expect(failure).to.be.instanceOf(AssumeMemberRoleError);
    expect((failure as Error).message).to.contain(`account ${ACCOUNT}`);
    expect(iam.calls()).to.have.length(0);
  });

  it('reports missing settings by variable name', () => {
    // Act
    const failure = (() => {
      try {
        return loadSettings(downloadReportSettingsSchema, {
          MEMBER_ROLE_NAME: 'member',
          REPORT_KMS_KEY_ARN: 'alias/x',
        });
      } catch (error) {
        return error;
      }
    })();

    // Assess
    expect(failure).to.be.instanceOf(ConfigError);
    expect((failure as Error).message)
      .to.contain('REPORT_BUCKET')
      .and.contain('REPORT_KMS_KEY_ARN');
  });
});
