import { randomUUID } from 'node:crypto';
import { StateMachine } from 'aws-local-stepfunctions';
import { installPromiseWithResolvers } from './promise-with-resolvers.js';
import type { AslDefinition } from './render.js';
import type { ExecutionEvent } from './transitions.js';

/**
 * Runs a rendered definition locally on aws-local-stepfunctions, with two things that library lacks:
 *
 * 1. **Distributed Map ItemReader and ResultWriter.** The library runs every Map inline over
 *    ItemsPath and ignores both fields. A Map in DISTRIBUTED mode with either is run here instead,
 *    as Step Functions runs it: the items read from the S3 object the ItemReader names (a JSON array:
 *    Resource `arn:aws:states:::s3:getObject`, ReaderConfig InputType JSON,
 *    https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemreader.html), each item
 *    through ItemSelector into a child execution of the ItemProcessor (on the same library, at most
 *    MaxConcurrency at a time, with ToleratedFailurePercentage / ToleratedFailureCount), and the
 *    results written where the ResultWriter says (`arn:aws:states:::s3:putObject`, Bucket and
 *    Prefix) in Step Functions' format: SUCCEEDED_0.json, FAILED_0.json and manifest.json under
 *    `<Prefix>/<map run id>/`, the Map's output being {MapRunArn, ResultWriterDetails: {Bucket, Key}}
 *    (https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultwriter.html). The Map's
 *    InputPath, ResultSelector, ResultPath, OutputPath, Retry and Catch apply as they are: the state is
 *    handed to the library as a Task of the same name whose local handler does the above. One
 *    result file per status (AWS starts another past 5 GB); no ItemBatcher, no CSV or S3-listing
 *    readers, no JSONata: the definition uses none, and an unsupported field fails the run loudly.
 * 2. **Step Functions' payload limit.** Every state's input and output, every Task's parameters and
 *    result, and every child execution's input and output is measured as UTF-8 JSON; the run fails
 *    (PayloadLimitError) when one exceeds 262,144 bytes, "the maximum input or output size for a task,
 *    state, or execution" (256 KiB,
 *    https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html; the history events'
 *    input and output are likewise bounded at 262144 bytes of UTF-8, e.g.
 *    https://docs.aws.amazon.com/step-functions/latest/apireference/API_StateEnteredEventDetails.html).
 *    The largest is reported either way, so a test can compare runs of different sizes.
 */

/** Step Functions' limit on a state's, a task's or an execution's input or output, in UTF-8 bytes. */
export const STATE_PAYLOAD_LIMIT_BYTES = 262_144;

/** The S3 objects a local run reads and writes: moto's bucket, or a test's objects in memory. */
export interface LocalObjectStore {
  getText(bucket: string, key: string): Promise<string>;
  putText(bucket: string, key: string, text: string): Promise<void>;
}

/** One measured payload: which state, whether it was going in or out, and its UTF-8 JSON size. */
export interface PayloadMeasure {
  readonly state: string;
  readonly direction: 'input' | 'output';
  readonly bytes: number;
}

export class PayloadLimitError extends Error {
  readonly over: readonly PayloadMeasure[];

  constructor(over: readonly PayloadMeasure[], limit: number) {
    const listed = over
      .slice(0, 5)
      .map((measure) => `${measure.state} ${measure.direction} ${measure.bytes} bytes`)
      .join(', ');
    super(
      `${over.length} state payload(s) exceed Step Functions' ${limit}-byte limit (${listed}${over.length > 5 ? ', …' : ''}); deployed, the run would fail with States.DataLimitExceeded`,
    );
    this.name = 'PayloadLimitError';
    this.over = over;
  }
}

/** The definition uses something this local runner does not implement; never a silent difference. */
export class LocalRunnerError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'LocalRunnerError';
  }
}

/** A Map state's failures went past its tolerated threshold, as Step Functions names that error. */
class ToleratedFailureThresholdError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'States.ExceedToleratedFailureThreshold';
  }
}

export const payloadBytes = (value: unknown): number =>
  value === undefined ? 0 : Buffer.byteLength(JSON.stringify(value), 'utf8');

