/**
 * Cross-reference checks zod cannot express: unique codes, consecutive
 * numbering, and that every referenced fact, item and engine check exists.
 * Returns Chinese problem sentences; empty means the pack is consistent.
 */
import type { Condition, Pack } from './packSchema';
import { conditionFacts } from './conditions';
import { ITEM_ENGINE_CHECKS, type EngineCheckId } from './vocabulary';

interface Numbered {
  no: number;
  code?: string;
}

function checkNumbering(list: readonly Numbered[], path: string, problems: string[]): void {
  list.forEach((entry, i) => {
    if (entry.no !== i + 1) problems.push(`${path}[${i}].no 应为 ${i + 1}（序号须从1起连续编号），实际为 ${entry.no}`);
  });
}

function checkCodes(pack: Pack, problems: string[]): void {
  const seen = new Map<string, string>();
  const visit = (list: readonly Numbered[], path: string) =>
    list.forEach((entry, i) => {
      if (!entry.code) return;
      const here = `${path}[${i}].code`;
      const first = seen.get(entry.code);
      if (first) problems.push(`${here} 编码“${entry.code}”与 ${first} 重复`);
      else seen.set(entry.code, here);
    });
  for (const [type, items] of Object.entries(pack.checklists)) visit(items ?? [], `checklists.${type}`);
  pack.annexes.forEach((annex, i) => visit(annex.items, `annexes[${i}].items`));
  if (pack.townRegisters) visit(pack.townRegisters.items, 'townRegisters.items');
}

function checkFacts(cond: Condition, path: string, pack: Pack, problems: string[]): void {
  for (const fact of conditionFacts(cond)) {
    if (!(fact in pack.facts)) problems.push(`${path} 引用了未定义的事实“${fact}”（须在 facts 中定义）`);
  }
}

function checkConditions(pack: Pack, problems: string[]): void {
  for (const [type, items] of Object.entries(pack.checklists)) {
    (items ?? []).forEach((item, i) => {
      if (item.rule.kind === 'conditional')
        checkFacts(item.rule.when, `checklists.${type}[${i}].rule.when`, pack, problems);
    });
  }
  pack.annexes.forEach((annex, a) => {
    checkFacts(annex.when, `annexes[${a}].when`, pack, problems);
    annex.items.forEach((item, i) => {
      if (item.rule.kind === 'conditional')
        checkFacts(item.rule.when, `annexes[${a}].items[${i}].rule.when`, pack, problems);
    });
  });
  pack.review.overrides.forEach((o, i) => checkFacts(o.when, `review.overrides[${i}].when`, pack, problems));
}

function checkArchiveChecks(pack: Pack, problems: string[]): void {
  if (!pack.archiveChecks) return;
  const codes = new Set(Object.values(pack.checklists).flatMap((items) => (items ?? []).map((i) => i.code)));
  pack.archiveChecks.items.forEach((check, i) => {
    if (check.mode !== 'automated') return;
    const path = `archiveChecks.items[${i}]`;
    const needsItems = ITEM_ENGINE_CHECKS.includes(check.engineCheck as EngineCheckId);
    if (needsItems && !check.items) problems.push(`${path}.items 缺少必填项（${check.engineCheck} 需指定要件编码）`);
    for (const code of check.items ?? []) {
      if (!codes.has(code)) problems.push(`${path}.items 引用了不存在的要件编码“${code}”`);
    }
  });
}

function checkLists(pack: Pack, problems: string[]): void {
  for (const [type, items] of Object.entries(pack.checklists))
    checkNumbering(items ?? [], `checklists.${type}`, problems);
  pack.annexes.forEach((annex, i) => {
    checkNumbering(annex.items, `annexes[${i}].items`, problems);
    if (!pack.checklists[annex.assistanceType])
      problems.push(`annexes[${i}].assistanceType 对应的“${annex.assistanceType}”要件清单不存在`);
  });
  if (pack.townRegisters) checkNumbering(pack.townRegisters.items, 'townRegisters.items', problems);
  if (pack.archiveChecks) checkNumbering(pack.archiveChecks.items, 'archiveChecks.items', problems);
  if (Object.keys(pack.checklists).length === 0) problems.push('checklists 至少需要一种救助类别的要件清单');
}

/** Process steps may repeat a printed number (附件9 has two "8."), but never go backwards. */
function checkSteps(pack: Pack, problems: string[]): void {
  for (const [type, list] of Object.entries(pack.processSteps)) {
    list?.steps.forEach((step, i) => {
      const prev = list.steps[i - 1];
      if (prev && step.no < prev.no)
        problems.push(`processSteps.${type}.steps[${i}].no 不能小于上一步的序号 ${prev.no}`);
    });
  }
}

export function checkPackSemantics(pack: Pack): string[] {
  const problems: string[] = [];
  checkLists(pack, problems);
  checkCodes(pack, problems);
  checkConditions(pack, problems);
  checkArchiveChecks(pack, problems);
  checkSteps(pack, problems);
  return problems;
}
