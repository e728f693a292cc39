import type { Assistance, CoreKind, CorpusHousehold } from './types';

/**
 * What the core forms say: title variants per assistance type (official
 * names and the variants town offices really print, all meaning the same
 * checklist item) and body wording. Each layout family speaks with its own
 * wording variant, so families differ in text as well as in layout.
 */

type Titles = Record<CoreKind, Record<Assistance, string[]>>;

/** First entry: the official name; the rest: variants seen on real forms. */
export const TITLES: Titles = {
  申请书: {
    低保: ['最低生活保障待遇申请书', '最低生活保障申请书', '低保申请书', '申请最低生活保障待遇申请书'],
    特困: ['特困人员救助供养申请书', '救助供养申请书', '申请特困人员救助供养申请书'],
    临时救助: ['临时救助申请书', '临时救助申请（个人家庭经济状况事项申报承诺）书', '申请临时救助申请书'],
    刚性支出: ['刚性支出困难家庭救助申请书', '刚性支出困难家庭申请表', '社会救助申请书'],
  },
  审核确认表: {
    低保: ['铁岭市居民最低生活保障审核确认表', '最低生活保障审核确认表', '低保审核确认表'],
    特困: ['特困人员救助供养审核确认表', '救助供养审核确认表'],
    临时救助: ['开原市申请临时救助审核确认表', '临时救助审核确认表'],
    刚性支出: ['刚性支出困难家庭申请审核确认表', '刚性支出困难家庭审核确认表'],
  },
  诚信承诺书: {
    低保: ['最低生活保障申请家庭经济状况诚信承诺书', '家庭经济状况诚信承诺书', '诚信承诺书'],
    特困: ['申请特困人员救助供养诚信承诺书', '救助供养诚信承诺书', '诚信承诺书'],
    临时救助: ['社会救助对象诚信承诺书', '诚信承诺书'],
    刚性支出: ['诚信承诺书', '社会救助对象诚信承诺书', '家庭经济状况诚信承诺书'],
  },
  核对委托授权书: {
    低保: ['居民家庭经济状况核对委托授权书', '家庭经济状况核对授权书', '经济状况核对委托授权书'],
    特困: ['居民家庭经济状况核对委托授权书', '家庭经济状况核对授权书', '核对委托授权书'],
    临时救助: ['临时救助家庭经济状况核查委托授权书', '家庭经济状况核查委托授权书', '核查委托授权书'],
    刚性支出: ['居民家庭经济状况核对委托授权书', '家庭经济状况核对授权书'],
  },
  核对报告: {
    低保: ['居民家庭经济状况核对报告', '家庭经济状况核对报告', '经济状况核对报告'],
    特困: ['居民家庭经济状况核对报告', '家庭经济状况核对报告'],
    临时救助: ['居民家庭经济状况核对报告', '家庭经济状况核对报告'],
    刚性支出: ['居民家庭经济状况核对报告', '经济状况核对报告'],
  },
  入户调查表: {
    低保: ['最低生活保障入户调查表', '入户调查记录表', '家庭经济状况入户调查表', '低保入户调查表'],
    特困: ['特困人员救助供养入户调查表', '入户调查记录表', '申请特困人员救助供养入户调查表'],
    临时救助: ['临时救助家庭经济状况入户调查表', '入户调查表', '入户调查记录表'],
    刚性支出: ['刚性支出困难家庭入户调查表', '入户调查表', '入户调查记录表'],
  },
};

/** Natural break points for a title set on two lines (longest prefix first). */
const TWO_LINE_PREFIXES = [
  '最低生活保障申请家庭经济状况',
  '临时救助家庭经济状况',
  '申请特困人员救助供养',
  '铁岭市居民最低生活保障',
  '居民家庭经济状况',
  '特困人员救助供养',
  '开原市申请临时救助',
  '刚性支出困难家庭',
  '最低生活保障',
  '家庭经济状况',
  '社会救助对象',
  '临时救助',
];

