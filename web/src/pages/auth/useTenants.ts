import { api, call } from '../../api/client.ts';
import type { Tenant } from '../../api/types.ts';
import { useApiData, type ApiData } from '../../lib/useApiData.ts';

const LAST_TENANT_KEY = 'kechuang.tenant';

export function useTenants(): ApiData<Tenant[]> {
  return useApiData((signal) => call(api.GET('/api/v1/tenants', { signal })), []);
}

export function rememberedTenant(): string | null {
  try {
    return window.localStorage.getItem(LAST_TENANT_KEY);
  } catch {
    return null;
  }
}

export function rememberTenant(slug: string) {
  try {
    window.localStorage.setItem(LAST_TENANT_KEY, slug);
  } catch {
    // not remembered
  }
}

/** The tenant to preselect: the one asked for, else the last used, else the first. */
export function defaultTenant(tenants: Tenant[], asked: string | null): string | undefined {
  const slugs = tenants.map((t) => t.slug);
  if (asked && slugs.includes(asked)) return asked;
  const last = rememberedTenant();
  if (last && slugs.includes(last)) return last;
  return slugs[0];
}
