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
const DEFAULT_CONCURRENCY = '10,40,100';
/** Step Functions Standard workflows, us-east-1: $0.025 per 1,000 state transitions. */
const USD_PER_TRANSITION = 0.025 / 1_000;

export const TABLE_HEADERS = [
  'accounts',
  'max concurrency',
  'wall seconds',
  'accounts/s',
  'transitions per account',
  'total transitions',
  'waits (0 s here)',
  'est. cost USD',
] as const;

/** "8", or "8–10" when accounts took different paths. */
function perAccountRange(perAccount: ReadonlyMap<string, number>): string {
  const counts = [...perAccount.values()];
  const low = Math.min(...counts);
  const high = Math.max(...counts);
  return low === high ? String(low) : `${low}–${high}`;
}

function row(accounts: number, concurrency: number, run: PipelineRun): string[] {
  const definition = renderedDefinition(undefined, concurrency);
  const perAccount = transitionsPerAccount(definition, run.events);
  const total = countStateTransitions(run.events);
  const waits = run.events.filter(
    (event) => event.type === 'StateEntered' && event.state?.name === 'WaitForReport',
  ).length;
  return [
    formatCount(accounts),
    String(concurrency),
    run.seconds.toFixed(1),
    (accounts / run.seconds).toFixed(1),
    perAccountRange(perAccount),
    formatCount(total),
    formatCount(waits),
    `$${(total * USD_PER_TRANSITION).toFixed(4)}`,
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
      description: `comma-separated MaxConcurrency values of the accounts Map (default ${DEFAULT_CONCURRENCY})`,
    },
    accounts: {
      type: 'string',
      description: `accounts in the simulated Organization (default ${DEFAULT_ACCOUNTS})`,
    },
  },
  async run(values: BenchmarkValues): Promise<string> {
    const accounts = accountsOf(values, DEFAULT_ACCOUNTS);
    const rows: string[][] = [];
    for (const concurrency of concurrenciesOf(values, DEFAULT_CONCURRENCY)) {
      console.error(`pipeline: ${formatCount(accounts)} accounts, MaxConcurrency ${concurrency}…`);
      rows.push(row(accounts, concurrency, await runPipeline(accounts, concurrency)));
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
    ].join('\n');
  },
};
