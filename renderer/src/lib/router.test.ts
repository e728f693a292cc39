import { describe, expect, it } from 'vitest';
import { parseHash, paths } from './router';

describe('router', () => {
  it('opens a village by name, and by town and name where two towns share the name', () => {
    expect(parseHash(paths.villages('红旗村'))).toEqual({ name: 'villages', village: '红旗村', town: null });
    expect(parseHash(paths.villages('红旗村', '杨柳青镇'))).toEqual({ name: 'villages', village: '红旗村', town: '杨柳青镇' });
    expect(parseHash(paths.villages())).toEqual({ name: 'villages', village: null, town: null });
  });
});
