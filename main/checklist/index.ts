/** Checklist packs on disk: built-in packs and district pack files (I/O edge of main/domain/checklist). */
export { loadBuiltinPacks, loadPackFile } from './packs';
