import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { caseItems, parsePack } from '../checklist';
import {
  AUTO_FILE_CONFIDENCE,
  classifyPage,
  continuationConfidence,
  hasPageMarker,
  packSamples,
  readTitles,
  titlesFromText,
  trainModel,
  trainTextModel,
  type LayoutWord,
  type PageLayout,
} from '.';
import { approxFind, approxFindEnding } from './fuzzy';

const pack = parsePack(JSON.parse(fs.readFileSync(path.join(__dirname, '../../../resources/checklists/kaiyuan-tieling-2025.json'), 'utf8')));
const dibao = caseItems(pack, '低保');
const tekun = caseItems(pack, '特困');
const all = (['低保', '特困', '临时救助', '刚性支出'] as const).flatMap((t) => caseItems(pack, t));
const name = (code: string | undefined) => all.find((i) => i.code === code)?.name;
const text = trainTextModel(packSamples(all));

/** A line of a synthetic layout: characters as single-glyph words, the way tesseract boxes Chinese. */
interface LineSpec {
  text: string;
  /** Glyph size in px (body text is 25). */
  size?: number;
  /** Left edge, or 'centre'. */
  x?: number | 'centre';
  y: number;
  /** Gap between glyphs, px. */
  gap?: number;
  /** Run on (same OCR line) with the previous spec. */
  joinPrevious?: boolean;
}

const WIDTH = 1240;
const HEIGHT = 1754;

function layout(specs: LineSpec[]): PageLayout {
  const lines: { words: LayoutWord[] }[] = [];
  for (const spec of specs) {
    const size = spec.size ?? 25;
    const gap = spec.gap ?? 2;
    const chars = [...spec.text];
    const width = chars.length * (size + gap);
    let x = spec.x === 'centre' ? (WIDTH - width) / 2 : (spec.x ?? 130);
    const words = chars.map((ch) => {
      const w = { text: ch, x0: x, y0: spec.y, x1: x + size, y1: spec.y + size, confidence: 0.9 };
      x += size + gap;
      return w;
    });
    if (spec.joinPrevious && lines.length > 0) lines[lines.length - 1]?.words.push(...words);
    else lines.push({ words });
  }
  return { width: WIDTH, height: HEIGHT, lines };
}

const body = (y: number, n = 6): LineSpec[] =>
  Array.from({ length: n }, (_, i) => ({ text: '本人及共同生活的家庭成员情况如实填写不得隐瞒', x: 130, y: y + i * 45 }));

function classify(specs: LineSpec[], items = dibao, pageText = '') {
  const l = layout(specs);
  const fullText = pageText || l.lines.map((line) => line.words.map((w) => w.text).join('')).join('\n');
  return classifyPage({ titles: readTitles(l), text: fullText, photo: false }, items, { learned: null, text });
}

