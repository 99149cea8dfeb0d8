import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { build, formatMessages, type BuildFailure, type Plugin } from 'esbuild';
import { BuildError } from './errors.js';

/** The file name inside the zip: with format esm it must end in .mjs, and the handler is index.handler. */
export const BUNDLE_FILE = 'index.mjs';

/** The Node.js major of the Lambda runtime (nodejs22.x). */
export const LAMBDA_NODE_TARGET = 'node22';

// An ES module has no `require`, yet CommonJS dependencies bundled into it may still call one at run
// time (a module name computed in code, an optional dependency), and esbuild's shim then throws
// "Dynamic require ... is not supported". The alias keeps the banner's import clear of bundle names.
const REQUIRE_BANNER =
  "import { createRequire as __credentialTrackerCreateRequire } from 'node:module'; const require = __credentialTrackerCreateRequire(import.meta.url);";

// Classic zod re-exports every locale as a namespace (`export * as locales`), which esbuild cannot
// tree-shake: about 255 KB of minified messages in some fifty languages, a third of a bundle, parsed
// at every cold start. This keeps the English locale and drops the others (the workaround zod's issues
// #5665 and #6050 discuss). The handlers themselves use zod/mini through @credential-tracker/core/zod,
// which imports English alone and needs none of this; the plugin guards any classic `zod` import.
const ZOD_LOCALES_INDEX = /^\.\.\/locales\/index\.js$/;
const ZOD_ENGLISH_ONLY = 'zod-english-only';

