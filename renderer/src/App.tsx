import { useCallback, useEffect, useRef, useState } from 'react';
import type { CurrentUser } from '../../main/api/contract';
import { api } from './api/client';
import { AlertRegion } from './components/AlertRegion';
import { Forbidden } from './components/Forbidden';
import { NavBar } from './components/NavBar';
import { navItemsFor } from './lib/menu';
import { may, mayOpen } from './lib/access';
import { TopBar } from './components/TopBar';
import { AlertsProvider, useAlerts } from './lib/alerts';
import { typingInField } from './lib/keys';
import { ProgressProvider } from './lib/progress';
import { navigate, useRoute, type Route } from './lib/router';
import { useApi } from './lib/useApi';
import { DashboardScreen } from './screens/dashboard/DashboardScreen';
import { seesScanner, useScannerAlerts } from './screens/dashboard/useScannerAlerts';
import { ExitedScreen } from './screens/exited/ExitedScreen';
import { HouseholdScreen } from './screens/household/HouseholdScreen';
import { InboxScreen } from './screens/inbox/InboxScreen';
import { InspectScreen } from './screens/inspect/InspectScreen';
import { ExportScreen } from './screens/export/ExportScreen';
import { LoginScreen } from './screens/login/LoginScreen';
import { SearchScreen } from './screens/search/SearchScreen';
import { OverdueScreen } from './screens/overdue/OverdueScreen';
import { SettingsScreen } from './screens/settings/SettingsScreen';
import { VillagesScreen } from './screens/villages/VillagesScreen';
import { UsersScreen } from './screens/users/UsersScreen';
import { PrintScreen } from './screens/print/PrintScreen';
import { DistrictImportScreen } from './screens/district/DistrictImportScreen';
import { LedgerScreen } from './screens/district/LedgerScreen';

/** The workbench: who is logged in decides between the login form and the shell. */
export function App() {
  const [user, setUser] = useState<CurrentUser | null | undefined>(undefined);
  const loginNeeded = useCallback(() => setUser(null), []);
  return (
    <AlertsProvider onLoginNeeded={loginNeeded}>
      <Gate user={user} setUser={setUser} />
    </AlertsProvider>
  );
}

function Gate({ user, setUser }: { user: CurrentUser | null | undefined; setUser(user: CurrentUser | null): void }) {
  const { report } = useAlerts();
  // whoami says who is working and what their role may do; asked again after each login.
  const [logins, setLogins] = useState(0);
  useEffect(() => {
    api
      .whoami({})
      .then(setUser)
      .catch((error: unknown) => {
        report(error);
        setUser(null);
      });
  }, [setUser, report, logins]);
  if (user === undefined) return <div className="loading-page">正在打开户档……</div>;
  if (user === null) return <LoginScreen onLogin={() => setLogins((n) => n + 1)} />;
  return (
    <ProgressProvider>
      <Shell user={user} onLogout={() => void api.logout({}).finally(() => setUser(null))} />
    </ProgressProvider>
  );
}

function Screen({ route, onSettingsSaved, user }: { route: Route; onSettingsSaved(): void; user: CurrentUser }) {
  // A screen the role may not use says so at once and never asks the service for what it would refuse.
  if (!mayOpen(user, route.name)) return <Forbidden route={route.name} role={user.role} />;
  switch (route.name) {
    case 'dashboard':
      return <DashboardScreen role={user.role} canReview={mayOpen(user, 'inbox')} canSetFolders={may(user, 'updateSettings')} />;
    case 'inbox':
      return <InboxScreen />;
    case 'villages':
      return <VillagesScreen village={route.village} town={route.town} />;
    case 'household':
      // Only roles that may correct filing see the corrections; the service checks every call anyway.
      return (
        <HouseholdScreen
          key={route.id}
          id={route.id}
          pageId={route.pageId}
          canCorrect={may(user, 'movePages')}
          canRecordChecks={may(user, 'recordArchiveCheck')}
          canExport={may(user, 'exportPackages')}
          canExit={may(user, 'exitHousehold')}
          canEdit={may(user, 'updateCase')}
        />
      );
    case 'overdue':
      return <OverdueScreen />;
    case 'exited':
      return <ExitedScreen />;
    case 'settings':
      return (
        <SettingsScreen
          onSaved={onSettingsSaved}
          isAdmin={may(user, 'importHolidays')}
          canManageUsers={may(user, 'listUsers')}
          canEdit={may(user, 'updateSettings')}
          canImportRoster={may(user, 'importRosterFile')}
        />
      );
    case 'inspect':
      return <InspectScreen />;
    case 'export':
      return <ExportScreen />;
    case 'search':
      return <SearchScreen text={route.text} />;
    case 'users':
      return <UsersScreen self={user.username} />;
    case 'print':
      return <PrintScreen village={route.village} />;
    case 'districtImport':
      return <DistrictImportScreen />;
    case 'ledger':
      return <LedgerScreen town={route.town} village={route.village} />;
  }
}

function Shell({ user, onLogout }: { user: CurrentUser; onLogout(): void }) {
  const route = useRoute();
  const info = useApi(() => api.appInfo({}), []);
  const searchRef = useRef<HTMLInputElement>(null);
  useScannerAlerts(seesScanner(user.role) && may(user, 'scannerStatus'));

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey && /^[1-9]$/.test(e.key)) {
        const item = navItemsFor(user)[Number(e.key) - 1];
        if (item) {
          e.preventDefault();
          navigate(item.href);
        }
        return;
      }
      // In the inbox "/" searches the household to file to; elsewhere it opens a household.
      if (e.key === '/' && !typingInField(e) && route.name !== 'inbox') {
        e.preventDefault();
        searchRef.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [route.name, user]);

  return (
    <div className="app">
      <TopBar town={info.data?.town ?? null} user={user} searchRef={searchRef} onLogout={onLogout} />
      <div className="body">
        <NavBar route={route} user={user} />
        <main className="content">
          <AlertRegion />
          <Screen route={route} onSettingsSaved={info.reload} user={user} />
        </main>
      </div>
    </div>
  );
}
