import { useState, type FormEvent } from 'react';
import type { AccountChange, Role, UserView } from '../../../../main/api/contract';
import { api } from '../../api/client';
import { useAlerts } from '../../lib/alerts';
import { showDate, showDateTime } from '../../lib/dates';
import { actorName } from '../../lib/format';
import { describeError, needsLogin } from '../../lib/errors';
import { useApi } from '../../lib/useApi';

const ROLES: readonly Role[] = ['经办人', '管理员', '区级', '检查员'];

const ROLE_HINT: Record<Role, string> = {
  经办人: '扫描归档、补录、整户退出',
  管理员: '全部功能，含用户与设置',
  区级: '导出、汇总导入、批准销毁',
  检查员: '只读查阅，记录档案检查结果',
};

const CHANGE: Record<AccountChange['action'], string> = {
  'user.create': '创建',
  'user.disable': '停用',
  'user.enable': '启用',
  'user.role': '改角色',
  'user.password': '改密码',
};

function state(u: UserView): string {
  return u.disabled ? '停用' : u.locked ? '锁定' : '正常';
}

/**
 * 用户与权限 (管理员): every local account with its role, state and creation
 * date; add one, change a role, disable or enable, set a new password. The
 * service decides and audits each change (main/auth/users.ts), and refuses
 * with a reason what may not be done (one's own account, the last 管理员).
 */
