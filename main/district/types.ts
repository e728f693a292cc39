import type { AssistanceType } from '../domain/assistance';
import type { PackageProblem, PackageSigner } from '../export/types';

/** Shapes of district consolidation (区级汇总): what happened to each package. */

/** imported: a household new to the district; updated: known and changed; unchanged: nothing to do; refused: see reason. */
export type ImportOutcome = 'imported' | 'updated' | 'unchanged' | 'refused';

/**
 * Why a package was refused: verification (a checksum, a file, the metadata or
 * the signature itself is wrong), signature (good, but not the 镇街's recorded
 * key), masked (a 公示 copy with masked numbers), conflict (it contradicts the
 * district archive: another 镇街, another pack of the same key, a page or 档号
 * of another household), failure (the import itself failed).
 */
export type RefusalKind = 'verification' | 'signature' | 'masked' | 'conflict' | 'failure';

export interface ImportedPackage {
  package: string;
  path: string;
  outcome: ImportOutcome;
  /** Why a package was refused (Chinese). */
  reason?: string;
  /** What kind of refusal `reason` is (refused packages only). */
  refusedFor?: RefusalKind;
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
  /** The first (with the CLI's `import PATH`, the only) folder or package named, resolved. */
  path: string;
  /** Every folder or package named, resolved, in the order given. */
  paths: string[];
  packages: ImportedPackage[];
  imported: number;
  updated: number;
  unchanged: number;
  refused: number;
}

/** A 镇街's or a village's row in the district 台账: households on the rolls and exited, and how complete the files on the rolls are. */
export interface LedgerCounts {
  households: number;
  /** 在册 */
  active: number;
  /** 整户退出 */
  exited: number;
  /** Households on the rolls whose every open case is 齐全. */
  complete: number;
  /** … with an item missing in some case (缺件). */
  missing: number;
  /** … with nothing missing but something to confirm (待确认). */
  unconfirmed: number;
  /** When a package last brought a change into the district archive (ISO time); null when none came by import. */
  lastImport: string | null;
}

export interface LedgerVillage extends LedgerCounts {
  village: string;
}

export interface LedgerTown extends LedgerCounts {
  town: string;
  villages: LedgerVillage[];
}

/** The district 台账 across 镇街: per 镇街 and village, and the whole. */
export interface DistrictLedger {
  towns: LedgerTown[];
  total: LedgerCounts;
}

/** One household of a village in the 台账, to open read-only. */
export interface LedgerHousehold {
  id: number;
  name: string;
  /** 户主身份证号, masked 6+4 (a list needs no full number). */
  household: string;
  assistance: AssistanceType[];
  status: '在册' | '整户退出';
  /** The worst of its open cases; null when it has none (exited, or no case). */
  check: '齐全' | '缺件' | '待确认' | null;
  lastImport: string | null;
}
