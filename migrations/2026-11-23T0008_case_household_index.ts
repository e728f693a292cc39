import type { Kysely } from 'kysely';

/**
 * Cases looked up by household: refreshing remembered answers loads the cases
 * of a thousand households at a time, which without this index scans every
 * case of the district for each thousand.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('assistance_case_household').on('assistance_case').columns(['household_id', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('assistance_case_household').ifExists().execute();
}