export function UsersScreen({ self }: { self: string }) {
  const users = useApi(() => api.listUsers({}), []);
  const changes = useApi(() => api.listAccountChanges({ limit: 8 }), [users.data]);
  const { report } = useAlerts();
  const [busy, setBusy] = useState(false);
  // One line says how the last change went; a later success replaces an earlier refusal.
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const [resetFor, setResetFor] = useState<UserView | null>(null);
  const change = (work: () => Promise<unknown>, done: string) => {
    setBusy(true);
    work()
      .then(() => {
        setOutcome({ ok: true, text: done });
        users.reload();
      })
      .catch((error: unknown) => {
        const text = describeError(error);
        // An ended session goes to the shell, which asks to log in again.
        if (needsLogin(error)) report(error);
        setOutcome({ ok: false, text });
      })
      .finally(() => setBusy(false));
  };
  return (
    <section className="screen users-screen" aria-labelledby="users-title">
      <header className="screen-head">
        <h1 id="users-title">用户与权限</h1>
        <span className="muted">
          {users.data ? `共 ${users.data.length} 个用户` : users.failed ? '无法读取用户列表' : '正在读取……'}
        </span>
      </header>
      {outcome && (
        <p
          className={outcome.ok ? 'users-outcome ok' : 'users-outcome missing'}
          role={outcome.ok ? 'status' : 'alert'}
          data-testid="users-outcome"
        >
          {outcome.text}
        </p>
      )}
      <div className="users-grid">
        <div className="card table-scroll">
          <table className="grid" data-testid="users-table">
            <thead>
              <tr>
                <th>用户名</th>
                <th>姓名</th>
                <th>角色</th>
                <th>状态</th>
                <th>创建日期</th>
                <th>操作</th>
              </tr>
            </thead>
            <tbody>
              {(users.data ?? []).map((u) => (
                <tr key={u.id} data-user={u.username}>
                  <td className="username">{u.username}</td>
                  <td>{u.displayName}</td>
                  <td>
                    <select
                      aria-label={`${u.username}的角色`}
                      value={u.role}
                      disabled={busy || u.username === self}
                      title={u.username === self ? '自己的角色须由另一名管理员更改' : undefined}
                      onChange={(e) =>
                        change(
                          () => api.setUserRole({ id: u.id, role: e.target.value as Role }),
                          `已把 ${u.username} 改为${e.target.value}`,
                        )
                      }
                    >
                      {ROLES.map((r) => (
                        <option key={r} value={r}>
                          {r}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td className={u.disabled || u.locked ? 'missing' : 'ok'}>{state(u)}</td>
                  <td>{showDate(u.createdAt)}</td>
                  <td>
                    <div className="row-actions">
                      <button
                        type="button"
                        disabled={busy || u.username === self}
                        onClick={() =>
                          change(
                            () => api.setUserDisabled({ id: u.id, disabled: !u.disabled }),
                            `已${u.disabled ? '启用' : '停用'} ${u.username}`,
                          )
                        }
                      >
                        {u.disabled ? '启用' : '停用'}
                      </button>
                      <button type="button" disabled={busy} onClick={() => setResetFor(u)}>
                        重设密码
                      </button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {resetFor && (
            <ResetPassword
              user={resetFor}
              busy={busy}
              onCancel={() => setResetFor(null)}
              onReset={(password) =>
                change(async () => {
                  await api.resetUserPassword({ id: resetFor.id, password });
                  setResetFor(null);
                }, `已为 ${resetFor.username} 设置新密码，请当面告知本人`)
              }
            />
          )}
        </div>
        <div className="users-side">
          <AddUser
            busy={busy}
            onAdd={(input, done) =>
              change(async () => done(await api.createUser(input)), `已添加用户 ${input.username}（${input.role}）`)
            }
          />
          <div className="card">
            <h2>管理员和区级账户的变动</h2>
            {changes.data?.length === 0 && <p className="muted small">暂无变动。</p>}
            <ul className="compact-list small">
              {(changes.data ?? []).map((c) => (
                <li key={c.auditId}>
                  <span>{showDateTime(c.at)}</span>
                  <span className="username">{actorName(c.actor)}</span>
                  <span>
                    {CHANGE[c.action]} <span className="username">{c.username}</span>（{c.role}）
                  </span>
                </li>
              ))}
            </ul>
          </div>
        </div>
      </div>
    </section>
  );
}

function ResetPassword({
  user,
  busy,
  onCancel,
  onReset,
}: {
  user: UserView;
  busy: boolean;
  onCancel(): void;
  onReset(password: string): void;
}) {
  const [password, setPassword] = useState('');
  return (
    <form
      className="reset-password"
      aria-label="重设密码"
      onSubmit={(e) => {
        e.preventDefault();
        onReset(password);
      }}
    >
      <label>
        {user.username}（{user.displayName}）的新密码
        <input
          type="password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          autoComplete="new-password"
          autoFocus
        />
      </label>
      <button type="submit" className="primary" disabled={busy || !password}>
        设置新密码
      </button>
      <button type="button" onClick={onCancel}>
        取消
      </button>
      <span className="muted small">至少 8 位；设置后原密码失效，锁定随之解除。</span>
    </form>
  );
}

interface NewUser {
  username: string;
  displayName: string;
  role: Role;
  password: string;
}

function AddUser({ busy, onAdd }: { busy: boolean; onAdd(input: NewUser, done: (user: UserView) => void): void }) {
  const empty: NewUser = { username: '', displayName: '', role: '经办人', password: '' };
  const [draft, setDraft] = useState<NewUser>(empty);
  const set = (key: keyof NewUser, value: string) => setDraft((d) => ({ ...d, [key]: value }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onAdd(
      { ...draft, username: draft.username.trim(), displayName: draft.displayName.trim() || draft.username.trim() },
      () => setDraft(empty),
    );
  };
  return (
    <form className="card add-user" onSubmit={submit} aria-label="添加用户">
      <h2>添加用户</h2>
      <div className="form-grid">
        <label>
          用户名
          <input
            value={draft.username}
            onChange={(e) => set('username', e.target.value)}
            autoComplete="off"
            placeholder="如 zhangsan"
          />
        </label>
        <label>
          姓名
          <input value={draft.displayName} onChange={(e) => set('displayName', e.target.value)} placeholder="如 张三" />
        </label>
        <label>
          角色
          <select value={draft.role} onChange={(e) => set('role', e.target.value)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </label>
        <label>
          初始密码
          <input
            type="password"
            value={draft.password}
            onChange={(e) => set('password', e.target.value)}
            autoComplete="new-password"
            placeholder="至少 8 位"
          />
        </label>
      </div>
      <p className="muted small">{ROLE_HINT[draft.role]}</p>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy || !draft.username.trim() || !draft.password}>
          添加
        </button>
      </div>
    </form>
  );
}
