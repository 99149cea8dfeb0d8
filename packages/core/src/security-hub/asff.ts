// Finding rows (the catalog's contract) as AWS Security Finding Format (ASFF) findings, for
// BatchImportFindings in each member account. Pure: no SDK call, no clock (the times are given).
//
// Nothing secret can reach Security Hub from here: a finding row holds ids, names, the credential's
// column name (access_key_1, password...) and dates, never a key, a password or a key id, and the
// catalog's texts are the project's own.
import type { AwsSecurityFinding, Partition } from '@aws-sdk/client-securityhub';
import type { RemediationTarget } from '../remediation/target.js';

export const ASFF_SCHEMA_VERSION = '2018-10-08';

/** Every GeneratorId (and every Id) this tool imports starts with this. */
export const GENERATOR_PREFIX = 'credential-tracker/';

/** What a finding is exported from: the catalog's finding.json (packages/findings), as far as ASFF needs it. */
export interface SecurityHubFindingMetadata {
  readonly id: string;
  readonly title: string;
  readonly severity: 'critical' | 'high' | 'medium' | 'low';
  readonly description: string;
  readonly risk: string;
  readonly references: { readonly cis: string | null };
  readonly remediation: string | null;
  readonly fix: { readonly cli: string };
}

/** One row of a finding query (a line of a targets file). */
export type SecurityHubFindingRow = RemediationTarget;

export const SEVERITY_LABELS = {
  critical: 'CRITICAL',
  high: 'HIGH',
  medium: 'MEDIUM',
  low: 'LOW',
} as const satisfies Record<SecurityHubFindingMetadata['severity'], string>;

export const CIS_FINDING_TYPE =
  'Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark';
export const BEST_PRACTICES_FINDING_TYPE = 'Software and Configuration Checks/AWS Security Best Practices';

// ASFF's length limits (characters).
const TITLE_LIMIT = 256;
const DESCRIPTION_LIMIT = 1024;
const RECOMMENDATION_LIMIT = 512;
const PRODUCT_FIELD_LIMIT = 2048;

const PRODUCT_NAME = 'credential-tracker';

const shorten = (text: string, limit: number): string =>
  text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;

/** The partition of a region: what the product ARN and the resources are in. */
export function partitionOfRegion(region: string): Partition {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-isob-')) return 'aws-us-iso-b';
  if (region.startsWith('us-iso-')) return 'aws-us-iso';
  return 'aws';
}

/** The default product of an account: what its own (custom) findings are imported under. */
export const securityHubProductArn = (partition: string, region: string, accountId: string): string =>
  `arn:${partition}:securityhub:${region}:${accountId}:product/${accountId}/default`;

export const securityHubGeneratorId = (findingId: string): string => `${GENERATOR_PREFIX}${findingId}`;

/** The catalog finding a GeneratorId of this tool names; undefined for any other generator. */
export const findingOfGeneratorId = (generatorId: string | undefined): string | undefined =>
  generatorId?.startsWith(GENERATOR_PREFIX) ? generatorId.slice(GENERATOR_PREFIX.length) : undefined;

/**
 * The finding's Id, the same every run for the same condition on the same credential, so that a run
 * updates the finding the previous one imported: credential-tracker/<account>/<finding>/<user>/<credential>.
 */
export const securityHubFindingId = (findingId: string, row: SecurityHubFindingRow): string =>
  `${GENERATOR_PREFIX}${row.account_id}/${findingId}/${row.user_name}/${row.credential}`;

const isRoot = (row: SecurityHubFindingRow): boolean => /^arn:[^:]+:iam::\d{12}:root$/.test(row.user_arn);

/** The partition in a row's ARN (arn:PARTITION:iam::...). */
const partitionOfArn = (arn: string): Partition => (arn.split(':')[1] ?? 'aws') as Partition;

/** Where and when a run exports: the region of the tracker, the run, and this import's instant. */
export interface SecurityHubExportContext {
  readonly region: string;
  readonly runId: string;
  /** The run's as-of instant: when the condition was observed (LastObservedAt). */
  readonly asOf: Date;
  /** This import's instant (UpdatedAt, and CreatedAt of a new finding). */
  readonly now: Date;
}

/** What the previous import of the same finding Id said, kept on an update. */
export interface PreviousImport {
  readonly CreatedAt?: string | undefined;
  readonly FirstObservedAt?: string | undefined;
}

function description(metadata: SecurityHubFindingMetadata, row: SecurityHubFindingRow): string {
  const who = isRoot(row) ? 'the root user' : `user ${row.user_name}`;
  const days = row.days === null ? '' : `, ${row.days} days`;
  return shorten(
    `${metadata.description} Found for ${who} (${row.credential}${days}). ${metadata.risk}`,
    DESCRIPTION_LIMIT,
  );
}

function productFields(
  metadata: SecurityHubFindingMetadata,
  row: SecurityHubFindingRow,
  runId: string,
): Record<string, string> {
  const fields: Record<string, string | null> = {
    'credential-tracker/finding': metadata.id,
    'credential-tracker/user_name': row.user_name,
    'credential-tracker/credential': row.credential,
    'credential-tracker/days': row.days === null ? null : String(row.days),
    'credential-tracker/created_at': row.created_at?.toISOString() ?? null,
    'credential-tracker/last_used_at': row.last_used_at?.toISOString() ?? null,
    'credential-tracker/remediation': metadata.remediation,
    'credential-tracker/run_id': runId,
  };
  return Object.fromEntries(
    Object.entries(fields).flatMap(([key, value]) =>
      value === null ? [] : [[key, shorten(value, PRODUCT_FIELD_LIMIT)]],
    ),
  );
}

