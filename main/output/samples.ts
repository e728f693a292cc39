import sharp from 'sharp';
import { ASSISTANCE_FULL_NAMES } from '../domain/assistance';
import { makeIdNumber } from '../domain/idNumber';
import { FORM_TITLES, renderFormPage } from '../testing/scans';
import { volumeTitle } from './cover';
import type { BoxLabel, PageImage, RectificationData, SeparatorBatch, VolumeData, VolumeDocument } from './types';

/**
 * Synthetic sample data for the output tests and the benchmark. Every name
 * and ID number is invented (makeIdNumber); nobody here is real.
 */

export const SAMPLE_ITEMS = [
  { code: 'dibao.01', number: 1, name: '铁岭市居民最低生活保障审核确认表' },
  { code: 'dibao.02', number: 2, name: '最低生活保障待遇申请书' },
  { code: 'dibao.03', number: 3, name: '申请家庭户口簿、身份证复印件' },
  { code: 'dibao.08', number: 8, name: '最低生活保障入户调查表及入户照片' },
  { code: 'dibao.11', number: 11, name: '房产证明(房产证复印件、租房协议、购房协议、房产部门出具证明等)' },
] as const;

export const SAMPLE_HEAD = { name: '王桂兰', idNumber: makeIdNumber('120116', '19450512', 17) };

async function scan(seed: number, dpi: number, extra: { photo?: boolean; title?: string } = {}): Promise<PageImage> {
  const bytes = await renderFormPage({ seed, dpi, quality: 80, ...extra });
  const meta = await sharp(bytes).metadata();
  return { bytes: new Uint8Array(bytes), width: meta.width ?? 0, height: meta.height ?? 0, dpi };
}

/** A landscape page (a form printed sideways), as PNG. */
async function landscapePng(): Promise<PageImage> {
  const svg =
    '<svg xmlns="http://www.w3.org/2000/svg" width="1169" height="827"><rect width="1169" height="827" fill="#fff"/>' +
    '<rect x="40" y="40" width="1089" height="747" fill="none" stroke="#000" stroke-width="3"/>' +
    '<text x="584" y="140" font-size="56" text-anchor="middle" font-family="Noto Sans CJK SC">家庭经济状况核对报告（横版）</text>' +
    '<text x="120" y="260" font-size="34" font-family="Noto Sans CJK SC">↑ 本页上端</text></svg>';
  const bytes = await sharp(Buffer.from(svg)).png().toBuffer();
  return { bytes: new Uint8Array(bytes), width: 1169, height: 827, dpi: 100 };
}

/** A small original (ID card copy) at its real size, 300 dpi. */
async function idCard(): Promise<PageImage> {
  const svg =
    '<svg xmlns="http://www.w3.org/2000/svg" width="1011" height="638"><rect width="1011" height="638" rx="30" fill="#dde8f0"/>' +
    '<text x="60" y="120" font-size="48" font-family="Noto Sans CJK SC">姓名 王桂兰</text>' +
    `<text x="60" y="560" font-size="44" font-family="Noto Sans CJK SC">公民身份号码 ${SAMPLE_HEAD.idNumber}</text></svg>`;
  const bytes = await sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toBuffer();
  return { bytes: new Uint8Array(bytes), width: 1011, height: 638, dpi: 300 };
}

/** Five documents, eight pages: JPEG scans, a photo page, an ID card, a landscape PNG. */
export async function sampleDocuments(dpi = 100): Promise<VolumeDocument[]> {
  const [a, b, c, d] = SAMPLE_ITEMS;
  return [
    {
      title: a.name,
      responsible: '城南镇人民政府',
      date: '2024-03-20',
      documentNumber: '城南民〔2024〕12号',
      pages: [await scan(1, dpi, { title: '居民最低生活保障审核确认表' })],
    },
    {
      title: b.name,
      responsible: '王桂兰',
      date: '2024-03-18',
      pages: [await scan(2, dpi, { title: FORM_TITLES[0] }), await scan(3, dpi, { title: FORM_TITLES[0] })],
    },
    {
      title: c.name,
      responsible: '王桂兰',
      date: '2024-03-18',
      remark: '复印件',
      pages: [await idCard(), await scan(4, dpi, { title: '居民户口簿' })],
    },
    {
      title: d.name,
      responsible: '红旗村民委员会',
      date: '2024-03-25',
      pages: [await scan(5, dpi, { title: FORM_TITLES[4] }), await scan(6, dpi, { photo: true })],
    },
    {
      title: '居民家庭经济状况核对报告',
      responsible: '城南镇社会救助所',
      date: '20240402',
      pages: [await landscapePng()],
    },
  ];
}