class PayloadMeter {
  largest: PayloadMeasure = { state: '(none)', direction: 'input', bytes: 0 };
  readonly over: PayloadMeasure[] = [];

  constructor(readonly limit: number) {}

  measure(state: string, direction: 'input' | 'output', value: unknown): void {
    const bytes = payloadBytes(value);
    const measure = { state, direction, bytes };
    if (bytes > this.largest.bytes) this.largest = measure;
    if (bytes > this.limit) this.over.push(measure);
  }

  event(event: LoggedEvent): void {
    const name = event.state?.name ?? '(execution)';
    if (event.state && 'input' in event.state) this.measure(name, 'input', event.state.input);
    if (event.state && 'output' in event.state) this.measure(name, 'output', event.state.output);
    if ('input' in event) this.measure(name, 'input', event.input);
    if ('output' in event) this.measure(name, 'output', event.output);
  }
}

interface LoggedEvent extends ExecutionEvent {
  index?: number;
  readonly input?: unknown;
  readonly output?: unknown;
  readonly state?: { readonly name: string; readonly input?: unknown; readonly output?: unknown };
}

type TaskHandler = (input: never) => Promise<unknown>;

export interface LocalExecutionOptions {
  readonly definition: AslDefinition;
  readonly input?: unknown;
  readonly executionName: string;
  /** Task state name → its local handler (what the Lambda function or the integration returns). */
  readonly taskHandlers: Readonly<Record<string, TaskHandler>>;
  /** Where ItemReader reads and ResultWriter writes. */
  readonly store: LocalObjectStore;
  readonly waitTimeOverrides?: Record<string, number>;
  readonly retryIntervalOverrides?: Record<string, number>;
  /** 262,144 bytes unless a test wants to see the check fire. */
  readonly payloadLimit?: number;
}

export interface LocalExecution {
  readonly output: unknown;
  /** Every event, the Distributed Maps' child executions' included (with their item's `index`). */
  readonly events: ExecutionEvent[];
  /** The largest state input or output of the run, child executions included. */
  readonly largestPayload: PayloadMeasure;
}

/** Where the run's handlers and children report to. */
interface Run {
  readonly options: LocalExecutionOptions;
  readonly meter: PayloadMeter;
  readonly events: LoggedEvent[];
}

const LOCAL_MAP_RESOURCE = 'arn:aws:lambda:us-east-1:111111111111:function:local-distributed-map';
const S3_GET_OBJECT = 'arn:aws:states:::s3:getObject';
const S3_PUT_OBJECT = 'arn:aws:states:::s3:putObject';

interface MapDefinition {
  readonly Type: 'Map';
  readonly ItemProcessor: {
    readonly ProcessorConfig?: { readonly Mode?: string; readonly ExecutionType?: string };
    readonly StartAt: string;
    readonly States: Record<string, unknown>;
  };
  readonly ItemReader?: {
    readonly Resource: string;
    readonly ReaderConfig?: { readonly InputType?: string; readonly MaxItems?: number };
    readonly Parameters: Record<string, unknown>;
  };
  readonly ItemsPath?: string;
  readonly ItemSelector?: Record<string, unknown>;
  readonly ItemBatcher?: unknown;
  readonly ResultWriter?: {
    readonly Resource?: string;
    readonly Parameters?: Record<string, unknown>;
    readonly WriterConfig?: unknown;
  };
  readonly MaxConcurrency?: number;
  readonly ToleratedFailurePercentage?: number;
  readonly ToleratedFailureCount?: number;
  readonly Label?: string;
  readonly [field: string]: unknown;
}

const isLocalDistributedMap = (state: unknown): state is MapDefinition => {
  const map = state as Partial<MapDefinition>;
  return (
    map.Type === 'Map' &&
    map.ItemProcessor?.ProcessorConfig?.Mode === 'DISTRIBUTED' &&
    (map.ItemReader !== undefined || map.ResultWriter !== undefined)
  );
};

