import { useEffect, type ReactNode } from 'react';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router';
import { Button, Dropdown, Flex, Select, Tag } from 'antd';
import { DownOutlined, LoginOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client.ts';
import type { Tenant } from '../../api/types.ts';
import { useLang } from '../../i18n/index.ts';
import { useApiData } from '../../lib/useApiData.ts';
import { useSession } from '../../session/SessionContext.ts';
import { OpenLayout } from '../../layout/OpenLayout.tsx';
import { defaultTenant, useTenants } from '../auth/useTenants.ts';

/** The tenant of a public page: ?tenant=, else (as on the open dashboard) the last used or only one, written into the address. */
export function usePublicTenant(): { slug: string | null; tenant: Tenant | null; tenants: Tenant[]; loading: boolean; error: unknown } {
  const [params, setParams] = useSearchParams();
  const slug = params.get('tenant');
  const tenants = useTenants();
  useEffect(() => {
    if (slug || !tenants.data) return;
    const d = defaultTenant(tenants.data, null);
    if (d) {
      const p = new URLSearchParams(params);
      p.set('tenant', d);
      setParams(p, { replace: true });
    }
  }, [slug, tenants.data, params, setParams]);
  return { slug, tenant: tenants.data?.find((x) => x.slug === slug) ?? null, tenants: tenants.data ?? [], loading: tenants.loading, error: tenants.error };
}

/** A public link that keeps the tenant. */
export function publicHref(path: string, slug: string | null, extra?: Record<string, string>): string {
  const p = new URLSearchParams(extra);
  if (slug) p.set('tenant', slug);
  const q = p.toString();
  return q ? `${path}?${q}` : path;
}

/** Zones named for the eligibility and the zone filter (public: no sign-in). */
export function usePublicZones(slug: string | null) {
  const d = useApiData((signal) => (slug ? call(api.GET('/api/v1/public/zones', { params: { query: { tenant: slug } }, signal })) : Promise.resolve(null)), [slug]);
  return (d.data ?? []).map((z) => ({ id: z.id, nameZh: z.nameZh, nameEn: z.nameEn, level: z.level }));
}

type Section = 'challenges' | 'notices' | 'projects';

function sectionOf(pathname: string): Section | null {
  if (pathname.startsWith('/public/notices')) return 'notices';
  if (pathname.startsWith('/public/projects')) return 'projects';
  if (pathname.startsWith('/public/challenges')) return 'challenges';
  return null;
}

/** 重点项目 in the header once the tenant has published a list: a link to it, or a menu of them. */
function ProjectsNav({ slug, active }: { slug: string | null; active: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  const lists = useApiData((signal) => (slug ? call(api.GET('/api/v1/public/project-lists', { params: { query: { tenant: slug } }, signal })) : Promise.resolve(null)), [slug]);
  const items = lists.data?.items ?? [];
  if (items.length === 0) return null;
  const label = t('projectsUi.public.nav');
  const type = active ? 'link' : 'text';
  if (items.length === 1) {
    return (
      <Link to={publicHref(`/public/projects/${items[0]!.slug}`, slug)} data-testid="public-nav-projects">
        <Button type={type}>{label}</Button>
      </Link>
    );
  }
  return (
    <Dropdown
      menu={{
        items: items.map((l) => ({ key: l.slug, label: <Link to={publicHref(`/public/projects/${l.slug}`, slug)}>{lang === 'en' && l.nameEn ? l.nameEn : l.nameZh}</Link> })),
      }}
    >
      <Button type={type} data-testid="public-nav-projects">
        {label} <DownOutlined />
      </Button>
    </Dropdown>
  );
}

/** The open pages' frame: the slim header with the tenant, links between the public lists, and sign-in. */
export function PublicShell({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const lang = useLang();
  const navigate = useNavigate();
  const location = useLocation();
  const { state } = useSession();
  const { slug, tenant, tenants } = usePublicTenant();
  const [, setParams] = useSearchParams();
  const section = sectionOf(location.pathname);
  const actions = (
    <Flex gap={8} align="center" className="kc-no-print">
      <Link to={publicHref('/public/challenges', slug)} data-testid="public-nav-challenges">
        <Button type={section === 'challenges' ? 'link' : 'text'}>{t('publicChallenges.navChallenges')}</Button>
      </Link>
      <Link to={publicHref('/public/notices', slug)} data-testid="public-nav-notices">
        <Button type={section === 'notices' ? 'link' : 'text'}>{t('publicChallenges.navNotices')}</Button>
      </Link>
      <ProjectsNav slug={slug} active={section === 'projects'} />
      <Link to={publicHref('/public/dashboard', slug)}>
        <Button type="text">{t('publicChallenges.navDashboard')}</Button>
      </Link>
      {tenants.length > 1 ? (
        <Select
          value={slug ?? undefined}
          onChange={(v: string) => setParams({ tenant: v })}
          options={tenants.map((tn) => ({ value: tn.slug, label: lang === 'en' ? tn.nameEn : tn.nameZh }))}
          style={{ width: 200, maxWidth: '30vw' }}
          popupMatchSelectWidth={false}
          aria-label={t('login.tenant')}
        />
      ) : null}
      {tenant?.isDemo ? <Tag color="orange">{t('common.demoData')}</Tag> : null}
      {state.status === 'signedIn' ? (
        <Button type="primary" onClick={() => void navigate('/')}>
          {t('publicDashboard.openWorkspace')}
        </Button>
      ) : (
        <Button type="primary" icon={<LoginOutlined />} onClick={() => void navigate(publicHref('/login', slug))} data-testid="public-sign-in">
          {t('login.submit')}
        </Button>
      )}
    </Flex>
  );
  return (
    <OpenLayout actions={actions}>
      <div className="kc-public">{children}</div>
    </OpenLayout>
  );
}
