import { z } from 'zod';
import { ASSISTANCE_TYPES } from '../domain/assistance';
import { parsePack } from '../domain/checklist';
import { formatZodIssues } from '../domain/checklist/zodMessages';
import { unsafePathReason } from './bagit';

/**
 * data/metadata.json of a household package: everything the district needs
 * to rebuild the household (import) or judge it again (inspector) without
 * the town's database. Validated on every read; a package whose metadata
 * does not parse is 元数据无效.
 */

export const PACKAGE_FORMAT = 'hudang-package';
export const PACKAGE_FORMAT_VERSION = 1;
export const METADATA_PATH = 'data/metadata.json';

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const int = z.number().int();
const text = z.string().nullable();
/** A path inside the bag's payload that cannot point elsewhere. */
const payloadPath = z.string().refine((p) => p.startsWith('data/') && unsafePathReason(p) === null, { message: '文件路径无效' });
const facts = z.record(z.string(), z.boolean().nullable());
const assistanceType = z.enum(ASSISTANCE_TYPES);

export const checkRowSchema = z.object({
  household: z.string(),
  name: z.string(),
  village: z.string(),
  assistance: assistanceType,
  status: z.enum(['齐全', '缺件', '待确认']),
  missing: z.array(z.string()),
  unconfirmed: z.array(z.string()),
  timeline: z.array(z.object({ check: z.string(), ok: z.boolean().nullable(), detail: z.string() })),
  nextReview: text,
  /** Rows of an exited file (issue 17). */
  exited: z.literal(true).optional(),
  retentionUntil: text.optional(),
  /** The 附件7 points (added in issue 17; packages made before have none). */
  archiveChecks: z.array(z.object({ code: z.string(), name: z.string(), state: z.enum(['ok', 'problem', 'unchecked']), detail: z.string() })).default([]),
});

const sourceSchema = z.object({
  district: text,
  town: z.string(),
  townCode: text,
  village: z.string(),
  villageCode: text,
  fondsName: text,
  fondsCode: text,
});

