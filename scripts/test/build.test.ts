import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { unzipSync } from 'fflate';
import { loadCatalog } from '@credential-tracker/findings';
import { buildFunctions } from '../build/build-functions.js';
import { BuildError } from '../build/errors.js';

const REPOSITORY = fileURLToPath(new URL('../../', import.meta.url));
// Inside the repository (node_modules is gitignored) so that the fixture resolves zod like a real
// function workspace does, from the root node_modules.
const SCRATCH = join(REPOSITORY, 'node_modules', '.cache', 'credential-tracker-build-test');
const BUILD_SCRIPT = join(REPOSITORY, 'scripts', 'build.ts');
const TSX = join(REPOSITORY, 'node_modules', '.bin', 'tsx');

const HANDLER = `import { z } from 'zod';
import legacy from './legacy.cjs';

const eventSchema = z.object({ name: z.string().min(1) });

export const handler = async (event: unknown) => {
  const { name } = eventSchema.parse(event);
  return { greeting: \`hello \${name}\`, eolLength: legacy.eol.length };
};
`;

// Prints the message a bundled handler refuses an empty name with, in a fresh Node process.
const REFUSAL_OF_EMPTY_NAME = `const { handler } = await import(process.argv[1]);
await handler({ name: '' }).then(() => process.stdout.write('accepted'), (error) => process.stdout.write(error.message));`;

// A CommonJS dependency that requires a module by a computed name, as optional-dependency loaders do:
// esbuild leaves that call to a runtime require, which an ES module only has through the banner.
const LEGACY_CJS = `const builtin = ['node', 'os'].join(':');
module.exports = { eol: require(builtin).EOL };
`;

async function writeFiles(root: string, files: Record<string, string>): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
}

function greeterFunction(name: string): Record<string, string> {
  return {
    [`${name}/package.json`]: JSON.stringify({ name: `@fixture/${name}`, private: true, type: 'module' }),
    [`${name}/src/handler.ts`]: HANDLER,
    [`${name}/src/legacy.cjs`]: LEGACY_CJS,
  };
}

const runBuildScript = (args: string[]) =>
  promisify(execFile)(TSX, [BUILD_SCRIPT, ...args], { cwd: REPOSITORY }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      stdout: error.stdout,
      stderr: error.stderr,
    }),
  );

