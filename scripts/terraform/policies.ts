import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REMEDIATION_IDS } from '@credential-tracker/core';
import { INVENTORY_PERMISSIONS, memberAccountPermissions } from '@credential-tracker/core/aws';
import { SECURITY_HUB_MEMBER_PERMISSIONS } from '@credential-tracker/core/security-hub';
import { renderTemplate, templatePlaceholders } from '@credential-tracker/state-machine';
import { runTool } from './tools.js';

/**
 * The policies/ templates rendered as Terraform renders them (templatefile with simple ${name}
 * placeholders, the renderer packages/state-machine shares with Terraform), with sample values of the
 * right shape for each placeholder, so that parliament and the wildcard check read real policies.
 */
const ACCOUNT = '111111111111';
const REGION = 'eu-west-1';
const arn = (service: string, resource: string, region = REGION): string =>
  `arn:aws:${service}:${region}:${ACCOUNT}:${resource}`;

export const SAMPLE_VALUES: Readonly<Record<string, string>> = {
  account_id: ACCOUNT,
  partition: 'aws',
  region: REGION,
  database_name: 'credential_tracker',
  notify_from: 'credential-tracker@example.com',
  bucket_arn: `arn:aws:s3:::credential-tracker-${ACCOUNT}-${REGION}`,
  kms_key_arn: arn('kms', 'key/1234abcd-12ab-34cd-56ef-1234567890ab'),
  workgroup_arn: arn('athena', 'workgroup/credential-tracker'),
  topic_arn: arn('sns', 'credential-tracker'),
  state_machine_arn: arn('states', 'stateMachine:credential-tracker'),
  execution_arn_pattern: arn('states', 'execution:credential-tracker/*:*'),
  rule_arn: arn('events', 'rule/credential-tracker'),
  member_role_arn_pattern: 'arn:aws:iam::*:role/credential-tracker-member',
  function_arns: JSON.stringify([
    arn('lambda', 'function:credential-tracker-list-accounts'),
    arn('lambda', 'function:credential-tracker-finding-ak-rotation'),
  ]),
  tracker_role_arns: JSON.stringify([
    `arn:aws:iam::${ACCOUNT}:role/credential-tracker-generate-report`,
    `arn:aws:iam::${ACCOUNT}:role/credential-tracker-download-report`,
  ]),
  conditions: JSON.stringify({
    StringEquals: {
      'aws:PrincipalAccount': [ACCOUNT],
      'aws:PrincipalOrgID': 'o-abcdefghij',
      'sts:ExternalId': 'credential-tracker',
    },
  }),
  member_role_condition: JSON.stringify({ StringEquals: { 'aws:ResourceOrgID': 'o-abcdefghij' } }),
};

export interface RenderedPolicy {
  /** The template's file name in the policies directory. */
  readonly template: string;
  readonly text: string;
  readonly document: PolicyDocument;
}

export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: string;
  readonly Action?: string | string[];
  readonly Resource?: string | string[];
  readonly Principal?: unknown;
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

export interface PolicyDocument {
  readonly Version: string;
  readonly Statement: PolicyStatement[];
}

/** Renders every *.json.tpl of a policies directory; a template that does not render or parse throws. */
export function renderPolicies(policiesDirectory: string): RenderedPolicy[] {
  return readdirSync(policiesDirectory)
    .filter((name) => name.endsWith('.json.tpl'))
    .sort()
    .map((template) => {
      const source = readFileSync(join(policiesDirectory, template), 'utf8');
      const unknown = templatePlaceholders(source).filter((name) => !(name in SAMPLE_VALUES));
      if (unknown.length) {
        throw new Error(
          `policies/${template}: no sample value for \${${unknown.join('}, ${')}} (add one to SAMPLE_VALUES in scripts/terraform/policies.ts)`,
        );
      }
      const text = renderTemplate(source, SAMPLE_VALUES);
      let document: PolicyDocument;
      try {
        document = JSON.parse(text) as PolicyDocument;
      } catch (error) {
        throw new Error(`policies/${template}: does not render to JSON (${(error as Error).message})`, {
          cause: error,
        });
      }
      return { template, text, document };
    });
}