const householdSchema = z.object({
  sourceId: int,
  idNumber: z.string().min(1),
  headName: z.string().min(1),
  address: text,
  phone: text,
  insuredCount: int.nullable(),
  familySize: int.nullable(),
  status: z.enum(['在册', '整户退出']),
  exitDate: text,
  exitReason: text,
  facts,
  extra: z.record(z.string(), z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const memberSchema = z.object({ name: z.string(), idNumber: text, relation: text });

const caseSchema = z.object({
  sourceId: int,
  /** Volume label, e.g. 01_低保: the folder of its page images and the name of its PDF. */
  volume: z.string().min(1),
  assistanceType,
  careMode: z.enum(['集中供养', '分散供养']).nullable(),
  appliedOn: text,
  acceptedOn: text,
  investigatedOn: text,
  publicityStart: text,
  publicityEnd: text,
  confirmedOn: text,
  lastReviewOn: text,
  closedOn: text,
  // The steps of issue 17 (migration 0017): defaulted, so packages made before them still verify and judge as before.
  verifiedOn: text.default(null),
  amount: z.number().min(0).nullable().default(null),
  emergency: z.boolean().default(false),
  deliberationHeld: z.boolean().nullable().default(null),
  publicityObjections: z.boolean().nullable().default(null),
  outcome: z.enum(['确认', '不予确认']).nullable().default(null),
  facts,
  dateSources: z.record(z.string(), z.string()),
  archiveCode: text,
  cabinet: text,
  box: text,
  shelfPosition: text,
  exitSourceId: int.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  volumeFile: payloadPath.nullable(),
  /** Pages bound in the volume (页数). */
  pages: int,
});

const documentSchema = z.object({
  sourceId: int,
  caseSourceId: int.nullable(),
  itemCode: text,
  /** Official checklist item name, when the item is on the pack. */
  itemName: text,
  title: text,
  docNumber: text,
  responsible: text,
  docDate: text,
  confirmed: z.boolean(),
  pageIds: z.array(int),
  /** The volume it is bound in and its 页号 there (null for paper-only documents). */
  volume: text,
  firstPage: int.nullable(),
  lastPage: int.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const pageSchema = z.object({
  sourceId: int,
  file: payloadPath,
  sha256,
  size: int,
  documentSourceId: int.nullable(),
  positionInDocument: int.nullable(),
  volume: text,
  volumePage: int.nullable(),
  sourceSha256: sha256,
  sourcePath: z.string(),
  pageIndex: int,
  original: payloadPath.nullable(),
  width: int.nullable(),
  height: int.nullable(),
  rotation: int,
  deskew: z.number().nullable(),
  blank: z.boolean(),
  photo: z.boolean(),
  classification: text,
  confidence: z.number().nullable(),
  review: z.enum(['pending', 'auto', 'accepted']),
  assignedBy: z.enum(['separator', 'folder', 'idnumber', 'clerk']).nullable(),
  note: text,
  titleText: text,
  ocrText: text,
  ocrState: z.enum(['pending', 'title', 'done']),
  textLayer: z.boolean(),
  separator: text,
  createdAt: z.string(),
});

const originalSchema = z.object({
  sha256,
  name: z.string(),
  /** Null when the file was left out (see omitted). */
  file: payloadPath.nullable(),
  size: int,
  kind: text,
  sourcePath: z.string(),
  pageCount: int.nullable(),
  receivedAt: z.string(),
  /** Why the original is not in the package (it also holds other households' pages). */
  omitted: text,
});

const exitSchema = z.object({
  sourceId: int,
  exitedOn: z.string(),
  reason: z.string(),
  retentionStart: z.string(),
  retentionUntil: z.string(),
  legalHold: z.boolean(),
  legalHoldReason: text,
  reEnteredOn: text,
  destroyedOn: text,
  noticeDocumentSourceId: int.nullable(),
  createdAt: z.string(),
});

const auditSchema = z.object({
  id: int,
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  entity: z.string(),
  entityId: text,
  before: z.unknown(),
  after: z.unknown(),
  prevHash: sha256,
  hash: sha256,
});

const packJson = z.unknown().superRefine((value, ctx) => {
  try {
    parsePack(value);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: `核查清单无效：${(error as Error).message}` });
  }
});

export const metadataSchema = z
  .object({
    format: z.literal(PACKAGE_FORMAT),
    formatVersion: z.literal(PACKAGE_FORMAT_VERSION),
    /** Last applied migration of the exporting archive. */
    schemaVersion: z.string(),
    idMasking: z.enum(['full', 'masked']),
    source: sourceSchema,
    household: householdSchema,
    members: z.array(memberSchema),
    cases: z.array(caseSchema),
    documents: z.array(documentSchema),
    pages: z.array(pageSchema),
    originals: z.array(originalSchema),
    exits: z.array(exitSchema),
    checklist: z.object({
      packKey: z.string().min(1),
      pack: packJson,
      /** The `check --json` rows of this household, one per case, in the order of `cases`. */
      rows: z.array(checkRowSchema),
    }),
    audit: z.array(auditSchema),
    /** The exporting archive's imported holiday tables (issue 17), absent when it had none: the inspector counts working days by them. */
    holidays: z.array(z.object({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), kind: z.enum(['休', '班']) })).optional(),
    /** Every 附件7 result a clerk or an inspector recorded, oldest first (issue 17; older packages have none): the inspector judges with them. */
    archiveCheckRecords: z
      .array(
        z.object({
          caseSourceId: int,
          point: int,
          state: z.enum(['ok', 'problem']),
          note: text,
          recordedBy: z.string(),
          role: z.enum(['管理员', '经办人', '区级', '检查员']),
          recordedAt: z.string(),
        }),
      )
      .default([]),
  })
  .superRefine((m, ctx) => {
    if (m.checklist.rows.length !== m.cases.length) ctx.addIssue({ code: 'custom', message: '检查结果与案卷数不一致', path: ['checklist', 'rows'] });
  });

export type PackageMetadata = z.infer<typeof metadataSchema>;
export type CaseMetadata = PackageMetadata['cases'][number];
export type DocumentMetadata = PackageMetadata['documents'][number];
export type PageMetadata = PackageMetadata['pages'][number];
export type OriginalMetadata = PackageMetadata['originals'][number];
export type ExitMetadata = PackageMetadata['exits'][number];
export type AuditMetadata = PackageMetadata['audit'][number];
export type SourceMetadata = PackageMetadata['source'];

/** Parses metadata text; the error is one Chinese sentence naming the first problems by path. */
export function parseMetadata(text: string): { ok: true; metadata: PackageMetadata } | { ok: false; reason: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'metadata.json 不是有效的 JSON' };
  }
  const parsed = metadataSchema.safeParse(json);
  return parsed.success ? { ok: true, metadata: parsed.data } : { ok: false, reason: formatZodIssues(parsed.error.issues, json) };
}
