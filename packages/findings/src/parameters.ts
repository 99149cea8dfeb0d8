import type { Config } from '@credential-tracker/core';
import type { Finding } from './catalog.js';

export interface RunParameters {
  /** The instant the findings are computed at; never the wall clock inside SQL. */
  readonly asOf: Date;
  /** The `date` partition of the credential reports to read, YYYY-MM-DD. */
  readonly reportDate: string;
  readonly config: Config;
}

export type ParameterValue =
  { readonly type: 'text'; readonly value: string } | { readonly type: 'integer'; readonly value: number };

/** The values of a finding's parameters in the order its query binds them. */
export function parameterValues(finding: Finding, run: RunParameters): ParameterValue[] {
  return finding.parameters.map((parameter): ParameterValue => {
    switch (parameter.type) {
      case 'timestamp':
        return { type: 'text', value: run.asOf.toISOString() };
      case 'date':
        return { type: 'text', value: run.reportDate };
      case 'integer':
        return { type: 'integer', value: run.config[parameter.name] };
    }
  });
}

/**
 * Athena's ExecutionParameters are SQL literals, substituted positionally: text is single-quoted,
 * integers are bare.
 */
export function athenaExecutionParameters(finding: Finding, run: RunParameters): string[] {
  return parameterValues(finding, run).map((parameter) =>
    parameter.type === 'integer' ? String(parameter.value) : `'${parameter.value.replaceAll("'", "''")}'`,
  );
}

/** The UTC calendar date of an instant, as the `date` partition spells it. */
export function utcDate(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}
