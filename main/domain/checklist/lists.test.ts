import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { caseItems, findItem } from './lists';
import { parsePack } from './packSchema';

const pack = parsePack(JSON.parse(fs.readFileSync(path.join(__dirname, '../../../resources/checklists/kaiyuan-tieling-2025.json'), 'utf8')));

describe('case items', () => {
  it.each([
    ['低保', 21],
    ['特困', 21 + 5],
    ['临时救助', 17],
    ['刚性支出', 21],
  ] as const)('%s files hold %i items (with annexes)', (type, count) => {
    expect(caseItems(pack, type)).toHaveLength(count);
  });

  it('finds an item and the assistance type it belongs to by code', () => {
    const first = pack.checklists['特困']?.[0];
    expect(findItem(pack, first?.code ?? '')).toEqual({ item: first, assistanceType: '特困' });
    expect(findItem(pack, 'no.such')).toBeNull();
  });
});
