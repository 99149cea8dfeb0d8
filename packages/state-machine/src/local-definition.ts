import { loadCatalog } from '@credential-tracker/findings';
import {
  definitionVariables,
  renderDefinition,
  type AslDefinition,
  type FindingFunctions,
} from './render.js';

/**
 * The definition as local runs (tests, benchmark) render it: placeholder Lambda ARNs in a made-up
 * account, the catalog's findings, and the wait settings of a deployment.
 */
export const LOCAL_REPORT_WAIT_SECONDS = 10;
export const LOCAL_REPORT_MAX_CYCLES = 3;

export const localLambdaArn = (name: string): string =>
  `arn:aws:lambda:us-east-1:111111111111:function:ct-${name}`;

/** Every finding of the catalog, each with its own generate-findings function, as Terraform lists them. */
export function catalogFindingFunctions(): FindingFunctions[] {
  return loadCatalog().map((finding) => ({
    finding: finding.id,
    generate_findings_arn: localLambdaArn(`generate-findings-${finding.id}`),
    retrieve_users_arn: localLambdaArn('retrieve-users-to-remediate'),
    remediation_arn: finding.remediation ? localLambdaArn(`remediate-${finding.remediation}`) : null,
  }));
}

/**
 * The definition exactly as Terraform renders it for a deployment, with local ARNs; `securityHubExport`
 * is the security_hub_export switch (off by default, as in Terraform).
 */
export function renderedDefinition(
  findings: readonly FindingFunctions[] = catalogFindingFunctions(),
  maxConcurrency = 10,
  securityHubExport = false,
): AslDefinition {
  return renderDefinition(
    definitionVariables({
      listAccountsArn: localLambdaArn('list-accounts'),
      generateReportArn: localLambdaArn('generate-report'),
      downloadReportArn: localLambdaArn('download-report'),
      collectInventoryArn: localLambdaArn('collect-inventory'),
      initialiseTableArn: localLambdaArn('initialise-table'),
      summariseRunArn: localLambdaArn('summarise-run'),
      maxConcurrency,
      reportWaitSeconds: LOCAL_REPORT_WAIT_SECONDS,
      reportMaxCycles: LOCAL_REPORT_MAX_CYCLES,
      findings,
      securityHubExport: securityHubExport
        ? { status: 'on', function_arn: localLambdaArn('export-findings') }
        : { status: 'off' },
    }),
  );
}

/** The Task states of the definition, the ones a local run gives handlers to. */
export const TASK_STATE_NAMES = [
  'ListAccounts',
  'GenerateReport',
  'DownloadReport',
  'CollectInventory',
  'InitialiseTable',
  'GenerateFindings',
  'RetrieveUsersToRemediate',
  'RemediateFindings',
  'ExportFindings',
  'Summarise',
] as const;

/**
 * aws-local-stepfunctions overrides under which a local run never sleeps: the report Wait and every
 * Task's retry back-off take 0 ms, so a test or a benchmark measures the work and not the pauses.
 */
export function noPauseOverrides(): {
  waitTimeOverrides: Record<string, number>;
  retryIntervalOverrides: Record<string, number>;
} {
  return {
    waitTimeOverrides: { WaitForReport: 0 },
    retryIntervalOverrides: Object.fromEntries(TASK_STATE_NAMES.map((name) => [name, 0])),
  };
}
