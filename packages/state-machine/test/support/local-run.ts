import './promise-with-resolvers.js';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { readAccountOutcomes, type AccountOutcome } from '@credential-tracker/core/aws';
import { mockClient } from 'aws-sdk-client-mock';
import sinon from 'sinon';
import {
  catalogFindingFunctions,
  localLambdaArn,
  noPauseOverrides,
  renderedDefinition,
} from '../../src/local-definition.js';
import {
  PayloadLimitError,
  runDefinitionLocally,
  type LocalObjectStore,
  type PayloadMeasure,
} from '../../src/local-run.js';
import type { FindingFunctions } from '../../src/render.js';
import type { ExecutionEvent } from '../../src/transitions.js';
import type { PipelineHandlers, RemediationEvent, SummariseRunEvent } from './contract.js';

export { catalogFindingFunctions, renderedDefinition } from '../../src/local-definition.js';

export interface LocalRun {
  readonly output: unknown;
  readonly events: ExecutionEvent[];
  /** What the Summarise state handed to summarise-run. */
  readonly summary: SummariseRunEvent;
  /** Every remediation invocation, in order. */
  readonly remediations: unknown[];
  /** Every ExportFindings invocation (security_hub_export on). */
  readonly exports: unknown[];
  /** Every account's outcome, as the accounts Map's ResultWriter wrote them (read back from the store). */
  readonly accounts: AccountOutcome[];
  /** The largest state input or output of the run (the run fails past 262,144 bytes). */
  readonly largestPayload: PayloadMeasure;
}

export class LocalRunError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'LocalRunError';
  }
}

/**
 * An error a function threw, as Step Functions receives it in AWS: the Node.js runtime reports it as
 * {errorType, errorMessage, trace}, and a Catch then sees Error = errorType and Cause = that JSON,
 * stack trace included. The local library takes a thrown error's name and message as Error and Cause.
 */
class LambdaRuntimeError extends Error {
  constructor(thrown: unknown) {
    const error = thrown instanceof Error ? thrown : new Error(String(thrown));
    const trace = (error.stack ?? `${error.name}: ${error.message}`).split('\n');
    super(JSON.stringify({ errorType: error.name, errorMessage: error.message, trace }));
    this.name = error.name;
  }
}

/** A local handler that fails as a Lambda function does; the Lambda service's own errors stay as they are. */
function asLambdaFunction<E, R>(handler: (event: E) => Promise<R>): (event: E) => Promise<R> {
  return async (event) => {
    try {
      return await handler(event);
    } catch (error) {
      if (error instanceof Error && error.name.startsWith('Lambda.')) throw error;
      throw new LambdaRuntimeError(error);
    }
  };
}

// Task states with `arn:aws:states:::lambda:invoke` receive {FunctionName, Payload} and answer with
// the Lambda service's response: the function's result sits under Payload, as the ResultSelectors expect.
function lambdaInvoke(byArn: (arn: string) => ((payload: never) => Promise<unknown>) | undefined) {
  return async (input: unknown): Promise<never> => {
    const { FunctionName, Payload } = input as { FunctionName: string; Payload: never };
    const handler = byArn(FunctionName);
    if (!handler) throw new LocalRunError(`no local function is bound to ${FunctionName}`);
    const result = await asLambdaFunction(handler)(Payload);
    return { StatusCode: 200, ExecutedVersion: '$LATEST', Payload: result } as never;
  };
}

/**
 * Runs the rendered definition with aws-local-stepfunctions, every Task state bound to a local
 * handler and every Wait shortened to nothing. Retries pause for 0 ms as well. A handler's error
 * reaches the Catches as a Lambda function's error does in AWS (see LambdaRuntimeError).
 */
