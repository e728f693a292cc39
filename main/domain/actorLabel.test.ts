import { describe, expect, it } from 'vitest';
import { plainActors } from './actorLabel';

describe('actors as people read them', () => {
  it.each([
    ['经办人录入（cli:root）', '经办人录入（初始设置）'],
    ['经办人录入（desktop:wang）', '经办人录入（初始设置）'],
    ['经办人录入（clerk1）', '经办人录入（clerk1）'],
    ['案件登记', '案件登记'],
    ['申请日期 2025-01-02（来源：经办人录入（cli:root））', '申请日期 2025-01-02（来源：经办人录入（初始设置））'],
  ])('%s reads %s', (text, shown) => {
    expect(plainActors(text)).toBe(shown);
  });
});
