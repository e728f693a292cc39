import fs from 'node:fs';
import type { CheckRow } from '../api/contract';
import { ASSISTANCE_FULL_NAMES } from '../domain/assistance';
import { findItem } from '../domain/checklist';
import type { FolderStore } from '../store/folderStore';
import { buildVolume, volumeTitle, type VolumeData, type VolumeDocument } from '../output';
import type { Settings } from '../settings/settings';
import type { HouseholdSource } from './collect';
import type { VolumePlan } from './layout';
import type { VolumeFile } from './stage';
import { beijingDateOf } from '../domain/beijingDate';
import { volumeKey } from './derived';

/**
 * The bound volume PDF of one case (main/output's buildVolume). Its fixed
 * date is the file's last change, never the clock, so exporting the same
 * file twice gives the same bytes.
 */

const NORMALISED_DPI = 200;

function dateRange(plan: VolumePlan): { startDate: string; endDate: string } {
  const c = plan.case;
  const dates = [...plan.documents.map((d) => d.document.docDate), c.appliedOn, c.confirmedOn]
    .filter((d): d is string => typeof d === 'string' && /^\d{4}-?\d{2}-?\d{2}/.test(d))
    .map((d) => d.replace(/-/g, '').slice(0, 8))
    .sort();
  return { startDate: dates[0] ?? '', endDate: dates.at(-1) ?? '' };
}

function volumeDocuments(source: HouseholdSource, plan: VolumePlan, bytesOf: (sha256: string) => Uint8Array): VolumeDocument[] {
  return plan.documents
    .filter((d) => d.pages.length > 0)
    .map(({ document: d, pages }) => ({
      title: (d.checklistItemCode ? findItem(source.pack, d.checklistItemCode)?.item.name : null) ?? d.title ?? '未命名材料',
      ...(d.docNumber ? { documentNumber: d.docNumber } : {}),
      ...(d.responsible ? { responsible: d.responsible } : {}),
      ...(d.docDate ? { date: d.docDate } : {}),
      pages: pages.map((p) => ({ bytes: bytesOf(p.imageSha256), width: p.width ?? 1654, height: p.height ?? 2339, dpi: NORMALISED_DPI })),
    }));
}

/** Documents on file only on paper cannot be bound; the 备考表 names them. */
function paperOnlyStatement(source: HouseholdSource, plan: VolumePlan): string | undefined {
  const names = plan.documents.filter((d) => d.pages.length === 0).map(({ document: d }) => (d.checklistItemCode ? findItem(source.pack, d.checklistItemCode)?.item.name : null) ?? d.title ?? '未命名材料');
  return names.length > 0 ? `以下材料已登记但未扫描，未装订入本电子卷：${names.join('；')}。` : undefined;
}

export function volumeData(source: HouseholdSource, plan: VolumePlan, row: CheckRow | undefined, store: FolderStore, settings: Settings): VolumeData {
  return volumeDataWith(source, plan, row, settings, (sha256) => fs.readFileSync(store.pathOf(sha256)));
}

function volumeDataWith(source: HouseholdSource, plan: VolumePlan, row: CheckRow | undefined, settings: Settings, bytesOf: (sha256: string) => Uint8Array): VolumeData {
  const category = ASSISTANCE_FULL_NAMES[plan.case.assistanceType];
  const { town, village } = source.region;
  const exit = source.exits.find((e) => e.id === plan.case.exitId);
  const statement = paperOnlyStatement(source, plan);
  const timestamp = source.lastChange || '2000-01-01T00:00:00.000Z';
  return {
    cover: {
      fondsName: settings.fondsName ?? `${town}人民政府`,
      category,
      title: volumeTitle({ town, village, headName: source.household.headName, category }),
      ...dateRange(plan),
      retention: `${settings.retentionYears}年`,
      archiveCode: plan.case.archiveCode ?? '',
      ...(exit ? { exited: { exitedOn: exit.exitedOn, retainUntil: exit.retentionUntil } } : {}),
    },
    documents: volumeDocuments(source, plan, bytesOf),
    remarks: { missingItems: row?.missing ?? [], compiler: '', checker: '', compiledOn: beijingDateOf(timestamp), ...(statement ? { statement } : {}) },
    timestamp,
  };
}

const NO_BYTES = new Uint8Array(0);

/**
 * The volume as a package writer gets it (stage.ts): its page images are
 * not read here but named by their blobs, and its key names everything it
 * is made of, so a volume built before from the same inputs is found.
 */
export function volumeFile(source: HouseholdSource, plan: VolumePlan, row: CheckRow | undefined, store: FolderStore, settings: Settings): VolumeFile {
  const pages: string[] = [];
  const data = volumeDataWith(source, plan, row, settings, (sha256) => {
    pages.push(store.pathOf(sha256));
    return NO_BYTES;
  });
  return { file: plan.file, data, pages, key: volumeKey(data, pages) };
}

export function buildCaseVolume(source: HouseholdSource, plan: VolumePlan, row: CheckRow | undefined, store: FolderStore, settings: Settings): Promise<Uint8Array> {
  return buildVolume(volumeData(source, plan, row, store, settings));
}
