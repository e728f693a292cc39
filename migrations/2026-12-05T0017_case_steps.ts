import { sql, type Kysely } from 'kysely';

/**
 * The steps a case records beyond its key dates (issue 17):
 * - verified_on: the 核对 date (附件7 三 orders 受理、核对、审核、公示、确认);
 * - amount: a 临时救助's amount in 元 (null: not recorded), which decides the
 *   3000元 item (附件12 第十六项 “…(3000元以上)”);
 * - emergency: a 急难型先行救助 (天津通知(一)1: 先行予以救助，缓解后补齐相关材料);
 * - deliberation_held / publicity_objections: 民主评议 held, and whether the
 *   公示 drew objections (附件3 五: 有异议的必须进行民主评议); null: not recorded;
 * - outcome: 确认 or 不予确认 (天津通知(一)3), null: not decided or not recorded.
 * Old cases keep every field unknown, so they are judged as before.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE assistance_case ADD COLUMN verified_on TEXT`.execute(db);
  await sql`ALTER TABLE assistance_case ADD COLUMN amount REAL CHECK (amount IS NULL OR amount >= 0)`.execute(db);
  await sql`ALTER TABLE assistance_case ADD COLUMN emergency INTEGER NOT NULL DEFAULT 0 CHECK (emergency IN (0, 1))`.execute(db);
  await sql`ALTER TABLE assistance_case ADD COLUMN deliberation_held INTEGER CHECK (deliberation_held IS NULL OR deliberation_held IN (0, 1))`.execute(db);
  await sql`ALTER TABLE assistance_case ADD COLUMN publicity_objections INTEGER CHECK (publicity_objections IS NULL OR publicity_objections IN (0, 1))`.execute(db);
  await sql`ALTER TABLE assistance_case ADD COLUMN outcome TEXT CHECK (outcome IS NULL OR outcome IN ('确认', '不予确认'))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const column of ['outcome', 'publicity_objections', 'deliberation_held', 'emergency', 'amount', 'verified_on']) {
    await sql`ALTER TABLE assistance_case DROP COLUMN ${sql.ref(column)}`.execute(db);
  }
}
