// The zod every schema of the product is written with: `import * as z from '@credential-tracker/core/zod'`
// (or this file, inside packages/core), never 'zod' or 'zod/mini' directly.
//
// It is zod/mini: the same core, issue codes and messages as `zod`, but functions instead of methods,
// so esbuild keeps only what a handler uses; classic zod's methods put about 190 KB and 25 ms of import
// in every Lambda bundle. Unlike `zod`, zod/mini loads no locale, and without this call every message
// would read "Invalid input": importing z from here is what guarantees English to every entry point.
//
// `export *` rather than a re-exported namespace (`export { z }`), which esbuild cannot tree-shake.
// As importers then only reach zod's own exports through this file, esbuild would drop it, and the
// call with it, under `"sideEffects": false`: packages/core's package.json names it as a side effect.
import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

config(en());

export * from 'zod/mini';