const asList = (value: string | string[] | undefined): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** The line of the template where a text first appears (1 when it cannot be found). */
function lineOf(policiesDirectory: string, template: string, needle: string): number {
  const lines = readFileSync(join(policiesDirectory, template), 'utf8').split('\n');
  const index = lines.findIndex((line) => line.includes(needle));
  return index + 1 || 1;
}

/**
 * Least privilege, beyond what parliament says: no action with a wildcard in it (iam:*, s3:Get*, *),
 * and a "*" resource only in a statement whose Sid says why (...StarIsTheOnlyResource) or in a
 * resource policy, where "*" means the resource the policy is attached to.
 */
export function wildcardProblems(policiesDirectory: string, policies: readonly RenderedPolicy[]): string[] {
  const problems: string[] = [];
  for (const policy of policies) {
    for (const statement of policy.document.Statement) {
      const isTrustOrResourcePolicy = statement.Principal !== undefined;
      for (const action of asList(statement.Action)) {
        if (action.includes('*') && statement.Effect === 'Allow') {
          problems.push(
            `policies/${policy.template}:${lineOf(policiesDirectory, policy.template, `"${action}"`)}: action ${action} has a wildcard: name the actions the code calls`,
          );
        }
      }
      for (const resource of asList(statement.Resource)) {
        if (
          resource === '*' &&
          statement.Effect === 'Allow' &&
          !isTrustOrResourcePolicy &&
          !/StarIsTheOnlyResource$/.test(statement.Sid ?? '')
        ) {
          problems.push(
            `policies/${policy.template}:${lineOf(policiesDirectory, policy.template, statement.Sid ? `"${statement.Sid}"` : '"*"')}: statement ${statement.Sid ?? '(no Sid)'} allows Resource "*": name the resources, or say in the Sid why the actions take no other (...StarIsTheOnlyResource)`,
          );
        }
      }
    }
  }
  return problems;
}

/** Trust policies (trust-*.json.tpl): parliament reads identity and resource policies, not these. */
export const isTrustPolicy = (policy: RenderedPolicy): boolean => policy.template.startsWith('trust-');

/**
 * Trust policies: sts:AssumeRole only, for a named service or role (never "*"), always under a Condition
 * (the source account and ARN, the Organization, the external id).
 */
export function trustProblems(policiesDirectory: string, policies: readonly RenderedPolicy[]): string[] {
  const problems: string[] = [];
  for (const policy of policies.filter(isTrustPolicy)) {
    for (const statement of policy.document.Statement) {
      const where = `policies/${policy.template}:${lineOf(policiesDirectory, policy.template, statement.Sid ? `"${statement.Sid}"` : '"Principal"')}`;
      const principal = statement.Principal as { Service?: unknown; AWS?: unknown } | string | undefined;
      const principals =
        typeof principal === 'object'
          ? [principal.Service, principal.AWS].flat().filter(Boolean)
          : [principal];
      if (
        principals.length === 0 ||
        principals.some((value) => typeof value !== 'string' || value.includes('*'))
      ) {
        problems.push(`${where}: the trusted principal must be named services or roles, never "*"`);
      }
      if (asList(statement.Action).join() !== 'sts:AssumeRole') {
        problems.push(`${where}: a trust policy allows sts:AssumeRole only`);
      }
      if (!(statement as { Condition?: unknown }).Condition) {
        problems.push(
          `${where}: a trust policy needs a Condition (source account or ARN, Organization, external id)`,
        );
      }
    }
  }
  return problems;
}

/**
 * parliament findings known to be false, each with its reason: the only ones not reported. parliament's
 * IAM data lists only express-execution ARNs for states:DescribeExecution, while a Distributed Map's
 * child executions are standard executions (arn:...:execution:NAME/LABEL:ID), the resource AWS
 * documents for this permission.
 */
export const PARLIAMENT_FALSE_POSITIVES: readonly { template: string; issue: string; action: string }[] = [
  { template: 'state-machine.json.tpl', issue: 'RESOURCE_MISMATCH', action: 'states:DescribeExecution' },
];