describe('titles by layout', () => {
  it.each<[string, LineSpec[], string]>([
    ['a large centred title', [{ text: '居民家庭经济状况核对委托授权书', size: 44, x: 'centre', y: 150 }, ...body(300)], '居民家庭经济状况核对委托授权书'],
    [
      'a title run together with the line under it (one OCR line)',
      [{ text: '居民家庭经济状况核对报告', size: 44, x: 200, y: 150 }, { text: '报告编号：二〇二四第三号', size: 22, x: 760, y: 170, joinPrevious: true }, ...body(300)],
      '居民家庭经济状况核对报告',
    ],
    ['a letterhead above the title', [{ text: '开原市民政局', size: 50, x: 'centre', y: 100 }, { text: '最低生活保障待遇申请书', size: 40, x: 'centre', y: 240 }, ...body(360)], '最低生活保障待遇申请书'],
    ['a title on two lines', [{ text: '居民家庭经济状况', size: 42, x: 'centre', y: 150 }, { text: '核对委托授权书', size: 42, x: 'centre', y: 205 }, ...body(320)], '居民家庭经济状况核对委托授权书'],
    ['a small plain title, left-aligned', [{ text: '诚信承诺书', size: 27, x: 130, y: 150 }, ...body(220)], '最低生活保障申请家庭经济状况诚信承诺书'],
    ['a letter-spaced title of body size', [{ text: '入户调查表', size: 26, x: 480, y: 150, gap: 30 }, ...body(230)], '最低生活保障入户调查表及入户照片'],
    ['a title with one character misread', [{ text: '居民家庭经济状况核对委托授杈书', size: 44, x: 'centre', y: 150 }, ...body(300)], '居民家庭经济状况核对委托授权书'],
  ])('%s', (_name, specs, expected) => {
    const reading = classify(specs);
    expect(name(reading.cls?.itemCode)).toBe(expected);
    expect(reading.titled).toBe(true);
  });

  it('files a clear title, and a misread long title only just', () => {
    expect(classify([{ text: '居民家庭经济状况核对委托授权书', size: 44, x: 'centre', y: 150 }, ...body(300)]).cls?.confidence).toBeGreaterThanOrEqual(AUTO_FILE_CONFIDENCE);
    const misread = classify([{ text: '居民家庭经济状况核对委托授杈书', size: 44, x: 'centre', y: 150 }, ...body(300)]).cls?.confidence ?? 0;
    expect(misread).toBeLessThan(0.97);
  });

  it('does not read body words as a title', () => {
    const continuation = classify([
      { text: '二、家庭收入情况', x: 130, y: 120 },
      { text: '家庭成员工资性收入无固定工作偶有零工收入', x: 160, y: 165 },
      { text: '转移性收入残疾人两项补贴每月一百二十元', x: 160, y: 210 },
      ...body(260),
    ]);
    expect(continuation.cls).toBeNull();
    expect(continuation.titled).toBe(false);
  });

  it('does not forgive a misread character in a plain body line', () => {
    // 入户调查意见 is one character from 入户调查表, but a body heading is not a title.
    const page = classify([{ text: '四、入户调查意见及建议事项', x: 130, y: 120 }, ...body(170)]);
    expect(page.cls).toBeNull();
  });

  it('leaves a title shared by two lists below filing until the household is known', () => {
    const specs: LineSpec[] = [{ text: '入户调查表', size: 44, x: 'centre', y: 150 }, ...body(300)];
    expect(classify(specs, all).cls?.confidence).toBeLessThan(AUTO_FILE_CONFIDENCE);
    expect(classify(specs, tekun).cls?.confidence).toBeGreaterThanOrEqual(AUTO_FILE_CONFIDENCE);
  });

  it('reads a PDF text layer by its first lines', () => {
    const reading = titlesFromText('最低生活保障待遇申请书\n申请人：某某\n申请理由：……');
    expect(classifyPage({ titles: reading, text: '', photo: false }, dibao, { learned: null, text: null }).cls?.itemCode).toBe('dibao.02');
  });
});

