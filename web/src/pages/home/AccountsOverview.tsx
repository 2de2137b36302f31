import { useNavigate } from 'react-router';
import { Button, Card, Col, Flex, Row, Skeleton, Statistic, Typography } from 'antd';
import { TeamOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client.ts';
import { ROLES, USER_STATUSES, type Role, type UserStatus } from '../../api/types.ts';
import { useApiData } from '../../lib/useApiData.ts';
import { LoadError } from '../../components/LoadError.tsx';
import { BarChart } from '../../components/BarChart.tsx';

async function countUsers(filter: { status?: UserStatus; role?: Role }, signal: AbortSignal): Promise<number> {
  const page = await call(api.GET('/api/v1/users', { params: { query: { ...filter, page: 1, pageSize: 1 } }, signal }));
  return page.total;
}

/** Account counts by status and role, from the list endpoint's totals. */
export function AccountsOverview() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const counts = useApiData(async (signal) => {
    const [all, byStatus, byRole] = await Promise.all([
      countUsers({}, signal),
      Promise.all(USER_STATUSES.map((s) => countUsers({ status: s }, signal))),
      Promise.all(ROLES.map((r) => countUsers({ role: r }, signal))),
    ]);
    return { all, byStatus, byRole };
  }, []);

  const data = counts.data;
  const statusLink = (s?: UserStatus) => () => void navigate(s ? `/admin/users?status=${s}` : '/admin/users');

  return (
    <Card
      variant="borderless"
      title={
        <Flex gap={8} align="center">
          <TeamOutlined />
          {t('home.usersTitle')}
        </Flex>
      }
      extra={
        <Button type="link" onClick={statusLink()}>
          {t('home.manageUsers')}
        </Button>
      }
      style={{ height: '100%' }}
      data-testid="accounts-overview"
    >
      {counts.error ? <LoadError error={counts.error} onRetry={counts.reload} /> : null}
      {data ? (
        <Row gutter={[16, 16]}>
          <Col xs={24} md={10}>
            <Row gutter={[12, 12]}>
              <Col span={12}>
                <button type="button" className="kc-stat" onClick={statusLink()}>
                  <Statistic title={t('home.usersTotal')} value={data.all} />
                </button>
              </Col>
              {USER_STATUSES.map((s, i) => (
                <Col span={12} key={s}>
                  <button type="button" className="kc-stat" onClick={statusLink(s)} data-testid={`users-count-${s}`}>
                    <Statistic title={t(`userStatus.${s}`)} value={data.byStatus[i] ?? 0} />
                  </button>
                </Col>
              ))}
            </Row>
          </Col>
          <Col xs={24} md={14}>
            <Typography.Text type="secondary">{t('home.usersByRole')}</Typography.Text>
            <BarChart bars={ROLES.map((r, i) => ({ label: t(`roles.${r}`), value: data.byRole[i] ?? 0 }))} testId="users-by-role" />
          </Col>
        </Row>
      ) : counts.loading ? (
        <Skeleton active />
      ) : null}
    </Card>
  );
}
