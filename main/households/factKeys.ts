import type { Kysely } from 'kysely';
import type { AuditContext } from '../db/audit';
import type { Database } from '../db/schema';
import { householdPack } from '../checklist/householdPack';
import { packResolver } from '../checklist/packStore';
import { factKeys, type FactKeyView } from '../domain/checklist';
import { readSettings } from '../settings/settings';

/**
 * The facts a household can be given (`facts keys`): its town's pack decides
 * which exist; with no household named, the pack of the archive's own town.
 */
export async function listFactKeys(db: Kysely<Database>, ctx: AuditContext, householdId: number | undefined): Promise<FactKeyView[]> {
  if (householdId === undefined) {
    const { pack } = await (await packResolver(db, ctx))((await readSettings(db)).town ?? '');
    return factKeys(pack);
  }
  const { pack } = await householdPack(db, ctx, householdId);
  const row = await db.selectFrom('household').select('facts').where('id', '=', householdId).executeTakeFirstOrThrow();
  return factKeys(pack, JSON.parse(row.facts) as Record<string, boolean | null>);
}
