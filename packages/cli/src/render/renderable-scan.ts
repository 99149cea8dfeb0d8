import type { Finding, ScanFinding, ScannedReport } from '@credential-tracker/findings/local';

/** What a renderer needs of a catalog entry; a ScanResult's catalog provides it. */
export type CatalogEntry = Pick<Finding, 'id' | 'title' | 'severity'>;

/** A ScanResult as renderers read it: every renderer is a pure function of this. */
export interface RenderableScan {
  readonly as_of: Date;
  readonly reports: readonly ScannedReport[];
  readonly findings: readonly ScanFinding[];
  readonly catalog: readonly CatalogEntry[];
}