export async function runLocally(options: {
  handlers: PipelineHandlers;
  findings?: readonly FindingFunctions[];
  remediate?: (event: unknown) => Promise<unknown>;
  executionName?: string;
  startTime?: string;
  maxConcurrency?: number;
  /** security_hub_export on, ExportFindings answered by this function (export-findings' contract). */
  exportFindings?: (event: unknown) => Promise<unknown>;
  /** Step Functions' 262,144 bytes unless a test wants to see the check fire. */
  payloadLimit?: number;
}): Promise<LocalRun> {
  const findings = options.findings ?? catalogFindingFunctions();
  const definition = renderedDefinition(
    findings,
    options.maxConcurrency,
    options.exportFindings !== undefined,
  );
  const { handlers } = options;
  let summary: SummariseRunEvent | undefined;
  const remediations: unknown[] = [];
  const exports: unknown[] = [];
  const findingOf = (arn: string): string | undefined =>
    findings.find((item) => item.generate_findings_arn === arn)?.finding;
  // The library stamps $$.Execution.StartTime with the clock when the run starts: pin the clock (Date
  // only, timers stay real) so as_of, the date partition and the findings do not depend on today.
  const clock = sinon.useFakeTimers({
    now: new Date(options.startTime ?? '2026-11-23T06:00:00.000Z'),
    toFake: ['Date'],
  });
  const running = runDefinitionLocally({
    definition,
    executionName: options.executionName ?? 'daily-2026-11-23',
    store: handlers.store,
    ...(options.payloadLimit === undefined ? {} : { payloadLimit: options.payloadLimit }),
    ...noPauseOverrides(),
    taskHandlers: {
      ListAccounts: (input) => asLambdaFunction(handlers.listAccounts)(input),
      GenerateReport: (input) => asLambdaFunction(handlers.generateReport)(input),
      DownloadReport: (input) => asLambdaFunction(handlers.downloadReport)(input),
      CollectInventory: (input) => asLambdaFunction(handlers.collectInventory)(input),
      InitialiseTable: (input) => asLambdaFunction(handlers.initialiseTable)(input),
      GenerateFindings: lambdaInvoke((arn) => {
        const finding = findingOf(arn);
        return finding === undefined ? undefined : handlers.generateFindings(finding);
      }),
      RetrieveUsersToRemediate: lambdaInvoke((arn) =>
        findings.some((item) => item.retrieve_users_arn === arn)
          ? handlers.retrieveUsersToRemediate
          : undefined,
      ),
      RemediateFindings: lambdaInvoke((arn) => async (payload: never) => {
        remediations.push(payload);
        if (options.remediate) return options.remediate(payload);
        // A remediation that acts on nothing: the run's counts go on unchanged.
        if (!handlers.remediations)
          return { actions_in_run: (payload as RemediationEvent).actions_earlier_in_run };
        // Bound by ARN as Step Functions does: ct-remediate-<id> is the function of remediation <id>.
        const handler = Object.entries(handlers.remediations).find(
          ([id]) => localLambdaArn(`remediate-${id}`) === arn,
        )?.[1];
        if (!handler) throw new LocalRunError(`no remediation function is bound to ${arn}`);
        return handler(payload);
      }),
      ExportFindings: lambdaInvoke((arn) =>
        arn === localLambdaArn('export-findings') && options.exportFindings
          ? async (payload: never) => {
              exports.push(payload);
              return options.exportFindings?.(payload);
            }
          : undefined,
      ),
      Summarise: (input) => {
        summary = input;
        return asLambdaFunction(handlers.summariseRun)(summary);
      },
    },
  });
  let execution: Awaited<typeof running>;
  try {
    execution = await running;
  } catch (error) {
    // The payload check's failure is the test's to see as it is.
    if (error instanceof PayloadLimitError) throw error;
    throw new LocalRunError(`the execution failed: ${(error as Error).message}`, { cause: error });
  } finally {
    clock.restore();
  }
  if (!summary) throw new LocalRunError('the execution succeeded without reaching Summarise');
  const accounts = await readAccountOutcomes(storeClient(handlers.store), summary.account_results);
  const { output, events, largestPayload } = execution;
  return {
    output,
    events: events,
    summary,
    remediations,
    exports,
    accounts,
    largestPayload,
  };
}

/** An S3 client whose GetObject answers from a local store: core's reader of the Map's results reads through it. */
function storeClient(store: LocalObjectStore): S3Client {
  const s3 = new S3Client({ region: 'us-east-1' });
  mockClient(s3)
    .on(GetObjectCommand)
    .callsFake(async ({ Bucket, Key }: { Bucket: string; Key: string }) => {
      const text = await store.getText(Bucket, Key);
      return { Body: { transformToString: () => Promise.resolve(text) } };
    });
  return s3;
}

/** moto's (or any) S3 as a local run's store: the ItemReader and ResultWriter objects go there. */
export function s3ObjectStore(s3: S3Client): LocalObjectStore {
  return {
    getText: async (bucket, key) => {
      const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return (await object.Body?.transformToString('utf-8')) ?? '';
    },
    putText: async (bucket, key, text) => {
      await s3.send(
        new PutObjectCommand({ Bucket: bucket, Key: key, Body: text, ContentType: 'application/json' }),
      );
    },
  };
}
