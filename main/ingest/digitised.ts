import path from 'node:path';
import type { Kysely } from 'kysely';
import sharp from 'sharp';
import type { DigitisedInput, DigitisedReport } from '../api/contract';
import { itemAndCaseIn, householdPack } from '../checklist/householdPack';
import { mutate, type AuditContext } from '../db/audit';
import type { Database } from '../db/schema';
import { identifyFile, isComplete } from '../formats';
import { UserError } from '../support/errors';
import { storedOriginal } from './intake';
import { sha256Of, type BlobStore } from '../store/blobStore';

/**
 * 数字化成果登记: registers pages that were already digitised to the archive
 * standard elsewhere (a scanning contractor's or the district's digitisation:
 * upright page images with their recognised text), filed under a household's
 * checklist items in one go. Unlike scanner ingestion nothing is normalised or
 * read again, which is what makes whole-district back-catalogues loadable.
 * Everything is checked before anything is written, and the documents, pages
 * and their audit entries land in one transaction: all or nothing.
 */

export interface DigitisedDeps {
  db: Kysely<Database>;
  store: BlobStore;
  audit: AuditContext;
}

interface CheckedPage {
  bytes: Buffer;
  sha256: string;
  kind: string;
  width: number;
  height: number;
  text: string | null;
}

async function checkPage(bytes: Buffer, where: string): Promise<CheckedPage> {
  const identified = identifyFile(bytes, 'page');
  if ('rejected' in identified || (identified.kind !== 'jpeg' && identified.kind !== 'png')) {
    throw new UserError(`${where}：页面图像须为 JPEG 或 PNG`);
  }
  if (!isComplete(bytes, identified.kind)) throw new UserError(`${where}：页面图像不完整`);
  const meta = await sharp(bytes).metadata().catch(() => null);
  if (!meta?.width || !meta.height) throw new UserError(`${where}：无法读取页面图像`);
  return { bytes, sha256: sha256Of(bytes), kind: identified.kind, width: meta.width, height: meta.height, text: null };
}

async function checkInput(deps: DigitisedDeps, input: DigitisedInput) {
  const { pack } = await householdPack(deps.db, deps.audit, input.householdId);
  const documents = [];
  const seen = new Set<string>();
  for (const [d, doc] of input.documents.entries()) {
    const { item, caseId } = await itemAndCaseIn(deps.db, pack, input.householdId, doc.itemCode);
    const pages: CheckedPage[] = [];
    for (const [p, page] of doc.pages.entries()) {
      const where = `第 ${d + 1} 件第 ${p + 1} 页`;
      const checked = await checkPage(Buffer.from(page.imageBase64, 'base64'), where);
      const known = await storedOriginal(deps.db, checked.sha256);
      if (known || seen.has(checked.sha256)) throw new UserError(`${where}：与档案中已有的页面内容相同，未登记`);
      seen.add(checked.sha256);
      pages.push({ ...checked, text: page.text?.trim() || null });
    }
    documents.push({ doc, item, caseId, pages });
  }
  return documents;
}

export async function registerDigitisedPages(deps: DigitisedDeps, input: DigitisedInput): Promise<DigitisedReport> {
  const documents = await checkInput(deps, input);
  // Blobs first (write-once, content-addressed): a crash before the commit leaves only unreferenced blobs.
  // All of them at once on the thread pool, fsynced together, rather than one fsync after another.
  await deps.store.putAll(documents.flatMap(({ pages }) => pages.map((page) => page.bytes)));
  return mutate(deps.db, deps.audit, async (tx) => {
    const now = deps.audit.now().toISOString();
    const ids: number[] = [];
    let pageCount = 0;
    for (const [d, { doc, item, caseId, pages }] of documents.entries()) {
      const pageIds: number[] = [];
      const document = await tx.trx
        .insertInto('document')
        .values({ householdId: input.householdId, caseId, checklistItemCode: doc.itemCode, title: doc.title ?? item.name, docNumber: null, responsible: null, docDate: doc.docDate ?? null, confirmed: 1, createdAt: now, updatedAt: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (const [p, page] of pages.entries()) {
        const sourcePath = path.posix.join('数字化成果', String(input.householdId), `${d + 1}`, `${p + 1}.${page.kind === 'png' ? 'png' : 'jpg'}`);
        const file = await tx.trx
          .insertInto('sourceFile')
          .values({ sha256: page.sha256, sourcePath, name: path.posix.basename(sourcePath), size: page.bytes.length, kind: page.kind, parentId: null, status: 'done', reason: null, duplicateOf: null, pageCount: 1, finishedAt: now })
          .returning('id')
          .executeTakeFirstOrThrow();
        const inserted = await tx.trx
          .insertInto('page')
          .values({
            householdId: input.householdId,
            documentId: document.id,
            positionInDocument: p + 1,
            imageSha256: page.sha256,
            sourceSha256: page.sha256,
            sourcePath,
            pageIndex: 1,
            sourceFileId: file.id,
            width: page.width,
            height: page.height,
            ocrText: page.text,
            ocrState: 'done',
            classification: doc.itemCode,
            confidence: 1,
            assignedBy: 'clerk',
            review: 'accepted',
            note: '数字化成果登记',
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        pageIds.push(inserted.id);
      }
      pageCount += pages.length;
      ids.push(document.id);
      await tx.record({ action: 'document.register', entity: 'document', entityId: document.id, after: { householdId: input.householdId, caseId, itemCode: doc.itemCode, pages: pages.map((p) => p.sha256), pageIds } });
    }
    return { documentIds: ids, pages: pageCount };
  });
}
