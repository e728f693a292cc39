import fs from 'node:fs';
import path from 'node:path';
import type { AssistanceCase, Page } from '../db/schema';
import { caseItems, findItem, type Pack } from '../domain/checklist';
import type { FolderStore } from '../store/folderStore';
import type { DocumentRow, HouseholdSource } from './collect';
import { disambiguate, imageExtension, safeFileName } from './naming';

/**
 * Where everything goes inside a package, decided once from the data so
 * the same file always gets the same name:
 *   data/volumes/01_低保.pdf        the bound volume of the first case
 *   data/pages/01_低保/0001.jpg     its pages, named by their 页号
 *   data/pages/未装订/0001.jpg       pages bound in no volume (blank backs, unfiled)
 *   data/originals/<原文件名>        the scanned files as received
 */

export const UNBOUND = '未装订';

export interface VolumePlan {
  case: AssistanceCase;
  label: string;
  file: string;
  /** Documents bound in it, in checklist order, each with its non-blank pages. */
  documents: { document: DocumentRow; pages: Page[]; firstPage: number | null; lastPage: number | null }[];
  pages: number;
}

export interface PackageLayout {
  volumes: VolumePlan[];
  /** Document id → volume label, or absent when bound nowhere. */
  documentVolume: Map<number, VolumePlan>;
  pageFiles: Map<number, { file: string; volume: string | null; volumePage: number | null }>;
  /** Original sha256 → payload path (null when omitted). */
  originalFiles: Map<string, string | null>;
  originalNames: Map<string, string>;
}

/** Which case a document is bound in: its own case, else the (open) case whose list has its item. */
function caseOf(doc: DocumentRow, cases: AssistanceCase[], pack: Pack): AssistanceCase | null {
  const own = cases.find((c) => c.id === doc.caseId);
  if (own) return own;
  if (doc.caseId !== null || !doc.checklistItemCode) return null;
  const type = findItem(pack, doc.checklistItemCode)?.assistanceType;
  const matching = cases.filter((c) => c.assistanceType === type);
  return matching.find((c) => c.closedOn === null) ?? matching[0] ?? null;
}

function checklistOrder(pack: Pack, c: AssistanceCase): (doc: DocumentRow) => number {
  const order = new Map(caseItems(pack, c.assistanceType).map((item, i) => [item.code, i]));
  return (doc) => order.get(doc.checklistItemCode ?? '') ?? 1e6;
}

const byPosition = (a: Page, b: Page) => (a.positionInDocument ?? 1e9) - (b.positionInDocument ?? 1e9) || a.id - b.id;

function planVolumes(source: HouseholdSource): VolumePlan[] {
  return source.cases.map((c, i) => {
    const label = `${String(i + 1).padStart(2, '0')}_${c.assistanceType}`;
    const order = checklistOrder(source.pack, c);
    const docs = source.documents.filter((d) => caseOf(d, source.cases, source.pack)?.id === c.id).sort((a, b) => order(a) - order(b) || a.id - b.id);
    let next = 1;
    const documents = docs.map((document) => {
      const pages = source.pages.filter((p) => p.documentId === document.id && p.blank === 0).sort(byPosition);
      const firstPage = pages.length > 0 ? next : null;
      next += pages.length;
      return { document, pages, firstPage, lastPage: firstPage === null ? null : next - 1 };
    });
    return { case: c, label, file: `data/volumes/${label}.pdf`, documents, pages: next - 1 };
  });
}

/** First bytes of a stored blob: enough to tell JPEG from PNG without reading the image. */
function headerOf(store: FolderStore, sha256: string): Buffer {
  const fd = fs.openSync(store.pathOf(sha256), 'r');
  try {
    const header = Buffer.alloc(8);
    fs.readSync(fd, header, 0, 8, 0);
    return header;
  } finally {
    fs.closeSync(fd);
  }
}

export function planLayout(source: HouseholdSource, store: FolderStore, originalName: (o: HouseholdSource['originals'][number]) => string): PackageLayout {
  const volumes = planVolumes(source);
  const documentVolume = new Map<number, VolumePlan>();
  const pageFiles: PackageLayout['pageFiles'] = new Map();
  for (const volume of volumes) {
    for (const { document, pages, firstPage } of volume.documents) {
      documentVolume.set(document.id, volume);
      pages.forEach((page, k) => {
        const n = (firstPage ?? 0) + k;
        pageFiles.set(page.id, { file: `data/pages/${volume.label}/${String(n).padStart(4, '0')}${imageExtension(headerOf(store, page.imageSha256))}`, volume: volume.label, volumePage: n });
      });
    }
  }
  const unbound = source.pages.filter((p) => !pageFiles.has(p.id)).sort((a, b) => (a.documentId ?? 0) - (b.documentId ?? 0) || byPosition(a, b));
  unbound.forEach((page, k) => {
    pageFiles.set(page.id, { file: `data/pages/${UNBOUND}/${String(k + 1).padStart(4, '0')}${imageExtension(headerOf(store, page.imageSha256))}`, volume: null, volumePage: null });
  });
  const included = source.originals.filter((o) => o.omitted === null).map((o) => ({ sha: o.sha256, name: safeFileName(originalName(o), `${o.sha256.slice(0, 12)}.bin`) }));
  included.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.sha < b.sha ? -1 : 1));
  const names = disambiguate(included.map((o) => o.name));
  const originalFiles = new Map<string, string | null>(source.originals.map((o) => [o.sha256, null]));
  const originalNames = new Map<string, string>();
  included.forEach((o, i) => {
    originalFiles.set(o.sha, `data/originals/${names[i]}`);
    originalNames.set(o.sha, names[i] ?? o.name);
  });
  return { volumes, documentVolume, pageFiles, originalFiles, originalNames };
}

export function defaultOriginalName(o: HouseholdSource['originals'][number], pages: Page[]): string {
  if (o.row) return o.row.name;
  const page = pages.find((p) => p.sourceSha256 === o.sha256);
  return page ? path.basename(page.sourcePath.split('!/').at(-1) ?? page.sourcePath) : o.sha256;
}
