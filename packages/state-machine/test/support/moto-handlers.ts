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
    remediations: {
      'ak-rotation': remediateAkRotation(),
      'ak-usage': remediateAkUsage(),
      'cert-rotation': remediateCertRotation(),
      'cred-usage': remediateCredUsage(),
      'review-revoke': remediateReviewRevoke(),
    },
    ...motoAthenaFindingSteps(endpoint, motoStore(endpoint), deployment.namedQueries),
  };
}
