import { useNavigate } from 'react-router';
import { Button, Card, Flex, Statistic, Typography } from 'antd';
import { SafetyOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client.ts';
import { useApiData } from '../../lib/useApiData.ts';
import { useMe } from '../../session/SessionContext.ts';

export function SecurityCard() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const me = useMe();
  const sessions = useApiData((signal) => call(api.GET('/api/v1/auth/sessions', { signal })), []);
  return (
    <Card
      variant="borderless"
      title={
        <Flex gap={8} align="center">
          <SafetyOutlined />
          {t('home.securityTitle')}
        </Flex>
      }
      style={{ height: '100%' }}
    >
      <Flex vertical gap={12}>
        <Statistic title={t('home.activeSessions')} value={sessions.data ? sessions.data.length : '–'} loading={sessions.loading && !sessions.data} />
        <Typography.Text type="secondary">{t('home.sessionPolicy', { idle: me.session.idleMinutes, hours: me.session.absoluteHours })}</Typography.Text>
        <div>
          <Button onClick={() => void navigate('/account')}>{t('home.manageAccount')}</Button>
        </div>
      </Flex>
    </Card>
  );
}
