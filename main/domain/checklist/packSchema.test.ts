import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePack } from './packSchema';

const raw: unknown = JSON.parse(
  readFileSync(new URL('../../../resources/checklists/kaiyuan-tieling-2025.json', import.meta.url), 'utf8'),
);

// Loosely typed clone so each case can break the pack in its own way.
type Loose = Record<string, any>;
const clone = (): Loose => structuredClone(raw) as Loose;

describe('parsePack', () => {
  it('accepts the built-in pack', () => {
    const pack = parsePack(raw);
    expect(pack.checklists.低保).toHaveLength(21);
    expect(Object.keys(pack.facts)).toEqual(expect.arrayContaining(['married', 'dispersedCare', 'reviewed']));
  });

  const cases: Array<[string, (p: Loose) => void, string]> = [
    ['empty name', (p) => (p.checklists.低保[3].name = ''), 'checklists.低保[3].name 不能为空'],
    ['blank name', (p) => (p.checklists.特困[0].name = '  '), 'checklists.特困[0].name 不能为空'],
    ['missing code', (p) => delete p.checklists.低保[2].code, 'checklists.低保[2].code 缺少必填项'],
    ['wrong type', (p) => (p.checklists.低保[0].photo = 'yes'), 'checklists.低保[0].photo 类型错误，应为布尔值'],
    ['bad rule kind', (p) => (p.checklists.低保[0].rule = { kind: 'must' }), 'checklists.低保[0].rule.kind 取值无效'],
    [
      'bad condition',
      (p) => (p.checklists.低保[9].rule.when = { any: ['married', 5] }),
      'checklists.低保[9].rule.when.any[1]',
    ],
    ['unknown key', (p) => (p.checklists.低保[0].tittleWords = []), '含有未知字段：tittleWords'],
    ['unknown assistance type', (p) => (p.checklists.低收入 = p.checklists.低保), 'checklists'],
    [
      'bad date field',
      (p) => (p.processSteps.低保.steps[0].dateFields = ['appliedAt']),
      'processSteps.低保.steps[0].dateFields[0] 取值无效',
    ],
    ['unknown engine check', (p) => (p.archiveChecks.items[1].engineCheck = 'magic'), 'archiveChecks.items[1]'],
    ['not an object', (p) => (p.review = 12), 'review 类型错误'],
    [
      'duplicate code',
      (p) => (p.checklists.特困[0].code = 'dibao.01'),
      'checklists.特困[0].code 编码“dibao.01”与 checklists.低保[0].code 重复',
    ],
    ['gap in numbering', (p) => (p.checklists.临时救助[4].no = 6), 'checklists.临时救助[4].no 应为 5'],
    ['unknown fact', (p) => (p.checklists.低保[9].rule.when = 'marryed'), '引用了未定义的事实“marryed”'],
    ['unknown annex fact', (p) => (p.annexes[0].when = 'scattered'), 'annexes[0].when 引用了未定义的事实“scattered”'],
    ['unknown review fact', (p) => (p.review.overrides[0].when = { not: 'nope' }), 'review.overrides[0].when'],
    [
      'archive check item missing',
      (p) => (p.archiveChecks.items[12].items = ['dibao.99']),
      '不存在的要件编码“dibao.99”',
    ],
    [
      'archive check without items',
      (p) => delete p.archiveChecks.items[14].items,
      'archiveChecks.items[14].items 缺少必填项',
    ],
    ['steps going backwards', (p) => (p.processSteps.特困.steps[3].no = 1), 'processSteps.特困.steps[3].no 不能小于'],
  ];

  it.each(cases)('rejects %s with a Chinese message naming the path', (_name, breakIt, expected) => {
    const p = clone();
    breakIt(p);
    expect(() => parsePack(p)).toThrow(/^核查清单格式错误：/);
    expect(() => parsePack(p)).toThrow(expected);
  });

  it('rejects non-objects', () => {
    expect(() => parsePack(null)).toThrow('核查清单格式错误：(根) 类型错误');
    expect(() => parsePack([])).toThrow('核查清单格式错误');
  });

  it('accepts a district pack with fewer lists and no annex, registers or archive checks', () => {
    const p = clone();
    delete p.checklists.特困;
    delete p.checklists.刚性支出;
    p.annexes = [];
    delete p.townRegisters;
    delete p.archiveChecks;
    expect(Object.keys(parsePack(p).checklists)).toEqual(['低保', '临时救助']);
  });

  it('rejects an annex for a type the pack has no list for', () => {
    const p = clone();
    delete p.checklists.特困;
    expect(() => parsePack(p)).toThrow('annexes[0].assistanceType');
  });
});
