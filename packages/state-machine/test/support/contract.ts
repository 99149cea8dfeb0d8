import type { AccountResultsLocation, AccountsFile, RunContext } from '@credential-tracker/core/aws';
import type { LocalObjectStore } from '../../src/local-run.js';
import type { SummariseRunEvent } from '@credential-tracker/fn-summarise-run';

// What the Summarise state passes is summarise-run's own strict schema: one definition of it.
export type { AccountOutcome, FindingOutcome, SummariseRunEvent } from '@credential-tracker/fn-summarise-run';

/** The events and results of the pipeline's functions, as the state machine passes them. */
export interface ListAccountsEvent {
  run_id?: string;
  as_of?: string;
}
/** Pointers and a count: the ids are in the accounts file, the Map's ItemReader reads them. */
export interface ListAccountsResult {
  run: RunContext;
  accounts: AccountsFile;
  account_results: AccountResultsLocation;
}
export interface AccountEvent {
  run: RunContext;
  account_id: string;
}
export interface GenerateReportResult {
  account_id: string;
  state: 'STARTED' | 'INPROGRESS' | 'COMPLETE';
}
export interface DownloadReportResult {
  account_id: string;
  bucket: string;
  key: string;
  users: number;
  generated_time: string;
}
export interface CollectInventoryResult {
  account_id: string;
  bucket: string;
  prefix: string;
  users: number;
  groups: number;
  roles: number;
  policies: number;
}
export interface RunEvent {
  run: RunContext;
}
export interface InitialiseTableResult {
  database: string;
  tables: string[];
}
export interface GenerateFindingsResult {
  finding: string;
  query_execution_id: string;
  state: 'SUCCEEDED';
}
export interface RetrieveUsersEvent {
  run: RunContext;
  finding: string;
  query_execution_id: string;
}
export interface RetrieveUsersResult {
  finding: string;
  bucket: string;
  key: string;
  count: number;
  accounts: number;
}
/** Actions counted against the blast-radius limits; by_account lists only accounts with actions. */
export interface ActionCounts {
  run: number;
  by_account: Record<string, number>;
}
export interface RemediationEvent {
  run: RunContext;
  finding: string;
  targets: { bucket: string; key: string };
  /** The actions the earlier remediations of the run took: zero for the first one. */
  actions_earlier_in_run: ActionCounts;
}
/** The part of a remediation's result the state machine reads: the counts for the next remediation. */
export interface RemediationResult {
  actions_in_run: ActionCounts;
}
export interface SummariseRunResult {
  bucket: string;
  key: string;
  message_id: string;
}

type Handler<E, R> = (event: E) => Promise<R>;

/** One Lambda function per Task state; the per-finding ones are looked up by their ARN. */
export interface PipelineHandlers {
  /** The S3 objects the run reads and writes: where the Distributed Map's ItemReader and ResultWriter go. */
  store: LocalObjectStore;
  listAccounts: Handler<ListAccountsEvent, ListAccountsResult>;
  generateReport: Handler<AccountEvent, GenerateReportResult>;
  downloadReport: Handler<AccountEvent, DownloadReportResult>;
  collectInventory: Handler<AccountEvent, CollectInventoryResult>;
  initialiseTable: Handler<RunEvent, InitialiseTableResult>;
  /** generate-findings is one function deployed once per finding (FINDING_ID in its environment). */
  generateFindings: (findingId: string) => Handler<RunEvent, GenerateFindingsResult>;
  retrieveUsersToRemediate: Handler<RetrieveUsersEvent, RetrieveUsersResult>;
  summariseRun: Handler<SummariseRunEvent, SummariseRunResult>;
  /**
   * The remediation functions, one per remediation, bound to RemediateFindings by the event's finding;
   * absent, a fake answers (runLocally's `remediate`, else one that acts on nothing).
   */
  remediations?: Readonly<Record<string, (event: unknown) => Promise<unknown>>>;
}
