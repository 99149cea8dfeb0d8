import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const REPOSITORY = fileURLToPath(new URL('../../', import.meta.url));

/** Where scripts/setup-terraform-tools builds the Go tools and scripts/setup-test-tools the Python ones. */
export const TOOLS = {
  tofu: join(REPOSITORY, '.tools', 'bin', 'tofu'),
  tflint: join(REPOSITORY, '.tools', 'bin', 'tflint'),
  terraformDocs: join(REPOSITORY, '.tools', 'bin', 'terraform-docs'),
  hclInventory: join(REPOSITORY, '.tools', 'bin', 'hcl-inventory'),
  checkov: join(REPOSITORY, '.venv', 'bin', 'checkov'),
  parliament: join(REPOSITORY, '.venv', 'bin', 'parliament'),
} as const;

export type ToolName = keyof typeof TOOLS;

/** A tool is missing: says how to install it. */
export class MissingToolError extends Error {
  constructor(tool: ToolName) {
    super(`${TOOLS[tool]} is missing: run bash scripts/setup-test-tools (npm test's pretest builds it)`);
    this.name = 'MissingToolError';
  }
}

export interface ToolResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a tool offline, stdin closed, and returns its exit code and output, whatever the code. */
export function runTool(
  tool: ToolName,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<ToolResult> {
  const path = TOOLS[tool];
  if (!existsSync(path)) return Promise.reject(new MissingToolError(tool));
  return new Promise((resolve, reject) => {
    const child = spawn(path, [...args], {
      cwd: options.cwd ?? REPOSITORY,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        // Offline: no version checks, no plugin or policy downloads, no telemetry.
        CKV_SKIP_PACKAGE_UPDATE_CHECK: 'true',
        BC_SKIP_MAPPING: 'TRUE',
        CHECKPOINT_DISABLE: '1',
        TF_IN_AUTOMATION: '1',
        TF_CLI_CONFIG_FILE: '/dev/null',
        PYTHONWARNINGS: 'ignore',
        ...options.env,
      },
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({
        code: code ?? 1,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
      }),
    );
  });
}
