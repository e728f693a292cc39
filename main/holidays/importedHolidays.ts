import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { HolidayDay } from '../domain/checklist/workdays';

/** Every imported holiday-table day, in date order: what the engines and the export packages take (import lives in holidays.ts). */
export async function importedHolidays(db: Kysely<Database>): Promise<HolidayDay[]> {
  return db.selectFrom('holidayDay').select(['date', 'kind']).orderBy('date').execute();
}