describe('two opinions', () => {
  const authorisationBody = [
    '本人及共同生活家庭成员同意并授权民政部门及核对机构',
    '查询调取本人及家庭成员的户籍车辆房产银行存款有价证券',
    '商业保险工商登记住房公积金等信息授权期限自签字之日起',
    '授权人签字家庭成员签字本授权书复印件有效',
  ].join('\n');

  it('holds back a page whose body reads as another document than its title says, with both suggestions', () => {
    const reading = classify([{ text: '居民家庭经济状况核对报告', size: 44, x: 'centre', y: 150 }, ...body(300)], dibao, `居民家庭经济状况核对报告\n${authorisationBody}`);
    expect(reading.cls?.itemCode).toBe('dibao.09');
    expect(reading.cls?.confidence).toBeLessThan(AUTO_FILE_CONFIDENCE);
    expect(reading.suggestions.map((s) => [s.source, s.itemCode])).toEqual(expect.arrayContaining([['title', 'dibao.09'], ['text', 'dibao.05']]));
  });

  it('suggests, never files, an untitled page from its body alone', () => {
    const reading = classify([...body(150)], dibao, authorisationBody);
    expect(reading.cls).toBeNull();
    expect(reading.textGuess?.itemCode).toBe('dibao.05');
    expect(reading.textGuess?.confidence).toBeLessThan(AUTO_FILE_CONFIDENCE);
  });

  it('suggests every item an untitled body cannot tell apart, so none of them is called missing while it waits', () => {
    // An application whose title a stamp made unreadable: its body also speaks of 入户调查 and each member's health.
    const application = [
      '申请人：李某性别：女身份证号',
      '申请事由：本人因家庭成员长期患病，无劳动能力，家庭人均收入低于当地保障标准，生活困难，特提出最低生活保障申请。',
      '申请人承诺：以上情况属实，同意接受入户调查和家庭经济状况核对。',
      '姓名与户主关系身份证号健康状况劳动能力',
      '申请人（签字、按手印）申请日期：2025年3月17日',
    ].join('\n');
    const reading = classify([...body(150)], dibao, application);
    expect(reading.cls).toBeNull();
    const textCodes = reading.suggestions.filter((s) => s.source === 'text').map((s) => s.itemCode);
    expect(textCodes).toEqual(expect.arrayContaining(['dibao.02', 'dibao.08']));
    expect(Math.max(...reading.suggestions.map((s) => s.confidence))).toBeLessThan(AUTO_FILE_CONFIDENCE);
  });

  it('keeps to one body reading when the page has a title', () => {
    const reading = classify([{ text: '最低生活保障待遇申请书', size: 44, x: 'centre', y: 150 }, ...body(300)], dibao, `最低生活保障待遇申请书\n申请人承诺：同意接受入户调查。姓名与户主关系身份证号健康状况劳动能力\n申请人（签字、按手印）申请日期`);
    expect(reading.cls?.itemCode).toBe('dibao.02');
    expect(reading.suggestions.filter((s) => s.source === 'text').length).toBeLessThanOrEqual(1);
  });

  it('learns a kind of document from pages clerks confirmed', () => {
    const local = '城南镇困难家庭走访慰问登记\n走访人员慰问物品发放记录签收';
    const before = trainTextModel(packSamples(dibao));
    const after = trainTextModel(packSamples(dibao), [{ itemName: name('dibao.21') ?? '', text: local }, { itemName: name('dibao.21') ?? '', text: local }]);
    const page = { titles: titlesFromText(''), text: local, photo: false };
    expect(classifyPage(page, dibao, { learned: null, text: before }).textGuess).toBeNull();
    expect(classifyPage(page, dibao, { learned: null, text: after }).textGuess?.itemCode).toBe('dibao.21');
  });
});

describe('continuation pages only on evidence', () => {
  it.each([
    [{ marker: false, textAgrees: false, textDisagrees: false, multiPage: false }, false],
    [{ marker: false, textAgrees: false, textDisagrees: false, multiPage: true }, false],
    [{ marker: false, textAgrees: true, textDisagrees: false, multiPage: false }, false],
    [{ marker: true, textAgrees: false, textDisagrees: false, multiPage: false }, false],
    [{ marker: true, textAgrees: true, textDisagrees: false, multiPage: false }, true],
    [{ marker: true, textAgrees: false, textDisagrees: false, multiPage: true }, true],
    [{ marker: false, textAgrees: true, textDisagrees: false, multiPage: true }, true],
    [{ marker: true, textAgrees: false, textDisagrees: true, multiPage: true }, false],
  ])('%o → filed without review: %s', (evidence, filed) => {
    expect(continuationConfidence(evidence) >= AUTO_FILE_CONFIDENCE).toBe(filed);
  });

  it.each([
    ['第 2 页 共 3 页', true],
    ['（续）', true],
    ['续表', true],
    ['第二页', true],
    ['第1页', false],
    ['家庭成员收入情况', false],
  ])('page marker in %s: %s', (t, expected) => {
    expect(hasPageMarker(t)).toBe(expected);
  });
});