// The fields a Map shares with a Task: the library applies them around the local handler.
const KEPT_FIELDS = [
  'Comment',
  'InputPath',
  'ResultSelector',
  'ResultPath',
  'OutputPath',
  'Retry',
  'Catch',
  'Next',
  'End',
];

/** The definition with each top-level Distributed Map that reads or writes S3 turned into a local Task. */
function withLocalMaps(definition: AslDefinition): {
  runnable: AslDefinition;
  maps: Map<string, MapDefinition>;
} {
  const maps = new Map<string, MapDefinition>();
  const states: Record<string, unknown> = {};
  for (const [name, state] of Object.entries(definition.States)) {
    if (!isLocalDistributedMap(state)) {
      states[name] = state;
      continue;
    }
    if (state.ItemBatcher !== undefined || state.ResultWriter?.WriterConfig !== undefined) {
      throw new LocalRunnerError(
        `${name}: ItemBatcher and WriterConfig are not implemented by the local runner`,
      );
    }
    maps.set(name, state);
    states[name] = {
      Type: 'Task',
      Resource: LOCAL_MAP_RESOURCE,
      // A Task times out after 60 s unless told otherwise (the ASL default); a Map has no timeout. 23
      // days: the longest that fits in the 32-bit setTimeout the library uses.
      TimeoutSeconds: 2_000_000,
      ...Object.fromEntries(
        KEPT_FIELDS.filter((field) => field in state).map((field) => [field, state[field]]),
      ),
    };
  }
  return { runnable: { ...definition, States: states }, maps };
}

/**
 * A payload template (`"field.$": path`, intrinsics) resolved against `input` and the context object
 * by the library itself, through a one-state Pass: the same evaluator as every other state's.
 */
async function resolveTemplate(
  template: Record<string, unknown>,
  input: unknown,
  context: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const machine = new StateMachine(
    { StartAt: 'Resolve', States: { Resolve: { Type: 'Pass', Parameters: template, End: true } } } as never,
    { validationOptions: { noValidate: true } },
  );
  return (await machine.run(input as never, { context: context }).result) as Record<string, unknown>;
}

/** Runs `work` over `items`, at most `limit` at a time, results in the items' order. */
async function inPool<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

interface ChildResult {
  readonly entry: Record<string, unknown>;
  readonly succeeded: boolean;
  readonly output?: unknown;
}

function runOptions(run: Run, name: string, handlers: Record<string, TaskHandler>) {
  return {
    context: { Execution: { Name: name } },
    overrides: {
      taskResourceLocalHandlers: handlers as never,
      waitTimeOverrides: run.options.waitTimeOverrides ?? {},
      retryIntervalOverrides: run.options.retryIntervalOverrides ?? {},
    },
  };
}

/** What the library's StateMachine.run gives, enough of it for here. */
interface Execution {
  readonly result: Promise<unknown>;
  readonly eventLogs: AsyncIterable<LoggedEvent>;
}

async function execute(
  run: Run,
  execution: Execution,
  index: number | undefined,
): Promise<{ output?: unknown; error?: Error }> {
  const collecting = (async () => {
    for await (const event of execution.eventLogs) {
      if (index !== undefined) event.index = index;
      run.meter.event(event);
      run.events.push(event);
    }
  })();
  try {
    return { output: await execution.result };
  } catch (error) {
    // The library wraps the failure: its cause is the error the execution failed with.
    const cause = (error as { cause?: unknown }).cause;
    return { error: cause instanceof Error ? cause : (error as Error) };
  } finally {
    await collecting;
  }
}

const stateMachineArn = (name: string): string =>
  `arn:aws:states:us-east-1:111111111111:stateMachine:${name}`;