const isFalsePositive = (template: string, issue: string, detail: unknown): boolean =>
  Array.isArray(detail) &&
  detail.length > 0 &&
  detail.every((item: { action?: string }) =>
    PARLIAMENT_FALSE_POSITIVES.some(
      (known) => known.template === template && known.issue === issue && known.action === item.action,
    ),
  );

/** Every finding parliament reports on every rendered identity or resource policy, one line each. */
export async function parliamentProblems(
  policiesDirectory: string,
  policies: readonly RenderedPolicy[],
): Promise<string[]> {
  const problems: string[] = [];
  for (const policy of policies.filter((policy) => !isTrustPolicy(policy))) {
    const { code, stdout, stderr } = await runTool('parliament', ['--string', policy.text, '--json']);
    const findings = stdout
      .split('\n')
      .filter((line) => line.trim().startsWith('{'))
      .map(
        (line) => JSON.parse(line) as { issue: string; title?: string; severity?: string; detail?: unknown },
      );
    for (const finding of findings) {
      if (isFalsePositive(policy.template, finding.issue, finding.detail)) continue;
      const detail = JSON.stringify(finding.detail ?? '');
      problems.push(
        `policies/${policy.template}:${lineOf(policiesDirectory, policy.template, '"Statement"')}: parliament ${finding.severity ?? ''} ${finding.issue}: ${finding.title ?? ''} ${detail}`,
      );
    }
    if (code !== 0 && findings.length === 0 && !stdout.trim()) {
      problems.push(`policies/${policy.template}: parliament failed (${code}): ${stderr.trim()}`);
    }
  }
  return problems;
}

/** What generate-report and download-report call through the collector role. */
export const CREDENTIAL_REPORT_ACTIONS = ['iam:GenerateCredentialReport', 'iam:GetCredentialReport'] as const;

/**
 * What Secrets Manager calls KMS with, as the caller, for a secret under a customer managed key
 * (packages/core/src/aws/permissions.ts): allowed only through Secrets Manager (kms:ViaService).
 */
export const SECRETS_KEY_ACTIONS = ['kms:Decrypt', 'kms:GenerateDataKey'] as const;

/** The member roles' actions that take no resource ARN: allowed on "*", and on nothing narrower. */
export const ACCOUNT_WIDE_ACTIONS = [
  ...CREDENTIAL_REPORT_ACTIONS,
  'iam:GetAccountAuthorizationDetails',
] as const;

/** The two member roles: a read-only collector and the remediation role with the writes. */
export type MemberRoleKind = 'collector' | 'remediation';
export const MEMBER_ROLE_KINDS: readonly MemberRoleKind[] = ['collector', 'remediation'];

/** The policy template of each member role (policies/member-role-KIND.json.tpl). */
export const memberRoleTemplate = (kind: MemberRoleKind): string => `member-role-${kind}.json.tpl`;

/**
 * Every action the functions that assume a member role call through it: the collector's are the
 * report's (generate-report, download-report) and collect-inventory's (INVENTORY_PERMISSIONS; the
 * Security Hub ones are checked apart, memberRoleSecurityHubPolicyProblems); the remediation role's
 * every remediation's (memberAccountPermissions).
 */
export const memberRoleActions = (kind: MemberRoleKind): string[] =>
  [
    ...new Set<string>(
      kind === 'collector'
        ? [...CREDENTIAL_REPORT_ACTIONS, ...INVENTORY_PERMISSIONS]
        : REMEDIATION_IDS.flatMap((remediation) => memberAccountPermissions(remediation)),
    ),
  ].sort();

const MEMBER_USERS = `arn:aws:iam::${ACCOUNT}:user/*`;
const MEMBER_SECRETS = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:credential-tracker/*`;
const SECRETS_MANAGER_VIA = `secretsmanager.${REGION}.amazonaws.com`;

/**
 * A member role's policy against the code: it allows every action memberRoleActions(kind) declares and
 * nothing else (the remediation role also the secrets key's two KMS actions, through Secrets Manager
 * only); the users' actions on this account's users only, the Secrets Manager ones on this account's
 * credential-tracker/* secrets only. So the collector can never be given a write a remediation needs
 * (iam:CreateAccessKey on an administrator is the power to act as one).
 */