export function splitTitle(title: string): [string, string] {
  for (const p of TWO_LINE_PREFIXES)
    if (title.startsWith(p) && title.length - p.length >= 3) return [p, title.slice(p.length)];
  const mid = Math.ceil(title.length / 2);
  return [title.slice(0, mid), title.slice(mid)];
}

export const ASSISTANCE_PHRASE: Record<Assistance, string> = {
  低保: '最低生活保障',
  特困: '特困人员救助供养',
  临时救助: '临时救助',
  刚性支出: '刚性支出困难家庭救助',
};

export interface Section {
  heading: string;
  lines: string[];
}

export interface FormText {
  /** Label/value pairs for the top of the form. */
  fields: [string, string][];
  /** The line printed right under the title (the one OCR merges with it in the `merged` family). */
  subline: string;
  sections: Section[];
  /** Sections for the following pages of multi-page forms. */
  later: Section[][];
  /** Family members with their ID numbers, when the form lists them. */
  members: boolean;
  signatures: string[];
}

/** The wording variant of the held-out family (see families.ts FAMILY_VARIANT): no tuned family shares it. */
export const HELD_OUT_VARIANT = 3;

export interface WordingContext {
  h: CorpusHousehold;
  /** Wording variant (0–3): pairs of tuned families share 0–2; the held-out family alone has 3. */
  variant: number;
  next: () => number;
  date: string;
  reportNo: string;
}

const pick = <T>(items: readonly T[], next: () => number): T => items[Math.floor(next() * items.length)] as T;

function reasons(h: CorpusHousehold, next: () => number): string {
  return pick(
    [
      `本人${h.headName}，因家庭成员长期患病，无劳动能力，家庭人均收入低于当地保障标准，生活困难。`,
      `申请人年老体弱，丧失劳动能力，家中无固定收入来源，日常生活难以维持。`,
      `因配偶突发重病住院治疗，产生大额医疗费用，家庭基本生活出现严重困难。`,
      `家中子女在校就读，本人腿部残疾不能从事体力劳动，仅靠少量土地收入维持生活。`,
    ],
    next,
  );
}

function baseFields(c: WordingContext, headLabel: string): [string, string][] {
  const { h } = c;
  return [
    [headLabel, h.headName],
    ['性别', h.sex],
    ['身份证号', h.idNumber],
    ['家庭住址', h.address],
    ['联系电话', h.phone],
  ];
}