/**
 * One finding row as an ACTIVE, FAILED finding. Without `previous` it is a new finding (Workflow NEW,
 * created now, first observed at the run's as-of); with it, an update that keeps those and sends no
 * Workflow, so a status someone set in Security Hub (NOTIFIED, SUPPRESSED) is never reset.
 */
export function securityHubFinding(
  metadata: SecurityHubFindingMetadata,
  row: SecurityHubFindingRow,
  context: SecurityHubExportContext,
  previous?: PreviousImport,
): AwsSecurityFinding {
  const partition = partitionOfArn(row.user_arn);
  const now = context.now.toISOString();
  const asOf = context.asOf.toISOString();
  const cis = metadata.references.cis;
  const severity = { Label: SEVERITY_LABELS[metadata.severity], Original: metadata.severity };
  const types = [cis ? CIS_FINDING_TYPE : BEST_PRACTICES_FINDING_TYPE];
  return {
    SchemaVersion: ASFF_SCHEMA_VERSION,
    Id: securityHubFindingId(metadata.id, row),
    ProductArn: securityHubProductArn(partition, context.region, row.account_id),
    ProductName: PRODUCT_NAME,
    CompanyName: PRODUCT_NAME,
    GeneratorId: securityHubGeneratorId(metadata.id),
    AwsAccountId: row.account_id,
    Types: types,
    CreatedAt: previous?.CreatedAt ?? now,
    UpdatedAt: now,
    FirstObservedAt: previous?.FirstObservedAt ?? asOf,
    LastObservedAt: asOf,
    Severity: severity,
    // Where a provider updates severity and types: Security Hub keeps the top-level ones for people's
    // changes (BatchUpdateFindings) and follows these while nobody changed them.
    FindingProviderFields: { Severity: severity, Types: types },
    Title: shorten(metadata.title, TITLE_LIMIT),
    Description: description(metadata, row),
    Remediation: { Recommendation: { Text: shorten(metadata.fix.cli, RECOMMENDATION_LIMIT) } },
    ProductFields: productFields(metadata, row, context.runId),
    Resources: [
      isRoot(row)
        ? {
            Type: 'AwsAccount',
            Id: `AWS::::Account:${row.account_id}`,
            Partition: partition,
            Region: context.region,
          }
        : { Type: 'AwsIamUser', Id: row.user_arn, Partition: partition, Region: context.region },
    ],
    Compliance: { Status: 'FAILED', ...(cis ? { RelatedRequirements: [cis] } : {}) },
    RecordState: 'ACTIVE',
    ...(previous ? {} : { Workflow: { Status: 'NEW' } }),
  };
}

/**
 * A finding this tool imported earlier whose condition has cleared: the same finding, re-imported
 * ARCHIVED with Compliance PASSED (Security Hub then resolves its workflow itself). Only the fields
 * a finding provider owns are sent back; Security Hub's own (Region, ProductFields under aws/, the
 * workflow, notes) are left to it.
 */
export function resolvedSecurityHubFinding(previous: AwsSecurityFinding, now: Date): AwsSecurityFinding {
  // The provider's own severity and types, not what someone may have set at the top level since.
  const provided = previous.FindingProviderFields;
  const severity = {
    Label: provided?.Severity?.Label ?? previous.Severity?.Label ?? 'INFORMATIONAL',
    ...((provided?.Severity?.Original ?? previous.Severity?.Original)
      ? { Original: provided?.Severity?.Original ?? previous.Severity?.Original }
      : {}),
  };
  const types = provided?.Types ?? previous.Types ?? [BEST_PRACTICES_FINDING_TYPE];
  const productFieldsOfProvider = Object.fromEntries(
    Object.entries(previous.ProductFields ?? {}).filter(([key]) => !key.startsWith('aws/')),
  );
  return {
    SchemaVersion: previous.SchemaVersion ?? ASFF_SCHEMA_VERSION,
    Id: previous.Id,
    ProductArn: previous.ProductArn,
    ...(previous.ProductName ? { ProductName: previous.ProductName } : {}),
    ...(previous.CompanyName ? { CompanyName: previous.CompanyName } : {}),
    GeneratorId: previous.GeneratorId,
    AwsAccountId: previous.AwsAccountId,
    Types: types,
    CreatedAt: previous.CreatedAt,
    UpdatedAt: now.toISOString(),
    ...(previous.FirstObservedAt ? { FirstObservedAt: previous.FirstObservedAt } : {}),
    ...(previous.LastObservedAt ? { LastObservedAt: previous.LastObservedAt } : {}),
    Severity: severity,
    FindingProviderFields: { Severity: severity, Types: types },
    Title: previous.Title,
    Description: previous.Description,
    ...(previous.Remediation ? { Remediation: previous.Remediation } : {}),
    ProductFields: productFieldsOfProvider,
    Resources: previous.Resources,
    Compliance: {
      ...(previous.Compliance?.RelatedRequirements
        ? { RelatedRequirements: previous.Compliance.RelatedRequirements }
        : {}),
      Status: 'PASSED',
    },
    RecordState: 'ARCHIVED',
  };
}
