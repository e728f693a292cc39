/**
 * The checklist pack format (核查清单包): which documents a household file
 * must hold per assistance type, plus the rules the engines apply. Packs are
 * data so a district can ship its own; `parsePack` is the only way in.
 */
import { z } from 'zod';
import { ASSISTANCE_TYPES } from '../assistance';
import { CASE_FIELDS, DATE_FIELDS, ENGINE_CHECK_IDS } from './vocabulary';
import { checkPackSemantics } from './packSemantics';
import { formatZodIssues } from './zodMessages';

/** A condition over household/case facts: a fact key, or any/all/not of conditions. */
export type Condition = string | { any: Condition[] } | { all: Condition[] } | { not: Condition };

const text = z.string().trim().min(1);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const factKey = z.string().regex(/^[a-z][A-Za-z0-9]*$/);
const assistanceType = z.enum(ASSISTANCE_TYPES);
const dateField = z.enum(DATE_FIELDS);

export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    factKey,
    z.strictObject({ any: z.array(conditionSchema).min(1) }),
    z.strictObject({ all: z.array(conditionSchema).min(1) }),
    z.strictObject({ not: conditionSchema }),
  ]),
);

export const ruleSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('required') }),
  z.strictObject({ kind: z.literal('conditional'), when: conditionSchema }),
  z.strictObject({ kind: z.literal('optional') }),
]);

export const itemSchema = z.strictObject({
  no: z.number().int().min(1),
  /** Stable ASCII id; documents point at items by this code. */
  code: z.string().regex(/^[a-z][a-z0-9]*(\.[a-z0-9]+)+$/),
  /** Official name, verbatim. */
  name: text,
  rule: ruleSchema,
  /** Words that identify the document in a scanned page's title area. */
  titleWords: z.array(text),
  /** Phrases typical of the document's body: the whole-page reading (a second opinion beside the title) learns from them. */
  samplePhrases: z.array(text).optional(),
  /** One item covers several documents (e.g. 户口簿、身份证复印件). */
  multiDocument: z.boolean(),
  photo: z.boolean(),
  /** Why a rule was chosen where the source leaves room for judgement. */
  note: text.optional(),
  /**
   * Not needed when the applicant's age (from the 身份证号, see age.ts) is at
   * least `atLeast` or under `under`, whatever the rule says; e.g. 60 and 18
   * for "60周岁以上老年人和未成年人无需劳动能力证明".
   */
  ageExempt: z
    .strictObject({ atLeast: z.number().int().min(1).max(150).optional(), under: z.number().int().min(1).max(150).optional() })
    .refine((a) => a.atLeast !== undefined || a.under !== undefined, { message: '至少要有 atLeast 或 under' })
    .optional(),
});

const factSchema = z.strictObject({
  label: text,
  /** Fact filled from a case field when not stated: date present, or careMode equals. */
  derivedFrom: z.strictObject({ field: z.enum([...DATE_FIELDS, ...CASE_FIELDS]), equals: text.optional() }).optional(),
});

const annexSchema = z.strictObject({
  id: text,
  title: text,
  attachment: text.optional(),
  assistanceType,
  when: conditionSchema,
  items: z.array(itemSchema).min(1),
});

const registerSchema = z.strictObject({
  no: z.number().int().min(1),
  code: itemSchema.shape.code,
  name: text,
  titleWords: z.array(text),
});

const archiveCheckSchema = z.discriminatedUnion('mode', [
  z.strictObject({
    no: z.number().int().min(1),
    name: text,
    mode: z.literal('automated'),
    engineCheck: z.enum(ENGINE_CHECK_IDS as [string, ...string[]]),
    items: z.array(text).min(1).optional(),
    note: text.optional(),
  }),
  z.strictObject({
    no: z.number().int().min(1),
    name: text,
    mode: z.literal('manual'),
    note: text.optional(),
  }),
]);

const processStepSchema = z.strictObject({
  no: z.number().int().min(1),
  name: text,
  dateFields: z.array(dateField),
});

const reviewSchema = z.strictObject({
  defaultIntervalMonths: z.number().int().min(1).max(120),
  appliesTo: z.array(assistanceType),
  overrides: z.array(
    z.strictObject({
      assistanceType,
      when: conditionSchema,
      intervalMonths: z.number().int().min(1).max(120),
    }),
  ),
  source: text,
});

const timelineSchema = z.strictObject({
  order: z.strictObject({ fields: z.array(dateField).min(2), source: text }),
  publicity: z.strictObject({ minDays: z.number().int().min(1), source: text }),
  workingDayLimits: z.array(
    z.strictObject({
      name: text,
      from: dateField,
      to: dateField,
      maxWorkingDays: z.number().int().min(1).max(365),
      source: text,
    }),
  ),
  requiredDates: z.partialRecord(assistanceType, z.array(dateField)),
});

export const packSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  version: text,
  title: text,
  jurisdiction: z.strictObject({ province: text, city: text, county: text.optional() }),
  source: z.strictObject({
    title: text,
    documentNo: text,
    issuer: text,
    writtenOn: isoDate.optional(),
    publishedOn: isoDate.optional(),
  }),
  facts: z.record(factKey, factSchema),
  checklistTitles: z.partialRecord(assistanceType, z.strictObject({ title: text, attachment: text.optional() })),
  checklists: z.partialRecord(assistanceType, z.array(itemSchema).min(1)),
  annexes: z.array(annexSchema),
  townRegisters: z
    .strictObject({
      title: text,
      attachment: text.optional(),
      assistanceType,
      keptPer: text,
      items: z.array(registerSchema).min(1),
    })
    .optional(),
  archiveChecks: z
    .strictObject({
      title: text,
      attachment: text.optional(),
      appliesTo: z.array(assistanceType).min(1),
      items: z.array(archiveCheckSchema).min(1),
    })
    .optional(),
  processSteps: z.partialRecord(
    assistanceType,
    z.strictObject({
      title: text,
      attachment: text.optional(),
      note: text.optional(),
      steps: z.array(processStepSchema).min(1),
    }),
  ),
  review: reviewSchema,
  timeline: timelineSchema,
});

export type Pack = z.infer<typeof packSchema>;
export type ChecklistItem = z.infer<typeof itemSchema>;
export type ItemRule = z.infer<typeof ruleSchema>;
export type Annex = z.infer<typeof annexSchema>;
export type TownRegister = z.infer<typeof registerSchema>;
export type ArchiveCheck = z.infer<typeof archiveCheckSchema>;
export type ProcessStep = z.infer<typeof processStepSchema>;

export const PACK_ERROR_PREFIX = '核查清单格式错误：';

/**
 * Validates structure and cross-references. Throws an Error whose Chinese
 * message names the offending path, e.g. "checklists.低保[3].name 不能为空".
 */
export function parsePack(json: unknown): Pack {
  const result = packSchema.safeParse(json);
  if (!result.success) {
    throw new Error(PACK_ERROR_PREFIX + formatZodIssues(result.error.issues, json));
  }
  const problems = checkPackSemantics(result.data);
  if (problems.length > 0) throw new Error(PACK_ERROR_PREFIX + problems.slice(0, 5).join('；'));
  return result.data;
}
