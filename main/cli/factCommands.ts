import type { FactKeyView } from '../api/contract';
import { FACT_VALUE_WORDS, factValueLabel, parseFactValue } from '../domain/checklist';
import { UsageError, type Command } from './command';
import { formatTable, print, printJson } from './output';
import { resolveHousehold } from './printCommands';

/**
 * facts: the household facts the checklist conditions read, as a clerk
 * scripts them. `facts keys` lists what the household's town pack knows;
 * `facts set --household ID KEY=VALUE...` states them through updateHousehold
 * in one call, so a bad pair changes nothing.
 */

const USAGE = 'facts 的用法：facts keys [--household 户] [--json] | facts set --household 户 情况项=值…（值：是、否、未知）';

function keyTable(keys: FactKeyView[], withValues: boolean): string {
  const kind = (k: FactKeyView) => (k.kind === 'derived' ? (k.derivedFrom ?? '可推出') : '填写');
  return formatTable(
    ['情况项', '名称', '来源', ...(withValues ? ['当前'] : [])],
    keys.map((k) => [k.key, k.label, kind(k), ...(withValues ? [factValueLabel(k.value)] : [])]),
  );
}

/** KEY=VALUE pairs to a fact map; any pair not of that form or with an unknown value refuses the whole line. */
export function parseFactPairs(pairs: string[]): Record<string, boolean | null> {
  if (pairs.length === 0) throw new UsageError(`facts set 需要至少一个 情况项=值，例如：facts set --household 户 hasStudents=是；${USAGE}`);
  const facts: Record<string, boolean | null> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    const key = at < 0 ? '' : pair.slice(0, at).trim();
    if (!key) throw new UsageError(`“${pair}”不是 情况项=值 的形式`);
    const value = parseFactValue(pair.slice(at + 1));
    if (value === undefined) throw new UsageError(`情况项 ${key} 的值“${pair.slice(at + 1)}”无效，应为 ${FACT_VALUE_WORDS}`);
    facts[key] = value;
  }
  return facts;
}

export const facts: Command = {
  async run({ api, options, args }) {
    const [sub, ...rest] = args;
    if (sub === 'keys' && rest.length === 0) {
      const householdId = options.household ? await resolveHousehold(api, options.household) : undefined;
      const keys = await api.listFactKeys(householdId === undefined ? {} : { householdId });
      if (options.json) printJson(keys);
      else print(`${keyTable(keys, householdId !== undefined)}\n共 ${keys.length} 项；用 facts set --household 户 情况项=值 填写（值：${FACT_VALUE_WORDS}）`);
      return 0;
    }
    if (sub === 'set') {
      const wanted = parseFactPairs(rest);
      const householdId = await resolveHousehold(api, options.household);
      await api.updateHousehold({ id: householdId, facts: wanted });
      const keys = (await api.listFactKeys({ householdId })).filter((k) => Object.hasOwn(wanted, k.key));
      if (options.json) printJson(keys);
      else print(`已填写 ${keys.length} 项：${keys.map((k) => `${k.label}（${k.key}）= ${factValueLabel(k.value)}`).join('；')}；各案卷的要件将按此重新检查`);
      return 0;
    }
    throw new UsageError(USAGE);
  },
};