export const SAMPLE_COVER = {
  fondsName: '城南镇人民政府',
  category: ASSISTANCE_FULL_NAMES.低保,
  title: volumeTitle({
    town: '城南镇',
    village: '红旗村',
    headName: SAMPLE_HEAD.name,
    category: ASSISTANCE_FULL_NAMES.低保,
  }),
  startDate: '2024-03-18',
  endDate: '2024-04-02',
  retention: '30年',
  archiveCode: 'J012-DB-003-0001',
};

export async function sampleVolume(dpi = 100): Promise<VolumeData> {
  return {
    cover: SAMPLE_COVER,
    documents: await sampleDocuments(dpi),
    remarks: {
      missingItems: [SAMPLE_ITEMS[4].name, '申请最低生活保障确认结果告知书'],
      statement: '户口簿复印件第2页字迹较淡，已核对原件。',
      compiler: '李晓红',
      checker: '赵建国',
      compiledOn: '2024-04-10',
    },
    timestamp: '2024-04-10T08:00:00Z',
  };
}

export function sampleLabels(): BoxLabel[] {
  const base = { fondsName: '城南镇人民政府', category: ASSISTANCE_FULL_NAMES.低保, year: '2024', retention: '30年' };
  return [
    {
      ...base,
      village: '红旗村',
      firstHousehold: '0001',
      lastHousehold: '0040',
      boxNumber: '001',
      qrPayload: 'HUDANG1:BOX:003-DB-2024-001',
    },
    {
      ...base,
      village: '红旗村',
      firstHousehold: '0041',
      lastHousehold: '0075',
      boxNumber: '002',
      qrPayload: 'HUDANG1:BOX:003-DB-2024-002',
    },
    {
      ...base,
      village: '东棘坨镇于家岭村',
      category: ASSISTANCE_FULL_NAMES.特困,
      firstHousehold: '0001',
      lastHousehold: '0012',
      boxNumber: '003',
      qrPayload: 'HUDANG1:BOX:007-TK-2024-003',
    },
    {
      ...base,
      village: '红旗村',
      firstHousehold: '0007',
      lastHousehold: '0031',
      boxNumber: '901',
      qrPayload: 'HUDANG1:BOX:003-DB-2024-901',
      exited: true,
    },
  ];
}

export function sampleSeparators(): SeparatorBatch {
  return {
    town: '城南镇',
    village: '红旗村',
    households: [
      {
        householdId: 42,
        headName: SAMPLE_HEAD.name,
        idNumber: SAMPLE_HEAD.idNumber,
        assistance: ASSISTANCE_FULL_NAMES.低保,
        items: [SAMPLE_ITEMS[0], SAMPLE_ITEMS[4]],
      },
      {
        householdId: 43,
        headName: '刘德福',
        idNumber: makeIdNumber('120116', '19520303', 31),
        assistance: ASSISTANCE_FULL_NAMES.特困,
      },
    ],
  };
}

export function sampleRectification(households = 3): RectificationData {
  const names = ['王桂兰', '刘德福', '张秀英', '陈玉珍', '赵长山', '孙淑芬'];
  return {
    town: '城南镇',
    village: '红旗村',
    date: '2024-11-20',
    deadline: '2024-12-20',
    totalHouseholds: 40,
    households: Array.from({ length: households }, (_, i) => ({
      headName: names[i % names.length] ?? '王桂兰',
      idNumber: makeIdNumber('120116', `19${50 + (i % 40)}0101`, i + 3),
      assistance: i % 3 === 2 ? ASSISTANCE_FULL_NAMES.特困 : ASSISTANCE_FULL_NAMES.低保,
      missingItems: SAMPLE_ITEMS.slice(i % 3, (i % 3) + 1 + (i % 4)).map((it) => it.name),
    })),
  };
}