describe('scripts/build.ts', function () {
  this.timeout(60_000);
  let workspace: string;

  beforeEach(async function () {
    await mkdir(SCRATCH, { recursive: true });
    workspace = await mkdtemp(join(SCRATCH, 'run-'));
  });

  afterEach(async function () {
    await rm(workspace, { recursive: true, force: true });
  });

  after(async function () {
    await rm(SCRATCH, { recursive: true, force: true });
  });

  it('writes byte-identical zips when built twice from the same sources, wherever they sit', async function () {
    // Prepare
    const functions = join(workspace, 'functions');
    const moved = join(workspace, 'elsewhere', 'functions');
    await writeFiles(functions, greeterFunction('greeter'));
    await cp(functions, moved, { recursive: true });

    // Act
    const [first] = await buildFunctions({
      functionsDirectory: functions,
      outputDirectory: join(workspace, 'a'),
    });
    const firstBytes = await readFile(join(workspace, 'a', 'greeter.zip'));
    await buildFunctions({ functionsDirectory: functions, outputDirectory: join(workspace, 'b') });
    await buildFunctions({ functionsDirectory: moved, outputDirectory: join(workspace, 'c') });

    // Assess
    expect(first?.name).to.equal('greeter');
    expect(first?.packageName).to.equal('@fixture/greeter');
    expect(firstBytes.equals(await readFile(join(workspace, 'b', 'greeter.zip')))).to.equal(true);
    expect(firstBytes.equals(await readFile(join(workspace, 'c', 'greeter.zip')))).to.equal(true);
    expect(first?.bytes).to.equal(firstBytes.byteLength);
    expect(first?.sha256).to.equal(createHash('sha256').update(firstBytes).digest('base64'));
  });

  it('zips exactly one minified index.mjs whose handler runs without node_modules', async function () {
    // Prepare
    const functions = join(workspace, 'functions');
    await writeFiles(functions, greeterFunction('greeter'));
    await buildFunctions({ functionsDirectory: functions, outputDirectory: join(workspace, 'dist') });
    const unpacked = await mkdtemp(join(tmpdir(), 'ct-build-unzipped-'));

    try {
      // Act
      const entries = unzipSync(await readFile(join(workspace, 'dist', 'greeter.zip')));
      const bundle = entries['index.mjs'] as Uint8Array;
      await writeFile(join(unpacked, 'index.mjs'), bundle);
      const module = (await import(pathToFileURL(join(unpacked, 'index.mjs')).href)) as {
        handler: (event: unknown) => Promise<unknown>;
      };
      const reply = await module.handler({ name: 'lambda' });
      const refusal = await module.handler({ name: '' }).catch((error: unknown) => error);

      // Assess
      expect(Object.keys(entries)).to.deep.equal(['index.mjs']);
      const text = Buffer.from(bundle).toString('utf8');
      expect(text, 'minified: local names are mangled').not.to.include('eventSchema');
      expect(text, 'no source map in the zip').not.to.include('sourceMappingURL');
      expect(reply).to.deep.equal({ greeting: 'hello lambda', eolLength: 1 });
      expect((refusal as Error).name, 'zod is bundled and validates').to.equal('ZodError');
      expect((refusal as Error).message, "zod's English messages are kept").to.include('Too small');
      expect(text, "zod's other locales are left out (German here)").not.to.include('Eingabe: erwartet');
    } finally {
      await rm(unpacked, { recursive: true, force: true });
    }
  });

  it("bundles the product's zod/mini small and with its English messages, which core/zod.ts configures", async function () {
    // Prepare: a handler that takes z where the functions do
    const functions = join(workspace, 'functions');
    await writeFiles(functions, {
      'mini/package.json': JSON.stringify({ name: '@fixture/mini', private: true, type: 'module' }),
      'mini/src/handler.ts': `import * as z from '@credential-tracker/core/zod';

const eventSchema = z.object({ name: z.string().check(z.minLength(1)) });

export const handler = async (event: unknown) => eventSchema.parse(event);
`,
    });
    const unpacked = await mkdtemp(join(tmpdir(), 'ct-build-unzipped-'));

    try {
      // Act
      await buildFunctions({ functionsDirectory: functions, outputDirectory: join(workspace, 'dist') });
      const bundle = unzipSync(await readFile(join(workspace, 'dist', 'mini.zip')))[
        'index.mjs'
      ] as Uint8Array;
      await writeFile(join(unpacked, 'index.mjs'), bundle);
      // In a process of its own: zod keeps its configuration on globalThis, and this one's has English.
      const { stdout: refusal } = await promisify(execFile)(process.execPath, [
        '--no-warnings',
        '--input-type=module',
        '--eval',
        REFUSAL_OF_EMPTY_NAME,
        pathToFileURL(join(unpacked, 'index.mjs')).href,
      ]);

      // Assess
      const text = Buffer.from(bundle).toString('utf8');
      expect(
        refusal,
        'English although packages/core is "sideEffects" free but for the file that configures it',
      ).to.include('Too small: expected string to have >=1 characters');
      expect(text, "zod's other locales are left out (German here)").not.to.include('Eingabe: erwartet');
      expect(bundle.byteLength, "tree-shaken: classic zod's methods alone were about 190 KB").to.be.below(
        40_000,
      );
    } finally {
      await rm(unpacked, { recursive: true, force: true });
    }
  });

  it('puts the finding catalog beside the bundle of a function that loads it, and only there', async function () {
    // Prepare: a function that lists the catalog, as generate-findings does, and one that does not
    const functions = join(workspace, 'functions');
    await writeFiles(functions, {
      ...greeterFunction('greeter'),
      'lister/package.json': JSON.stringify({ name: '@fixture/lister', private: true, type: 'module' }),
      'lister/src/handler.ts': `import { loadCatalog } from '@credential-tracker/findings';
export const handler = async () => loadCatalog().map((finding) => [finding.id, finding.sql.length]);
`,
    });
    const unpacked = await mkdtemp(join(tmpdir(), 'ct-build-unzipped-'));

    try {
      // Act
      await buildFunctions({ functionsDirectory: functions, outputDirectory: join(workspace, 'dist') });
      const entries = unzipSync(await readFile(join(workspace, 'dist', 'lister.zip')));
      for (const [name, content] of Object.entries(entries))
        await writeFiles(unpacked, { [name]: Buffer.from(content).toString() });
      const module = (await import(pathToFileURL(join(unpacked, 'index.mjs')).href)) as {
        handler: () => Promise<[string, number][]>;
      };
      const listed = await module.handler();

      // Assess
      const expected = loadCatalog().map((finding) => [finding.id, finding.sql.length]);
      expect(listed, 'the unzipped function reads its own copy of the catalog').to.deep.equal(expected);
      expect(Object.keys(entries)).to.include.members([
        'catalog/ak-rotation/query.sql',
        'catalog/ak-rotation/finding.json',
      ]);
      expect(Object.keys(unzipSync(await readFile(join(workspace, 'dist', 'greeter.zip'))))).to.deep.equal([
        'index.mjs',
      ]);
    } finally {
      await rm(unpacked, { recursive: true, force: true });
    }
  });

  it('refuses a function without src/handler.ts, naming it', async function () {
    // Prepare
    const functions = join(workspace, 'functions');
    await writeFiles(functions, { ...greeterFunction('greeter'), 'no-handler/package.json': '{"name":"x"}' });

    // Act
    const error = await buildFunctions({
      functionsDirectory: functions,
      outputDirectory: join(workspace, 'dist'),
    }).catch((caught: unknown) => caught);

    // Assess
    expect(error).to.be.instanceOf(BuildError);
    expect((error as BuildError).functionName).to.equal('no-handler');
    expect((error as Error).message).to.match(/^function no-handler: .*src\/handler\.ts does not exist/);
  });

  it('names the function and the esbuild error when a handler does not compile, and writes no zip', async function () {
    // Prepare
    const functions = join(workspace, 'functions');
    await writeFiles(functions, {
      ...greeterFunction('greeter'),
      'broken/package.json': '{"name":"@fixture/broken"}',
      'broken/src/handler.ts': "import { missing } from './nowhere.js';\nexport const handler = missing;\n",
    });

    // Act
    const error = await buildFunctions({
      functionsDirectory: functions,
      outputDirectory: join(workspace, 'dist'),
    }).catch((caught: unknown) => caught);
    const greeterZip = await readFile(join(workspace, 'dist', 'greeter.zip')).catch(() => undefined);

    // Assess
    expect(error).to.be.instanceOf(BuildError);
    expect((error as Error).message).to.match(/^function broken: esbuild failed on .*handler\.ts/);
    expect((error as Error).message).to.include('Could not resolve "./nowhere.js"');
    expect(greeterZip, 'no zip while another function fails').to.equal(undefined);
  });

  it('prints one line per function with its zip size and base64 SHA-256', async function () {
    // Prepare
    const functions = join(workspace, 'functions');
    await writeFiles(functions, greeterFunction('greeter'));
    const dist = join(workspace, 'dist');

    // Act
    const { code, stdout } = await runBuildScript(['--functions-dir', functions, '--out-dir', dist]);
    const zip = await readFile(join(dist, 'greeter.zip'));

    // Assess
    expect(code).to.equal(0);
    const hash = createHash('sha256').update(zip).digest('base64');
    expect(stdout.trim().split('\n')).to.have.lengthOf(1);
    expect(stdout).to.match(/^greeter\t.*greeter\.zip\t(\d+) bytes\tsha256 (\S+)\t\(@fixture\/greeter\)\n$/);
    expect(stdout).to.include(`\t${zip.byteLength} bytes\tsha256 ${hash}\t`);
  });

  it('exits 0 with a message when there is no function, reading the directories from the environment', async function () {
    // Prepare
    const functions = join(workspace, 'functions');
    await mkdir(functions);
    process.env.BUILD_FUNCTIONS_DIR = functions;

    // Act
    const result = await runBuildScript([]).finally(() => delete process.env.BUILD_FUNCTIONS_DIR);

    // Assess
    expect(result.code).to.equal(0);
    expect(result.stdout).to.match(/^no functions to build: .*functions holds no/);
  });

  it('exits 1 naming the function when a handler is missing', async function () {
    // Prepare
    const functions = join(workspace, 'functions');
    await writeFiles(functions, { 'list-accounts/package.json': '{"name":"@fixture/list-accounts"}' });

    // Act
    const result = await runBuildScript(['--functions-dir', functions, '--out-dir', join(workspace, 'dist')]);

    // Assess
    expect(result.code).to.equal(1);
    expect(result.stderr).to.match(/build failed: function list-accounts: .*src\/handler\.ts does not exist/);
  });
});
