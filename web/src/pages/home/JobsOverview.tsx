import { useNavigate } from 'react-router';
import { Button, Card, Col, Flex, Row, Skeleton, Statistic } from 'antd';
import { ScheduleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client.ts';
import { useApiData } from '../../lib/useApiData.ts';
import { LoadError } from '../../components/LoadError.tsx';

export function JobsOverview() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const counts = useApiData(async (signal) => {
    const count = async (status: 'failed' | 'queued') => (await call(api.GET('/api/v1/jobs', { params: { query: { status, pageSize: 1 } }, signal }))).total;
    const [failed, queued] = await Promise.all([count('failed'), count('queued')]);
    return { failed, queued };
  }, []);
  return (
    <Card
      variant="borderless"
      title={
        <Flex gap={8} align="center">
          <ScheduleOutlined />
          {t('nav.jobs')}
        </Flex>
      }
      extra={
        <Button type="link" onClick={() => void navigate('/admin/jobs')}>
          {t('home.viewJobs')}
        </Button>
      }
      style={{ height: '100%' }}
    >
      {counts.error ? <LoadError error={counts.error} onRetry={counts.reload} /> : null}
      {counts.data ? (
        <Row gutter={[12, 12]}>
          <Col span={12}>
            <Statistic title={t('home.jobsFailed')} value={counts.data.failed} styles={{ content: counts.data.failed > 0 ? { color: '#cf1322' } : undefined }} />
          </Col>
          <Col span={12}>
            <Statistic title={t('home.jobsQueued')} value={counts.data.queued} />
          </Col>
        </Row>
      ) : counts.loading ? (
        <Skeleton active paragraph={{ rows: 1 }} />
      ) : null}
    </Card>
  );
}
