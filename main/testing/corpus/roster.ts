import { makeIdNumber } from '../../domain/idNumber';
import { rng, rosterCsv, syntheticName } from '../fixtures';
import type { Assistance, CoreKind, CorpusHousehold, ExtraKind, Member } from './types';

/**
 * A seeded roster of invented households (valid-checksum 身份证号 that belong
 * to nobody), each with one assistance type, its file's contents in
 * checklist order, and the required items its file deliberately leaves out.
 */

type Rng = () => number;
const pick = <T>(items: readonly T[], next: Rng): T => items[Math.floor(next() * items.length)] as T;

const TOWNS: Record<string, string[]> = {
  八宝镇: ['八宝村', '孙台村', '新立屯村'],
  庆云堡镇: ['庆云村', '老虎头村', '前双井村'],
  威远堡镇: ['威远村', '南城子村', '莲花村'],
};
const REGION = '211282'; // 开原市
const ASSISTANCE: Assistance[] = ['低保', '特困', '临时救助', '刚性支出'];
const HEALTH = ['健康', '慢性病', '残疾', '重病', '健康', '健康'];

/** The checklist item code of each core form per assistance type (kaiyuan-tieling-2025). */
export const CORE_CODES: Record<CoreKind, Record<Assistance, string>> = {
  申请书: { 低保: 'dibao.02', 特困: 'tekun.02', 临时救助: 'linshi.02', 刚性支出: 'gangxing.02' },
  审核确认表: { 低保: 'dibao.01', 特困: 'tekun.01', 临时救助: 'linshi.01', 刚性支出: 'gangxing.01' },
  诚信承诺书: { 低保: 'dibao.04', 特困: 'tekun.03', 临时救助: 'linshi.04', 刚性支出: 'gangxing.05' },
  核对委托授权书: { 低保: 'dibao.05', 特困: 'tekun.04', 临时救助: 'linshi.03', 刚性支出: 'gangxing.06' },
  核对报告: { 低保: 'dibao.09', 特困: 'tekun.05', 临时救助: 'linshi.11', 刚性支出: 'gangxing.07' },
  入户调查表: { 低保: 'dibao.08', 特困: 'tekun.14', 临时救助: 'linshi.12', 刚性支出: 'gangxing.16' },
};

type Content = CoreKind | Exclude<ExtraKind, 'blank' | 'unrelated'>;

/**
 * A household file's required items in checklist order, each with the pages
 * (core forms or other papers) that carry it. Every required item of the
 * pack's list is here, so the truth of what is missing is exact.
 */
export const FILE_PLAN: Record<Assistance, [string, Content[]][]> = {
  低保: [
    ['dibao.01', ['审核确认表']],
    ['dibao.02', ['申请书']],
    ['dibao.03', ['户口簿']],
    ['dibao.04', ['诚信承诺书']],
    ['dibao.05', ['核对委托授权书']],
    ['dibao.06', ['受理通知单']],
    ['dibao.07', ['备案表']],
    ['dibao.08', ['入户调查表', '入户照片']],
    ['dibao.09', ['核对报告']],
    ['dibao.16', ['结果告知书']],
    ['dibao.17', ['公示']],
  ],
  特困: [
    ['tekun.01', ['审核确认表']],
    ['tekun.02', ['申请书']],
    ['tekun.03', ['诚信承诺书']],
    ['tekun.04', ['核对委托授权书']],
    ['tekun.05', ['核对报告']],
    ['tekun.06', ['户口簿']],
    ['tekun.07', ['身份证']],
    ['tekun.09', ['收入证明']],
    ['tekun.13', ['银行卡']],
    ['tekun.14', ['入户调查表', '入户照片']],
    ['tekun.16', ['公示']],
  ],
  临时救助: [
    ['linshi.01', ['审核确认表']],
    ['linshi.02', ['申请书']],
    ['linshi.03', ['核对委托授权书']],
    ['linshi.04', ['诚信承诺书']],
    ['linshi.05', ['户口簿']],
    ['linshi.06', ['身份证']],
    ['linshi.07', ['收入证明']],
    ['linshi.08', ['困难说明']],
    ['linshi.11', ['核对报告']],
    ['linshi.12', ['入户调查表']],
    ['linshi.13', ['入户照片']],
    ['linshi.14', ['银行卡']],
  ],
  刚性支出: [
    ['gangxing.01', ['审核确认表']],
    ['gangxing.02', ['申请书']],
    ['gangxing.03', ['户口簿']],
    ['gangxing.04', ['身份证']],
    ['gangxing.05', ['诚信承诺书']],
    ['gangxing.06', ['核对委托授权书']],
    ['gangxing.07', ['核对报告']],
    ['gangxing.08', ['支出票据']],
    ['gangxing.09', ['收入证明']],
    ['gangxing.16', ['入户调查表']],
    ['gangxing.17', ['入户照片']],
    ['gangxing.18', ['备案表']],
    ['gangxing.20', ['公示']],
  ],
};

