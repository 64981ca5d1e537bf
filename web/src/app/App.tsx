/**
 * The app: language, session, router. Page routes come from routes.tsx; public pages render
 * without the frame, the others inside <AppLayout> behind <RequireAuth>, each also checked
 * against the user's role.
 */
import { lazy, Suspense, type ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { LocaleProvider } from '../i18n';
import { AuthProvider, useUser } from './auth';
import { RequireAuth } from './RequireAuth';
import { AppLayout } from './AppLayout';
import { ROUTES, homePathFor, mayOpen, type Access } from './routes';
import { NotFoundPage } from '../pages/NotFoundPage';
import { PageSpinner } from '../components/PageSpinner';

// its form is not needed by a signed-in user opening the app
const LoginPage = lazy(() => import('../pages/LoginPage'));

/** A page the user's role may not open is answered as if it did not exist. */
function RoleGate({ access, children }: { access: Access; children: ReactNode }) {
  const user = useUser();
  return mayOpen(user, access) ? <>{children}</> : <NotFoundPage />;
}

function Home() {
  return <Navigate to={homePathFor(useUser())} replace />;
}

export function AppRoutes() {
  return (
    <Routes>
      <Route
        path="/login"
        element={
          <Suspense fallback={<PageSpinner />}>
            <LoginPage />
          </Suspense>
        }
      />
      {ROUTES.filter((r) => r.access === 'public').map(({ path, page: Page }) => (
        <Route
          key={path}
          path={path}
          element={
            <Suspense fallback={<PageSpinner />}>
              <Page />
            </Suspense>
          }
        />
      ))}
      <Route
        element={
          <RequireAuth>
            <AppLayout />
          </RequireAuth>
        }
      >
        <Route index element={<Home />} />
        {ROUTES.filter((r) => r.access !== 'public').map(({ path, access, page: Page }) => (
          <Route
            key={path}
            path={path}
            element={
              <RoleGate access={access}>
                <Page />
              </RoleGate>
            }
          />
        ))}
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}

export function App() {
  return (
    <LocaleProvider>
      <AuthProvider>
        <BrowserRouter>
          <AppRoutes />
        </BrowserRouter>
      </AuthProvider>
    </LocaleProvider>
  );
}