/** The Distributed Map's local handler: ItemReader, child executions, ResultWriter. */
function distributedMap(
  run: Run,
  mapName: string,
  map: MapDefinition,
  handlers: Record<string, TaskHandler>,
) {
  return async (input: unknown): Promise<unknown> => {
    const items = await readItems(run, mapName, map, input);
    const mapRunId = randomUUID();
    const parent = run.options.executionName;
    const mapRunArn = `arn:aws:states:us-east-1:111111111111:mapRun:${parent}/${map.Label ?? mapName}:${mapRunId}`;
    const processor = new StateMachine(
      { StartAt: map.ItemProcessor.StartAt, States: map.ItemProcessor.States } as never,
      { validationOptions: { noValidate: true } },
    );
    const children = await inPool(
      items,
      map.MaxConcurrency || items.length,
      async (item, index): Promise<ChildResult> => {
        const childInput = map.ItemSelector
          ? await resolveTemplate(map.ItemSelector, input, { Map: { Item: { Index: index, Value: item } } })
          : item;
        const name = `${mapRunId.slice(0, 8)}-${index}`;
        const started = new Date().toISOString();
        const { output, error } = await execute(
          run,
          processor.run(childInput as never, runOptions(run, name, handlers)),
          index,
        );
        const common = {
          ExecutionArn: `arn:aws:states:us-east-1:111111111111:execution:${parent}/${map.Label ?? mapName}:${name}`,
          Input: JSON.stringify(childInput),
          InputDetails: { Included: true },
          Name: name,
          RedriveCount: 0,
          StartDate: started,
          StateMachineArn: stateMachineArn(`${parent}/${map.Label ?? mapName}`),
          StopDate: new Date().toISOString(),
        };
        return error
          ? {
              succeeded: false,
              entry: {
                ...common,
                Error: error.name,
                Cause: error.message,
                RedriveStatus: 'REDRIVABLE_BY_MAP_RUN',
                Status: 'FAILED',
              },
            }
          : {
              succeeded: true,
              output,
              entry: {
                ...common,
                Output: JSON.stringify(output),
                OutputDetails: { Included: true },
                RedriveStatus: 'NOT_REDRIVABLE',
                RedriveStatusReason: 'Execution is SUCCEEDED and cannot be redriven',
                Status: 'SUCCEEDED',
              },
            };
      },
    );
    const failed = children.filter((child) => !child.succeeded).length;
    const result = map.ResultWriter
      ? await writeResults(run, mapName, map, input, mapRunId, mapRunArn, children)
      : children.map((child) => child.output ?? child.entry);
    const toleratedPercentage = map.ToleratedFailurePercentage ?? 0;
    const toleratedCount = map.ToleratedFailureCount ?? 0;
    if (failed > 0 && failed > toleratedCount && (failed / items.length) * 100 > toleratedPercentage) {
      throw new ToleratedFailureThresholdError(
        `${mapName}: ${failed} of ${items.length} child executions failed, more than tolerated`,
      );
    }
    return result;
  };
}

async function readItems(run: Run, mapName: string, map: MapDefinition, input: unknown): Promise<unknown[]> {
  let items: unknown;
  if (map.ItemReader) {
    const { Resource, ReaderConfig, Parameters } = map.ItemReader;
    if (Resource !== S3_GET_OBJECT || ReaderConfig?.InputType !== 'JSON') {
      throw new LocalRunnerError(
        `${mapName}: the local runner reads only JSON arrays from S3 (Resource ${S3_GET_OBJECT}, ReaderConfig.InputType JSON)`,
      );
    }
    const { Bucket, Key } = await resolveTemplate(Parameters, input, {});
    if (typeof Bucket !== 'string' || typeof Key !== 'string') {
      throw new LocalRunnerError(`${mapName}: the ItemReader's Bucket and Key are not strings`);
    }
    const text = await run.options.store.getText(Bucket, Key);
    try {
      items = JSON.parse(text);
    } catch (error) {
      // Step Functions fails the Map with States.ItemReaderFailed on an unreadable file.
      throw Object.assign(new Error(`s3://${Bucket}/${Key} is not JSON`), {
        name: 'States.ItemReaderFailed',
        cause: error,
      });
    }
    if (Array.isArray(items) && ReaderConfig.MaxItems !== undefined)
      items = items.slice(0, ReaderConfig.MaxItems);
  } else if (map.ItemsPath) {
    items = (await resolveTemplate({ 'items.$': map.ItemsPath }, input, {})).items;
  } else {
    items = input;
  }
  if (!Array.isArray(items)) {
    throw Object.assign(new Error(`${mapName}: the items are not a JSON array`), {
      name: 'States.ItemReaderFailed',
    });
  }
  return items as unknown[];
}

