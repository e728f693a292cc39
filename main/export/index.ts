/**
 * Export (issue 8): one BagIt package per household for the district
 * (按户打包), the batch 台账, and offline verification of packages.
 */
export type * from './types';
export { exportPackages } from './exportPackages';
export { verifyPath, verifyPackageDir, packageDirs, type VerifiedPackage } from './verify';
export { metadataSchema, parseMetadata, PACKAGE_FORMAT, PACKAGE_FORMAT_VERSION, METADATA_PATH, type PackageMetadata } from './metadataSchema';
export { LEDGER_NAME } from './ledger';
