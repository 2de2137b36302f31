import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiError, api, call, onUnauthorized } from '../api/client.ts';
import type { Me } from '../api/types.ts';
import { SessionContext, type SessionApi, type SessionState, type SignedOutReason } from './SessionContext.ts';

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });

  const refresh = useCallback(async (): Promise<Me | null> => {
    try {
      const me = await call(api.GET('/api/v1/auth/me'));
      setState({ status: 'signedIn', me });
      return me;
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        setState({ status: 'signedOut', reason: err.code === 'SESSION_EXPIRED' ? 'expired' : null });
        return null;
      }
      setState({ status: 'error', error: err });
      return null;
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  // Any API call answering 401 means the session is gone (expired, revoked elsewhere, ...).
  useEffect(
    () =>
      onUnauthorized((code) => {
        setState((s) => (s.status === 'signedIn' ? { status: 'signedOut', reason: code === 'SESSION_EXPIRED' ? 'expired' : 'required' } : s));
      }),
    [],
  );

  const signOut = useCallback(async () => {
    try {
      await call(api.POST('/api/v1/auth/logout'));
    } catch (err) {
      // Already signed out on the server: that is what we wanted.
      if (!(err instanceof ApiError && err.status === 401)) throw err;
    }
    setState({ status: 'signedOut', reason: 'loggedOut' });
  }, []);

  const endLocally = useCallback((reason: SignedOutReason) => setState({ status: 'signedOut', reason }), []);

  const value = useMemo<SessionApi>(() => ({ state, refresh, signOut, endLocally }), [state, refresh, signOut, endLocally]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}
