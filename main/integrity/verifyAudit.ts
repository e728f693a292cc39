import type { Kysely } from 'kysely';
import type { AuditVerifyReport } from '../api/contract';
import { verifyAuditChain } from '../db/audit';
import { anchorOf } from '../db/auditAnchor';
import type { Database } from '../db/schema';
import { missingRows } from './chainRows';

/**
 * `audit verify`: the chain links up entry by entry, its head agrees with the
 * anchor kept outside the database (a cut-off tail shows here, where the
 * chain alone cannot see it), and every household, case, document and page
 * the chain records is still in the database or was destroyed by appraisal.
 */
export async function verifyAudit(db: Kysely<Database>): Promise<AuditVerifyReport> {
  const chain = await verifyAuditChain(db);
  const anchor = anchorOf(db);
  const anchorProblems = anchor ? await anchor.check() : [];
  const rows = (await missingRows(db)).map((r) => ({ id: r.auditId, problem: r.problem }));
  return { entries: chain.entries, problems: [...chain.problems, ...anchorProblems, ...rows] };
}
