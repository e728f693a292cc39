import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { makeIdNumber } from '../domain/idNumber';

/**
 * Synthetic rosters for tests and benchmarks. Every person is invented; ID
 * numbers carry a valid check digit but belong to nobody.
 */

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文';
const GIVEN = '桂兰秀英玉珍凤芝淑华建国志强国庆明德永红春梅海燕丽娟文军立新金凤宝山长林振东德胜淑芬冬梅秋菊';
const REGIONS = ['120116', '120113', '120221', '210282', '211282'];
const TYPES = ['低保', '特困', '临时救助', '刚性支出'];

/** How a screen must show an 18-digit ID number to a role that does not need it: 6 + 8 stars + 4 (written out here, not taken from the code under test). */
export const masked = (id: string) => `${id.slice(0, 6)}********${id.slice(-4)}`;

export interface SyntheticHousehold {
  village: string;
  headName: string;
  idNumber: string;
  assistance: string;
  insured: number;
}

/** Deterministic pseudo-random numbers, so fixtures are the same on every run. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** An invented name: a surname and one or two given-name characters. */
export function syntheticName(next: () => number): string {
  const pick = (text: string) => text[Math.floor(next() * text.length)] ?? '';
  return pick(SURNAMES) + pick(GIVEN) + (next() < 0.6 ? pick(GIVEN) : '');
}

export function syntheticHouseholds(count: number, villages: string[], seed = 1): SyntheticHousehold[] {
  const next = rng(seed);
  return Array.from({ length: count }, (_, i) => {
    const year = 1935 + Math.floor(next() * 70);
    const month = String(1 + Math.floor(next() * 12)).padStart(2, '0');
    const day = String(1 + Math.floor(next() * 28)).padStart(2, '0');
    return {
      village: villages[i % villages.length] ?? '',
      headName: syntheticName(next),
      // The sequence part carries i, so IDs are unique within a roster.
      idNumber: makeIdNumber(REGIONS[i % REGIONS.length] ?? '120116', `${year}${month}${day}`, i),
      assistance: TYPES[Math.floor(next() * TYPES.length)] ?? '低保',
      insured: 1 + Math.floor(next() * 5),
    };
  });
}

export const ROSTER_HEADER = ['村(社区)', '户主姓名', '身份证号', '救助类型', '保障人口'];

export function rosterCsv(rows: string[][], header = ROSTER_HEADER): string {
  const quote = (c: string) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
  return [header, ...rows].map((r) => r.map(quote).join(',')).join('\r\n') + '\r\n';
}

export function householdCells(h: SyntheticHousehold): string[] {
  return [h.village, h.headName, h.idNumber, h.assistance, String(h.insured)];
}

export function writeCsv(file: string, text: string, encoding: 'utf8' | 'utf8-bom' | 'gbk' = 'utf8'): string {
  const bytes =
    encoding === 'gbk'
      ? iconv.encode(text, 'gbk')
      : Buffer.concat([Buffer.from(encoding === 'utf8-bom' ? '\uFEFF' : ''), Buffer.from(text, 'utf8')]);
  fs.writeFileSync(file, bytes);
  return file;
}

export function tempDir(prefix = 'hudang-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}
