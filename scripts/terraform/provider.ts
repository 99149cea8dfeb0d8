// The Terraform roots with the real hashicorp/aws provider: found in a filesystem mirror on this
// machine (no registry serves providers here), used by OpenTofu through a CLI configuration file, in
// temporary copies of the repository's Terraform, so no .terraform folder or lock file is ever written
// into the repository. scripts/test/terraform-provider.test.ts validates and applies with it.
import { existsSync, readdirSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPOSITORY, runTool, TOOLS, type ToolResult } from './tools.js';

/** Where the machine image lays the provider out (TF_PROVIDER_MIRROR overrides it). */
export const DEFAULT_PROVIDER_MIRROR = '/opt/tf-plugins';
const PROVIDER = 'hashicorp/aws';
const PLATFORM = `${process.platform}_${process.arch === 'x64' ? 'amd64' : process.arch}`;

export interface ProviderMirror {
  readonly version: string;
  /** The folder holding terraform-provider-aws_v* for this platform. */
  readonly directory: string;
}

/**
 * The newest hashicorp/aws in the mirror for this platform, laid out as Terraform's mirrors are
 * (registry.terraform.io/hashicorp/aws/VERSION/OS_ARCH/terraform-provider-aws_vVERSION_x5), or the
 * reason there is none.
 */
export function findProviderMirror(
  root = process.env.TF_PROVIDER_MIRROR ?? DEFAULT_PROVIDER_MIRROR,
): ProviderMirror | string {
  const providerRoot = join(root, 'registry.terraform.io', PROVIDER);
  if (!existsSync(providerRoot))
    return `no hashicorp/aws provider mirror at ${providerRoot} (set TF_PROVIDER_MIRROR)`;
  const versions = readdirSync(providerRoot)
    .filter((version) => /^\d+\.\d+\.\d+$/.test(version))
    .filter(
      (version) =>
        existsSync(join(providerRoot, version, PLATFORM)) &&
        readdirSync(join(providerRoot, version, PLATFORM)).some((file) =>
          file.startsWith('terraform-provider-aws_v'),
        ),
    )
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const version = versions.at(-1);
  if (version === undefined) return `no hashicorp/aws provider for ${PLATFORM} in ${providerRoot}`;
  if (!existsSync(TOOLS.tofu)) return `${TOOLS.tofu} is missing (bash scripts/setup-terraform-tools)`;
  return { version, directory: join(providerRoot, version, PLATFORM) };
}

/** What a temporary copy of the Terraform needs beside modules/ and environments/. */
const COPIED = [
  'modules',
  'environments',
  'policies',
  'packages/findings/catalog',
  'packages/findings/changes',
  'packages/state-machine/definition.asl.json.tpl',
];

/** The zips the layer deploys (dist/NAME.zip); the apply needs files, not the built handlers. */
export const FUNCTION_ZIPS = [
  'list-accounts',
  'generate-report',
  'download-report',
  'collect-inventory',
  'initialise-table',
  'generate-findings',
  'retrieve-users-to-remediate',
  'summarise-run',
  'remediate-findings-ak-rotation',
  'remediate-findings-ak-usage',
  'remediate-findings-cert-rotation',
  'remediate-findings-cred-usage',
  'remediate-findings-review-revoke',
  'export-findings',
  'generate-review',
];

/** The smallest valid zip: an empty archive (its end-of-central-directory record). */
const EMPTY_ZIP = Buffer.from([0x50, 0x4b, 0x05, 0x06, ...new Array<number>(18).fill(0)]);

export interface TerraformWorkspace {
  /** The temporary copy of the repository's Terraform (and what the layer reads beside it). */
  readonly root: string;
  /** Placeholder function zips, for the layer's dist_dir. */
  readonly distDir: string;
  /** Runs tofu in root/<directory> with the mirror's provider, offline. */
  tofu(directory: string, args: readonly string[]): Promise<ToolResult>;
  remove(): Promise<void>;
}

/**
 * A temporary copy of the Terraform with a CLI configuration that installs hashicorp/aws from the
 * mirror only. OpenTofu looks for registry.opentofu.org/hashicorp/aws in a mirror, so the copy's own
 * mirror links that name's VERSION/OS_ARCH folder to the provider's.
 */