async function writeResults(
  run: Run,
  mapName: string,
  map: MapDefinition,
  input: unknown,
  mapRunId: string,
  mapRunArn: string,
  children: readonly ChildResult[],
): Promise<unknown> {
  const writer = map.ResultWriter ?? {};
  if (writer.Resource !== S3_PUT_OBJECT || !writer.Parameters) {
    throw new LocalRunnerError(
      `${mapName}: the local runner's ResultWriter needs Resource ${S3_PUT_OBJECT} and Parameters`,
    );
  }
  const { Bucket, Prefix } = await resolveTemplate(writer.Parameters, input, {});
  if (typeof Bucket !== 'string' || (Prefix !== undefined && typeof Prefix !== 'string')) {
    throw new LocalRunnerError(`${mapName}: the ResultWriter's Bucket and Prefix are not strings`);
  }
  const base = `${Prefix ? `${Prefix.replace(/\/+$/, '')}/` : ''}${mapRunId}`;
  const files: Record<'SUCCEEDED' | 'FAILED' | 'PENDING', { Key: string; Size: number }[]> = {
    FAILED: [],
    PENDING: [],
    SUCCEEDED: [],
  };
  for (const status of ['SUCCEEDED', 'FAILED'] as const) {
    const entries = children
      .filter((child) => child.succeeded === (status === 'SUCCEEDED'))
      .map((child) => child.entry);
    if (entries.length === 0) continue;
    const key = `${base}/${status}_0.json`;
    const text = JSON.stringify(entries);
    await run.options.store.putText(Bucket, key, text);
    files[status].push({ Key: key, Size: Buffer.byteLength(text) });
  }
  const manifestKey = `${base}/manifest.json`;
  await run.options.store.putText(
    Bucket,
    manifestKey,
    JSON.stringify({ DestinationBucket: Bucket, MapRunArn: mapRunArn, ResultFiles: files }),
  );
  return { MapRunArn: mapRunArn, ResultWriterDetails: { Bucket, Key: manifestKey } };
}

/** Every handler measured in and out, as Step Functions bounds a task's parameters and result. */
function measured(run: Run, handlers: Readonly<Record<string, TaskHandler>>): Record<string, TaskHandler> {
  return Object.fromEntries(
    Object.entries(handlers).map(([state, handler]) => [
      state,
      async (input: never) => {
        run.meter.measure(state, 'input', input);
        const result = await handler(input);
        run.meter.measure(state, 'output', result);
        return result;
      },
    ]),
  );
}

/**
 * One execution of `definition`: see the top of this file for what is run here rather than by
 * aws-local-stepfunctions. Rejects with the execution's error, or with PayloadLimitError when a
 * payload exceeded the limit (even in a run that otherwise succeeded).
 */
export async function runDefinitionLocally(options: LocalExecutionOptions): Promise<LocalExecution> {
  installPromiseWithResolvers();
  const run: Run = {
    options,
    meter: new PayloadMeter(options.payloadLimit ?? STATE_PAYLOAD_LIMIT_BYTES),
    events: [],
  };
  const { runnable, maps } = withLocalMaps(options.definition);
  const handlers = measured(run, options.taskHandlers);
  for (const [name, map] of maps) handlers[name] = distributedMap(run, name, map, handlers);
  const machine = new StateMachine(runnable as never, {
    validationOptions: { checkArn: true, checkPaths: true },
  });
  const { output, error } = await execute(
    run,
    machine.run((options.input ?? {}) as never, runOptions(run, options.executionName, handlers)),
    undefined,
  );
  // The limit first: past it a deployed run fails whatever else happened.
  if (run.meter.over.length > 0) throw new PayloadLimitError(run.meter.over, run.meter.limit);
  if (error) throw error;
  return { output, events: run.events, largestPayload: run.meter.largest };
}