export const zodEnglishOnly: Plugin = {
  name: ZOD_ENGLISH_ONLY,
  setup(build) {
    build.onResolve({ filter: ZOD_LOCALES_INDEX }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]/.test(args.importer)
        ? { path: join(dirname(args.importer), '..', 'locales', 'en.js'), namespace: ZOD_ENGLISH_ONLY }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: ZOD_ENGLISH_ONLY }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(args.path)};`,
      resolveDir: dirname(args.path),
      loader: 'js',
    }));
  },
};

// Inside Lambda the runtime hands the function role's credentials over in AWS_ACCESS_KEY_ID,
// AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN, and the SDK's default chain takes them first. Its other
// sources (shared profiles and SSO, credential processes, web identity tokens, container and instance
// metadata) never apply there, yet they bring the STS, SSO and sign-in clients they call: about 120 KB
// of every bundle, parsed at each cold start. The bundles resolve the default provider to the
// environment alone; without those variables a call fails with the SDK's own "Unable to find
// environment variable credentials". Tests and the CLI run the sources, with the whole chain.
const CREDENTIAL_PROVIDER_NODE = /^@aws-sdk\/credential-provider-node$/;
const LAMBDA_CREDENTIALS = 'lambda-environment-credentials';

export const lambdaEnvironmentCredentials: Plugin = {
  name: LAMBDA_CREDENTIALS,
  setup(build) {
    build.onResolve({ filter: CREDENTIAL_PROVIDER_NODE }, (args) => ({
      path: args.path,
      namespace: LAMBDA_CREDENTIALS,
      pluginData: args.resolveDir,
    }));
    build.onLoad({ filter: /.*/, namespace: LAMBDA_CREDENTIALS }, (args) => ({
      contents: [
        "import { fromEnv } from '@aws-sdk/credential-provider-env';",
        'export const defaultProvider = (init = {}) => fromEnv(init);',
      ].join('\n'),
      resolveDir: args.pluginData as string,
      loader: 'js',
    }));
  },
};

// An AWS SDK client describes every shape of its API as an array literal in schemas/schemas_0.js, and
// esbuild keeps all of them even when a handler sends one command: the literals hold computed keys
// (`{ [_hH]: ... }`), which esbuild must assume may run code. Wrapped in an IIFE marked pure, an
// unused one is dropped; a used one is built exactly as before, at the same point. The S3 client's
// schemas go from 66 KB to what its commands use, Security Hub's from 177 KB.
const SDK_SCHEMAS =
  /[\\/]node_modules[\\/]@aws-sdk[\\/]client-[^\\/]+[\\/]dist-es[\\/]schemas[\\/]schemas_\d+\.js$/;
const SCHEMA_START = /^((?:export )?var [\w$]+ = )\[/;

/** The schema file with every top-level `var X = [...];` made an IIFE annotated `@__PURE__`. */
export function pureSchemaDeclarations(source: string): string {
  const lines = source.split('\n');
  let open = false;
  return lines
    .map((line) => {
      let text = line;
      if (!open) {
        const start = SCHEMA_START.exec(text);
        if (!start) return text;
        text = `${start[1]}/* @__PURE__ */ (() => [${text.slice(start[0].length)}`;
        open = true;
      }
      if (text.endsWith('];') && (text === '];' || !text.startsWith('    '))) {
        open = false;
        return `${text.slice(0, -2)}])();`;
      }
      return text;
    })
    .join('\n');
}

// Security Hub's AwsSecurityFinding reaches, through Resources[].Details, a description of every
// resource type Security Hub knows: 98 KB of the 116 KB of schemas export-findings kept. The tracker's
// findings name their resource (an IAM user, the account) by type and id, never with Details, and it
// reads back only its own findings; so the bundles make ResourceDetails a structure of no members:
// a Details goes out and comes back empty. An SDK that renames or reshapes it fails the build.
const EMPTIED_STRUCTURES: readonly { readonly file: RegExp; readonly structure: string }[] = [
  {
    file: /[\\/]client-securityhub[\\/]dist-es[\\/]schemas[\\/]schemas_0\.js$/,
    structure: 'ResourceDetails$',
  },
];

/** The schema file with the named structure declared with no members (a structure is `[3, ns, name, ...`). */
export function emptyStructure(source: string, structure: string): string {
  const escaped = structure.replace(/[$]/g, '\\$');
  const declaration = new RegExp(
    `^(export var ${escaped} = \\[3, [\\w$]+, [\\w$]+,)\\n[\\s\\S]*?\\n\\];$`,
    'm',
  );
  let found = false;
  const emptied = source.replace(declaration, (_whole, head: string) => {
    found = true;
    return `${head} 0, [], []];`;
  });
  if (!found) {
    throw new Error(
      `the SDK schema ${structure} is not declared as the build expects; see EMPTIED_STRUCTURES`,
    );
  }
  return emptied;
}

export const pureSdkSchemas: Plugin = {
  name: 'pure-sdk-schemas',
  setup(build) {
    build.onLoad({ filter: SDK_SCHEMAS }, async (args) => {
      let source = await readFile(args.path, 'utf8');
      for (const { file, structure } of EMPTIED_STRUCTURES) {
        if (file.test(args.path)) source = emptyStructure(source, structure);
      }
      return { contents: pureSchemaDeclarations(source), loader: 'js' };
    });
  },
};

/**
 * Bundles one handler into a single minified ES module for the Lambda runtime. Everything is bundled,
 * the AWS SDK v3 clients included, although nodejs22.x ships one: the runtime's copy changes version
 * under the function without notice, and bundling runs the exact versions package-lock.json pins and
 * the tests ran (it also loads faster, as only the commands used survive tree-shaking). Node's
 * built-ins stay external, as platform node implies.
 */
export interface Bundle {
  readonly code: Uint8Array;
  /** Every source file esbuild put in the bundle, relative to the working directory. */
  readonly inputs: readonly string[];
}

export async function bundleHandler(functionName: string, handlerFile: string): Promise<Bundle> {
  try {
    const result = await build({
      entryPoints: [handlerFile],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: LAMBDA_NODE_TARGET,
      // ESM builds of dependencies first: they tree-shake; the CommonJS ones do not.
      mainFields: ['module', 'main'],
      outfile: BUNDLE_FILE,
      write: false,
      minify: true,
      treeShaking: true,
      sourcemap: false,
      legalComments: 'none',
      banner: { js: REQUIRE_BANNER },
      logLevel: 'silent',
      metafile: true,
      plugins: [zodEnglishOnly, lambdaEnvironmentCredentials, pureSdkSchemas],
    });
    const [output] = result.outputFiles;
    if (output === undefined || result.outputFiles.length !== 1) {
      throw new BuildError(functionName, `esbuild produced ${result.outputFiles.length} files, expected one`);
    }
    return { code: output.contents, inputs: Object.keys(result.metafile.inputs) };
  } catch (error) {
    if (error instanceof BuildError) throw error;
    if (isBuildFailure(error)) {
      const text = await formatMessages(error.errors, { kind: 'error', color: false });
      throw new BuildError(functionName, `esbuild failed on ${handlerFile}:\n${text.join('').trimEnd()}`);
    }
    throw new BuildError(functionName, `esbuild failed on ${handlerFile}: ${(error as Error).message}`);
  }
}

function isBuildFailure(error: unknown): error is BuildFailure {
  return error instanceof Error && Array.isArray((error as Partial<BuildFailure>).errors);
}
