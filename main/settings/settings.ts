import path from 'node:path';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { mutate, type AuditContext, type AuditedTransaction } from '../db/audit';
import { folderProblem } from '../ingest/folderProblem';
import { UserError } from '../support/errors';
import type { Database } from '../db/schema';
import { adoptPlaceholderTown } from '../regions/regions';

/**
 * Archive settings, stored as JSON values in the `setting` table. The schema
 * gives every key its type and default, so a missing or old value never
 * breaks the app.
 */
export const settingsSchema = z.object({
  /** 区 the archive belongs to. */
  district: z.string().min(1).nullable().default(null),
  /** 镇/街道 used for roster rows that do not name one. */
  town: z.string().min(1).nullable().default(null),
  /** 全宗名称 and 全宗号 printed on covers. */
  fondsName: z.string().nullable().default(null),
  fondsCode: z.string().nullable().default(null),
  /** Folders the scanners write into, watched by the app and `hudang watch`. */
  scannerFolders: z.array(z.string().min(1)).default([]),
  /**
   * 交换文件夹: the only folders where a role other than 管理员 may verify or
   * inspect packages and write inspection reports (USB sticks, a shared
   * folder). Empty means the default, 户档交换 in the user's home folder.
   */
  packageFolders: z.array(z.string().min(1)).default([]),
  /** 档号 scheme (main/domain/archiveCode.ts placeholders); codes once assigned never change. */
  archiveCodeScheme: z.string().min(1).default('{全宗号}-{类别代码}-{村代码}-{户序号}'),
  /** 保管期限 of exited files in years (district notice 二(八): 30). */
  retentionYears: z.number().int().min(1).max(100).default(30),
  /** When the period starts: 1 January after the exit (archive practice) or the exit date. */
  retentionStart: z.enum(['nextJanuary', 'exitDate']).default('nextJanuary'),
  /** Checklist pack key ("id@version") used where a town has none of its own. */
  defaultPack: z.string().nullable().default(null),
  /** 镇/街道 name → pack key, for districts whose towns follow different lists. */
  packByTown: z.record(z.string(), z.string()).default({}),
});

export type Settings = z.infer<typeof settingsSchema>;
export type SettingKey = keyof Settings;

export const DEFAULT_TOWN = '未指定镇街';

/** Each key is read on its own, so one bad value falls back to its default without taking the others along. */
export async function readSettings(db: Kysely<Database>): Promise<Settings> {
  const rows = await db.selectFrom('setting').selectAll().execute();
  const stored = new Map(rows.map((r) => [r.key, r.value]));
  const settings = settingsSchema.parse({});
  for (const key of Object.keys(settingsSchema.shape) as SettingKey[]) {
    const text = stored.get(key);
    if (text === undefined) continue;
    const parsed = settingsSchema.shape[key].safeParse(JSON.parse(text));
    if (parsed.success) Object.assign(settings, { [key]: parsed.data });
  }
  return settings;
}

/**
 * Updates only the keys given, in one audited transaction. (A partial zod
 * schema would fill every omitted key with its default and wipe it.)
 */
export async function updateSettings(db: Kysely<Database>, ctx: AuditContext, changes: Partial<Settings>): Promise<Settings> {
  const keys = (Object.keys(changes) as SettingKey[]).filter((k) => k in settingsSchema.shape && changes[k] !== undefined);
  const bad = keys.filter((k) => !settingsSchema.shape[k].safeParse(changes[k]).success);
  if (bad.length > 0) throw new UserError(`设置无效：${bad.join('、')}`);
  if (changes.scannerFolders) await checkNewScannerFolders((await readSettings(db)).scannerFolders, changes.scannerFolders);
  await mutate(db, ctx, async (tx) => {
    for (const key of keys) await writeSetting(tx, key, changes[key] as Settings[SettingKey]);
    // Once the town is set, villages imported before it move out of 未指定镇街 (any later save repairs an older archive).
    // Not in a district archive (it holds towns' keys): there 未指定镇街 holds packages of towns that never named
    // themselves, which are not this archive's own town.
    const town = await tx.trx.selectFrom('setting').select('value').where('key', '=', 'town').executeTakeFirst();
    const name = settingsSchema.shape.town.safeParse(town ? JSON.parse(town.value) : null);
    const district = await tx.trx.selectFrom('townKey').select('town').limit(1).executeTakeFirst();
    if (name.success && name.data && !district) await adoptPlaceholderTown(tx, DEFAULT_TOWN, name.data);
  });
  return readSettings(db);
}

/**
 * A scanner folder is added only where it can be watched: a full path to a
 * folder that exists and reads. Folders already configured stay as they are
 * (one that went missing can still be kept or removed while another changes).
 */
async function checkNewScannerFolders(before: string[], after: string[]): Promise<void> {
  for (const folder of after.filter((f) => !before.includes(f))) {
    if (!path.isAbsolute(folder)) throw new UserError(`无法添加扫描文件夹“${folder}”：请填写完整路径（从盘符或根目录写起）`);
    const problem = await folderProblem(folder);
    if (problem) throw new UserError(`无法添加，${problem}`);
  }
}

export async function writeSetting<K extends SettingKey>(tx: AuditedTransaction, key: K, value: Settings[K]): Promise<void> {
  const checked = settingsSchema.shape[key].parse(value);
  const before = await tx.trx.selectFrom('setting').select('value').where('key', '=', key).executeTakeFirst();
  const json = JSON.stringify(checked);
  if (before?.value === json) return;
  await tx.trx
    .insertInto('setting')
    .values({ key, value: json })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: json }))
    .execute();
  await tx.record({
    action: 'setting.update',
    entity: 'setting',
    entityId: key,
    before: before ? (JSON.parse(before.value) as unknown) : null,
    after: checked,
  });
}
