import { useNavigate } from 'react-router';
import { Alert, Button, Skeleton, Tag, Tooltip, Typography } from 'antd';
import { ReloadOutlined, SettingOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client.ts';
import type { paths } from '../../api/schema';
import type { DashboardChart } from '../../api/types.ts';
import { useLang } from '../../i18n/index.ts';
import { formatDateTime } from '../../lib/format.ts';
import { seesIndicatorDetail } from '../../lib/roles.ts';
import { useApiData } from '../../lib/useApiData.ts';
import { useMe } from '../../session/SessionContext.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { LoadError } from '../../components/LoadError.tsx';
import { DashboardView } from './DashboardView.tsx';

const CSV_PATH = '/api/v1/dashboard/data/{chart}.csv' satisfies keyof paths;
const csvHref = (chart: DashboardChart) => CSV_PATH.replace('{chart}', chart);

/** The indicator dashboard of the signed-in user's innovation center. */
export default function DashboardPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const me = useMe();
  const navigate = useNavigate();
  const staff = seesIndicatorDetail(me);
  const dashboard = useApiData((signal) => call(api.GET('/api/v1/dashboard', { signal })), []);
  const data = dashboard.data;
  return (
    <>
      <PageHeader
        title={t('dashboard.title')}
        subtitle={t('dashboard.subtitle')}
        extra={
          <>
            {data?.computedAt ? (
              <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="computed-at">
                {t('dashboard.computedAt', { time: formatDateTime(data.computedAt, lang) })}
              </Typography.Text>
            ) : null}
            <Tooltip title={t('common.refresh')}>
              <Button icon={<ReloadOutlined />} onClick={dashboard.reload} loading={dashboard.loading && Boolean(data)} aria-label={t('common.refresh')} />
            </Tooltip>
            {staff ? (
              <Button icon={<SettingOutlined />} onClick={() => void navigate('/indicators')}>
                {t('dashboard.manageIndicators')}
              </Button>
            ) : null}
          </>
        }
      />
      {data?.tenant.isDemo ? (
        <Alert
          type="warning"
          showIcon
          title={
            <span>
              <Tag color="orange" style={{ marginInlineEnd: 8 }}>
                {t('common.demoData')}
              </Tag>
              {t('dashboard.demoNotice')}
            </span>
          }
          style={{ marginBottom: 16 }}
          data-testid="dashboard-demo"
        />
      ) : null}
      {!staff && data ? (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: -8 }}>
          {t('dashboard.withheldPolicy')}
        </Typography.Paragraph>
      ) : null}
      {dashboard.error ? <LoadError error={dashboard.error} onRetry={dashboard.reload} /> : null}
      {data ? <DashboardView data={data} csvHref={csvHref} staff={staff} /> : dashboard.loading ? <Skeleton active paragraph={{ rows: 8 }} /> : null}
    </>
  );
}
