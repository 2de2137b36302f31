import { useState } from 'react';
import { useNavigate } from 'react-router';
import { App, Button, Card, Popconfirm, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableProps } from 'antd';
import { LogoutOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client.ts';
import type { Session } from '../../api/types.ts';
import { useLang } from '../../i18n/index.ts';
import { useNotifyError } from '../../lib/errors.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useApiData } from '../../lib/useApiData.ts';
import { describeUserAgent } from '../../lib/userAgent.ts';
import { useSession } from '../../session/SessionContext.ts';
import { LoadError } from '../../components/LoadError.tsx';

export function SessionsCard() {
  const { t } = useTranslation();
  const lang = useLang();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const navigate = useNavigate();
  const { endLocally } = useSession();
  const [revoking, setRevoking] = useState(false);
  const sessions = useApiData((signal) => call(api.GET('/api/v1/auth/sessions', { signal })), []);

  const revokeAll = async () => {
    setRevoking(true);
    try {
      const r = await call(api.POST('/api/v1/auth/sessions/revoke-all'));
      void message.success(t('account.revokedAll', { count: r.revoked }));
      endLocally('loggedOut');
      void navigate('/login?reason=loggedOut', { replace: true });
    } catch (err) {
      notifyError(err);
      setRevoking(false);
    }
  };

  const columns: TableProps<Session>['columns'] = [
    {
      key: 'device',
      title: t('account.sessionDevice'),
      render: (_v, s) => (
        <Tooltip title={s.userAgent ?? undefined}>
          <span>
            {describeUserAgent(s.userAgent) ?? t('account.unknownDevice')}
            {s.current ? (
              <Tag color="blue" style={{ marginInlineStart: 8 }}>
                {t('account.sessionCurrent')}
              </Tag>
            ) : null}
          </span>
        </Tooltip>
      ),
    },
    { key: 'ip', title: t('account.sessionIp'), render: (_v, s) => <Typography.Text className="kc-mono">{s.ip ?? t('common.empty')}</Typography.Text> },
    { key: 'created', title: t('account.sessionCreated'), render: (_v, s) => formatDateTime(s.createdAt, lang) },
    { key: 'lastSeen', title: t('account.sessionLastSeen'), render: (_v, s) => formatDateTime(s.lastSeenAt, lang) },
    { key: 'expires', title: t('account.sessionExpires'), render: (_v, s) => formatDateTime(s.expiresAt, lang) },
  ];

  return (
    <Card
      variant="borderless"
      title={t('account.sessions')}
      extra={
        <Popconfirm title={t('account.revokeAllConfirm')} onConfirm={() => void revokeAll()} okText={t('common.confirm')} cancelText={t('common.cancel')} okButtonProps={{ danger: true }}>
          <Button danger icon={<LogoutOutlined />} loading={revoking} data-testid="revoke-all">
            {t('account.revokeAll')}
          </Button>
        </Popconfirm>
      }
    >
      <Typography.Paragraph type="secondary">{t('account.sessionsHint')}</Typography.Paragraph>
      {sessions.error ? <LoadError error={sessions.error} onRetry={sessions.reload} /> : null}
      <Table<Session> rowKey="id" size="middle" columns={columns} dataSource={sessions.data ?? []} loading={sessions.loading} pagination={false} scroll={{ x: 'max-content' }} />
    </Card>
  );
}
