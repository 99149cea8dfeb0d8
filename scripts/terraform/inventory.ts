import { runTool } from './tools.js';

/** A place in a Terraform file, relative to the scanned directory. */
export interface Position {
  readonly file: string;
  readonly line: number;
}

export interface Named extends Position {
  readonly name: string;
}

export interface Variable extends Named {
  readonly required: boolean;
}

export interface Argument extends Named {
  readonly literals: readonly string[];
}

export interface ModuleCall extends Named {
  readonly source: string;
  readonly arguments: readonly Argument[];
}

export interface ModuleReference extends Position {
  readonly module: string;
  readonly output: string;
}

export interface TemplateCall extends Position {
  readonly path_source: string;
  readonly path: readonly string[];
  readonly keys: readonly Named[];
}

export interface TerraformModule {
  readonly variables: readonly Variable[];
  readonly outputs: readonly Named[];
  readonly calls: readonly ModuleCall[];
  readonly references: readonly ModuleReference[];
  readonly templates: readonly TemplateCall[];
}

export interface Diagnostic extends Position {
  readonly column: number;
  readonly message: string;
}

/** What scripts/tools/hcl-inventory reads from every .tf and .tfvars file under a directory. */
export interface Inventory {
  readonly diagnostics: readonly Diagnostic[];
  /** By directory, relative to the scanned one, with / separators. */
  readonly modules: Readonly<Record<string, TerraformModule>>;
  readonly tfvars: readonly { readonly file: string; readonly keys: readonly Named[] }[];
}

/** Parses every Terraform file under `directory` with HashiCorp's HCL parser. */
export async function readInventory(directory: string): Promise<Inventory> {
  const { code, stdout, stderr } = await runTool('hclInventory', [directory]);
  if (code !== 0) throw new Error(`hcl-inventory ${directory} failed (${code}): ${stderr}`);
  return JSON.parse(stdout) as Inventory;
}

export const at = (position: Position): string => `${position.file}:${position.line}`;
