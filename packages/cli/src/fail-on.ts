import { severityRank, type ScanFinding, type Severity } from '@credential-tracker/findings/local';

/** True when a finding is of the threshold severity or more severe (critical > high > medium > low). */
export function failOnMet(findings: readonly ScanFinding[], threshold: Severity): boolean {
  return findings.some((finding) => severityRank(finding.severity) <= severityRank(threshold));
}
