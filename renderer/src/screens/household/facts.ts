import type { CaseChecklist } from '../../../../main/api/contract';

/**
 * Household facts the checklist conditions read ("has students", …).
 *
 * The API does not yet say which facts a town's pack knows nor what a
 * household's stated values are (see the report's API gaps). Until it does,
 * the editor offers the facts of the built-in pack (开原市 2025, keys and
 * Chinese labels copied from resources/checklists/kaiyuan-tieling-2025.json)
 * and reads what it can of the current values from the checklist's reasons,
 * which quote each fact's label. The service still validates every key.
 */
export const BUILTIN_FACTS: readonly { key: string; label: string }[] = [
  { key: 'married', label: '已婚或离异/有婚姻变动' },
  { key: 'hasStudents', label: '有在校学生' },
  { key: 'hasSupporters', label: '有法定赡养、抚养、扶养义务人' },
  { key: 'disabledOrUnableToWork', label: '有残疾或丧失劳动能力成员' },
  { key: 'staffRelative', label: '系经办人员或村(居)干部近亲属' },
  { key: 'ruralWithLand', label: '农村户籍且有承包土地' },
  { key: 'hasPropertyOrRent', label: '有房产或租房、购房情况' },
  { key: 'amountOver3000', label: '临时救助金额3000元以上(含3000元)' },
  { key: 'accidentOrEmergency', label: '因意外事件申请救助' },
  { key: 'hasRigidExpenditure', label: '有医疗、教育等刚性支出' },
  { key: 'democraticReviewHeld', label: '开展了民主评议' },
  { key: 'paymentChanged', label: '保障金发生调整或停发' },
  { key: 'caseByCaseDecision', label: '经“一事一议”集体研究' },
  { key: 'selfCareChanged', label: '生活自理能力发生变化' },
  { key: 'caregiverChanged', label: '照料服务人发生变更' },
  { key: 'irregularIncomeAbleToWork', label: '收入来源不固定、家庭成员有劳动能力' },
];

/** Facts the pack derives from case fields; shown, not edited here. */
export const DERIVED_FACTS: readonly { label: string; from: string }[] = [
  { label: '分散供养', from: '由案卷的供养方式判断' },
  { label: '已开展动态复核(年度复核)', from: '由案卷的最近复核日期判断' },
];

export type FactState = '是' | '否' | '不清楚';

/** One quoted label “…” and nothing else, optionally negated with 非. Labels may contain “ ” themselves (“一事一议”). */
function singleLabel(condition: string): { label: string; negated: boolean } | null {
  const match = /^(非)?“(.+)”$/.exec(condition.trim());
  if (!match || !match[2]) return null;
  const label = match[2];
  if (BUILTIN_FACTS.some((f) => f.label === label)) return { label, negated: match[1] === '非' };
  return /”.*“/.test(label) ? null : { label, negated: match[1] === '非' };
}

/** What the checklist reasons reveal about each fact's current value, by label. */
export function factStatesFromReasons(checklists: readonly CaseChecklist[]): Map<string, FactState> {
  const states = new Map<string, FactState>();
  for (const c of checklists) {
    for (const item of c.items) {
      const unknown = /^尚不清楚是否(.+?)，/.exec(item.reason);
      if (unknown?.[1]) {
        const one = singleLabel(unknown[1]);
        if (one) states.set(one.label, '不清楚');
        continue;
      }
      const unmet = /^不满足条件(.+?)，/.exec(item.reason);
      if (unmet?.[1]) {
        const one = singleLabel(unmet[1]);
        if (one && !states.has(one.label)) states.set(one.label, one.negated ? '是' : '否');
      }
    }
  }
  return states;
}
