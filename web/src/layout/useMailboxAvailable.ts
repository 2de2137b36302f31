import { useEffect, useState } from 'react';
import { api, call } from '../api/client.ts';
import type { Me } from '../api/types.ts';

/**
 * Whether to offer the demo mailbox: only to admins, and only when the server opens it (demo mode or
 * no SMTP). Asked once per sign-in; the page itself copes with the server changing its mind.
 */
export function useMailboxAvailable(me: Me): boolean {
  const isAdmin = me.user.roles.includes('admin');
  const [available, setAvailable] = useState(false);
  useEffect(() => {
    if (!isAdmin) return;
    const controller = new AbortController();
    call(api.GET('/api/v1/mailbox', { params: { query: { pageSize: 1 } }, signal: controller.signal })).then(
      () => setAvailable(true),
      () => setAvailable(false),
    );
    return () => controller.abort();
  }, [isAdmin, me.user.id]);
  return isAdmin && available;
}
