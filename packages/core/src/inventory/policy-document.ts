// Reading IAM policy documents: what the inventory keeps of them (compact JSON text), whether they
// grant everything, and who a role's trust policy lets in. IAM's own evaluation is not reproduced:
// these are the plain facts an access review starts from.

import { compareText } from '../text-order.js';

/** A policy document IAM returned that is not a JSON object: names the policy it belongs to. */
export class PolicyDocumentError extends Error {
  constructor(policy: string, problem: string) {
    super(`${policy}: ${problem}`);
    this.name = 'PolicyDocumentError';
  }
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type PolicyDocument = { readonly [key: string]: Json };
type Statement = { readonly [key: string]: Json };

/**
 * The document as JSON. IAM returns documents URL-encoded (RFC 3986): `%7B%22Version%22...`. A text
 * that already starts with `{` is taken as it is (moto answers trust policies decoded; a decoded
 * document may hold a `%` that decodeURIComponent would refuse).
 */
export function decodePolicyDocument(text: string, policy: string): PolicyDocument {
  let decoded = text;
  if (!text.trimStart().startsWith('{')) {
    try {
      decoded = decodeURIComponent(text);
    } catch (error) {
      throw new PolicyDocumentError(
        policy,
        `the document is not URL-encoded JSON (${(error as Error).message})`,
      );
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(decoded);
  } catch (error) {
    throw new PolicyDocumentError(policy, `the document is not JSON (${(error as Error).message})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new PolicyDocumentError(policy, 'the document is not a JSON object');
  }
  return parsed as PolicyDocument;
}

/** Compact JSON, keys in the document's own order: the same document always gives the same text. */
export const compactDocument = (document: PolicyDocument): string => JSON.stringify(document);

/** `Statement` is one object or a list of them. */
function statementsOf(document: PolicyDocument): Statement[] {
  const statement = document.Statement;
  const list = Array.isArray(statement) ? statement : [statement];
  return list.filter(
    (item): item is Statement => typeof item === 'object' && item !== null && !Array.isArray(item),
  );
}

/** A value that is `*` or a list holding `*`. */
const includesStar = (value: Json | undefined): boolean =>
  value === '*' || (Array.isArray(value) && value.includes('*'));

/**
 * The document holds a statement that allows Action `*` on Resource `*`. NotAction / NotResource
 * statements do not count (they name what is excluded, not everything). A Condition does not make it
 * less than administrator access: it limits when, not what. A Deny elsewhere in the same document is
 * not weighed either: the grant is what a reviewer must see, and the document is kept for the rest.
 */
export function grantsEverything(document: PolicyDocument): boolean {
  return statementsOf(document).some(
    (statement) =>
      statement.Effect === 'Allow' && includesStar(statement.Action) && includesStar(statement.Resource),
  );
}

/**
 * Who a trust policy lets assume the role, one `<type>:<principal>` each, sorted and without repeats:
 * the principals of its Allow statements (`"Principal": "*"` is `AWS:*`). Deny statements only take
 * away, and NotPrincipal in an Allow is not a list of who may: neither adds a principal.
 */
export function trustPrincipals(document: PolicyDocument): string[] {
  const principals = new Set<string>();
  for (const statement of statementsOf(document)) {
    if (statement.Effect !== 'Allow') continue;
    const principal = statement.Principal;
    if (principal === '*') principals.add('AWS:*');
    if (typeof principal !== 'object' || principal === null || Array.isArray(principal)) continue;
    for (const [type, values] of Object.entries(principal)) {
      for (const value of Array.isArray(values) ? values : [values]) {
        if (typeof value === 'string') principals.add(`${type}:${value}`);
      }
    }
  }
  return sortedUnique(principals);
}

/** Sorted by code point, so the order never depends on the locale a Lambda or a laptop runs in. */
export function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort(compareText);
}
