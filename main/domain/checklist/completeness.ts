/**
 * Completeness engine (要件齐全): for each checklist item of a case, is the
 * document on file, missing, awaiting confirmation, or not applicable?
 *
 * The one rule that matters most: an item is reported 缺件 only when we know
 * it is needed and nothing on hand could be it. Unknown facts yield 待确认,
 * never a false 缺件; so does a page of the household still waiting in the
 * review inbox that could be the item (有待审页面): until a clerk has looked,
 * the file may well hold it.
 */
import type { CaseDocument, CaseInput, Facts } from './caseTypes';
import { describeCondition, evaluateCondition, type FactMap, type FactValue } from './conditions';
import { ageExemptReason } from './age';
import { recordedFacts, resolveFacts } from './facts';
import type { Annex, ChecklistItem, Pack } from './packSchema';

export type ItemStatus = '齐全' | '缺件' | '待确认' | '不适用';
export type CaseStatus = '齐全' | '缺件' | '待确认';

export interface Evidence {
  documentId: string;
  pages: number[];
  confirmed: boolean;
}

export interface ItemResult {
  /** Assistance type for the main list, annex id (e.g. 分散供养) for an annex. */
  list: string;
  code: string;
  no: number;
  name: string;
  status: ItemStatus;
  /** Whether the item is needed for this case: true, false or unknown. */
  needed: FactValue;
  evidence: Evidence[];
  /** Chinese explanation shown next to the status. */
  reason: string;
  /** Needed and not filed, so it would be 缺件, but a page waiting in the review inbox could be it. */
  waiting: boolean;
}

export interface CaseCompleteness {
  caseId?: string;
  assistanceType: CaseInput['assistanceType'];
  status: CaseStatus;
  items: ItemResult[];
  /** Official names of 缺件 items, in checklist order. */
  missing: string[];
  /**
   * Official names of 待确认 items, in checklist order: filed but not yet
   * accepted, needed or not depending on facts nobody recorded, or not filed
   * while a page waiting in the review inbox could be it. Each asks a clerk
   * to look before the item can be called 齐全 or 缺件.
   */
  unconfirmed: string[];
  /** The part of `unconfirmed` that would be 缺件 but for a page waiting in the inbox (有待审页面), in checklist order. */
  waiting: string[];
  /** Documents whose itemCode is not on any list that this case uses. */
  unmatchedDocuments: string[];
}

interface ListContext {
  list: string;
  /** Whether the list itself applies (annexes are conditional). */
  applies: FactValue;
  appliesReason: string;
}

/** Three-valued AND: false wins, then unknown. */
function and(a: FactValue, b: FactValue): FactValue {
  if (a === false || b === false) return false;
  if (a === null || b === null) return null;
  return true;
}

function itemNeed(item: ChecklistItem, facts: FactMap): FactValue {
  if (item.rule.kind === 'required') return true;
  if (item.rule.kind === 'optional') return false;
  return evaluateCondition(item.rule.when, facts);
}

function notNeededReason(pack: Pack, item: ChecklistItem, ctx: ListContext, facts: FactMap, ageExempt: string | null): string {
  if (ctx.applies === false) return ctx.appliesReason;
  if (ageExempt !== null) return ageExempt;
  if (item.rule.kind === 'optional') return '非必备材料，未提供';
  if (item.rule.kind === 'conditional' && evaluateCondition(item.rule.when, facts) === false) {
    return `不满足条件${describeCondition(item.rule.when, pack.facts)}，无需提供`;
  }
  return '无需提供';
}

function unknownReason(pack: Pack, item: ChecklistItem, ctx: ListContext): string {
  if (ctx.applies === null) return `${ctx.appliesReason}，请补充后再判断`;
  const cond = item.rule.kind === 'conditional' ? describeCondition(item.rule.when, pack.facts) : '';
  return `尚不清楚是否${cond}，无法判断是否需要此材料，请补充家庭情况`;
}

/** Shown wherever a reason is: the item may be among the pages a clerk has not yet reviewed. */
export const WAITING_REASON = '有待审页面';

function evaluateItem(
  pack: Pack,
  item: ChecklistItem,
  ctx: ListContext,
  facts: FactMap,
  docs: readonly CaseDocument[],
  waitingPage: boolean,
  ageExempt: string | null,
): ItemResult {
  // An age the pack waives the item for settles it, whatever the facts say.
  const needed = ageExempt !== null ? false : and(ctx.applies, itemNeed(item, facts));
  const evidence = docs.map((d) => ({ documentId: d.id, pages: [...d.pages], confirmed: d.confirmed }));
  const base = { list: ctx.list, code: item.code, no: item.no, name: item.name, needed, evidence, waiting: false };
  if (evidence.some((e) => e.confirmed)) return { ...base, status: '齐全', reason: '已归档' };
  // An unaccepted classification always asks for a look, whether or not the item is needed.
  if (evidence.length > 0) return { ...base, status: '待确认', reason: '已有文件，但分类尚未确认' };
  // A page that could be the item waits for a clerk: calling it 缺件 now would send someone to fetch paper already scanned.
  if (waitingPage && needed === true) return { ...base, waiting: true, status: '待确认', reason: WAITING_REASON };
  // Already 待确认 for the unknown fact; the reason names the waiting page too, as it may settle the question.
  if (waitingPage && needed === null) return { ...base, status: '待确认', reason: `${WAITING_REASON}；${unknownReason(pack, item, ctx)}` };
  if (needed === true) return { ...base, status: '缺件', reason: '必备材料未归档' };
  if (needed === null) return { ...base, status: '待确认', reason: unknownReason(pack, item, ctx) };
  // Not needed: a waiting page changes nothing, the item is not asked for either way.
  return { ...base, status: '不适用', reason: notNeededReason(pack, item, ctx, facts, ageExempt) };
}

