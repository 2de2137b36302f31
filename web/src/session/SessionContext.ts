import { createContext, useContext } from 'react';
import type { Me } from '../api/types.ts';

export type SignedOutReason = 'expired' | 'required' | 'loggedOut' | null;

export type SessionState =
  | { status: 'loading' }
  | { status: 'error'; error: unknown }
  | { status: 'signedIn'; me: Me }
  | { status: 'signedOut'; reason: SignedOutReason };

export interface SessionApi {
  state: SessionState;
  /** Asks the server who is signed in (after sign-in, or to recover from an error). */
  refresh: () => Promise<Me | null>;
  signOut: () => Promise<void>;
  /** Ends the session locally after the server already ended it (e.g. "sign out everywhere"). */
  endLocally: (reason: SignedOutReason) => void;
}

export const SessionContext = createContext<SessionApi | null>(null);

export function useSession(): SessionApi {
  const ctx = useContext(SessionContext);
  if (!ctx) throw new Error('useSession outside SessionProvider');
  return ctx;
}

/** The signed-in user; only for components rendered behind RequireAuth. */
export function useMe(): Me {
  const { state } = useSession();
  if (state.status !== 'signedIn') throw new Error('useMe without a session');
  return state.me;
}

export function useCan(): (permission: string) => boolean {
  const { state } = useSession();
  const perms = state.status === 'signedIn' ? state.me.permissions : [];
  return (permission: string) => perms.includes(permission);
}
