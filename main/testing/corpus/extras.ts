import { photoSvg } from '../scans';
import { finish, type FontKey, type PageDrawing, Sheet, wrap } from './svg';
import type { CorpusHousehold, ExtraKind } from './types';

/**
 * The other pages a real household file holds: 户口簿 and 身份证 copies,
 * 入户照片, 公示, the other required notices and proofs, duplex backs and a
 * page of something unrelated. One plain layout each: they are not what the
 * families measure, but they make files realistic and carry the other
 * checklist items (so missing-item truth covers whole checklists).
 */

type Rng = () => number;
const pick = <T>(items: readonly T[], next: Rng): T => items[Math.floor(next() * items.length)] as T;

const birthText = (b: string) => `${b.slice(0, 4)}年${Number(b.slice(4, 6))}月${Number(b.slice(6, 8))}日`;

function hukou(h: CorpusHousehold, next: Rng): PageDrawing {
  const s = new Sheet('#f4f4f2');
  const font: FontKey = 'ming';
  // A photocopy of two booklet pages: the 户主 page and one member's page.
  const card = (top: number, m: CorpusHousehold['members'][number], first: boolean) => {
    s.rect({ x: 25, y: top, width: 160, height: 112 }, '#444', 0.5);
    s.text(105, top + 12, first ? '居民户口簿' : '常住人口登记卡', {
      size: 6.5,
      font: 'serif',
      bold: true,
      anchor: 'middle',
    });
    const rows: [string, string][] = [
      ['姓名', m.name],
      ['户主或与户主关系', m.relation === '本人' ? '户主' : m.relation],
      ['性别', m.sex],
      ['出生日期', birthText(m.birth)],
      ['公民身份号码', m.idNumber],
      ['住址', h.address],
    ];
    rows.forEach(([k, v], i) => {
      const y = top + 26 + i * 13;
      s.line(30, y + 3, 180, y + 3, 0.25, '#666');
      s.text(32, y, k, { size: 4, font });
      s.text(78, y, v, { size: 4.2, font });
    });
  };
  card(25, h.members[0] as CorpusHousehold['members'][number], true);
  card(155, (h.members[1] ?? h.members[0]) as CorpusHousehold['members'][number], false);
  if (next() < 0.5) s.text(180, 282, '与原件一致', { size: 4, font: 'kai', anchor: 'end', fill: '#2a3f9a' });
  return finish(s);
}

function idCard(h: CorpusHousehold, next: Rng): PageDrawing {
  const s = new Sheet('#f2f2f0');
  const m = h.members[0] as CorpusHousehold['members'][number];
  const x = 50;
  // Front: name, sex, birth, address, number; a grey box where the photo is.
  s.rect({ x, y: 40, width: 110, height: 70 }, '#555', 0.5, '#e6e6e2');
  s.text(x + 6, 54, `姓名\u3000${m.name}`, { size: 4, font: 'sans' });
  s.text(x + 6, 64, `性别\u3000${m.sex}\u3000民族\u3000汉`, { size: 3.6, font: 'sans' });
  s.text(x + 6, 73, `出生\u3000${birthText(m.birth)}`, { size: 3.6, font: 'sans' });
  wrap(`住址\u3000${h.address}`, 14).forEach((l, i) => s.text(x + 6, 82 + i * 6, l, { size: 3.6, font: 'sans' }));
  s.text(x + 6, 104, `公民身份号码\u3000${m.idNumber}`, { size: 3.8, font: 'sans' });
  s.rect({ x: x + 78, y: 48, width: 26, height: 34 }, '#777', 0.3, '#c9c9c4');
  // Back: the national emblem side.
  s.rect({ x, y: 130, width: 110, height: 70 }, '#555', 0.5, '#e6e6e2');
  s.text(x + 60, 150, '中华人民共和国', { size: 5.5, font: 'serif', bold: true, anchor: 'middle' });
  s.text(x + 60, 164, '居民身份证', { size: 7, font: 'serif', bold: true, anchor: 'middle' });
  s.text(x + 10, 185, '签发机关\u3000开原市公安局', { size: 3.4, font: 'sans' });
  s.text(x + 10, 193, `有效期限\u30002016.05.12-${next() < 0.3 ? '长期' : '2036.05.12'}`, { size: 3.4, font: 'sans' });
  s.text(105, 230, '身份证复印件', { size: 4.2, font: 'ming', anchor: 'middle' });
  return finish(s);
}

function photos(next: Rng): PageDrawing {
  // The photo page the scanner tests already use (two photos and a caption).
  return { svg: photoSvg(next), titleBox: null, ids: [], text: '入户照片' };
}

