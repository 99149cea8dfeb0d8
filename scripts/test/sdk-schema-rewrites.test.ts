// The two source rewrites of SDK schema files the bundles make (scripts/build/bundle.ts), on their own;
// bundle-sdk.moto.test.ts runs their result against moto.
import { expect } from 'chai';
import { emptyStructure, pureSchemaDeclarations } from '../build/bundle.js';

// A schemas file in the SDK's layout: the structure to empty between two that stay as they are.
const BEFORE = [
  'const _RDe = "ResourceDetails";',
  'export var Resource$ = [3, n0, _R,',
  '    0,',
  '    [_Ty, _De],',
  '    [0, () => ResourceDetails$], 1',
  '];',
];
const RESOURCE_DETAILS = [
  'export var ResourceDetails$ = [3, n0, _RDe,',
  '    0,',
  '    [_AIU, _AIAK],',
  '    [() => AwsIamUserDetails$, () => AwsIamAccessKeyDetails$]',
  '];',
];
const AFTER = ['export var Tail$ = [3, n0, _T, 0, [], []];'];
const SCHEMAS = [...BEFORE, ...RESOURCE_DETAILS, ...AFTER].join('\n');

describe('the SDK schema rewrites of the bundles', function () {
  it('empties the named structure and leaves the others as they were', function () {
    // Act
    const rewritten = emptyStructure(SCHEMAS, 'ResourceDetails$');

    // Assess
    expect(rewritten.split('\n')).to.deep.equal([
      ...BEFORE,
      'export var ResourceDetails$ = [3, n0, _RDe, 0, [], []];',
      ...AFTER,
    ]);
  });

  it('fails, naming the structure, when the SDK no longer declares it as expected', function () {
    // Act
    const attempt = () =>
      emptyStructure(SCHEMAS.replace('ResourceDetails$ = [3,', 'ResourceDetails$ = [4,'), 'ResourceDetails$');

    // Assess
    expect(attempt).to.throw(/ResourceDetails\$ is not declared as the build expects/);
  });

  it('makes every top-level schema literal a pure IIFE, multi-line ones included', function () {
    // Act
    const rewritten = pureSchemaDeclarations(SCHEMAS);

    // Assess
    expect(rewritten).to.include('export var Resource$ = /* @__PURE__ */ (() => [3, n0, _R,');
    expect(rewritten).to.include('    [0, () => ResourceDetails$], 1\n])();');
    expect(rewritten).to.include('export var Tail$ = /* @__PURE__ */ (() => [3, n0, _T, 0, [], []])();');
    expect(rewritten).to.include('const _RDe = "ResourceDetails";');
  });
});
