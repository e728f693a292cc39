import {
  isCorePage,
  precision,
  recall,
  reliability,
  share,
  sumMissing,
  tally,
  type PageOutcome,
  type Scores,
  type Tally,
} from './score';
import { BASE_DEGRADATIONS, FAMILIES, HELD_OUT_FAMILY, type FamilyId } from './types';

/** Markdown tables of the filing figures: tuned families and the held-out family always apart. */

const pct = (v: number) => (Number.isNaN(v) ? '–' : `${(v * 100).toFixed(1)} %`);
const cell = (t: Tally) => (t.n === 0 ? '–' : `${pct(share(t))} (${t.right}/${t.n})`);

export interface Group {
  name: string;
  families: readonly FamilyId[];
}

export function groupsOf(families: readonly FamilyId[]): Group[] {
  const tuned = families.filter((f) => f !== HELD_OUT_FAMILY);
  const groups: Group[] = [];
  if (tuned.length > 0) groups.push({ name: 'tuned families', families: tuned });
  if (families.includes(HELD_OUT_FAMILY))
    groups.push({ name: `held-out family (${HELD_OUT_FAMILY})`, families: [HELD_OUT_FAMILY] });
  return groups;
}

export interface Headline {
  core: Tally;
  auto: Tally;
  autoShare: Tally;
  missingPrecision: number;
  missingRecall: number;
  missing: { expected: number; reported: number; correct: number };
  contradicting: number;
  wrongHousehold: number;
  adfAssigned: Tally;
  adfRight: Tally;
  lost: number;
}

export function headline(scores: Scores, families: readonly FamilyId[]): Headline {
  const mine = scores.outcomes.filter((o) => families.includes(o.householdFamily));
  const core = mine.filter(isCorePage);
  const auto = mine.filter((o) => o.auto);
  const adf = mine.filter((o) => o.delivery === 'adf' && !o.truth.blank);
  const missing = sumMissing(families.map((f) => scores.missing.get(f) ?? { expected: 0, reported: 0, correct: 0 }));
  return {
    core: tally(core, (o) => o.right),
    auto: tally(auto, (o) => o.right),
    autoShare: tally(
      mine.filter((o) => !o.truth.blank),
      (o) => o.auto,
    ),
    missingPrecision: precision(missing),
    missingRecall: recall(missing),
    missing,
    contradicting: mine.filter((o) => o.contradicts).length,
    wrongHousehold: mine.filter((o) => o.wrongHousehold).length,
    adfAssigned: tally(adf, (o) => o.row?.household != null),
    adfRight: tally(adf, (o) => o.householdRight),
    lost: mine.filter((o) => !o.row).length,
  };
}

const TARGETS = {
  core: 0.98,
  auto: 0.98,
  missing: 0.98,
  adf: 0.95,
};

function verdict(ok: boolean): string {
  return ok ? 'holds' : '**missed**';
}

export function targetsTable(scores: Scores, groups: Group[]): string {
  const hs = groups.map((g) => headline(scores, g.families));
  const row = (label: string, value: (h: Headline) => string, ok: (h: Headline) => boolean) =>
    `| ${label} | ${hs.map((h) => `${value(h)} (${verdict(ok(h))})`).join(' | ')} |`;
  return [
    `| issue 15 target | ${groups.map((g) => g.name).join(' | ')} |`,
    `| --- | ${groups.map(() => '---').join(' | ')} |`,
    row(
      'core pages filed to the right item ≥ 98 %',
      (h) => cell(h.core),
      (h) => share(h.core) >= TARGETS.core,
    ),
    row(
      'auto-filed pages right ≥ 98 %',
      (h) => cell(h.auto),
      (h) => h.auto.n > 0 && share(h.auto) >= TARGETS.auto,
    ),
    row(
      'missing-item precision ≥ 98 %',
      (h) => `${pct(h.missingPrecision)} (${h.missing.correct}/${h.missing.reported})`,
      (h) => h.missingPrecision >= TARGETS.missing,
    ),
    row(
      'missing-item recall ≥ 98 %',
      (h) => `${pct(h.missingRecall)} (${h.missing.correct}/${h.missing.expected})`,
      (h) => h.missingRecall >= TARGETS.missing,
    ),
    row(
      'pages under a household their own text contradicts = 0',
      (h) => String(h.contradicting),
      (h) => h.contradicting === 0,
    ),
    row(
      'pages of several-household ADF batches assigned ≥ 95 % (blank backs aside)',
      (h) => cell(h.adfAssigned),
      (h) => h.adfAssigned.n > 0 && share(h.adfAssigned) >= TARGETS.adf,
    ),
    row(
      'pages lost (no row in `pages`) = 0',
      (h) => String(h.lost),
      (h) => h.lost === 0,
    ),
  ].join('\n');
}

