import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The template Terraform renders with `templatefile()`; the local runs render the very same file. */
export const DEFINITION_TEMPLATE_PATH = fileURLToPath(new URL('../definition.asl.json.tpl', import.meta.url));

/** Every variable the template takes, as Terraform passes them (findings already `jsonencode`d). */
export const DEFINITION_VARIABLES = [
  'list_accounts_arn',
  'generate_report_arn',
  'download_report_arn',
  'collect_inventory_arn',
  'initialise_table_arn',
  'summarise_run_arn',
  'max_concurrency',
  'report_wait_seconds',
  'report_max_cycles',
  'findings',
  'security_hub_export',
] as const;

export type DefinitionVariable = (typeof DEFINITION_VARIABLES)[number];

/** A primitive, as Terraform interpolates it: lists and objects must be `jsonencode`d first. */
export type TemplateValue = string | number | boolean;

export type DefinitionVariables = Record<DefinitionVariable, TemplateValue>;

/** The template or its variables do not fit: says which placeholder or variable, and where. */
export class TemplateRenderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateRenderError';
  }
}

// `$${` and `%%{` are Terraform's escapes for a literal `${` and `%{`; `${` opens an interpolation
// and `%{` a directive.
const TEMPLATE_TOKEN = /\$\$\{|%%\{|\$\{([^}]*)\}|%\{|\$\{/g;
const SIMPLE_NAME = /^\s*([A-Za-z_][A-Za-z0-9_-]*)\s*$/;

const lineOf = (text: string, index: number): number => text.slice(0, index).split('\n').length;

/**
 * One pass over the text, left to right, as Terraform's template lexer reads it; `resolve` gives each
 * simple placeholder's text. Anything beyond a simple name (expressions, `%{ }` directives) is refused,
 * so the file can never render differently here and in Terraform.
 */
function substitute(template: string, resolve: (name: string, where: string) => string): string {
  return template.replace(TEMPLATE_TOKEN, (token: string, inner: string | undefined, offset: number) => {
    if (token === '$${') return '${';
    if (token === '%%{') return '%{';
    const where = `line ${lineOf(template, offset)}`;
    if (token === '%{') throw new TemplateRenderError(`${where}: %{ } directives are not supported here`);
    if (inner === undefined) throw new TemplateRenderError(`${where}: \${ is never closed`);
    const name = SIMPLE_NAME.exec(inner)?.[1];
    if (!name) throw new TemplateRenderError(`${where}: \${${inner}} is not a simple variable name`);
    return resolve(name, where);
  });
}

/** The names of the `${name}` placeholders in a template, in order of first use. */
export function templatePlaceholders(template: string): string[] {
  const names = new Set<string>();
  substitute(template, (name) => {
    names.add(name);
    return '';
  });
  return [...names];
}

/** Substitutes `${name}` as Terraform's `templatefile()` does: strings verbatim, numbers and booleans as text. */
export function renderTemplate(template: string, vars: Readonly<Record<string, TemplateValue>>): string {
  return substitute(template, (name, where) => {
    const value = Object.hasOwn(vars, name) ? vars[name] : undefined;
    if (value === undefined) {
      throw new TemplateRenderError(`${where}: the template uses \${${name}} but no value was given for it`);
    }
    return String(value);
  });
}

/**
 * The security_hub_export switch as the SecurityHubExport state holds it (Terraform `jsonencode`s it):
 * off, or on with the export-findings function ExportFindings invokes.
 */
export type SecurityHubExportSetting =
  { readonly status: 'off' } | { readonly status: 'on'; readonly function_arn: string };

/** One finding's Lambda functions, as Terraform lists them for the findings Map. */
export interface FindingFunctions {
  readonly finding: string;
  readonly generate_findings_arn: string;
  readonly retrieve_users_arn: string;
  readonly remediation_arn: string | null;
}

function checkVariables(vars: Readonly<Record<string, unknown>>): void {
  const known = new Set<string>(DEFINITION_VARIABLES);
  const unknown = Object.keys(vars).filter((name) => !known.has(name));
  const missing = DEFINITION_VARIABLES.filter((name) => vars[name] === undefined);
  const problems = [
    ...(unknown.length ? [`unknown variable(s) ${unknown.join(', ')}`] : []),
    ...(missing.length ? [`missing variable(s) ${missing.join(', ')}`] : []),
  ];
  if (problems.length) {
    throw new TemplateRenderError(
      `state machine definition: ${problems.join('; ')} (it takes exactly ${DEFINITION_VARIABLES.join(', ')})`,
    );
  }
}

/** The top of an Amazon States Language document; the states themselves are left to the validators. */
export interface AslDefinition {
  readonly Comment?: string;
  readonly StartAt: string;
  readonly States: Record<string, unknown>;
}

/** Renders the definition template and parses it: the JSON Step Functions would receive. */
export function renderDefinition(
  vars: Readonly<Record<string, TemplateValue>>,
  template: string = readFileSync(DEFINITION_TEMPLATE_PATH, 'utf8'),
): AslDefinition {
  checkVariables(vars);
  const text = renderTemplate(template, vars);
  let parsed: Partial<AslDefinition> | null;
  try {
    parsed = JSON.parse(text) as Partial<AslDefinition> | null;
  } catch (error) {
    throw new TemplateRenderError(
      `the rendered state machine definition is not JSON (${(error as Error).message}); check that string variables are not meant to be numbers and that findings is jsonencode()d`,
    );
  }
  if (typeof parsed?.StartAt !== 'string' || typeof parsed.States !== 'object' || parsed.States === null) {
    throw new TemplateRenderError('the rendered state machine definition has no StartAt and States');
  }
  return parsed as AslDefinition;
}

/** The variables for `renderDefinition`, with the findings list encoded as Terraform's jsonencode would. */
export function definitionVariables(settings: {
  listAccountsArn: string;
  generateReportArn: string;
  downloadReportArn: string;
  collectInventoryArn: string;
  initialiseTableArn: string;
  summariseRunArn: string;
  maxConcurrency: number;
  reportWaitSeconds: number;
  reportMaxCycles: number;
  findings: readonly FindingFunctions[];
  /** Off when absent, as security_hub_export's default. */
  securityHubExport?: SecurityHubExportSetting;
}): DefinitionVariables {
  return {
    list_accounts_arn: settings.listAccountsArn,
    generate_report_arn: settings.generateReportArn,
    download_report_arn: settings.downloadReportArn,
    collect_inventory_arn: settings.collectInventoryArn,
    initialise_table_arn: settings.initialiseTableArn,
    summarise_run_arn: settings.summariseRunArn,
    max_concurrency: settings.maxConcurrency,
    report_wait_seconds: settings.reportWaitSeconds,
    report_max_cycles: settings.reportMaxCycles,
    findings: JSON.stringify(settings.findings),
    security_hub_export: JSON.stringify(settings.securityHubExport ?? { status: 'off' }),
  };
}