export async function terraformWorkspace(mirror: ProviderMirror): Promise<TerraformWorkspace> {
  const root = await mkdtemp(join(tmpdir(), 'ct-terraform-provider-'));
  for (const path of COPIED) {
    await cp(join(REPOSITORY, path), join(root, 'repository', path), { recursive: true });
  }
  const distDir = join(root, 'repository', 'dist');
  await mkdir(distDir, { recursive: true });
  for (const name of FUNCTION_ZIPS) await writeFile(join(distDir, `${name}.zip`), EMPTY_ZIP);

  const mirrorDir = join(root, 'mirror');
  const link = join(mirrorDir, 'registry.opentofu.org', PROVIDER, mirror.version);
  await mkdir(link, { recursive: true });
  // The platform folder, not the provider's: OpenTofu does not follow a link at the provider level.
  await symlink(mirror.directory, join(link, PLATFORM));
  const cliConfig = join(root, 'tofu.tfrc');
  await writeFile(
    cliConfig,
    `provider_installation {
  filesystem_mirror {
    path    = "${mirrorDir}"
    include = ["registry.opentofu.org/${PROVIDER}"]
  }
  direct {
    exclude = ["registry.opentofu.org/${PROVIDER}"]
  }
}
`,
  );
  return {
    root: join(root, 'repository'),
    distDir,
    tofu: (directory, args) =>
      runTool('tofu', ['-chdir=' + join(root, 'repository', directory), ...args], {
        env: {
          TF_CLI_CONFIG_FILE: cliConfig,
          TF_PLUGIN_CACHE_DIR: '',
          TF_INPUT: '0',
          // Never real credentials or a profile: the override files give fake ones.
          AWS_PROFILE: '',
          AWS_ACCESS_KEY_ID: 'testing',
          AWS_SECRET_ACCESS_KEY: 'testing',
          AWS_EC2_METADATA_DISABLED: 'true',
        },
      }),
    remove: () => rm(root, { recursive: true, force: true }),
  };
}

/** The services the roots call, each pointed at the moto endpoint by the override file. */
export const MOTO_ENDPOINT_SERVICES = [
  'athena',
  'cloudformation',
  'cloudwatch',
  'cloudwatchlogs',
  'eventbridge',
  'glue',
  'iam',
  'kms',
  'lambda',
  'organizations',
  's3',
  'ses',
  'sfn',
  'sns',
  'sts',
];

/**
 * The override file (NAME_override.tf) that points a root at moto: a local backend, fake
 * credentials, no account or metadata lookups against AWS, path-style S3, one attempt per call, every
 * service's endpoint to moto, and the layer's `module_arguments` (HCL lines) on top of the root's.
 */
export function motoOverride(endpoint: string, moduleArguments: readonly string[]): string {
  const endpoints = MOTO_ENDPOINT_SERVICES.map((service) => `    ${service} = "${endpoint}"`).join('\n');
  return `# Written by scripts/terraform/provider.ts: this root against moto, never against AWS.
terraform {
  backend "local" {}
}

provider "aws" {
  access_key                  = "testing"
  secret_key                  = "testing"
  skip_credentials_validation = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
  s3_use_path_style           = true
  max_retries                 = 1

  endpoints {
${endpoints}
  }
}

module "credential_tracker" {
${moduleArguments.map((line) => `  ${line}`).join('\n')}
}
`;
}

/** Throws with tofu's output when it failed. */
export function succeeded(result: ToolResult, what: string): ToolResult {
  if (result.code !== 0) {
    throw new Error(
      `${what} failed (exit ${result.code}):\n${result.stderr.slice(-6000)}\n${result.stdout.slice(-3000)}`,
    );
  }
  return result;
}

interface PlanJson {
  readonly resource_changes?: readonly {
    readonly address: string;
    readonly type: string;
    readonly change: {
      readonly actions: readonly string[];
      readonly before: Record<string, unknown> | null;
      readonly after: Record<string, unknown> | null;
    };
  }[];
}

export interface PlannedChange {
  readonly address: string;
  readonly actions: readonly string[];
  /** The top-level attributes whose planned value differs from the state's. */
  readonly attributes: readonly string[];
}

/** Every change a saved plan's JSON (tofu show -json) holds, with the attributes it changes. */
export function plannedChanges(planJson: string): PlannedChange[] {
  const plan = JSON.parse(planJson) as PlanJson;
  return (plan.resource_changes ?? [])
    .filter((change) => !(change.change.actions.length === 1 && change.change.actions[0] === 'no-op'))
    .map((change) => {
      const before = change.change.before ?? {};
      const after = change.change.after ?? {};
      const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
      return {
        address: change.address,
        actions: change.change.actions,
        attributes: keys.filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key])).sort(),
      };
    });
}