export function memberRolePolicyProblems(
  policiesDirectory: string,
  policies: readonly RenderedPolicy[],
  kind: MemberRoleKind,
): string[] {
  const template = memberRoleTemplate(kind);
  const policy = policies.find((candidate) => candidate.template === template);
  if (!policy) return [`policies/${template}:1: missing`];
  const where = (needle: string): string =>
    `policies/${template}:${lineOf(policiesDirectory, template, needle)}`;
  const declared = new Set(memberRoleActions(kind));
  const keyActions = new Set<string>(kind === 'remediation' ? SECRETS_KEY_ACTIONS : []);
  const accountWideActions = new Set<string>(ACCOUNT_WIDE_ACTIONS);
  const granted = new Set<string>();
  const problems: string[] = [];
  const declaredBy =
    kind === 'collector'
      ? 'generate-report, download-report and collect-inventory (CREDENTIAL_REPORT_ACTIONS in scripts/terraform/policies.ts, INVENTORY_PERMISSIONS in packages/core/src/aws/permissions.ts)'
      : 'the remediate-findings-* functions (memberAccountPermissions in packages/core/src/aws/permissions.ts)';
  for (const statement of policy.document.Statement.filter((candidate) => candidate.Effect === 'Allow')) {
    const resources = asList(statement.Resource);
    for (const action of asList(statement.Action)) {
      granted.add(action);
      const at = where(`"${action}"`);
      if (keyActions.has(action)) {
        const via = statement.Condition?.StringEquals?.['kms:ViaService'];
        if (via !== SECRETS_MANAGER_VIA) {
          problems.push(
            `${at}: ${action} must be allowed only through Secrets Manager (Condition StringEquals kms:ViaService = secretsmanager.REGION.amazonaws.com)`,
          );
        }
        continue;
      }
      if (!declared.has(action)) {
        problems.push(
          `${at}: the ${kind} role allows ${action}, which none of its functions calls through it (only ${declaredBy} call what it allows)`,
        );
        continue;
      }
      const expected = action.startsWith('secretsmanager:')
        ? MEMBER_SECRETS
        : accountWideActions.has(action)
          ? '*'
          : MEMBER_USERS;
      if (resources.some((resource) => resource !== expected)) {
        problems.push(
          `${at}: ${action} is allowed on ${resources.join(', ')}: only on ${expected.replace(ACCOUNT, 'ACCOUNT').replace(REGION, 'REGION')}`,
        );
      }
    }
  }
  for (const action of [...declared, ...keyActions].filter((action) => !granted.has(action))) {
    const needs = keyActions.has(action)
      ? 'Secrets Manager needs for a customer managed key'
      : `${declaredBy} call`;
    problems.push(`${where('"Statement"')}: the ${kind} role does not allow ${action}, which ${needs}`);
  }
  return problems;
}

const MEMBER_ROLE_SECURITY_HUB_TEMPLATE = 'member-role-security-hub.json.tpl';

/** The one resource of the member account each of export-findings' Security Hub actions may act on. */
export const SECURITY_HUB_MEMBER_RESOURCES: Readonly<Record<string, string>> = {
  'securityhub:BatchImportFindings': `arn:aws:securityhub:${REGION}:${ACCOUNT}:product/${ACCOUNT}/default`,
  'securityhub:GetFindings': `arn:aws:securityhub:${REGION}:${ACCOUNT}:hub/default`,
};

/**
 * The member role's Security Hub statements, which Terraform adds only with security_hub_export, against
 * the code: exactly SECURITY_HUB_MEMBER_PERMISSIONS (packages/core/src/security-hub/export.ts), each on
 * the account's default product or hub in the tracker's region only.
 */
