import type { PackageProblem, PackageSigner } from '../export/types';

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
  /** Who signed the package (a good signature only). */
  signer?: PackageSigner;
  /** This import recorded the signer as its 镇街's key (the first signed package of that 镇街). */
  keyRecorded?: boolean;
}

/** A 镇街's package key as the district records it. */
export interface TownKeyView {
  town: string;
  townCode: string | null;
  publicKey: string;
  fingerprint: string;
  recordedAt: string;
  recordedBy: string;
  /** 首次导入: recorded from the first signed package; 区级确认: a new key accepted by the district. */
  how: '首次导入' | '区级确认';
  /** When a later key replaced it; null while current. */
  retiredAt: string | null;
}

/** This archive's own package key and the 镇街 keys it has recorded (current and retired). */
export interface PackageKeys {
  own: { publicKey: string; fingerprint: string; createdAt: string } | null;
  towns: TownKeyView[];
}

export interface DistrictImportReport {
  path: string;
  packages: ImportedPackage[];
  imported: number;
  updated: number;
  unchanged: number;
  refused: number;
}