/** Fisher–Yates with the seeded generator. */
export function shuffle<T>(items: readonly T[], next: Rng): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

function person(
  counter: { n: number },
  next: Rng,
  birthYear: number,
  sex: '男' | '女',
): { birth: string; idNumber: string; sex: '男' | '女' } {
  const month = String(1 + Math.floor(next() * 12)).padStart(2, '0');
  const day = String(1 + Math.floor(next() * 28)).padStart(2, '0');
  const birth = `${birthYear}${month}${day}`;
  // The sequence's parity carries the sex, as in real numbers (odd = 男).
  counter.n += 2;
  const seq = counter.n + (sex === '男' ? 1 : 0);
  return { birth, idNumber: makeIdNumber(REGION, birth, seq), sex };
}

export function makeHouseholds(count: number, seed: number): CorpusHousehold[] {
  const next = rng(seed * 7919 + 17);
  const counter = { n: 0 };
  const towns = Object.keys(TOWNS);
  return Array.from({ length: count }, (_, index) => {
    const town = towns[index % towns.length] as string;
    const village = pick(TOWNS[town] as string[], next);
    const assistance = ASSISTANCE[index % ASSISTANCE.length] as Assistance;
    const sex: '男' | '女' = next() < 0.5 ? '男' : '女';
    const year = 1940 + Math.floor(next() * 45);
    const head = person(counter, next, year, sex);
    const headName = syntheticName(next);
    const members: Member[] = [{ name: headName, relation: '本人', health: pick(HEALTH, next), ...head }];
    const others = assistance === '特困' ? 0 : Math.floor(next() * 4);
    for (let k = 0; k < others; k++) {
      const spouse = k === 0 && next() < 0.7;
      const s: '男' | '女' = spouse ? (sex === '男' ? '女' : '男') : next() < 0.5 ? '男' : '女';
      const p = person(
        counter,
        next,
        spouse ? year + Math.floor(next() * 5) - 2 : Math.min(2015, year + 22 + Math.floor(next() * 10)),
        s,
      );
      const name = spouse ? syntheticName(next) : headName.slice(0, 1) + syntheticName(next).slice(1);
      members.push({
        name,
        relation: spouse ? (sex === '男' ? '妻子' : '丈夫') : s === '男' ? '儿子' : '女儿',
        health: pick(HEALTH, next),
        ...p,
      });
    }
    const required = FILE_PLAN[assistance].map(([code]) => code);
    const omitCount = next() < 0.3 ? 0 : 1 + Math.floor(next() * 3);
    const omitted = shuffle(required, next).slice(0, omitCount).sort();
    const group = 1 + Math.floor(next() * 9);
    return {
      index,
      town,
      village,
      headName,
      idNumber: head.idNumber,
      sex,
      address: `开原市${town}${village}${group}组${1 + Math.floor(next() * 60)}号`,
      phone: `13${Math.floor(next() * 10)}0000${String(1000 + Math.floor(next() * 9000))}`,
      assistance,
      members,
      omitted,
    };
  });
}

/** The 花名册 CSV the archive imports (roster import takes CSV; see README). */
export function rosterOf(households: CorpusHousehold[]): string {
  const header = ['镇(街道)', '村(社区)', '户主姓名', '身份证号', '救助类型', '保障人口', '家庭人口'];
  return rosterCsv(
    households.map((h) => [
      h.town,
      h.village,
      h.headName,
      h.idNumber,
      h.assistance,
      String(h.members.length),
      String(h.members.length),
    ]),
    header,
  );
}
