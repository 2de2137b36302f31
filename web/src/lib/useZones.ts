import { useMemo } from 'react';
import { api, call } from '../api/client.ts';
import type { Zone } from '../api/types.ts';
import type { Lang } from '../api/client.ts';
import { useApiData } from './useApiData.ts';

export interface Zones {
  list: Zone[];
  byId: Map<string, Zone>;
  /** "Future Science City / Life Valley": the zone with its parents, in the given language. */
  path: (id: string | null | undefined, lang: Lang) => string | null;
}

/** The tenant's zones (city → zone → park), in their display order. */
export function useZones(): Zones & { loading: boolean } {
  const zones = useApiData((signal) => call(api.GET('/api/v1/zones', { signal })), []);
  return useMemo(() => {
    const list = zones.data ?? [];
    const byId = new Map(list.map((z) => [z.id, z]));
    const name = (z: Zone, lang: Lang) => (lang === 'en' ? z.nameEn : z.nameZh);
    const path = (id: string | null | undefined, lang: Lang) => {
      if (!id) return null;
      const parts: string[] = [];
      let z = byId.get(id);
      // City level is implied by the tenant, so paths start at the zone.
      while (z && z.level !== 'city') {
        parts.unshift(name(z, lang));
        z = z.parentId ? byId.get(z.parentId) : undefined;
      }
      return parts.length ? parts.join(' / ') : null;
    };
    return { list, byId, path, loading: zones.loading };
  }, [zones.data, zones.loading]);
}
