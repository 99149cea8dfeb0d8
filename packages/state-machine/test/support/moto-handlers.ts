// The real functions of the daily run, each through its Lambda entry with its settings read from the
// environment (set it first: see useMotoSuite's handlerEnvironment), for runLocally against moto.
import { handler as listAccounts } from '@credential-tracker/fn-list-accounts';
import { handler as generateReport } from '@credential-tracker/fn-generate-report';
import { handler as downloadReport } from '@credential-tracker/fn-download-report';
import { handler as collectInventory } from '@credential-tracker/fn-collect-inventory';
import { createHandler as initialiseTable } from '@credential-tracker/fn-initialise-table';
import { createHandler as summariseRun } from '@credential-tracker/fn-summarise-run';
import { createHandler as remediateAkRotation } from '@credential-tracker/fn-remediate-findings-ak-rotation';
import { createHandler as remediateAkUsage } from '@credential-tracker/fn-remediate-findings-ak-usage';
import { createHandler as remediateCertRotation } from '@credential-tracker/fn-remediate-findings-cert-rotation';
import { createHandler as remediateCredUsage } from '@credential-tracker/fn-remediate-findings-cred-usage';
import { createHandler as remediateReviewRevoke } from '@credential-tracker/fn-remediate-findings-review-revoke';
import { S3Client } from '@aws-sdk/client-s3';
import { motoOverrides } from '@credential-tracker/testing';
import { useEnvironment } from '@credential-tracker/testing';
import type { PipelineHandlers } from './contract.js';
import { s3ObjectStore } from './local-run.js';
import { motoAthenaFindingSteps } from './moto-athena.js';
import { motoStore, type MotoDeployment } from './moto-pipeline.js';

/**
 * Every function of the run, the five remediations included (they act only when CT_ENFORCE=true is in
 * the environment). moto computes no Athena results: each named query's rows are computed on DuckDB
 * over what is in moto's S3 and queued in moto before the query starts (motoAthenaFindingSteps).
 */
export function motoPipelineHandlers(endpoint: string, deployment: MotoDeployment): PipelineHandlers {
  return {
    store: s3ObjectStore(new S3Client(motoOverrides(endpoint))),
    listAccounts,
    generateReport,
    downloadReport,
    collectInventory,
    initialiseTable: initialiseTable(),
    summariseRun: summariseRun(),
    // Each with the remediation role's MEMBER_ROLE_NAME, as Terraform sets it (the others: the collector's).
    remediations: {
      'ak-rotation': asRemediation(deployment, remediateAkRotation()),
      'ak-usage': asRemediation(deployment, remediateAkUsage()),
      'cert-rotation': asRemediation(deployment, remediateCertRotation()),
      'cred-usage': asRemediation(deployment, remediateCredUsage()),
      'review-revoke': asRemediation(deployment, remediateReviewRevoke()),
    },
    ...motoAthenaFindingSteps(endpoint, motoStore(endpoint), deployment.namedQueries),
  };
}

/** A remediation handler run with the deployment's remediationEnvironment over the process's. */
function asRemediation<Result>(
  deployment: MotoDeployment,
  handler: (event: unknown) => Promise<Result>,
): (event: unknown) => Promise<Result> {
  return async (event) => {
    const restore = useEnvironment(deployment.remediationEnvironment);
    try {
      return await handler(event);
    } finally {
      restore();
    }
  };
}