export function detailTable(scores: Scores, groups: Group[]): string {
  const lines = [
    '| group | core pages right | first pages | continuation pages | auto-filed right | share auto-filed | all pages right | under another household (contradicting) | ADF pages assigned (to the right household) |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  const add = (label: string, outcomes: PageOutcome[]) => {
    const core = outcomes.filter(isCorePage);
    const adf = outcomes.filter((o) => o.delivery === 'adf' && !o.truth.blank);
    lines.push(
      `| ${label} | ${cell(tally(core, (o) => o.right))} | ${cell(
        tally(
          core.filter((o) => o.truth.pageOfDocument === 1),
          (o) => o.right,
        ),
      )} | ${cell(
        tally(
          core.filter((o) => o.truth.pageOfDocument > 1),
          (o) => o.right,
        ),
      )} | ${cell(
        tally(
          outcomes.filter((o) => o.auto),
          (o) => o.right,
        ),
      )} | ${cell(
        tally(
          outcomes.filter((o) => !o.truth.blank),
          (o) => o.auto,
        ),
      )} | ${cell(tally(outcomes, (o) => o.right))} | ${outcomes.filter((o) => o.wrongHousehold).length} (${outcomes.filter((o) => o.contradicts).length}) | ${cell(tally(adf, (o) => o.row?.household != null))} (${cell(tally(adf, (o) => o.householdRight))}) |`,
    );
  };
  for (const g of groups) {
    for (const f of g.families)
      add(
        f === HELD_OUT_FAMILY ? `${f} (held out)` : f,
        scores.outcomes.filter((o) => o.householdFamily === f),
      );
    if (g.families.length > 1)
      add(
        `**${g.name}**`,
        scores.outcomes.filter((o) => g.families.includes(o.householdFamily)),
      );
  }
  return lines.join('\n');
}

export function missingTable(scores: Scores, groups: Group[]): string {
  const lines = [
    "| families | households' missing items (truth) | reported missing | right | precision | recall |",
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const g of groups) {
    const rows: [string, readonly FamilyId[]][] =
      g.families.length > 1
        ? [...g.families.map((f) => [f, [f]] as [string, FamilyId[]]), [`**${g.name}**`, g.families]]
        : [[g.name, g.families]];
    for (const [label, fams] of rows) {
      const m = sumMissing(fams.map((f) => scores.missing.get(f) ?? { expected: 0, reported: 0, correct: 0 }));
      lines.push(
        `| ${label} | ${m.expected} | ${m.reported} | ${m.correct} | ${pct(precision(m))} | ${pct(recall(m))} |`,
      );
    }
  }
  return lines.join('\n');
}

/** Core pages right per capture, each group apart. */
export function degradationTable(scores: Scores, groups: Group[]): string {
  const rows: [string, (o: PageOutcome) => boolean][] = [
    ...BASE_DEGRADATIONS.map((b): [string, (o: PageOutcome) => boolean] => [b, (o) => o.truth.degradation.base === b]),
    ['red stamp across the title (any capture)', (o) => o.truth.degradation.stamp],
    ['upside down (any capture)', (o) => o.truth.degradation.upsideDown],
  ];
  const lines = [
    `| capture (core pages) | ${groups.map((g) => g.name).join(' | ')} |`,
    `| --- | ${groups.map(() => '---').join(' | ')} |`,
  ];
  for (const [label, test] of rows) {
    lines.push(
      `| ${label} | ${groups
        .map((g) =>
          cell(
            tally(
              scores.outcomes.filter((o) => isCorePage(o) && g.families.includes(o.householdFamily) && test(o)),
              (o) => o.right,
            ),
          ),
        )
        .join(' | ')} |`,
    );
  }
  return lines.join('\n');
}

export function reliabilityTable(scores: Scores, groups: Group[]): string {
  const per = groups.map((g) => reliability(scores.outcomes.filter((o) => g.families.includes(o.householdFamily))));
  const lines = [
    `| confidence | ${groups.map((g) => `${g.name}: pages, filed right`).join(' | ')} |`,
    `| --- | ${groups.map(() => '---').join(' | ')} |`,
  ];
  per[0]?.forEach((b, i) => {
    const [lo, hi] = b.band;
    lines.push(
      `| ${lo.toFixed(2)}–${Math.min(hi, 1).toFixed(2)} | ${per.map((p) => cell(p[i]?.pages ?? { n: 0, right: 0 })).join(' | ')} |`,
    );
  });
  return lines.join('\n');
}

/** All tables, the held-out family always apart from the tuned ones. */
export function filingReport(scores: Scores, families: readonly FamilyId[] = FAMILIES): string {
  const groups = groupsOf(families);
  return [
    targetsTable(scores, groups),
    '',
    'Per family (every page of the households whose forms are in that family; core = the six core forms):',
    '',
    detailTable(scores, groups),
    '',
    'Missing items (`check --json` `missing` against the items deliberately left out; conditional items are never expected):',
    '',
    missingTable(scores, groups),
    '',
    'Core pages filed right, per capture:',
    '',
    degradationTable(scores, groups),
    '',
    'Reliability: pages given an item, per confidence band, and the share of them filed right (right household and item):',
    '',
    reliabilityTable(scores, groups),
  ].join('\n');
}
