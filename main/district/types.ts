import type { PackageProblem } from '../export/types';

/** Shapes of district consolidation (区级汇总): what happened to each package. */

/** imported: a household new to the district; updated: known and changed; unchanged: nothing to do; refused: see reason. */
export type ImportOutcome = 'imported' | 'updated' | 'unchanged' | 'refused';

export interface ImportedPackage {
  package: string;
  path: string;
  outcome: ImportOutcome;
  /** Why a package was refused (Chinese). */
  reason?: string;
  /** Fixity problems when verification refused it. */
  problems: PackageProblem[];
  town?: string;
  village?: string;
  name?: string;
  /** 户主身份证号, masked 6+4 (the report is shown and may be printed). */
  household?: string;
  /** Rows created and updated in the district archive. */
  created: number;
  updated: number;
}

export interface DistrictImportReport {
  path: string;
  packages: ImportedPackage[];
  imported: number;
  updated: number;
  unchanged: number;
  refused: number;
}
