import { useEffect } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { Alert, Button, Result, Select, Skeleton, Tag, Typography } from 'antd';
import { LoginOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError, api, call } from '../../api/client.ts';
import type { paths } from '../../api/schema';
import type { DashboardChart } from '../../api/types.ts';
import { useLang } from '../../i18n/index.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useApiData } from '../../lib/useApiData.ts';
import { useSession } from '../../session/SessionContext.ts';
import { OpenLayout } from '../../layout/OpenLayout.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { LoadError } from '../../components/LoadError.tsx';
import { defaultTenant, useTenants } from '../auth/useTenants.ts';
import { DashboardView } from './DashboardView.tsx';

const CSV_PATH = '/api/v1/public/dashboard/data/{chart}.csv' satisfies keyof paths;

/** The open dashboard of one innovation center, without signing in: public indicators, aggregates only. */
export default function PublicDashboardPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const navigate = useNavigate();
  const { state } = useSession();
  const [params, setParams] = useSearchParams();
  const slug = params.get('tenant');
  const tenants = useTenants();

  // Without ?tenant= the last used (or only) center is shown, and the address says which.
  useEffect(() => {
    if (slug || !tenants.data) return;
    const d = defaultTenant(tenants.data, null);
    if (d) setParams({ tenant: d }, { replace: true });
  }, [slug, tenants.data, setParams]);

  const dashboard = useApiData(
    (signal) => (slug ? call(api.GET('/api/v1/public/dashboard', { params: { query: { tenant: slug } }, signal })) : Promise.resolve(null)),
    [slug],
  );
  const data = dashboard.data;
  const csvHref = (chart: DashboardChart) => `${CSV_PATH.replace('{chart}', chart)}?${new URLSearchParams({ tenant: slug ?? '' }).toString()}`;
  const notFound = dashboard.error instanceof ApiError && dashboard.error.status === 404;
  const signedIn = state.status === 'signedIn';

  const actions = (
    <>
      <Link to={slug ? `/public/challenges?tenant=${encodeURIComponent(slug)}` : '/public/challenges'} data-testid="public-challenges-link">
        {t('publicChallenges.link')}
      </Link>
      {tenants.data && tenants.data.length > 1 ? (
        <Select
          value={slug ?? undefined}
          onChange={(v: string) => setParams({ tenant: v })}
          options={tenants.data.map((tn) => ({ value: tn.slug, label: lang === 'en' ? tn.nameEn : tn.nameZh }))}
          style={{ width: 240, maxWidth: '40vw' }}
          popupMatchSelectWidth={false}
          aria-label={t('login.tenant')}
          data-testid="public-tenant"
        />
      ) : null}
      {signedIn ? (
        <Button type="primary" onClick={() => void navigate('/dashboard')}>
          {t('publicDashboard.openWorkspace')}
        </Button>
      ) : (
        <Button type="primary" icon={<LoginOutlined />} onClick={() => void navigate(slug ? `/login?tenant=${encodeURIComponent(slug)}` : '/login')} data-testid="public-sign-in">
          {t('login.submit')}
        </Button>
      )}
    </>
  );

  if (notFound) {
    return (
      <OpenLayout actions={actions}>
        <Result status="404" title={t('publicDashboard.notFoundTitle')} subTitle={t('publicDashboard.notFoundDescription')} extra={<Link to="/login">{t('common.backToLogin')}</Link>} />
      </OpenLayout>
    );
  }

  const tenantName = data ? (lang === 'en' ? data.tenant.nameEn : data.tenant.nameZh) : null;
  return (
    <OpenLayout actions={actions}>
      <PageHeader
        title={
          <span data-testid="public-dashboard-title">
            {t('publicDashboard.title')}
            {data?.tenant.isDemo ? (
              <Tag color="orange" style={{ marginInlineStart: 10, verticalAlign: 'middle' }} data-testid="public-demo-tag">
                {t('common.demoData')}
              </Tag>
            ) : null}
          </span>
        }
        subtitle={tenantName ? t('publicDashboard.subtitle', { tenant: tenantName }) : undefined}
        extra={
          data?.computedAt ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('dashboard.computedAt', { time: formatDateTime(data.computedAt, lang) })}
            </Typography.Text>
          ) : null
        }
      />
      {data?.tenant.isDemo ? <Alert type="warning" showIcon title={t('publicDashboard.demoTitle')} description={t('publicDashboard.demoDescription')} style={{ marginBottom: 16 }} data-testid="public-demo-banner" /> : null}
      {data ? (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: data.tenant.isDemo ? 0 : -8 }}>
          {t('publicDashboard.scope')}
        </Typography.Paragraph>
      ) : null}
      {tenants.error ? <LoadError error={tenants.error} onRetry={tenants.reload} /> : null}
      {dashboard.error ? <LoadError error={dashboard.error} onRetry={dashboard.reload} /> : null}
      {tenants.data && tenants.data.length === 0 ? <Alert type="info" showIcon title={t('login.noTenants')} /> : null}
      {data ? <DashboardView data={data} csvHref={csvHref} staff={false} /> : dashboard.loading || (!slug && tenants.loading) ? <Skeleton active paragraph={{ rows: 8 }} /> : null}
    </OpenLayout>
  );
}
