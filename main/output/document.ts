import { PDFDocument } from 'pdf-lib';
import { fixedInstant } from './dates';
import { deflateContentNatively, deflateNatively } from './deflate';
import { embedChineseFonts } from './fonts';
import type { EmbeddedFonts } from './fonts';
import { A4_PT, Pen } from './pen';
import type { BuildOptions } from './types';

/**
 * A new PDF for one of the builders: fonts embedded, no automatic metadata.
 * pdf-lib would otherwise stamp Producer and the current time into every
 * file, and exports hash these files: the same input must give the same bytes.
 */

export const CREATOR = '户档';

export interface DocInfo {
  title: string;
  subject?: string;
  keywords?: string[];
  author?: string;
  /** CreationDate and ModDate; left out when not given. */
  timestamp?: string;
}

export interface Sheet {
  doc: PDFDocument;
  fonts: EmbeddedFonts;
  /** Adds an A4 portrait page and a pen for it. */
  addPage(): Pen;
}

export async function newSheet(options: BuildOptions = {}): Promise<Sheet> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  deflateNatively(doc.context);
  const fonts = await embedChineseFonts(doc, options.fontDir);
  return { doc, fonts, addPage: () => new Pen(doc.addPage(A4_PT), fonts) };
}

export function setDocInfo(doc: PDFDocument, info: DocInfo): void {
  doc.setTitle(info.title, { showInWindowTitleBar: true });
  if (info.subject) doc.setSubject(info.subject);
  if (info.keywords) doc.setKeywords(info.keywords);
  if (info.author) doc.setAuthor(info.author);
  doc.setCreator(CREATOR);
  doc.setProducer(CREATOR);
  doc.setLanguage('zh-CN');
  if (info.timestamp) {
    const at = fixedInstant(info.timestamp);
    doc.setCreationDate(at);
    doc.setModificationDate(at);
  }
}

/**
 * Saves without object streams: plain xref tables open in every viewer,
 * including old ones at archive offices. pdf-lib would pause for a timer
 * tick (at least 1 ms) after every 50 objects; a volume is serialised in a
 * few milliseconds, so it is written in one go.
 */
export async function save(doc: PDFDocument): Promise<Uint8Array> {
  // Fonts become objects only when flushed; save() flushes again, which then finds nothing left to do.
  await doc.flush();
  deflateContentNatively(doc.context);
  return doc.save({ useObjectStreams: false, objectsPerTick: Infinity });
}
