import { z } from 'zod';
import type { ApiMethod, HudangApi } from './contract';

/**
 * Runtime checks of every argument that crosses a boundary (IPC, HTTP).
 * The mapped type makes the compiler insist on one schema per API method,
 * each producing exactly the argument type the contract declares.
 */

const empty = z.object({}).strict();

type Schemas = { [M in ApiMethod]: z.ZodType<Parameters<HudangApi[M]>[0]> };

export const argumentSchemas: Schemas = {
  appInfo: empty as z.ZodType<Record<string, never>>,
  importRoster: z.object({ path: z.string().min(1) }).strict(),
  listVillages: empty as z.ZodType<Record<string, never>>,
  listHouseholds: z
    .object({
      village: z.string().min(1).optional(),
      status: z.enum(['在册', '整户退出']).optional(),
      query: z.string().min(1).max(50).optional(),
      fullId: z.boolean().optional(),
    })
    .strict(),
  getHousehold: z.object({ id: z.number().int().positive(), fullId: z.boolean().optional() }).strict(),
  listAudit: z
    .object({
      limit: z.number().int().min(1).max(1000).optional(),
      entity: z.string().optional(),
      entityId: z.string().optional(),
    })
    .strict(),
  verifyAudit: empty as z.ZodType<Record<string, never>>,
};

export const API_METHODS = Object.keys(argumentSchemas) as ApiMethod[];
