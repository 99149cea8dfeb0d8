import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { REPOSITORY, runTool } from './tools.js';

/** The folders of Terraform code the checks cover, relative to a root. */
export const TERRAFORM_DIRECTORIES = ['modules', 'environments'] as const;

/**
 * `tofu fmt -check -diff -recursive`: one problem per mis-formatted file, at the first line the
 * formatter would change.
 */
export async function formatProblems(root: string): Promise<string[]> {
  const problems: string[] = [];
  for (const directory of TERRAFORM_DIRECTORIES) {
    const { code, stdout, stderr } = await runTool(
      'tofu',
      ['fmt', '-check', '-diff', '-recursive', '-no-color', directory],
      {
        cwd: root,
      },
    );
    if (code === 0) continue;
    // The diff names each file (--- old/PATH) and its first hunk (@@ -LINE,...).
    const files = [...stdout.matchAll(/^--- old\/(.+)$[\s\S]*?^@@ -(\d+)/gm)];
    for (const [, file, line] of files) {
      problems.push(`${file}:${line}: not formatted as tofu fmt writes it (run tofu fmt -recursive)`);
    }
    if (files.length === 0)
      problems.push(`${directory}: tofu fmt -check failed (${code}): ${stderr || stdout}`);
  }
  return problems;
}

/** tflint over every module and root, with .tflint.hcl of the repository: one problem per issue. */
export async function tflintProblems(root: string): Promise<string[]> {
  const problems: string[] = [];
  const config = join(REPOSITORY, '.tflint.hcl');
  for (const directory of TERRAFORM_DIRECTORIES) {
    const { code, stdout, stderr } = await runTool(
      'tflint',
      ['--recursive', `--config=${config}`, '--format=compact', '--no-color', `--chdir=${directory}`],
      { cwd: root, env: { TFLINT_PLUGIN_DIR: join(REPOSITORY, '.tools', 'tflint-plugins') } },
    );
    if (code === 0) continue;
    const lines = `${stdout}\n${stderr}`.split('\n').filter((line) => /:\d+:\d+: /.test(line));
    problems.push(...lines.map((line) => (line.startsWith(directory) ? line : `${directory}/${line}`)));
    if (lines.length === 0) problems.push(`${directory}: tflint failed (${code}): ${stderr || stdout}`);
  }
  return problems;
}

interface CheckovCheck {
  check_id: string;
  check_name: string;
  file_path: string;
  file_line_range: [number, number];
  resource: string;
}

interface CheckovReport {
  results?: { failed_checks?: CheckovCheck[] };
}

/**
 * checkov offline (no download, no update check) over every module and root: one problem per failed
 * check. Skips are inline `#checkov:skip=ID:reason` comments beside the resource.
 */
export async function checkovProblems(root: string): Promise<string[]> {
  const problems = new Set<string>();
  for (const directory of TERRAFORM_DIRECTORIES) {
    const args = [
      '--framework',
      'terraform',
      '--skip-download',
      '--quiet',
      '--output',
      'json',
      '--soft-fail',
    ];
    const { stdout, stderr } = await runTool('checkov', [...args, '--directory', directory], { cwd: root });
    let parsed: CheckovReport | CheckovReport[];
    try {
      parsed = JSON.parse(stdout) as CheckovReport | CheckovReport[];
    } catch {
      problems.add(
        `${directory}: checkov printed no JSON report: ${stderr.slice(-2000) || stdout.slice(-2000)}`,
      );
      continue;
    }
    for (const report of Array.isArray(parsed) ? parsed : [parsed]) {
      for (const check of report.results?.failed_checks ?? []) {
        // Paths are relative to the scanned directory, with a leading /.
        const file = posix.normalize(posix.join(directory, check.file_path));
        problems.add(
          `${file}:${check.file_line_range[0]}: ${check.check_id} ${check.check_name} (${check.resource}); fix it or add #checkov:skip=${check.check_id}:reason`,
        );
      }
    }
  }
  return [...problems];
}

const BEGIN = '<!-- BEGIN_TF_DOCS -->';
const END = '<!-- END_TF_DOCS -->';

/** A module's README holds, between the terraform-docs markers, exactly what terraform-docs generates. */
export async function docsProblems(root: string, moduleDirectory: string): Promise<string[]> {
  const readmePath = join(moduleDirectory, 'README.md');
  let readme: string;
  try {
    readme = readFileSync(join(root, readmePath), 'utf8');
  } catch {
    return [
      `${readmePath}:1: missing (terraform-docs markdown table --output-file README.md ${moduleDirectory})`,
    ];
  }
  const begin = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  if (begin < 0 || end < begin) return [`${readmePath}:1: no ${BEGIN} ... ${END} section`];
  const { code, stdout, stderr } = await runTool('terraformDocs', ['markdown', 'table', moduleDirectory], {
    cwd: root,
  });
  if (code !== 0) return [`${moduleDirectory}: terraform-docs failed (${code}): ${stderr}`];
  const committed = readme
    .slice(begin + BEGIN.length, end)
    .trim()
    .split('\n');
  const generated = stdout.trim().split('\n');
  const first = generated.findIndex((line, index) => committed[index] !== line);
  if (first < 0 && committed.length === generated.length) return [];
  const index = first < 0 ? generated.length : first;
  const line = readme.slice(0, begin).split('\n').length + 1 + index;
  return [
    `${readmePath}:${line}: the inputs/outputs tables differ from terraform-docs (expected ${JSON.stringify(generated[index] ?? '(end)')}); run terraform-docs markdown table --output-file README.md ${moduleDirectory}`,
  ];
}
