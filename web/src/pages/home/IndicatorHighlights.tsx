import { useNavigate } from 'react-router';
import { Button, Card, Flex, Skeleton, Tag } from 'antd';
import { FundOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client.ts';
import { useApiData } from '../../lib/useApiData.ts';
import { LoadError } from '../../components/LoadError.tsx';
import { HeadlineCards } from '../dashboard/HeadlineCards.tsx';
import { useIndicatorFormat } from '../dashboard/indicatorFormat.ts';

/** The headline indicators on the home page, with the way to the full dashboard. */
export function IndicatorHighlights({ staff }: { staff: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const dashboard = useApiData((signal) => call(api.GET('/api/v1/dashboard', { signal })), []);
  const fmt = useIndicatorFormat(dashboard.data?.indicators ?? []);
  const data = dashboard.data;
  return (
    <Card
      variant="borderless"
      title={
        <Flex gap={8} align="center" wrap>
          <FundOutlined />
          {t('home.indicatorsTitle')}
          {data?.tenant.isDemo ? (
            <Tag color="orange" style={{ fontWeight: 'normal' }}>
              {t('common.demoData')}
            </Tag>
          ) : null}
        </Flex>
      }
      extra={
        <Button type="link" onClick={() => void navigate('/dashboard')} data-testid="open-dashboard">
          {t('home.viewDashboard')}
        </Button>
      }
      data-testid="indicator-highlights"
    >
      {dashboard.error ? <LoadError error={dashboard.error} onRetry={dashboard.reload} /> : null}
      {data ? <HeadlineCards cards={data.cards} fmt={fmt} staff={staff} /> : dashboard.loading ? <Skeleton active /> : null}
    </Card>
  );
}
