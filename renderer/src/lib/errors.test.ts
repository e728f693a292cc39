import { describe, expect, it } from 'vitest';
import { describeError, needsLogin } from './errors';

describe('errors in the renderer', () => {
  it('asks to log in again by the error’s kind, whatever its text says', () => {
    expect(needsLogin(Object.assign(new Error('该用户已被停用，登录已结束；如有疑问请联系管理员'), { kind: 'unauthenticated' }))).toBe(true);
    // A refused role, or a message that merely mentions logging in, is not an ended session.
    expect(needsLogin(Object.assign(new Error('当前角色（检查员）无权执行此操作'), { kind: 'forbidden' }))).toBe(false);
    expect(needsLogin(Object.assign(new Error('请先登录后再导入'), { kind: 'user' }))).toBe(false);
    expect(needsLogin(new Error('请先登录'))).toBe(false);
    expect(needsLogin('请先登录')).toBe(false);
  });

  it('keeps the service’s Chinese message and explains a lost connection', () => {
    expect(describeError(new Error('找不到该户'))).toBe('找不到该户');
    expect(describeError(new TypeError('Failed to fetch'))).toMatch(/^无法连接户档服务（Failed to fetch）/);
  });
});