const texts: Record<CoreKind, (c: WordingContext) => FormText> = {
  申请书(c) {
    const what = ASSISTANCE_PHRASE[c.h.assistance];
    const body = [
      [
        `${c.h.town}人民政府：`,
        `${reasons(c.h, c.next)}现根据有关政策规定，特向政府提出${what}申请，恳请予以审核批准。`,
        '本人保证所提供的材料真实有效，如有虚假，愿意承担相应责任。',
      ],
      [
        `尊敬的${c.h.village}村民委员会、${c.h.town}人民政府：`,
        `${reasons(c.h, c.next)}经家庭成员商议，自愿申请${what}，请领导予以照顾。`,
        '此致',
        '敬礼',
      ],
      [
        '申请事由：',
        `${reasons(c.h, c.next)}家庭共同生活成员${c.h.members.length}人，特提出${what}申请。`,
        '申请人承诺：以上情况属实，同意接受入户调查和家庭经济状况核对。',
      ],
      [
        `我叫${c.h.headName}，现居住在${c.h.village}。`,
        `近年来家中变故较多，${reasons(c.h, c.next)}`,
        `现自愿向${c.h.town}人民政府申请${what}，并如实申报家庭人口、收入和财产。`,
        '恳请调查核实，予以救助。',
      ],
    ][c.variant % 4] as string[];
    return {
      fields: baseFields(c, '申请人'),
      subline: `申请人：${c.h.headName}\u3000身份证号：${c.h.idNumber}`,
      sections: [{ heading: '', lines: body }],
      later: [],
      members: c.variant !== 1,
      signatures: ['申请人（签字、按手印）：', `申请日期：${c.date}`],
    };
  },
  审核确认表(c) {
    const opinions =
      c.variant === HELD_OUT_VARIANT
        ? [
            ['村级初审情况', '已召开村民代表会议评议，申请家庭困难情况属实。'],
            ['乡镇（街道）审核情况', '材料齐全，调查核实无误，公示无异议，拟同意。'],
            ['县级民政部门确认情况', '同意确认，自次月起发放。'],
          ]
        : [
            ['村（居）民委员会意见', '经调查，该户情况属实，同意上报。'],
            ['乡镇人民政府（街道办事处）审核意见', '经入户调查、信息核对和公示，无异议，建议批准。'],
            ['县级民政部门确认意见', '经审核，符合条件，同意纳入保障范围。'],
          ];
    const lines = [
      [
        `保障类别：${ASSISTANCE_PHRASE[c.h.assistance]}`,
        `家庭人口：${c.h.members.length}人\u3000保障人口：${c.h.members.length}人`,
        '月人均收入：320元\u3000拟保障金额：每月560元',
      ],
      [
        `申请救助类别：${c.h.assistance}`,
        `共同生活家庭成员${c.h.members.length}人，月人均可支配收入低于当地保障标准。`,
        '公示时间：七日，公示期内无异议。',
      ],
      [
        `审核确认类别：${ASSISTANCE_PHRASE[c.h.assistance]}`,
        '家庭财产状况：无机动车辆，无商业用房。',
        '核对结果：家庭经济状况符合规定。',
      ],
      [
        `救助项目：${ASSISTANCE_PHRASE[c.h.assistance]}`,
        `申请家庭${c.h.members.length}口人，主要成员患病或年老，劳动能力弱。`,
        '经民主评议及信息比对，申请家庭收入、财产符合条件。',
      ],
    ][c.variant % 4] as string[];
    return {
      fields: [...baseFields(c, '户主姓名'), ['所属村（社区）', `${c.h.town}${c.h.village}`]],
      subline: `户主姓名：${c.h.headName}\u3000身份证号：${c.h.idNumber}`,
      sections: [
        { heading: '家庭基本情况', lines },
        ...opinions.map(([heading, text]) => ({
          heading: heading as string,
          lines: [text as string, '（盖章）\u3000\u3000\u3000\u3000年\u3000\u3000月\u3000\u3000日'],
        })),
      ],
      later: [],
      members: true,
      signatures: ['经办人：', '审核人：', `日期：${c.date}`],
    };
  },
  诚信承诺书(c) {
    const body = [
      [
        `本人${c.h.headName}（身份证号：${c.h.idNumber}）申请${ASSISTANCE_PHRASE[c.h.assistance]}，现郑重承诺：`,
        '一、所申报的家庭人口、收入、财产等情况真实、完整，无隐瞒、虚报。',
        '二、家庭经济状况发生变化时，及时主动向村（居）委会和乡镇人民政府报告。',
        '三、如有虚报、隐瞒、伪造等行为，自愿退还所领取的救助金，并承担相应法律责任。',
      ],
      [
        '本人及家庭成员自愿作出如下承诺：',
        '所提供的户籍、收入、财产、就业等信息均真实有效，不存在隐瞒家庭收入和财产的情况。',
        '同意将本人诚信情况纳入社会信用体系，如有不实，愿接受取消救助资格等处理。',
      ],
      [
        '承诺事项：',
        '（一）如实申报家庭经济状况，不虚报、不瞒报；',
        '（二）配合入户调查、邻里访问和信息核对；',
        '（三）违反承诺的，依法依规承担责任，并记入诚信档案。',
      ],
      [
        '为保证社会救助公平公正，本人就申请事项向政府郑重声明：',
        '家庭成员、收入和财产情况均已如实填报，并无遗漏；',
        '今后家庭人口、收入、财产发生变化，将在一个月内主动告知；',
        '如声明不实，愿退回多领款项，并接受相关部门依法处理。',
      ],
    ][c.variant % 4] as string[];
    return {
      fields: c.variant === 0 ? [] : baseFields(c, '承诺人'),
      subline: `承诺人：${c.h.headName}\u3000身份证号：${c.h.idNumber}`,
      sections: [{ heading: '', lines: body }],
      later: [],
      members: false,
      signatures: ['承诺人（签字）：', `${c.date}`],
    };
  },
  核对委托授权书(c) {
    const body = [
      [
        `本人及共同生活的家庭成员，因申请${ASSISTANCE_PHRASE[c.h.assistance]}，自愿授权民政部门及其委托的居民家庭经济状况核对机构，`,
        '向税务、公安、自然资源、人力资源社会保障、住房公积金、市场监管、金融机构等单位查询、核对本人及家庭成员的收入和财产信息。',
        '本授权书自签字之日起生效，有效期至救助终止之日。',
      ],
      [
        '委托人同意并授权核对机构通过信息系统查询下列信息：',
        '存款、理财、股票、车辆、房产、社会保险、住房公积金、工商登记、纳税等。',
        '被授权单位应对所获信息予以保密，仅用于社会救助审核确认。',
      ],
      [
        '授权事项：查询家庭成员收入、财产信息。',
        '授权范围：银行存款及有价证券、机动车辆、不动产登记、工商登记、社会保险缴纳及领取、住房公积金。',
        '授权人知悉上述查询结果将作为认定家庭经济状况的依据。',
      ],
      [
        `本家庭为申请${ASSISTANCE_PHRASE[c.h.assistance]}，全体成员一致同意：`,
        '由民政部门委托核对机构依法调取家庭成员在各部门、各金融机构登记的收入和财产信息，',
        '包括但不限于账户余额、车辆登记、房屋登记、参保缴费、经营登记等，调取结果用于审核确认。',
      ],
    ][c.variant % 4] as string[];
    return {
      fields: baseFields(c, '委托人'),
      subline: `委托人：${c.h.headName}\u3000身份证号：${c.h.idNumber}`,
      sections: [{ heading: '', lines: body }],
      later: [],
      members: true,
      signatures: ['授权人（全体家庭成员签字）：', `${c.date}`],
    };
  },
  核对报告(c) {
    const items = [
      ['户籍信息', '与申报一致'],
      ['机动车辆信息', '未查询到登记车辆'],
      ['不动产登记信息', '名下房屋一处（自住）'],
      ['银行存款信息', '余额合计3260元'],
      ['工商登记信息', '未查询到登记信息'],
      ['社会保险信息', '领取城乡居民养老金每月135元'],
      ['住房公积金信息', '无缴存记录'],
      ['税务信息', '无纳税记录'],
    ];
    const intro = [
      `受${c.h.town}人民政府委托，开原市居民家庭经济状况核对中心对${c.h.headName}家庭的收入、财产状况进行了核对，结果如下：`,
      `核对对象：${c.h.headName}家庭，共${c.h.members.length}人。核对类别：${ASSISTANCE_PHRASE[c.h.assistance]}。`,
      `委托单位：${c.h.town}人民政府。核对方式：信息系统比对。核对日期：${c.date}。`,
      `根据${c.h.town}人民政府的核对申请，现将${c.h.headName}户家庭成员经济状况信息比对情况报告如下：`,
    ][c.variant % 4] as string;
    const half = Math.ceil(items.length / 2);
    const lines = (rows: string[][]) => rows.map(([a, b]) => `${a}：${b}`);
    return {
      fields: [
        ['报告编号', c.reportNo],
        ['户主姓名', c.h.headName],
        ['身份证号', c.h.idNumber],
        ['所在地', `${c.h.town}${c.h.village}`],
      ],
      subline: `报告编号：${c.reportNo}\u3000户主：${c.h.headName}`,
      sections: [
        { heading: '', lines: [intro] },
        { heading: '一、核对结果', lines: lines(items.slice(0, half)) },
      ],
      later:
        c.variant === HELD_OUT_VARIANT
          ? [
              [
                { heading: '（接上页）', lines: lines(items.slice(half)) },
                {
                  heading: '比对意见',
                  lines: ['各项信息比对后，未发现申请家庭有超出规定的收入和财产。', '以上比对结果截至出具之日。'],
                },
              ],
              [
                {
                  heading: '家庭成员比对情况',
                  lines: c.h.members.map((m) => `${m.relation}${m.name}：比对完成，无异常`),
                },
              ],
            ]
          : [
              [
                { heading: '一、核对结果（续）', lines: lines(items.slice(half)) },
                {
                  heading: '二、核对结论',
                  lines: [
                    '经核对，该家庭月人均收入低于当地最低生活保障标准，家庭财产状况符合规定。',
                    '本报告仅供社会救助审核确认使用。',
                  ],
                },
              ],
              [
                {
                  heading: '三、附：家庭成员核对明细',
                  lines: c.h.members.map((m) => `${m.name}\u3000${m.relation}\u3000各项信息已核对`),
                },
              ],
            ],
      members: true,
      signatures: ['核对机构（盖章）', `出具日期：${c.date}`],
    };
  },
  入户调查表(c) {
    const first = [
      {
        heading: '一、家庭基本情况',
        lines: [
          `共同生活家庭成员${c.h.members.length}人，住房为自建平房，面积约六十平方米。`,
          '家庭主要生活来源：种植业收入及零星务工收入。',
        ],
      },
      {
        heading: '一、住房情况',
        lines: ['现住房屋为砖瓦结构平房三间，房屋产权归户主所有。', '室内陈设简陋，无高档家电。'],
      },
      {
        heading: '一、调查情况',
        lines: [
          '调查人员于当日到申请人家中，查看了住房、生活用品和家庭成员身体状况。',
          '申请人如实回答了调查人员的询问。',
        ],
      },
      {
        heading: '一、入户所见',
        lines: ['申请人居住的房屋较为陈旧，屋内取暖靠土炕和小煤炉。', '家中未见车辆、大型农机具和贵重物品。'],
      },
    ][c.variant % 4] as Section;
    return {
      fields: [...baseFields(c, '户主姓名'), ['调查时间', c.date]],
      subline: `被调查人：${c.h.headName}\u3000身份证号：${c.h.idNumber}`,
      sections: [first],
      later:
        c.variant === HELD_OUT_VARIANT
          ? [
              [
                {
                  heading: '收入核查',
                  lines: ['家中主要劳动力外出打零工，每月收入不稳定，约八百元。', '家庭无其他经营性和财产性收入。'],
                },
                { heading: '财产核查', lines: ['未发现存款、有价证券和商铺。', '耕地由亲属代种，未收取租金。'] },
              ],
              [
                { heading: '走访情况', lines: ['向村干部和邻居了解，申请人家庭情况与申报一致。'] },
                { heading: '调查结论', lines: ['申请家庭确有困难，符合救助条件，同意上报。'] },
              ],
            ]
          : [
              [
                {
                  heading: '二、家庭收入情况',
                  lines: [
                    '工资性收入：无固定工作，偶有零工收入。',
                    '经营性收入：承包耕地二点五亩，种植玉米，年收入约三千元。',
                    '转移性收入：残疾人两项补贴每月一百二十元。',
                  ],
                },
                {
                  heading: '三、家庭财产情况',
                  lines: ['家庭成员名下无机动车辆、无商业用房、无大额存款。', '饲养家禽若干，无大型农机具。'],
                },
              ],
              [
                { heading: '四、邻里访问情况', lines: ['走访邻居两户，反映该户生活确实困难，情况属实。'] },
                {
                  heading: '五、调查人意见',
                  lines: ['经入户核查，该户家庭收入、财产状况与申报情况基本一致，建议予以救助。'],
                },
              ],
            ],
      members: true,
      signatures: ['调查人（签字）：', '被调查人（签字）：', `${c.date}`],
    };
  },
};

export function formText(kind: CoreKind, c: WordingContext): FormText {
  return texts[kind](c);
}
