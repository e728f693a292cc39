import { sql } from 'kysely';

/** `IN (…)` over a list handed to SQLite as one JSON parameter, however long the list (no bound-parameter limit). */
export const jsonValues = (values: number[]) => sql<number>`(SELECT value FROM json_each(${JSON.stringify(values)}))`;

/** jsonValues for a text column. */
export const jsonTexts = (values: string[]) => sql<string>`(SELECT value FROM json_each(${JSON.stringify(values)}))`;
