import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { DEFINITION_VARIABLES, templatePlaceholders } from '@credential-tracker/state-machine';
import { at, type Inventory, type TerraformModule } from './inventory.js';
import { MEMBER_ROLE_KINDS, memberRoleTemplate } from './policies.js';

/**
 * The structural checks `terraform validate` would make without providers, over an hcl-inventory of
 * the tree: each problem is one line naming the file and the line.
 */

/** Every file that does not parse, with HCL's own message. */
export function parseProblems(inventory: Inventory): string[] {
  return inventory.diagnostics.map((d) => `${d.file}:${d.line}:${d.column}: ${d.message}`);
}

const isLocalSource = (source: string): boolean => source.startsWith('./') || source.startsWith('../');

/** The directory a module call's source names, relative to the scanned root. */
const calledDirectory = (callerDirectory: string, source: string): string =>
  posix.normalize(posix.join(callerDirectory, source)).replace(/\/$/, '');

/**
 * Module calls: a relative source that exists, only variables the module declares, every required one;
 * module.NAME.OUTPUT references: a call of that name whose module has that output.
 */
export function moduleCallProblems(inventory: Inventory): string[] {
  const problems: string[] = [];
  for (const [directory, module] of Object.entries(inventory.modules)) {
    const calls = new Map(module.calls.map((call) => [call.name, call]));
    const targets = new Map<string, TerraformModule | undefined>();
    for (const call of module.calls) {
      if (!isLocalSource(call.source)) {
        problems.push(
          `${at(call)}: module "${call.name}" has source ${JSON.stringify(call.source)}: use a relative path (./ or ../) so modules/ can be vendored as is`,
        );
        continue;
      }
      const target = calledDirectory(directory, call.source);
      const called = inventory.modules[target];
      targets.set(call.name, called);
      if (!called) {
        problems.push(
          `${at(call)}: module "${call.name}": ${call.source} (${target}) holds no Terraform files`,
        );
        continue;
      }
      const declared = new Map(called.variables.map((variable) => [variable.name, variable]));
      for (const argument of call.arguments) {
        if (!declared.has(argument.name)) {
          problems.push(
            `${at(argument)}: module "${call.name}" passes ${argument.name}, which ${target} does not declare (it declares ${[...declared.keys()].sort().join(', ')})`,
          );
        }
      }
      const passed = new Set(call.arguments.map((argument) => argument.name));
      for (const variable of called.variables) {
        if (variable.required && !passed.has(variable.name)) {
          problems.push(
            `${at(call)}: module "${call.name}" does not pass ${variable.name}, which ${target} requires (${at(variable)})`,
          );
        }
      }
    }
    for (const reference of module.references) {
      if (!calls.has(reference.module)) {
        problems.push(`${at(reference)}: module.${reference.module} is not a module call of ${directory}`);
        continue;
      }
      const called = targets.get(reference.module);
      if (called && !called.outputs.some((output) => output.name === reference.output)) {
        problems.push(
          `${at(reference)}: module.${reference.module}.${reference.output}: ${calledDirectory(directory, calls.get(reference.module)?.source ?? '')} has no output ${reference.output} (it has ${called.outputs
            .map((output) => output.name)
            .sort()
            .join(', ')})`,
        );
      }
    }
  }
  return problems;
}

/** Every key of every .tfvars file is a variable of the root beside it. */
export function tfvarsProblems(inventory: Inventory): string[] {
  const problems: string[] = [];
  for (const tfvars of inventory.tfvars) {
    const directory = posix.dirname(tfvars.file);
    const declared = new Set(
      (inventory.modules[directory]?.variables ?? []).map((variable) => variable.name),
    );
    for (const key of tfvars.keys) {
      if (!declared.has(key.name)) {
        problems.push(
          `${at(key)}: ${key.name} is not a variable of ${directory} (declare it in variables.tf)`,
        );
      }
    }
  }
  return problems;
}

const LAMBDA_MODULE = /(^|\/)aws\/lambda-function$/;
const ZIP = /\/([a-z0-9-]+)\.zip$/;
const POLICY = /\/([a-z0-9-]+\.json\.tpl)$/;

/**
 * Every function workspace (functions/NAME with a package.json) is deployed by a lambda-function module
 * call whose zip_path ends in /NAME.zip, and every deployed function has a workspace and a policy
 * template that exists in the policies directory.
 */
