import {
  GenerateCredentialReportCommand,
  IAMClient,
  LimitExceededException,
  ServiceFailureException,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { AssumeMemberRoleError, memberIamClients } from '@credential-tracker/core/aws';
import { mockClient } from 'aws-sdk-client-mock';
import { expect } from 'chai';
import {
  GenerateReportError,
  GenerateReportThrottledError,
  generateReport,
  handler,
  type BackoffOptions,
} from '../src/handler.js';

const ACCOUNT = '210987654321';
const ROLE = { roleName: 'credential-tracker-member', externalId: 'tracker-ext-id' };

const limitExceeded = () => new LimitExceededException({ message: 'Rate exceeded', $metadata: {} });

const mockSTSClient = () => mockClient(STSClient);
const mockIAMClient = () => mockClient(IAMClient);

describe('generate-report', () => {
  // Mocks patch every client of the class: made in before() and restored in after(), so that the
  // moto tests of other files, which mocha runs in the same process, talk to moto.
  let sts: ReturnType<typeof mockSTSClient>;
  let iam: ReturnType<typeof mockIAMClient>;
  const iamFor = memberIamClients(new STSClient({}), ROLE);
  let sleeps: number[];
  let backoff: BackoffOptions;

  before(() => {
    sts = mockSTSClient();
    iam = mockIAMClient();
  });

  after(() => {
    sts.restore();
    iam.restore();
  });

  beforeEach(() => {
    sts.reset();
    iam.reset();
    sts.on(AssumeRoleCommand).resolves({
      Credentials: {
        AccessKeyId: 'ASIA1',
        SecretAccessKey: 'secret',
        SessionToken: 'token',
        Expiration: new Date(),
      },
    });
    sleeps = [];
    backoff = {
      maxAttempts: 4,
      baseDelayMs: 1_000,
      maxDelayMs: 3_000,
      random: () => 0.5,
      sleep: (ms) => {
        sleeps.push(ms);
        return Promise.resolve();
      },
    };
  });

  it('assumes the member role in the account and returns the state IAM answers', async () => {
    // Prepare
    iam.on(GenerateCredentialReportCommand).resolves({ State: 'STARTED' });

    // Act
    const result = await generateReport(iamFor, ACCOUNT, backoff);

    // Assess
    expect(result).to.deep.equal({ account_id: ACCOUNT, state: 'STARTED' });
    const assumed = sts.commandCalls(AssumeRoleCommand)[0]?.args[0].input;
    expect(assumed?.RoleArn).to.equal(`arn:aws:iam::${ACCOUNT}:role/credential-tracker-member`);
    expect(assumed?.ExternalId).to.equal('tracker-ext-id');
  });

  it('returns COMPLETE without error when IAM reuses a fresh report', async () => {
    // Prepare
    iam.on(GenerateCredentialReportCommand).resolves({ State: 'COMPLETE' });

    // Act
    const result = await generateReport(iamFor, ACCOUNT, backoff);

    // Assess
    expect(result.state).to.equal('COMPLETE');
    expect(sleeps).to.deep.equal([]);
  });

  it('backs off exponentially with jitter while IAM answers LimitExceeded', async () => {
    // Prepare
    iam
      .on(GenerateCredentialReportCommand)
      .rejectsOnce(limitExceeded())
      .rejectsOnce(Object.assign(new Error('slow down'), { name: 'Throttling' }))
      .rejectsOnce(limitExceeded())
      .resolves({ State: 'INPROGRESS' });

    // Act
    const result = await generateReport(iamFor, ACCOUNT, backoff);

    // Assess: half of 1 s, 2 s, then the 3 s cap
    expect(result.state).to.equal('INPROGRESS');
    expect(sleeps).to.deep.equal([500, 1_000, 1_500]);
  });

  it('gives up after the bounded number of attempts with a named error', async () => {
    // Prepare
    iam.on(GenerateCredentialReportCommand).rejects(limitExceeded());

    // Act
    const failure = await generateReport(iamFor, ACCOUNT, backoff).catch((error: unknown) => error);

    // Assess
    expect(failure).to.be.instanceOf(GenerateReportThrottledError);
    expect((failure as Error).name).to.equal('GenerateReportThrottledError');
    expect((failure as Error).message)
      .to.contain(ACCOUNT)
      .and.contain('4 times')
      .and.contain('LimitExceeded');
    expect(iam.commandCalls(GenerateCredentialReportCommand)).to.have.length(4);
    expect(sleeps).to.have.length(3);
  });

  it('does not retry other failures and says what AWS answered', async () => {
    // Prepare
    iam
      .on(GenerateCredentialReportCommand)
      .rejects(new ServiceFailureException({ message: 'internal error', $metadata: {} }));

    // Act
    const failure = await generateReport(iamFor, ACCOUNT, backoff).catch((error: unknown) => error);

    // Assess
    expect(failure).to.be.instanceOf(GenerateReportError);
    expect((failure as Error).message)
      .to.contain(ACCOUNT)
      .and.contain('ServiceFailureException: internal error');
    expect(iam.commandCalls(GenerateCredentialReportCommand)).to.have.length(1);
  });

  it('fails with AssumeMemberRoleError naming the account when the role cannot be assumed', async () => {
    // Prepare
    sts.on(AssumeRoleCommand).rejects(Object.assign(new Error('not authorized'), { name: 'AccessDenied' }));

    // Act
    const failure = await generateReport(iamFor, ACCOUNT, backoff).catch((error: unknown) => error);

    // Assess
    expect(failure).to.be.instanceOf(AssumeMemberRoleError);
    expect((failure as Error).message)
      .to.contain(ACCOUNT)
      .and.contain('credential-tracker-member');
    expect(iam.calls()).to.have.length(0);
  });

  it('refuses an event without a valid account id before calling AWS', async () => {
    // Act
    const failure = await handler({
      run: { run_id: 'x', as_of: '2026-11-23T06:00:00Z', date: '2026-11-23' },
      account_id: '42',
    }).catch((error: unknown) => error);

    // Assess
    // zod/mini's parse throws core's error class, which names itself $ZodError (classic zod's: ZodError).
    expect((failure as Error).name).to.equal('$ZodError');
    expect(sts.calls()).to.have.length(0);
  });
});