function publicity(h: CorpusHousehold, others: CorpusHousehold[], next: Rng): PageDrawing {
  const s = new Sheet();
  const what =
    h.assistance === '特困'
      ? '特困人员救助供养初审意见公示'
      : h.assistance === '刚性支出'
        ? '刚性支出困难家庭审核确认公示'
        : '最低生活保障审核确认公示';
  s.text(105, 30, what, { size: 7, font: 'sans', bold: true, anchor: 'middle' });
  s.text(25, 46, `根据有关规定，现将${h.town}${h.village}拟纳入救助对象名单公示如下，公示期七天。`, {
    size: 4,
    font: 'ming',
  });
  const rows = [h, ...others].slice(0, 5);
  const head = ['序号', '村（社区）', '户主姓名', '身份证号', '保障人数'];
  const cols = [25, 40, 75, 105, 160, 185];
  [
    head,
    ...rows.map((r, i) => [
      String(i + 1),
      r.village,
      r.headName,
      `${r.idNumber.slice(0, 6)}********${r.idNumber.slice(-4)}`,
      String(r.members.length),
    ]),
  ].forEach((cells, r) => {
    const y = 60 + r * 11;
    s.line(25, y, 185, y);
    cells.forEach((c, i) => s.text((cols[i] ?? 25) + 2, y + 7.5, c, { size: 3.8, font: 'ming' }));
  });
  const bottom = 60 + (rows.length + 1) * 11;
  s.line(25, bottom, 185, bottom);
  for (const x of cols) s.line(x, 60, x, bottom);
  s.text(25, bottom + 14, '如有异议，请于公示期内向乡镇人民政府（街道办事处）反映。监督电话：0000-0000000', {
    size: 3.6,
    font: 'ming',
  });
  s.text(180, bottom + 30, `${h.town}人民政府`, { size: 4, font: 'ming', anchor: 'end' });
  if (next() < 0.5) s.text(105, 280, '公示照片：张贴于村务公开栏', { size: 3.6, font: 'sans', anchor: 'middle' });
  return finish(s);
}

/** A short notice or proof in one plain layout: title, addressee, a few lines, issuer and date. */
function notice(
  h: CorpusHousehold,
  title: string,
  lines: string[],
  next: Rng,
  issuer = `${h.town}人民政府`,
): PageDrawing {
  const s = new Sheet();
  const font = pick<FontKey>(['serif', 'ming', 'sans'], next);
  s.title(105, 32, title, { size: 6.8, font: 'sans', bold: true, anchor: 'middle' });
  let y = 52;
  s.text(25, y, `${h.headName}：`, { size: 4.3, font });
  y += 10;
  for (const line of lines)
    for (const w of wrap(`\u3000\u3000${line}`, 34)) {
      s.text(25, y, w, { size: 4.3, font });
      y += 8.5;
    }
  s.text(180, y + 20, issuer, { size: 4.3, font, anchor: 'end' });
  s.text(180, y + 30, '2025年3月20日', { size: 4.3, font, anchor: 'end' });
  return finish(s);
}

function bankCard(h: CorpusHousehold, next: Rng): PageDrawing {
  const s = new Sheet('#f3f3f1');
  s.rect({ x: 55, y: 50, width: 100, height: 62 }, '#555', 0.5, '#dcdcd8');
  s.text(62, 64, pick(['中国农业银行', '开原农商银行', '中国邮政储蓄银行'], next), {
    size: 5,
    font: 'sans',
    bold: true,
  });
  s.text(
    62,
    90,
    '6228 4804 ' + String(1000 + Math.floor(next() * 9000)) + ' 0000 ' + String(100 + Math.floor(next() * 900)),
    { size: 5, font: 'sans' },
  );
  s.text(62, 104, `户名：${h.headName}`, { size: 4, font: 'sans' });
  s.text(105, 135, '银行卡（存折）复印件', { size: 4.5, font: 'ming', anchor: 'middle' });
  return finish(s);
}

function receipt(h: CorpusHousehold, next: Rng): PageDrawing {
  const s = new Sheet('#fbfbf7');
  s.title(105, 30, '辽宁省医疗住院收费票据', { size: 6, font: 'serif', bold: true, anchor: 'middle', fill: '#7a1a1a' });
  s.text(25, 45, `患者姓名：${h.headName}\u3000住院号：${100000 + Math.floor(next() * 900000)}`, {
    size: 4,
    font: 'sans',
  });
  const items = ['床位费', '检查费', '化验费', '治疗费', '西药费', '手术费'];
  items.forEach((it, i) =>
    s.text(30, 60 + i * 9, `${it}\u3000\u3000${(100 + next() * 4000).toFixed(2)}元`, { size: 4, font: 'ming' }),
  );
  s.text(30, 125, `合计（大写）：壹万贰仟叁佰元整\u3000（小写）：12300.00元`, { size: 4, font: 'ming' });
  s.text(170, 140, '收款单位：开原市中心医院', { size: 3.8, font: 'ming', anchor: 'end' });
  return finish(s);
}

