import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openArchive } from '../archive';
import { createService } from '../service';
import { householdCells, rosterCsv, syntheticHouseholds, tempDir, writeCsv } from '../testing/fixtures';
import { verifyPath } from './verify';

describe('cancelling an export from another call', () => {
  it('stops between households, and exporting again finishes the rest', async () => {
    const dir = tempDir();
    const archive = await openArchive(path.join(dir, 'a'));
    const api = createService({ archive, actor: '区级' });
    await api.importRoster({ path: writeCsv(path.join(dir, 'r.csv'), rosterCsv(syntheticHouseholds(4, ['红旗村']).map(householdCells))) });
    expect(await api.cancelExport({})).toEqual({ cancelled: false });
    const out = path.join(dir, 'out');
    const running = api.exportPackages({ outDir: out, idMasking: 'full' });
    await expect(api.exportPackages({ outDir: out, idMasking: 'full' })).rejects.toThrow(/已有导出正在进行/);
    expect(await api.cancelExport({})).toEqual({ cancelled: true });
    const first = await running;
    expect(first.cancelled).toBe(true);
    expect(first.written).toBeLessThan(4);
    const second = await api.exportPackages({ outDir: out, idMasking: 'full' });
    expect(second.written + second.unchanged).toBe(4);
    expect((await verifyPath(out)).ok).toBe(true);
    await archive.close();
  });
});