export function memberRoleSecurityHubPolicyProblems(
  policiesDirectory: string,
  policies: readonly RenderedPolicy[],
): string[] {
  const policy = policies.find((candidate) => candidate.template === MEMBER_ROLE_SECURITY_HUB_TEMPLATE);
  if (!policy) return [`policies/${MEMBER_ROLE_SECURITY_HUB_TEMPLATE}:1: missing`];
  const where = (needle: string): string =>
    `policies/${MEMBER_ROLE_SECURITY_HUB_TEMPLATE}:${lineOf(policiesDirectory, MEMBER_ROLE_SECURITY_HUB_TEMPLATE, needle)}`;
  const declared = new Set<string>(SECURITY_HUB_MEMBER_PERMISSIONS);
  const granted = new Set<string>();
  const problems: string[] = [];
  for (const statement of policy.document.Statement.filter((candidate) => candidate.Effect === 'Allow')) {
    const resources = asList(statement.Resource);
    for (const action of asList(statement.Action)) {
      granted.add(action);
      const at = where(`"${action}"`);
      if (!declared.has(action)) {
        problems.push(
          `${at}: the collector role's Security Hub statements allow ${action}, which export-findings does not call (SECURITY_HUB_MEMBER_PERMISSIONS in packages/core/src/security-hub/export.ts)`,
        );
        continue;
      }
      const expected = SECURITY_HUB_MEMBER_RESOURCES[action];
      if (expected === undefined) {
        problems.push(`${at}: ${action} has no known resource (add it to SECURITY_HUB_MEMBER_RESOURCES)`);
      } else if (resources.some((resource) => resource !== expected)) {
        problems.push(
          `${at}: ${action} is allowed on ${resources.join(', ')}: only on ${expected.replaceAll(ACCOUNT, 'ACCOUNT').replace(REGION, 'REGION')}`,
        );
      }
    }
  }
  for (const action of [...declared].filter((action) => !granted.has(action))) {
    problems.push(
      `${where('"Statement"')}: the collector role's Security Hub statements do not allow ${action}, which export-findings calls (SECURITY_HUB_MEMBER_PERMISSIONS in packages/core/src/security-hub/export.ts)`,
    );
  }
  return problems;
}

/** The member role each function that reaches into the accounts assumes, by its policy template's name. */
export const MEMBER_ROLE_OF_FUNCTION: Readonly<Record<string, MemberRoleKind>> = {
  'generate-report': 'collector',
  'download-report': 'collector',
  'collect-inventory': 'collector',
  'export-findings': 'collector',
  ...Object.fromEntries(
    REMEDIATION_IDS.map((remediation): [string, MemberRoleKind] => [
      `remediate-findings-${remediation}`,
      'remediation',
    ]),
  ),
};

interface TerraformBlock {
  readonly file: string;
  readonly line: number;
  readonly name: string;
  readonly text: string;
}

/** `module "NAME" { ... }` blocks of a folder's .tf files (closed by a `}` at the start of a line). */
function moduleBlocks(directory: string): TerraformBlock[] {
  const blocks: TerraformBlock[] = [];
  for (const file of readdirSync(directory)
    .filter((name) => name.endsWith('.tf'))
    .sort()) {
    const text = readFileSync(join(directory, file), 'utf8');
    for (const match of text.matchAll(/^module "([\w-]+)" \{\n[\s\S]*?\n\}$/gm)) {
      blocks.push({
        file,
        line: text.slice(0, match.index).split('\n').length,
        name: match[1] as string,
        text: match[0],
      });
    }
  }
  return blocks;
}

/** The text of `  NAME = ...` in a file, up to the line that closes it at the same indent. */
function localExpression(text: string, name: string): { text: string; line: number } | undefined {
  const match = new RegExp(`^( +)${name} = [\\s\\S]*?\\n\\1[})\\]][^\\n]*\\n`, 'm').exec(text);
  return match ? { text: match[0], line: text.slice(0, match.index).split('\n').length } : undefined;
}

const other = (kind: MemberRoleKind): MemberRoleKind => (kind === 'collector' ? 'remediation' : 'collector');

/**
 * The tracker layer wires each function to its own member role only: its policy may assume only that
 * role's ARN pattern (member_role_arn_patterns.KIND, under member_role_condition), its MEMBER_ROLE_NAME
 * is that role's (member_role_environment.KIND), and that role alone trusts it (tracker_role_arns.KIND
 * in member-roles.tf, which the StackSet and modules/layers/member-account use). `layer` is
 * modules/layers/credential-tracker; problems name the file and line.
 */
