import { expect } from 'chai';
import { failureText, type CaughtError } from '../src/handler.js';

/** A Catch of a Lambda function that threw, as Step Functions gives it: Cause is the runtime's JSON. */
const caughtLambdaError = (cause: Record<string, unknown>, error = String(cause.errorType)): CaughtError => ({
  Error: error,
  Cause: JSON.stringify(cause),
});

describe('failureText', () => {
  it('reads errorType: errorMessage from a Lambda error Cause and leaves the stack trace out', () => {
    // Prepare
    const caught = caughtLambdaError({
      errorType: 'AssumeMemberRoleError',
      errorMessage: 'account 222222222222: cannot assume "credential-tracker-member" (AccessDenied)',
      trace: [
        'AssumeMemberRoleError: account 222222222222: cannot assume "credential-tracker-member" (AccessDenied)',
        '    at assumeMemberRole (file:///var/task/index.mjs:12:11)',
      ],
    });

    // Act
    const text = failureText(caught);

    // Assess
    expect(text).to.equal(
      'AssumeMemberRoleError: account 222222222222: cannot assume "credential-tracker-member" (AccessDenied)',
    );
  });

  it("names the Catch's Error when the runtime's JSON has no errorType, as for a timeout", () => {
    // Prepare
    const caught = caughtLambdaError(
      { errorMessage: '2026-11-23T06:15:00.000Z 1a2b Task timed out after 900.00 seconds' },
      'Sandbox.Timedout',
    );

    // Act
    const text = failureText(caught);

    // Assess
    expect(text).to.equal(
      'Sandbox.Timedout: 2026-11-23T06:15:00.000Z 1a2b Task timed out after 900.00 seconds',
    );
  });

  it('gives the errorType alone when the errorMessage is empty, the Error alone without a Cause', () => {
    // Act
    const texts = [
      failureText(caughtLambdaError({ errorType: 'Error', errorMessage: '', trace: ['Error', '  at x'] })),
      failureText({ Error: 'States.Timeout' }),
      failureText({ Error: 'States.Timeout', Cause: '' }),
    ];

    // Assess
    expect(texts).to.deep.equal(['Error', 'States.Timeout', 'States.Timeout']);
  });

  it('reads any other Cause as Error: Cause, as it was recorded: a Fail state, a service error, other JSON', () => {
    // Prepare
    const caught: CaughtError[] = [
      {
        Error: 'ReportNotReadyError',
        Cause: 'GenerateReport: the credential report was still not COMPLETE after 3 waits of 10 seconds',
      },
      {
        Error: 'Lambda.Unknown',
        Cause: 'The cause could not be determined because Lambda did not return an error type.',
      },
      { Error: 'States.DataLimitExceeded', Cause: '{"reason":"the state output is larger than 256 KiB"}' },
      { Error: 'FindingQueryFailedError', Cause: '{not json at all' },
    ];

    // Act
    const texts = caught.map(failureText);

    // Assess
    expect(texts).to.deep.equal([
      'ReportNotReadyError: GenerateReport: the credential report was still not COMPLETE after 3 waits of 10 seconds',
      'Lambda.Unknown: The cause could not be determined because Lambda did not return an error type.',
      'States.DataLimitExceeded: {"reason":"the state output is larger than 256 KiB"}',
      'FindingQueryFailedError: {not json at all',
    ]);
  });
});
