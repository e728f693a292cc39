import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../testing/fixtures';
import { exportGolden, GOLDEN_DIGESTS, type GoldenDigests } from './golden';
import { verifyPath } from './verify';

/**
 * The district receives the same bytes whatever the export does inside:
 * an archive restored from the golden backup exports to exactly the files
 * and digests the export code of issue 8–18 wrote from it (golden.ts says
 * which few run-dependent parts are set aside).
 */

const dir = tempDir('hudang-golden-');

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('golden export', () => {
  it('writes the same packages, file for file and byte for byte, as the export before it', async () => {
    const expected = JSON.parse(fs.readFileSync(GOLDEN_DIGESTS, 'utf8')) as GoldenDigests;
    const actual = await exportGolden(path.join(dir, 'archive'), path.join(dir, 'out'));
    expect(Object.keys(actual.full)).toEqual(Object.keys(expected.full));
    expect(actual).toEqual(expected);
    for (const masking of ['full', 'masked']) expect((await verifyPath(path.join(dir, 'out', masking))).problems).toBe(0);
  });
});
