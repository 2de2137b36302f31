import { lazy, useState } from 'react';
import { Alert, Button, Card, Flex, Result, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableProps } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, ApiError, call } from '../../api/client.ts';
import type { paths } from '../../api/schema';
import { useLang } from '../../i18n/index.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useApiData } from '../../lib/useApiData.ts';
import { useMe } from '../../session/SessionContext.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { LoadError } from '../../components/LoadError.tsx';

const ForbiddenPage = lazy(() => import('../errors/ForbiddenPage.tsx'));

type MailPage = paths['/api/v1/mailbox']['get']['responses'][200]['content']['application/json'];
type Mail = MailPage['items'][number];

const STATUS_COLORS: Record<Mail['status'], string> = { queued: 'processing', sent: 'success', stored: 'default', failed: 'error' };

/** The demo mailbox: what the platform mailed, for admins of a demo or SMTP-less installation. */
export default function MailboxPage() {
  const me = useMe();
  return me.user.roles.includes('admin') ? <Mailbox /> : <ForbiddenPage />;
}

function Mailbox() {
  const { t } = useTranslation();
  const lang = useLang();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const list = useApiData((signal) => call(api.GET('/api/v1/mailbox', { params: { query: { page, pageSize } }, signal })), [page, pageSize]);

  if (list.error instanceof ApiError && list.error.code === 'MAILBOX_UNAVAILABLE') {
    return (
      <div data-testid="mailbox-unavailable">
        <Result status="info" title={t('mailbox.unavailableTitle')} subTitle={t('mailbox.unavailable')} />
      </div>
    );
  }

  const columns: TableProps<Mail>['columns'] = [
    { key: 'createdAt', title: t('mailbox.colCreated'), render: (_v, m) => formatDateTime(m.createdAt, lang, true), width: 180 },
    { key: 'to', title: t('mailbox.colTo'), dataIndex: 'to' },
    { key: 'subject', title: t('mailbox.colSubject'), dataIndex: 'subject' },
    {
      key: 'status',
      title: t('mailbox.colStatus'),
      render: (_v, m) => (
        <Tooltip title={m.error ?? undefined}>
          <Tag color={STATUS_COLORS[m.status]} style={{ marginInlineEnd: 0 }}>
            {t(`mailbox.status.${m.status}`)}
          </Tag>
        </Tooltip>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('mailbox.title')}
        subtitle={t('mailbox.subtitle')}
        extra={
          <Tooltip title={t('common.refresh')}>
            <Button icon={<ReloadOutlined />} onClick={list.reload} aria-label={t('common.refresh')} />
          </Tooltip>
        }
      />
      {list.data ? (
        <Alert
          type={list.data.delivery === 'smtp' ? 'warning' : 'info'}
          showIcon
          title={list.data.delivery === 'smtp' ? t('mailbox.deliverySmtp') : t('mailbox.deliveryFile')}
          description={t('mailbox.redacted')}
          style={{ marginBottom: 16 }}
        />
      ) : null}
      <Card variant="borderless" data-testid="mailbox-table">
        {list.error ? <LoadError error={list.error} onRetry={list.reload} /> : null}
        <Table<Mail>
          rowKey="id"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.loading && !list.data}
          scroll={{ x: 'max-content' }}
          expandable={{
            expandedRowRender: (m) => (
              <Flex vertical gap={4}>
                <Typography.Paragraph className="kc-mono" style={{ whiteSpace: 'pre-wrap', margin: 0, maxWidth: 900 }} data-testid="mailbox-body">
                  {m.body}
                </Typography.Paragraph>
              </Flex>
            ),
          }}
          pagination={{
            current: page,
            pageSize,
            total: list.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) => t('common.total', { count: total }),
            onChange: (p, s) => {
              setPage(s !== pageSize ? 1 : p);
              setPageSize(s);
            },
          }}
        />
      </Card>
    </>
  );
}
