import {
  LOCAL_REPORT_WAIT_SECONDS,
  countStateTransitions,
  renderedDefinition,
  transitionsPerAccount,
} from '@credential-tracker/state-machine';
import type { Benchmark, BenchmarkValues } from '../benchmark.js';
import { describeMachine } from '../machine.js';
import { formatCount, markdownTable } from '../markdown.js';
import { ATHENA_SCALE, ATHENA_STEP_MS, CALL_LATENCY_MS } from './latency.js';
import { accountsOf, concurrenciesOf } from './options.js';
import { runPipeline, type PipelineRun } from './pipeline-run.js';

const DEFAULT_ACCOUNTS = 1_000;
/**
 * MaxConcurrency values run by default: 40, and 500, which brings 10,000 accounts within 15 minutes
 * with the report waits (each child execution runs one Lambda function at a time, so 500 stays within
 * Lambda's default 1,000 concurrent executions per Region with room for the rest). Above 1,000
 * accounts only 500: at 40, 10,000 accounts take about 45 minutes of simulated waits.
 */
const DEFAULT_CONCURRENCY = '40,500';
const LARGE_DEFAULT_CONCURRENCY = '500';
/** Step Functions Standard workflows, us-east-1: $0.025 per 1,000 state transitions. */
const USD_PER_TRANSITION = 0.025 / 1_000;

export const TABLE_HEADERS = [
  'accounts',
  'max concurrency',
  'wall seconds',
  'with report waits',
  'accounts/s',
  'transitions per account',
  'total transitions',
  'waits (0 s here)',
  'est. cost USD',
  'largest payload bytes',
] as const;

/** "8", or "8–10" when accounts took different paths. */
function perAccountRange(perAccount: ReadonlyMap<string, number>): string {
  const counts = [...perAccount.values()];
  const low = Math.min(...counts);
  const high = Math.max(...counts);
  return low === high ? String(low) : `${low}–${high}`;
}

/** The run's wall time with the report waits a deployment sleeps (waits × the wait ÷ the concurrency). */
const withWaits = (run: PipelineRun, waits: number, concurrency: number): number =>
  run.seconds + (waits * LOCAL_REPORT_WAIT_SECONDS) / concurrency;

const countWaits = (run: PipelineRun): number =>
  run.events.filter((event) => event.type === 'StateEntered' && event.state?.name === 'WaitForReport').length;

function row(accounts: number, concurrency: number, run: PipelineRun): string[] {
  const definition = renderedDefinition(undefined, concurrency);
  const perAccount = transitionsPerAccount(definition, run.events);
  const total = countStateTransitions(run.events);
  const waits = countWaits(run);
  return [
    formatCount(accounts),
    String(concurrency),
    run.seconds.toFixed(1),
    withWaits(run, waits, concurrency).toFixed(1),
    (accounts / run.seconds).toFixed(1),
    perAccountRange(perAccount),
    formatCount(total),
    formatCount(waits),
    `$${(total * USD_PER_TRANSITION).toFixed(4)}`,
    formatCount(run.largestPayload.bytes),
  ];
}

const latencies = Object.entries(CALL_LATENCY_MS)
  .map(([call, ms]) => `${call} ${ms} ms${call === 'ListAccounts' ? ' per page of 20' : ''}`)
  .join(', ');
const athenaSteps = Object.entries(ATHENA_STEP_MS)
  .map(([step, ms]) => `${step} ${ms / 1000} s`)
  .join(', ');

export const pipelineBenchmark: Benchmark = {
  name: 'pipeline',
  summary: `the daily run's state machine over a simulated Organization (${formatCount(DEFAULT_ACCOUNTS)} accounts): wall time per MaxConcurrency, state transitions per account`,
  options: {
    concurrency: {
      type: 'string',
      description: `comma-separated MaxConcurrency values of the accounts Map (default ${DEFAULT_CONCURRENCY}; ${LARGE_DEFAULT_CONCURRENCY} above 1,000 accounts)`,
    },
    accounts: {
      type: 'string',
      description: `accounts in the simulated Organization (default ${DEFAULT_ACCOUNTS})`,
    },
  },
  async run(values: BenchmarkValues): Promise<string> {
    const accounts = accountsOf(values, DEFAULT_ACCOUNTS);
    const rows: string[][] = [];
    const lines: string[] = [];
    const fallback = accounts > 1_000 ? LARGE_DEFAULT_CONCURRENCY : DEFAULT_CONCURRENCY;
    for (const concurrency of concurrenciesOf(values, fallback)) {
      console.error(`pipeline: ${formatCount(accounts)} accounts, MaxConcurrency ${concurrency}…`);
      const run = await runPipeline(accounts, concurrency);
      rows.push(row(accounts, concurrency, run));
      // One line each, for people and scripts: the size every state stays under (Step Functions
      // refuses more than 262,144 bytes; the local run fails past it) and the wall time.
      lines.push(
        `${formatCount(accounts)} accounts, MaxConcurrency ${concurrency}: largest state payload: ${run.largestPayload.bytes} bytes (${run.largestPayload.state} ${run.largestPayload.direction}); wall time: ${run.seconds.toFixed(1)} s, ${withWaits(run, countWaits(run), concurrency).toFixed(1)} s with the report waits`,
      );
    }
    return [
      '## Daily pipeline, simulated',
      '',
      `Simulated: the rendered definition on aws-local-stepfunctions; the real list-accounts, generate-report, download-report and collect-inventory functions over aws-sdk-client-mock clients answering after fixed latencies (${latencies}; IAM answers STARTED, then COMPLETE); Athena as stand-ins scaled down ${ATHENA_SCALE}× (${athenaSteps} in a deployment).`,
      `Not simulated: Lambda cold starts and invoke overhead, throttling and retries, Distributed Map child-execution start-up; the Wait states take 0 s but are counted (${LOCAL_REPORT_WAIT_SECONDS} s each in a deployment: add about waits × ${LOCAL_REPORT_WAIT_SECONDS} s ÷ max concurrency).`,
      'Cost: $0.025 per 1,000 transitions of a Standard workflow, every state of the run counted.',
      `Measured on ${describeMachine()}.`,
      '',
      markdownTable(
        TABLE_HEADERS,
        rows,
        TABLE_HEADERS.map(() => true),
      ),
      '',
      ...lines.map((line) => `- ${line}`),
      '',
    ].join('\n');
  },
};