export function functionDeploymentProblems(
  inventory: Inventory,
  functionsDirectory: string,
  policiesDirectory: string,
): string[] {
  const problems: string[] = [];
  const workspaces = readdirSync(functionsDirectory, { withFileTypes: true })
    .filter(
      (entry) => entry.isDirectory() && existsSync(join(functionsDirectory, entry.name, 'package.json')),
    )
    .map((entry) => entry.name);
  const deployed = new Set<string>();
  for (const [directory, module] of Object.entries(inventory.modules)) {
    for (const call of module.calls) {
      if (!LAMBDA_MODULE.test(calledDirectory(directory, call.source))) continue;
      const zip = call.arguments.find((argument) => argument.name === 'zip_path');
      const name = zip?.literals.map((literal) => ZIP.exec(literal)?.[1]).find(Boolean);
      if (!name) {
        problems.push(`${at(zip ?? call)}: module "${call.name}": zip_path must end in /FUNCTION.zip`);
        continue;
      }
      deployed.add(name);
      if (!workspaces.includes(name)) {
        problems.push(
          `${at(zip ?? call)}: module "${call.name}" deploys ${name}, which is no workspace of functions/`,
        );
      }
      const policy = call.arguments.find((argument) => argument.name === 'policy');
      const template = policy?.literals.map((literal) => POLICY.exec(literal)?.[1]).find(Boolean);
      if (!template) {
        problems.push(
          `${at(policy ?? call)}: module "${call.name}" (${name}) has no policy rendered from policies/`,
        );
      } else if (!existsSync(join(policiesDirectory, template))) {
        problems.push(
          `${at(policy ?? call)}: module "${call.name}" (${name}): policies/${template} does not exist`,
        );
      }
    }
  }
  for (const workspace of workspaces) {
    if (!deployed.has(workspace)) {
      problems.push(
        `functions/${workspace}: no lambda-function module call deploys it (zip_path .../${workspace}.zip)`,
      );
    }
  }
  return problems;
}

const policyPlaceholders = (policiesDirectory: string, template: string): string[] =>
  templatePlaceholders(readFileSync(join(policiesDirectory, template), 'utf8'));

/**
 * Every templatefile() call passes exactly the variables its template uses: the policies/ templates by
 * their placeholders, the state machine definition by packages/state-machine's DEFINITION_VARIABLES.
 */
export function templateVariableProblems(inventory: Inventory, policiesDirectory: string): string[] {
  const problems: string[] = [];
  for (const module of Object.values(inventory.modules)) {
    for (const call of module.templates) {
      const checks: { expected: readonly string[]; what: string }[] = [];
      const policy = call.path.map((literal) => POLICY.exec(literal)?.[1]).find(Boolean);
      // A member role's policy named by its kind (member-role-${var.kind}.json.tpl): every kind's template.
      const byKind =
        call.path.length === 2 && call.path[0]?.endsWith('/member-role-') && call.path[1] === '.json.tpl'
          ? MEMBER_ROLE_KINDS.map(memberRoleTemplate)
          : [];
      if (call.path_source.includes('state_machine_template')) {
        checks.push({
          expected: DEFINITION_VARIABLES,
          what: 'the state machine definition (DEFINITION_VARIABLES in packages/state-machine/src/render.ts)',
        });
      } else if (policy && existsSync(join(policiesDirectory, policy))) {
        checks.push({ expected: policyPlaceholders(policiesDirectory, policy), what: `policies/${policy}` });
      } else if (byKind.length && byKind.every((template) => existsSync(join(policiesDirectory, template)))) {
        // Every kind's placeholders: templatefile() accepts variables a template does not use.
        checks.push({
          expected: [
            ...new Set(byKind.flatMap((template) => policyPlaceholders(policiesDirectory, template))),
          ],
          what: `policies/${byKind.join(', policies/')}`,
        });
      } else {
        problems.push(`${at(call)}: templatefile(${call.path_source}) names no template this check knows`);
        continue;
      }
      const passed = call.keys.map((key) => key.name);
      for (const { expected, what } of checks) {
        const missing = expected.filter((name) => !passed.includes(name));
        const unknown = passed.filter((name) => !expected.includes(name));
        if (missing.length || unknown.length) {
          problems.push(
            `${at(call)}: templatefile of ${what}: ${[
              missing.length ? `missing ${missing.join(', ')}` : '',
              unknown.length ? `not used by the template: ${unknown.join(', ')}` : '',
            ]
              .filter(Boolean)
              .join('; ')}`,
          );
        }
      }
    }
  }
  return problems;
}