describe('a prominent title two characters off', () => {
  const linshi = caseItems(pack, '临时救助');
  it('suggests the item it is nearest, never files it', () => {
    const reading = classify([{ text: '临时救更种请书', size: 44, x: 'centre', y: 150 }, ...body(300)], linshi);
    expect(name(reading.cls?.itemCode)).toBe('临时救助申请(个人家庭经济状况事项申报承诺)书');
    expect(reading.cls?.confidence).toBeLessThan(AUTO_FILE_CONFIDENCE);
    expect(reading.suggestions[0]?.reason).toMatch(/标题与“临时救助申请.*”相近（2 个字未认清）/);
  });

  it.each<[string, string]>([
    ['three characters off', '临时救更种清书'],
    ['a title of another document altogether', '村民代表大会会议记录'],
  ])('suggests nothing for %s', (_name, title) => {
    expect(classify([{ text: title, size: 44, x: 'centre', y: 150 }, ...body(300)], linshi).suggestions.filter((s) => s.source === 'title')).toEqual([]);
  });
});

describe('approximate title words', () => {
  it.each([
    ['核对委托授权书', '居民家庭经济状况核对委托授权书', 0, 0],
    ['核对委托授权书', '居民家庭经济状况核对委托授杈书', 1, 1],
    ['核对委托授权书', '居民家庭经济状况核对报告', 1, null],
    ['入户调查表', '入户调查意见', 0, null],
  ])('%s in %s (≤%i edits) → %s', (word, t, max, expected) => {
    expect(approxFind(word, t, max)).toBe(expected);
  });
});

describe('the kind of document at the end of a title word', () => {
  it.each([
    ['审核确认公示', '最低生活保障审核确认公示', { errors: 0, tail: 'exact' }],
    ['最低生活保障审核确认表', '最低生活保障审核确认公示', { errors: 1, tail: 'misread' }],
    ['最低生活保障待遇申请书', '最低生活保障待遇申请', { errors: 1, tail: 'cut' }],
  ])('%s in %s', (word, t, expected) => {
    expect(approxFindEnding(word, t, 2)).toEqual(expected);
  });

  it('files a 公示 as 公示, not as the 审核确认表 one character away', () => {
    const reading = classify([{ text: '最低生活保障审核确认公示', size: 44, x: 'centre', y: 150 }, ...body(300)]);
    expect(reading.cls?.itemCode).toBe('dibao.17');
  });

  it('files a title cut short only where the body agrees', () => {
    const pledge = '本人郑重承诺所申报的家庭人口收入财产等情况真实完整无隐瞒虚报如有弄虚作假自愿退还并承担相应的法律责任承诺人签字';
    const cut = classify([{ text: '最低生活保障申请', size: 44, x: 'centre', y: 150 }, ...body(300)], dibao, `最低生活保障申请\n${pledge}`);
    expect(cut.cls?.confidence ?? 0).toBeLessThan(AUTO_FILE_CONFIDENCE);
  });
});

describe('learning local titles from corrections', () => {
  const localTitle = '城南镇困难群众救助申请审批单';
  const target = dibao[0]?.code ?? '';
  const page = (title: string) => ({ titles: titlesFromText(title), text: title, photo: false });
  it('knows nothing of a town’s own form title at first', () => {
    expect(classifyPage(page(localTitle), dibao, { learned: trainModel([]), text: null }).cls).toBeNull();
  });
  it('suggests the corrected item after one correction, and files it after two', () => {
    const once = classifyPage(page(localTitle), dibao, { learned: trainModel([{ text: localTitle, itemCode: target }]), text: null });
    expect(once.cls?.itemCode).toBe(target);
    expect(once.cls?.confidence).toBeLessThan(AUTO_FILE_CONFIDENCE);
    const twice = classifyPage(page(`${localTitle}（2025）`), dibao, {
      learned: trainModel([{ text: localTitle, itemCode: target }, { text: '城南镇困难群众救助申请审批单', itemCode: target }, { text: '入户调查记录', itemCode: 'dibao.08' }]),
      text: null,
    });
    expect(twice.cls?.itemCode).toBe(target);
    expect(twice.cls?.confidence).toBeGreaterThanOrEqual(AUTO_FILE_CONFIDENCE);
  });
  it('suggests 入户照片 for a photo, for a clerk to confirm', () => {
    const result = classifyPage({ titles: titlesFromText(''), text: '', photo: true }, dibao, { learned: null, text: null });
    expect(name(result.cls?.itemCode)).toBe('最低生活保障入户调查表及入户照片');
    expect(result.cls?.confidence).toBeLessThan(AUTO_FILE_CONFIDENCE);
  });
});
