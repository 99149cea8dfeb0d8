/**
 * Step Functions bills Standard workflows per state transition: every state entered, and every retry.
 * These helpers count them from an execution's event log (aws-local-stepfunctions' `eventLogs`, whose
 * shape is all that is assumed here), so the cost per account can be measured rather than guessed.
 */
export interface ExecutionEvent {
  readonly type: string;
  /** The Map iteration the event belongs to, when it happened inside a Map. */
  readonly index?: number;
  readonly state?: { readonly name: string; readonly input?: unknown };
}

const isTransition = (event: ExecutionEvent): boolean =>
  event.type === 'StateEntered' || event.type === 'StateRetried';

/** Every state transition of an execution, Map iterations included. */
export function countStateTransitions(events: readonly ExecutionEvent[]): number {
  return events.filter(isTransition).length;
}

interface MapLike {
  readonly Type?: unknown;
  readonly ItemProcessor?: { readonly States?: Record<string, unknown> };
  readonly Iterator?: { readonly States?: Record<string, unknown> };
}

/** The names of every state inside a Map's item processor, nested Parallel branches included. */
export function stateNamesWithin(states: Record<string, unknown>): Set<string> {
  const names = new Set<string>();
  for (const [name, state] of Object.entries(states)) {
    names.add(name);
    const nested = state as MapLike & { Branches?: { States?: Record<string, unknown> }[] };
    const inner = [
      nested.ItemProcessor?.States,
      nested.Iterator?.States,
      ...(nested.Branches ?? []).map((branch) => branch.States),
    ];
    for (const child of inner)
      if (child) for (const childName of stateNamesWithin(child)) names.add(childName);
  }
  return names;
}

export class TransitionCountError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TransitionCountError';
  }
}

/**
 * Transitions spent on each account in the accounts Map (keyed by account id): the states of one Map
 * iteration, taken from the definition so that the findings Map's iterations are never counted in.
 */
export function transitionsPerAccount(
  definition: { States: Record<string, unknown> },
  events: readonly ExecutionEvent[],
  mapStateName = 'CollectReports',
): Map<string, number> {
  const map = definition.States[mapStateName] as MapLike | undefined;
  const itemStates = map?.ItemProcessor?.States ?? map?.Iterator?.States;
  if (map?.Type !== 'Map' || !itemStates) {
    throw new TransitionCountError(`the definition has no Map state named ${mapStateName}`);
  }
  const names = stateNamesWithin(itemStates);
  const accountOfIteration = new Map<number, string>();
  const countOfIteration = new Map<number, number>();
  for (const event of events) {
    if (event.index === undefined || !event.state || !names.has(event.state.name)) continue;
    const input = event.state.input as { account_id?: unknown } | undefined;
    if (typeof input?.account_id === 'string' && !accountOfIteration.has(event.index)) {
      accountOfIteration.set(event.index, input.account_id);
    }
    if (isTransition(event)) countOfIteration.set(event.index, (countOfIteration.get(event.index) ?? 0) + 1);
  }
  const perAccount = new Map<string, number>();
  for (const [index, count] of countOfIteration) {
    const account = accountOfIteration.get(index);
    if (account === undefined) {
      throw new TransitionCountError(`Map iteration ${index} of ${mapStateName} never saw an account_id`);
    }
    perAccount.set(account, count);
  }
  return perAccount;
}