/** An item whose condition a case record decided (the amount, objections to the 公示) says so in its reason. */
function withRecordedReason(item: ChecklistItem, recorded: ReturnType<typeof recordedFacts>, result: ItemResult): ItemResult {
  const when = item.rule.kind === 'conditional' ? item.rule.when : null;
  const why = typeof when === 'string' ? recorded[when]?.why : undefined;
  return why === undefined || result.status === '待确认' ? result : { ...result, reason: `${result.reason}（${why}）` };
}

function annexContext(pack: Pack, annex: Annex, facts: FactMap): ListContext {
  const applies = evaluateCondition(annex.when, facts);
  const cond = describeCondition(annex.when, pack.facts);
  const appliesReason =
    applies === null
      ? `尚不清楚是否${cond}，无法判断是否需要《${annex.title}》`
      : `不满足条件${cond}，《${annex.title}》不适用`;
  return { list: annex.id, applies, appliesReason };
}

function caseStatus(items: readonly ItemResult[]): CaseStatus {
  if (items.some((i) => i.status === '缺件')) return '缺件';
  if (items.some((i) => i.status === '待确认')) return '待确认';
  return '齐全';
}

function groupByCode(documents: readonly CaseDocument[]): Map<string, CaseDocument[]> {
  const byCode = new Map<string, CaseDocument[]>();
  for (const doc of documents) byCode.set(doc.itemCode, [...(byCode.get(doc.itemCode) ?? []), doc]);
  return byCode;
}

/**
 * `waitingItems`: item codes that pages of the household waiting in the review
 * inbox could be (main/domain/classify candidateItems). Such an item is
 * 待确认 rather than 缺件 while nothing is filed for it.
 */
export function evaluateCase(
  pack: Pack,
  caseInput: CaseInput,
  documents: readonly CaseDocument[],
  householdFacts: Facts = {},
  waitingItems: Iterable<string> = [],
): CaseCompleteness {
  const type = caseInput.assistanceType;
  const mainList = pack.checklists[type];
  if (!mainList) throw new Error(`核查清单包“${pack.id}”没有“${type}”的要件清单`);
  const facts = resolveFacts(pack, caseInput, householdFacts);
  const byCode = groupByCode(documents);
  const waiting = new Set(waitingItems);
  const lists: Array<[ListContext, readonly ChecklistItem[]]> = [
    [{ list: type, applies: true, appliesReason: '' }, mainList],
    ...pack.annexes
      .filter((a) => a.assistanceType === type)
      .map((a): [ListContext, readonly ChecklistItem[]] => [annexContext(pack, a, facts), a.items]),
  ];
  const recorded = recordedFacts(pack, caseInput);
  const items = lists.flatMap(([ctx, list]) =>
    list.map((item) =>
      withRecordedReason(item, recorded, evaluateItem(pack, item, ctx, facts, byCode.get(item.code) ?? [], waiting.has(item.code), ageExemptReason(item, caseInput))),
    ),
  );
  const known = new Set(items.map((i) => i.code));
  return {
    ...(caseInput.id !== undefined ? { caseId: caseInput.id } : {}),
    assistanceType: type,
    status: caseStatus(items),
    items,
    missing: items.filter((i) => i.status === '缺件').map((i) => i.name),
    unconfirmed: items.filter((i) => i.status === '待确认').map((i) => i.name),
    waiting: items.filter((i) => i.waiting).map((i) => i.name),
    unmatchedDocuments: documents.filter((d) => !known.has(d.itemCode)).map((d) => d.id),
  };
}

export interface HouseholdInput {
  facts?: Facts;
  /** Item codes the household's pages waiting in the review inbox could be; they may belong to any of its cases. */
  waitingItems?: readonly string[];
  cases: ReadonlyArray<{ case: CaseInput; documents: readonly CaseDocument[] }>;
}

export interface HouseholdCompleteness {
  /** Worst status over the cases; null when the household has no case. */
  status: CaseStatus | null;
  cases: CaseCompleteness[];
}

/** One household may hold several cases (e.g. 低保 plus a 临时救助). */
export function evaluateHousehold(pack: Pack, household: HouseholdInput): HouseholdCompleteness {
  const cases = household.cases.map((c) => evaluateCase(pack, c.case, c.documents, household.facts ?? {}, household.waitingItems ?? []));
  if (cases.length === 0) return { status: null, cases };
  const statuses = cases.map((c) => c.status);
  const status: CaseStatus = statuses.includes('缺件') ? '缺件' : statuses.includes('待确认') ? '待确认' : '齐全';
  return { status, cases };
}
