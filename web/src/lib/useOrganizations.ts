import { useEffect, useState } from 'react';
import { api, call } from '../api/client.ts';
import type { Organization } from '../api/types.ts';

// Organisations change rarely; one lookup per id per page load is enough.
const cache = new Map<string, Promise<Organization | null>>();

function fetchOrganization(id: string): Promise<Organization | null> {
  let p = cache.get(id);
  if (!p) {
    p = call(api.GET('/api/v1/organizations/{id}', { params: { path: { id } } })).catch(() => {
      cache.delete(id);
      return null;
    });
    cache.set(id, p);
  }
  return p;
}

/** Looks up the organisations with the given ids (those the caller may see). */
export function useOrganizations(ids: readonly (string | null | undefined)[]): Map<string, Organization> {
  const [found, setFound] = useState<Map<string, Organization>>(() => new Map());
  const key = [...new Set(ids.filter((x): x is string => Boolean(x)))].sort().join(',');
  useEffect(() => {
    if (!key) return;
    let live = true;
    const wanted = key.split(',');
    void Promise.all(wanted.map((id) => fetchOrganization(id))).then((orgs) => {
      if (!live) return;
      setFound((prev) => {
        const next = new Map(prev);
        for (const o of orgs) if (o) next.set(o.id, o);
        return next;
      });
    });
    return () => {
      live = false;
    };
  }, [key]);
  return found;
}

export function forgetOrganizations() {
  cache.clear();
}