export function memberRoleWiringProblems(
  layer: string,
  displayed = 'modules/layers/credential-tracker',
): string[] {
  const problems: string[] = [];
  const blocks = moduleBlocks(layer);
  const functionOf = new Map<string, string>();
  for (const block of blocks) {
    const template = /policies_dir\}\/([\w-]+)\.json\.tpl/.exec(block.text)?.[1];
    if (template) functionOf.set(block.name, template);
    const where = `${displayed}/${block.file}:${block.line}`;
    const kind = template === undefined ? undefined : MEMBER_ROLE_OF_FUNCTION[template];
    if (kind === undefined) {
      if (/member_role_/.test(block.text)) {
        problems.push(
          `${where}: module "${block.name}" uses a member role, but ${template ?? 'its function'} is not one that assumes one (MEMBER_ROLE_OF_FUNCTION in scripts/terraform/policies.ts)`,
        );
      }
      continue;
    }
    if (
      !new RegExp(`member_role_arn_pattern += local\\.member_role_arn_patterns\\.${kind}\\n`).test(block.text)
    ) {
      problems.push(
        `${where}: module "${block.name}" (${template}) must assume only the ${kind} role: member_role_arn_pattern = local.member_role_arn_patterns.${kind}`,
      );
    }
    if (!/member_role_condition += local\.member_role_condition\n/.test(block.text)) {
      problems.push(
        `${where}: module "${block.name}" (${template}) must assume its role under member_role_condition = local.member_role_condition (the Organization, or this account)`,
      );
    }
    const environment =
      kind === 'remediation' && /local\.remediation_function_environment\b/.test(block.text)
        ? 'local.remediation_function_environment'
        : `local.member_role_environment.${kind}`;
    if (!block.text.includes(environment) || block.text.includes(`member_role_environment.${other(kind)}`)) {
      problems.push(
        `${where}: module "${block.name}" (${template}) must get the ${kind} role's MEMBER_ROLE_NAME (local.member_role_environment.${kind})`,
      );
    }
  }

  const functions = readFileSync(join(layer, 'functions.tf'), 'utf8');
  const remediationEnvironment = localExpression(functions, 'remediation_function_environment');
  if (
    remediationEnvironment &&
    (!remediationEnvironment.text.includes('local.member_role_environment.remediation') ||
      remediationEnvironment.text.includes('member_role_environment.collector'))
  ) {
    problems.push(
      `${displayed}/functions.tf:${remediationEnvironment.line}: remediation_function_environment must hold the remediation role's MEMBER_ROLE_NAME (local.member_role_environment.remediation)`,
    );
  }

  const memberRoles = readFileSync(join(layer, 'member-roles.tf'), 'utf8');
  const trusted = localExpression(memberRoles, 'tracker_role_arns');
  if (!trusted) return [...problems, `${displayed}/member-roles.tf:1: no tracker_role_arns local`];
  for (const kind of MEMBER_ROLE_KINDS) {
    const list = localExpression(trusted.text.replace(/^ {2}/gm, ''), kind);
    const line = trusted.line + (list ? list.line - 1 : 0);
    const where = `${displayed}/member-roles.tf:${line}`;
    const modules = [...(list?.text ?? '').matchAll(/module\.([\w-]+)/g)].map((match) => match[1] as string);
    for (const name of modules) {
      const template = functionOf.get(name);
      const owner = template === undefined ? undefined : MEMBER_ROLE_OF_FUNCTION[template];
      if (owner !== kind) {
        problems.push(
          `${where}: the ${kind} role trusts module.${name} (${template ?? 'unknown'}), which ${owner ? `assumes the ${owner} role` : 'assumes no member role'}`,
        );
      }
    }
    for (const [name, template] of functionOf) {
      if (MEMBER_ROLE_OF_FUNCTION[template] === kind && !modules.includes(name)) {
        problems.push(
          `${where}: the ${kind} role does not trust module.${name} (${template}), which assumes it`,
        );
      }
    }
  }
  return problems;
}
