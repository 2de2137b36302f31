import { useNavigate } from 'react-router';
import { Button, Card, Col, Flex, Row, Skeleton, Statistic, Typography } from 'antd';
import { BankOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client.ts';
import { ORGANIZATION_TYPES, QUALIFICATION_KINDS } from '../../api/types.ts';
import { useApiData } from '../../lib/useApiData.ts';
import { useCan } from '../../session/SessionContext.ts';
import { LoadError } from '../../components/LoadError.tsx';
import { BarChart } from '../../components/BarChart.tsx';

/** Registry totals from one search call: its facet counts give the breakdowns. */
export function RegistryOverview() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const can = useCan();
  const search = useApiData((signal) => call(api.GET('/api/v1/organizations', { params: { query: { pageSize: 1, facets: true } }, signal })), []);
  const data = search.data;
  const count = (facet: { value: string; count: number }[], value: string) => facet.find((f) => f.value === value)?.count ?? 0;
  const typeBars = data ? ORGANIZATION_TYPES.map((k) => ({ label: t(`orgTypes.${k}`), value: count(data.facets.type, k) })).filter((b) => b.value > 0) : [];
  const qualified = data ? QUALIFICATION_KINDS.map((k) => ({ kind: k, value: count(data.facets.qualification, k) })).filter((q) => q.value > 0) : [];
  return (
    <Card
      variant="borderless"
      title={
        <Flex gap={8} align="center">
          <BankOutlined />
          {t('home.orgsTitle')}
        </Flex>
      }
      extra={
        <Button type="link" onClick={() => void navigate('/organizations')}>
          {t('home.viewOrgs')}
        </Button>
      }
      style={{ height: '100%' }}
      data-testid="registry-overview"
    >
      {search.error ? <LoadError error={search.error} onRetry={search.reload} /> : null}
      {data ? (
        <Flex vertical gap={12}>
          <Flex justify="space-between" align="flex-end" wrap gap={8}>
            <Statistic title={t('home.orgsTotal')} value={data.total} />
            {can('organization.create') ? <Button onClick={() => void navigate('/organizations?register=1')}>{t('home.registerOrg')}</Button> : null}
          </Flex>
          {qualified.length > 0 ? (
            <Row gutter={[8, 8]}>
              {qualified.map((q) => (
                <Col xs={12} sm={8} key={q.kind}>
                  <button type="button" className="kc-stat" onClick={() => void navigate(`/organizations?qualification=${q.kind}`)}>
                    <Statistic title={t(`qualificationKinds.${q.kind}`)} value={q.value} styles={{ content: { fontSize: 20 } }} />
                  </button>
                </Col>
              ))}
            </Row>
          ) : null}
          {typeBars.length > 0 ? (
            <>
              <Typography.Text type="secondary">{t('home.orgsByType')}</Typography.Text>
              <BarChart bars={typeBars} />
            </>
          ) : null}
        </Flex>
      ) : search.loading ? (
        <Skeleton active />
      ) : null}
    </Card>
  );
}