const UNRELATED: [string, string[]][] = [
  [
    '关于做好冬季农村供暖安全工作的通知',
    [
      '各村（社区）：',
      '入冬以来，天气逐渐寒冷，为确保群众安全温暖过冬，现就有关事项通知如下。',
      '一、加强取暖设施安全检查，防止一氧化碳中毒。',
      '二、做好困难群众取暖物资发放工作。',
    ],
  ],
  [
    '村民代表大会会议记录',
    [
      '时间：2025年3月5日上午九时',
      '地点：村委会会议室',
      '议题：讨论本年度村内道路维修事宜。',
      '与会代表一致同意由村委会组织施工。',
    ],
  ],
  [
    '电费缴费通知单',
    ['户号：0312004587', '本期用电量：126度\u3000应缴金额：63.00元', '请于本月25日前到供电营业厅或通过手机缴费。'],
  ],
  [
    '新型农村合作医疗政策宣传单',
    ['参保缴费时间：每年9月至12月。', '住院报销比例：乡镇卫生院90%，县级医院75%。', '咨询电话：0000-0000000'],
  ],
];

function unrelated(next: Rng): PageDrawing {
  const [title, lines] = pick(UNRELATED, next);
  const s = new Sheet();
  s.text(105, 34, title, { size: 6.5, font: 'sans', bold: true, anchor: 'middle' });
  let y = 54;
  for (const line of lines)
    for (const w of wrap(line, 34)) {
      s.text(25, y, w, { size: 4.3, font: 'serif' });
      y += 9;
    }
  return finish(s);
}

/** A duplex back: paper and the previous page showing through, mirrored and very faint. */
export function blankBack(front: PageDrawing | null): PageDrawing {
  const inner = front ? front.svg.replace(/^<svg[^>]*>/, '').replace(/<\/svg>$/, '') : '';
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="210" height="297" viewBox="0 0 210 297"><rect width="210" height="297" fill="#fbfbf8"/>` +
    `<g transform="translate(210,0) scale(-1,1)" opacity="0.035">${inner}</g></svg>`;
  return { svg, titleBox: null, ids: [], text: '', blank: true };
}

export function renderExtra(
  kind: Exclude<ExtraKind, 'blank'>,
  h: CorpusHousehold,
  neighbours: CorpusHousehold[],
  next: Rng,
): PageDrawing {
  switch (kind) {
    case '户口簿':
      return hukou(h, next);
    case '身份证':
      return idCard(h, next);
    case '入户照片':
      return photos(next);
    case '公示':
      return publicity(h, neighbours, next);
    case '受理通知单':
      return notice(
        h,
        '最低生活保障受理通知单',
        [
          `你（户）于2025年3月18日提出的最低生活保障申请，经审查材料齐全，本机关决定予以受理。`,
          '我们将在规定时限内组织入户调查、信息核对，请予以配合。',
        ],
        next,
      );
    case '备案表':
      return notice(
        h,
        h.assistance === '刚性支出' ? '刚性支出困难家庭备案表' : '最低生活保障备案表',
        [
          `户主${h.headName}，身份证号${h.idNumber}，家庭人口${h.members.length}人。`,
          '经审核确认，已纳入保障范围，现予备案。',
        ],
        next,
        `${h.town}民政办`,
      );
    case '结果告知书':
      return notice(
        h,
        '申请最低生活保障确认结果告知书',
        [
          '经审核确认，你家庭符合最低生活保障条件，自2025年4月起按月发放保障金。',
          '如对确认结果有异议，可在收到本告知书之日起六十日内申请行政复议。',
        ],
        next,
      );
    case '收入证明':
      return notice(
        h,
        pick(['收入证明', '家庭收入证明'], next),
        [`兹证明${h.headName}（身份证号：${h.idNumber}）家庭无固定收入，年人均收入约三千元。`, '特此证明。'],
        next,
        `${h.village}村民委员会`,
      );
    case '银行卡':
      return bankCard(h, next);
    case '支出票据':
      return receipt(h, next);
    case '困难说明':
      return notice(
        h,
        '家庭困难情况说明',
        [`${h.headName}家因突发疾病住院治疗，花费医疗费用一万余元，报销后自付部分较大，生活陷入困境。`, '特此说明。'],
        next,
        `${h.village}村民委员会`,
      );
    case 'unrelated':
      return unrelated(next);
  }
}
