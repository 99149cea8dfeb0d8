import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { S3Client } from '@aws-sdk/client-s3';
import { STSClient } from '@aws-sdk/client-sts';
import {
  accountTaskEventSchema,
  memberIamClients,
  readAccountOutcomes,
  type AccountOutcome,
  type AccountResults,
  type RunContext,
} from '@credential-tracker/core/aws';
import { collectInventory } from '@credential-tracker/fn-collect-inventory';
import { downloadReport } from '@credential-tracker/fn-download-report';
import { generateReport } from '@credential-tracker/fn-generate-report';
import {
  listAccounts,
  listAccountsEventSchema,
  listAccountsSettingsSchema,
  resolveRun,
  writeAccountsFile,
} from '@credential-tracker/fn-list-accounts';
import {
  catalogFindingFunctions,
  noPauseOverrides,
  renderedDefinition,
  type ExecutionEvent,
} from '@credential-tracker/state-machine';
import { runDefinitionLocally, type PayloadMeasure } from '@credential-tracker/state-machine/local-run';
import { CALL_LATENCY_MS, athenaPause, pause } from './latency.js';
import { SimulatedAws } from './simulated-aws.js';

const REGION = 'us-east-1';
const REPORT_BUCKET = 'credential-tracker-reports';
const REPORT_KMS_KEY_ARN = 'arn:aws:kms:us-east-1:111111111111:key/00000000-0000-0000-0000-000000000000';
const MEMBER_ROLE = { roleName: 'credential-tracker-member' };

/** The simulated run did not do what the happy path must: the numbers would mean nothing. */
export class PipelineRunError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PipelineRunError';
  }
}

export interface PipelineRun {
  readonly seconds: number;
  readonly events: ExecutionEvent[];
  /** Operation → calls made to the simulated AWS APIs. */
  readonly calls: ReadonlyMap<string, number>;
  /** The largest state input or output (the run fails past Step Functions' 262,144 bytes). */
  readonly largestPayload: PayloadMeasure;
}

const lambdaResponse = (payload: unknown) => ({
  StatusCode: 200,
  ExecutedVersion: '$LATEST',
  Payload: payload,
});

/**
 * One execution of the rendered definition on aws-local-stepfunctions over a simulated Organization:
 * ListAccounts, GenerateReport, DownloadReport and CollectInventory are the real functions (their plain, testable
 * entry points, the event parsed as their Lambda handler parses it) over mocked SDK clients with
 * latency; the Athena steps and the summary are stand-ins following the contract, with latency only.
 */
export async function runPipeline(accounts: number, maxConcurrency: number): Promise<PipelineRun> {
  const aws = new SimulatedAws(accounts);
  const findings = catalogFindingFunctions();
  const definition = renderedDefinition(findings, maxConcurrency);
  const sts = new STSClient({ region: REGION });
  const iamFor = memberIamClients(sts, MEMBER_ROLE, { region: REGION });
  const s3 = new S3Client({ region: REGION });
  let summarised: AccountOutcome[] | undefined;

  const handlers: Record<string, (input: never) => Promise<unknown>> = {
    ListAccounts: async (event) => {
      const run = resolveRun(listAccountsEventSchema.parse(event), new Date());
      const settings = listAccountsSettingsSchema.parse({ REPORT_BUCKET });
      const organizations = new OrganizationsClient({ region: REGION });
      return writeAccountsFile(s3, REPORT_BUCKET, await listAccounts({ sts, organizations }, settings, run));
    },
    GenerateReport: async (event) => generateReport(iamFor, accountTaskEventSchema.parse(event).account_id),
    DownloadReport: async (event) => {
      const { run, account_id } = accountTaskEventSchema.parse(event);
      return downloadReport(
        { iamFor, s3 },
        { bucket: REPORT_BUCKET, kmsKeyArn: REPORT_KMS_KEY_ARN },
        run,
        account_id,
      );
    },
    CollectInventory: async (event) => {
      const { run, account_id } = accountTaskEventSchema.parse(event);
      return collectInventory(
        { iamFor, s3 },
        { bucket: REPORT_BUCKET, kmsKeyArn: REPORT_KMS_KEY_ARN, memberRole: MEMBER_ROLE },
        run,
        account_id,
      );
    },
    InitialiseTable: async () => {
      await athenaPause('InitialiseTable');
      return { database: 'credential_tracker', tables: ['credential_report', 'findings', 'actions'] };
    },
    GenerateFindings: async (input: { FunctionName: string }) => {
      await athenaPause('GenerateFindings');
      const finding = findings.find((item) => item.generate_findings_arn === input.FunctionName)?.finding;
      return lambdaResponse({ finding, query_execution_id: `query-${finding}`, state: 'SUCCEEDED' });
    },
    RetrieveUsersToRemediate: async (input: { Payload: { run: RunContext; finding: string } }) => {
      await athenaPause('RetrieveUsersToRemediate');
      const { run, finding } = input.Payload;
      return lambdaResponse({
        finding,
        bucket: REPORT_BUCKET,
        key: `targets/date=${run.date}/run=${run.run_id}/${finding}.jsonl`,
        count: 0,
        accounts: 0,
      });
    },
    // A pass-through that acts on nothing: no AWS call, no latency, the run's counts unchanged.
    RemediateFindings: (input: { Payload: { actions_earlier_in_run: unknown } }) =>
      Promise.resolve(lambdaResponse({ actions_in_run: input.Payload.actions_earlier_in_run })),
    // summarise-run's first step, for real: the accounts' outcomes read from the Map's ResultWriter files.
    Summarise: async (event: { run: RunContext; account_results: AccountResults }) => {
      summarised = await readAccountOutcomes(s3, event.account_results);
      await pause(CALL_LATENCY_MS.PutObject + CALL_LATENCY_MS.Publish);
      return {
        bucket: REPORT_BUCKET,
        key: `runs/date=${event.run.date}/summary.json`,
        message_id: 'simulated',
      };
    },
  };

  const started = performance.now();
  let execution: Awaited<ReturnType<typeof runDefinitionLocally>>;
  try {
    execution = await runDefinitionLocally({
      definition,
      executionName: `bench-${accounts}-${maxConcurrency}`,
      taskHandlers: handlers,
      // The Map's ItemReader and ResultWriter use the simulated bucket (without latency: Step
      // Functions' own S3 calls are not what is measured).
      store: {
        getText: (_bucket, key) => {
          const text = aws.objects.get(key);
          return text === undefined ? Promise.reject(new Error(`no object ${key}`)) : Promise.resolve(text);
        },
        putText: (_bucket, key, text) => {
          aws.objects.set(key, text);
          return Promise.resolve();
        },
      },
      ...noPauseOverrides(),
    });
  } catch (error) {
    throw new PipelineRunError(`the simulated execution failed: ${(error as Error).message}`, {
      cause: error,
    });
  } finally {
    aws.restore();
  }
  const seconds = (performance.now() - started) / 1000;

  const failed = (summarised ?? []).filter((outcome) => outcome.status !== 'stored');
  if (summarised?.length !== accounts || failed.length > 0) {
    throw new PipelineRunError(
      `expected ${accounts} stored reports, the summary has ${summarised?.length ?? 0} accounts, ${failed.length} failed (first: ${JSON.stringify(failed[0])})`,
    );
  }
  return { seconds, events: execution.events, calls: aws.calls, largestPayload: execution.largestPayload };
}
