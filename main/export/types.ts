import type { Kysely } from 'kysely';
import type { ProgressEvent } from '../api/contract';
import type { AuditContext } from '../db/audit';
import type { Database } from '../db/schema';
import type { BlobStore } from '../store/blobStore';

/**
 * Shapes of export and verification: options in, JSON-serialisable reports
 * out. The service API, CLI and UI carry these as they are.
 */

/** What every capability of main/export, main/inspect and main/district works on. */
export interface ArchiveDeps {
  db: Kysely<Database>;
  store: BlobStore;
  audit: AuditContext;
}

/** 'full' for district staff; 'masked' (6+4) for a copy used in 公示. */
export type IdMasking = 'full' | 'masked';

export interface ExportScope {
  village?: string;
  town?: string;
  householdId?: number;
}

export interface ExportOptions {
  /** Folder that receives one package folder per household and the batch 台账. Created when missing. */
  outDir: string;
  scope?: ExportScope;
  /** Only households with a change on or after this day ('YYYY-MM-DD'). */
  since?: string;
  signal?: AbortSignal;
  onProgress?: (event: ProgressEvent) => void;
  idMasking: IdMasking;
  /**
   * Worker threads writing the packages (copies, hashes, bound volumes); 0
   * writes them on the main thread. Default: the process's shared workers,
   * one per core up to four (none when only one household is in scope).
   */
  threads?: number;
}

/** JSON-safe arguments of an export (what the API and CLI pass; no signal, callback or tuning). */
export type ExportArgs = Omit<ExportOptions, 'signal' | 'onProgress' | 'threads'>;

/** written: a new or changed package; unchanged: the one there already held the same content (resume); failed: see reason. */
export type PackageOutcome = 'written' | 'unchanged' | 'failed';

export interface ExportedPackage {
  /** Folder name inside outDir. */
  package: string;
  /** 户主身份证号 as the export's masking shows it. */
  household: string;
  name: string;
  town: string;
  village: string;
  outcome: PackageOutcome;
  /** Payload files and bytes of the package (0 when failed). */
  files: number;
  bytes: number;
  reason?: string;
}

export interface ExportReport {
  outDir: string;
  idMasking: IdMasking;
  scope: ExportScope;
  since: string | null;
  /** Households in scope (after `since`). */
  households: number;
  written: number;
  unchanged: number;
  failed: number;
  /** Stopped by the signal; finished packages stay, run it again to continue. */
  cancelled: boolean;
  /** Payload bytes written by this run. */
  bytesWritten: number;
  /** Path of the batch 台账 workbook; null when cancelled or nothing was in scope. */
  ledger: string | null;
  packages: ExportedPackage[];
}

export type ProblemKind = '文件缺失' | '校验值不符' | '多余文件' | '元数据无效' | '路径越界' | '签名无效';

export interface PackageProblem {
  kind: ProblemKind;
  /** Path inside the package ('/'-separated), or the manifest line that named it. */
  file: string;
  detail: string;
}

/**
 * How the archive that verified a package regards its signer: own (its own
 * key), recorded (the key recorded for the package's 镇街), unrecorded (no key
 * recorded for that 镇街 yet: a district records it at the first import),
 * mismatch (not the recorded key: the package is refused).
 */
export type SignerTrust = 'own' | 'recorded' | 'unrecorded' | 'mismatch';

export interface PackageSigner {
  /** SM2 public key, uncompressed hex (04…). */
  publicKey: string;
  /** SM3 of the key, first 80 bits (XXXX-XXXX-XXXX-XXXX-XXXX): what people compare by phone or on paper. */
  fingerprint: string;
  /** 镇(街道) and its code as the package's signed metadata.json names them. */
  town: string | null;
  townCode: string | null;
  trust: SignerTrust;
}

export interface PackageCheck {
  /** Folder name of the package. */
  package: string;
  path: string;
  ok: boolean;
  /** Payload files checked and their bytes. */
  files: number;
  bytes: number;
  problems: PackageProblem[];
  /** Who signed the package (a good signature only); null when unsigned or the signature is bad. */
  signer: PackageSigner | null;
}

/** A 镇街's package key as an archive has recorded it (district: at the first import, or accepted later). */
export interface RecordedTownKey {
  town: string;
  townCode: string | null;
  publicKey: string;
  fingerprint: string;
}

/** What a verifying archive knows of signers: its own key, and the key recorded for a 镇街. */
export interface KeyTrust {
  own: string | null;
  /** The key a package of this 镇街 must carry (signerKey: the key it does carry, to pick the one it fails when several apply). */
  townKey(town: string, townCode: string | null, signerKey: string | null): Promise<RecordedTownKey | null>;
}

export interface VerifyReport {
  path: string;
  ok: boolean;
  packages: PackageCheck[];
  /** Problems over all packages. */
  problems: number;
}
