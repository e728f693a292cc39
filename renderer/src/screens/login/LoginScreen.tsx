import { useState, type FormEvent } from 'react';
import type { SessionUser } from '../../../../main/api/contract';
import { api } from '../../api/client';
import { AlertRegion } from '../../components/AlertRegion';
import { useAction } from '../../lib/useApi';

/** Shown when the archive has users and nobody is logged in in this window. */
export function LoginScreen({ onLogin }: { onLogin(user: SessionUser): void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [run, busy] = useAction();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const { user } = await api.login({ username: username.trim(), password });
      onLogin(user);
    });
  };
  return (
    <div className="login">
      <form className="card login-card" onSubmit={submit}>
        <h1>户档 · 登录</h1>
        <AlertRegion />
        <label>
          用户名
          <input value={username} onChange={(e) => setUsername(e.target.value)} autoFocus autoComplete="username" />
        </label>
        <label>
          密码
          <input
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoComplete="current-password"
          />
        </label>
        <button type="submit" className="primary" disabled={busy || !username || !password}>
          {busy ? '正在登录……' : '登录'}
        </button>
        <p className="muted small">忘记密码请联系本镇（街道）的户档管理员重置。</p>
      </form>
    </div>
  );
}
