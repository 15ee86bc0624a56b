// The shell: first-run setup, login, then the pages. One session object is shared through context.
import { createContext, lazy, Suspense, useCallback, useContext, useEffect, useState } from 'react';
import * as api from './api.js';
import { CaseListPage } from './pages/CaseListPage.js';
import { CaseLivePage } from './pages/CaseLivePage.js';
import { CasePage } from './pages/CasePage.js';
import { LoginPage } from './pages/LoginPage.js';
import { NewCasePage } from './pages/NewCasePage.js';
import { PlanningPage } from './pages/PlanningPage.js';
import { ProbeQcPage } from './pages/ProbeQcPage.js';
import { ProbesPage } from './pages/ProbesPage.js';
import { RegistryPage } from './pages/RegistryPage.js';
import { ReportPage } from './pages/ReportPage.js';
import { SetupPage } from './pages/SetupPage.js';
import { SpectrumPage } from './pages/SpectrumPage.js';
import { StationLivePage } from './pages/StationLivePage.js';
import { UsersPage } from './pages/UsersPage.js';
import { href, type Route, useRoute } from './router.js';

// The 3D map page brings three.js (570 kB built): loaded when the page is opened, not with the console.
const MapPage = lazy(() => import('./pages/MapPage.js').then((m) => ({ default: m.MapPage })));

interface Session {
  user: api.User;
  /** What the server lets this user do (its permission table, from /api/auth/me). */
  permissions: readonly string[];
  signOut: () => void;
}

const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside the signed-in app');
  return session;
}

type Boot =
  | { phase: 'loading' }
  | { phase: 'setup' }
  | { phase: 'login'; message?: string }
  | { phase: 'ready'; user: api.User; permissions: readonly string[] }
  | { phase: 'unreachable'; message: string };

export function App() {
  const [boot, setBoot] = useState<Boot>({ phase: 'loading' });

  const start = useCallback(async () => {
    try {
      const status = await api.setupStatus();
      if (status.needed) {
        setBoot({ phase: 'setup' });
        return;
      }
    } catch (error) {
      if (error instanceof api.ApiError && error.status === 0) {
        setBoot({ phase: 'unreachable', message: error.message });
        return;
      }
      // A server without the setup route simply has users: continue to login.
    }
    try {
      const me = await api.me();
      setBoot({ phase: 'ready', user: me.user, permissions: me.permissions });
    } catch {
      setBoot({ phase: 'login' });
    }
  }, []);

  useEffect(() => {
    void start();
    return api.onUnauthorized(() =>
      setBoot((current) =>
        current.phase === 'ready'
          ? { phase: 'login', message: 'Your session ended. Sign in again.' }
          : current,
      ),
    );
  }, [start]);

  const signOut = useCallback(() => {
    void api.logout().finally(() => setBoot({ phase: 'login' }));
  }, []);

  switch (boot.phase) {
    case 'loading':
      return <p className="auth muted">Connecting to the OpenRGS server…</p>;
    case 'unreachable':
      return (
        <div className="auth stack">
          <div className="alert error" role="alert">
            The OpenRGS server does not answer: {boot.message}
          </div>
          <button type="button" onClick={() => void start()}>
            Try again
          </button>
        </div>
      );
    case 'setup':
      return <SetupPage onDone={() => void start()} />;
    case 'login':
      return <LoginPage onDone={() => void start()} {...(boot.message ? { message: boot.message } : {})} />;
    case 'ready':
      return (
        <SessionContext.Provider value={{ user: boot.user, permissions: boot.permissions, signOut }}>
          <Shell user={boot.user} onSignOut={signOut} />
        </SessionContext.Provider>
      );
  }
}

function Shell({ user, onSignOut }: { user: api.User; onSignOut: () => void }) {
  const route = useRoute();
  const isAdmin = user.role === 'admin';
  const links: { route: Route; label: string; show: boolean }[] = [
    { route: { name: 'cases' }, label: 'Cases', show: true },
    // "Live view" (the station without a case) and "Probes" (the register): two words, not Probe/Probes.
    { route: { name: 'live' }, label: 'Live view', show: true },
    { route: { name: 'spectrum' }, label: 'Spectrum', show: true },
    { route: { name: 'map', stationId: null, compact: false }, label: '3D map', show: true },
    { route: { name: 'probes' }, label: 'Probes', show: true },
    { route: { name: 'planning' }, label: 'Planning', show: true },
    { route: { name: 'registry' }, label: 'Registry', show: true },
    { route: { name: 'users' }, label: 'Users', show: isAdmin },
  ];
  const fullScreen = route.name === 'case-live' || (route.name === 'map' && route.compact);
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      {!fullScreen && (
        <header className="topbar">
          <a className="brand" href="#/cases">
            OpenRGS
          </a>
          <nav aria-label="Main">
            {links
              .filter((link) => link.show)
              .map((link) => (
                <a
                  key={link.label}
                  href={href(link.route)}
                  aria-current={sameSection(route, link.route) ? 'page' : undefined}
                >
                  {link.label}
                </a>
              ))}
          </nav>
          <span className="user">
            {user.username} · {user.role}
          </span>
          <button type="button" onClick={onSignOut}>
            Sign out
          </button>
        </header>
      )}
      <main id="main" tabIndex={-1}>
        <Page route={route} />
      </main>
    </>
  );
}

function sameSection(current: Route, link: Route): boolean {
  if (link.name === 'cases') return ['cases', 'new-case', 'case', 'report'].includes(current.name);
  if (link.name === 'probes') return ['probes', 'probe-qc'].includes(current.name);
  return current.name === link.name;
}

function Page({ route }: { route: Route }) {
  switch (route.name) {
    case 'cases':
      return <CaseListPage />;
    case 'new-case':
      return <NewCasePage />;
    case 'case':
      return <CasePage caseId={route.caseId} />;
    case 'case-live':
      return <CaseLivePage caseId={route.caseId} />;
    case 'report':
      return <ReportPage caseId={route.caseId} />;
    case 'live':
      return <StationLivePage />;
    case 'spectrum':
      return <SpectrumPage />;
    case 'users':
      return <UsersPage />;
    case 'probes':
      return <ProbesPage />;
    case 'probe-qc':
      return <ProbeQcPage probeId={route.probeId} />;
    case 'registry':
      return <RegistryPage />;
    case 'planning':
      return <PlanningPage />;
    case 'map':
      return (
        <Suspense fallback={<p className="muted">Loading the 3D view…</p>}>
          <MapPage stationId={route.stationId} compact={route.compact} />
        </Suspense>
      );
    case 'not-found':
      return (
        <div className="page">
          <h1>Page not found</h1>
          <p>
            Nothing at <code>{route.path}</code>. <a href="#/cases">Go to the case list</a>.
          </p>
        </div>
      );
  }
}
