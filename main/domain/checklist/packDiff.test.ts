import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diffPacks } from './packDiff';
import { parsePack } from './packSchema';

const raw: unknown = JSON.parse(
  readFileSync(new URL('../../../resources/checklists/kaiyuan-tieling-2025.json', import.meta.url), 'utf8'),
);
const base = parsePack(raw);

type Loose = Record<string, any>;

function district(edit: (p: Loose) => void) {
  const p = structuredClone(raw) as Loose;
  edit(p);
  return parsePack(p);
}

describe('diffPacks', () => {
  it('finds nothing between identical packs', () => {
    expect(diffPacks(base, base)).toEqual({ lists: [], settings: [], same: true });
  });

  it('reports added, removed, renamed, renumbered and rule-changed items per list', () => {
    const other = district((p) => {
      const list = p.checklists.临时救助;
      list.splice(16, 1); // drop 其他证明材料
      list[0].name = '临时救助审核确认表';
      list[15].rule = { kind: 'required' };
      list.push({
        no: 17,
        code: 'linshi.x1',
        name: '区县补充材料',
        rule: { kind: 'optional' },
        titleWords: [],
        multiDocument: false,
        photo: false,
      });
      p.checklists.低保.splice(1, 1); // drop 申请书, shifting every later number
      p.checklists.低保.forEach((item: Loose, i: number) => (item.no = i + 1));
    });
    const diff = diffPacks(base, other);
    const linshi = diff.lists.find((l) => l.list === '临时救助');
    expect(linshi?.added).toEqual([{ code: 'linshi.x1', no: 17, name: '区县补充材料' }]);
    expect(linshi?.removed).toEqual([{ code: 'linshi.17', no: 17, name: '其他证明材料' }]);
    expect(linshi?.renamed).toEqual([
      { code: 'linshi.01', from: '开原市申请临时救助审核确认表', to: '临时救助审核确认表' },
    ]);
    expect(linshi?.ruleChanged).toEqual([
      {
        code: 'linshi.16',
        name: '乡镇(街道)临时救助工作请示、报告(3000元以上)',
        from: '条件：“临时救助金额3000元以上(含3000元)”',
        to: '必备',
      },
    ]);
    const dibao = diff.lists.find((l) => l.list === '低保');
    expect(dibao?.removed.map((r) => r.code)).toEqual(['dibao.02']);
    expect(dibao?.renumbered).toHaveLength(19);
    expect(dibao?.renumbered[0]).toEqual({ code: 'dibao.03', name: '申请家庭户口簿、身份证复印件', from: 3, to: 2 });
    expect(diff.lists.map((l) => l.list)).toEqual(['低保', '临时救助']);
    expect(diff.same).toBe(false);
  });

  it('matches items whose code changed by their name', () => {
    const other = district((p) => (p.annexes[0].items[0].code = 'care.agreement'));
    const [list] = diffPacks(base, other).lists;
    expect(list).toMatchObject({
      list: '特困·分散供养',
      added: [],
      removed: [],
      recoded: [{ name: '委托照料服务协议', from: 'tekun.care.01', to: 'care.agreement' }],
    });
  });

  it('reports changed settings in Chinese', () => {
    const other = district((p) => {
      p.review.defaultIntervalMonths = 6;
      p.timeline.publicity.minDays = 5;
      p.archiveChecks.items[3] = { no: 4, name: p.archiveChecks.items[3].name, mode: 'manual' };
    });
    const { settings } = diffPacks(base, other);
    expect(settings).toContain('一般复核周期(月)：12 → 6');
    expect(settings).toContain('公示期最少天数：7 → 5');
    expect(settings).toHaveLength(2); // item 4 was already manual
  });
});
