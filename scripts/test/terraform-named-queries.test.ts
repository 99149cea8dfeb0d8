import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { loadCatalog, loadChangeQueries } from '@credential-tracker/findings';
import { REPOSITORY, runTool } from '../terraform/tools.js';

const LAYER_MAIN = join('modules', 'layers', 'credential-tracker', 'main.tf');

/** The text of `  name = ...` in the layer's main.tf, up to the line that closes it at the same indent. */
function layerExpression(main: string, name: string): string {
  const match = new RegExp(`^( +)${name} = ([\\s\\S]*?\\n)\\1[})]\\n`, 'm').exec(main);
  expect(match, `modules/layers/credential-tracker/main.tf assigns ${name}`).to.not.be.null;
  const [whole, indent = ''] = match as RegExpExecArray;
  return whole.slice(indent.length).trimEnd();
}

interface NamedQuery {
  readonly description: string;
  readonly query: string;
}

/**
 * The named queries the layer hands modules/aws/athena, evaluated by OpenTofu offline: the layer's own
 * expressions (its findings and change_queries locals, the module's named_queries argument) in a scratch
 * root that needs no provider, over the catalog and change queries beside modules/ in `repository`.
 */
async function layerNamedQueries(repository = REPOSITORY): Promise<Record<string, NamedQuery>> {
  const main = await readFile(join(repository, LAYER_MAIN), 'utf8');
  const root = await mkdtemp(join(tmpdir(), 'ct-named-queries-'));
  try {
    await writeFile(
      join(root, 'main.tf'),
      [
        'locals {',
        `  catalog_dir = ${JSON.stringify(join(repository, 'packages/findings/catalog'))}`,
        `  changes_dir = ${JSON.stringify(join(repository, 'packages/findings/changes'))}`,
        `  ${layerExpression(main, 'findings')}`,
        `  ${layerExpression(main, 'change_queries')}`,
        `  ${layerExpression(main, 'named_queries')}`,
        '}',
        'output "named_queries" {',
        '  value = local.named_queries',
        '}',
        '',
      ].join('\n'),
    );
    for (const args of [
      ['init', '-backend=false', '-input=false', '-no-color'],
      ['apply', '-auto-approve', '-input=false', '-no-color'],
    ]) {
      const { code, stderr, stdout } = await runTool('tofu', args, { cwd: root });
      expect(code, `tofu ${args[0]}: ${stderr || stdout}`).to.equal(0);
    }
    const { code, stdout, stderr } = await runTool('tofu', ['output', '-json', 'named_queries'], {
      cwd: root,
    });
    expect(code, `tofu output: ${stderr}`).to.equal(0);
    return JSON.parse(stdout) as Record<string, NamedQuery>;
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

describe('Terraform named queries (OpenTofu, offline)', function () {
  this.timeout(120_000);

  it("are every finding's and every change query's query.sql, byte for byte, named by id", async function () {
    // Prepare
    const expected: Record<string, NamedQuery> = {};
    for (const finding of loadCatalog()) {
      expected[finding.id] = { description: `${finding.severity}: ${finding.title}`, query: finding.sql };
    }
    for (const change of loadChangeQueries()) {
      expect(expected, `change query ${change.id} shares a finding's name`).not.to.have.property(change.id);
      expected[change.id] = { description: `change: ${change.title}`, query: change.sql };
    }

    // Act
    const namedQueries = await layerNamedQueries();

    // Assess
    expect(Object.keys(namedQueries).sort()).to.deep.equal(Object.keys(expected).sort());
    expect(namedQueries).to.deep.equal(expected);
    for (const [id, { query }] of Object.entries(namedQueries)) {
      // modules/aws/athena's validation: kebab-case names, at most 262144 bytes of SQL.
      expect(id).to.match(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(Buffer.byteLength(query), id).to.be.at.most(262_144);
    }
  });

  it('misses a change query whose folder the layer does not read', async function () {
    // Prepare: a scratch copy whose layer looks for another file name.
    const root = await mkdtemp(join(tmpdir(), 'ct-named-queries-copy-'));
    try {
      for (const directory of ['modules', 'packages/findings/catalog', 'packages/findings/changes']) {
        await cp(join(REPOSITORY, directory), join(root, directory), { recursive: true });
      }
      const main = join(root, LAYER_MAIN);
      const text = await readFile(main, 'utf8');
      expect(text).to.include('"*/change.json"');
      await writeFile(main, text.replace('"*/change.json"', '"*/changes.json"'));

      // Act
      const namedQueries = await layerNamedQueries(root);

      // Assess
      const changeIds = loadChangeQueries().map((change) => change.id);
      expect(Object.keys(namedQueries).filter((id) => changeIds.includes(id))).to.deep.equal([]);
      expect(Object.keys(namedQueries)).to.have.length(loadCatalog().length);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
