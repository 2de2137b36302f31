import { useNavigate } from 'react-router';
import { Button, Card, Empty, Flex, Skeleton, Table, Typography } from 'antd';
import type { TableProps } from 'antd';
import { AuditOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client.ts';
import type { AuditEvent } from '../../api/types.ts';
import { useLang } from '../../i18n/index.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useApiData } from '../../lib/useApiData.ts';
import { useCan } from '../../session/SessionContext.ts';
import { LoadError } from '../../components/LoadError.tsx';
import { useAuditLabels } from '../audit/auditLabels.ts';
import { VerifyButton, VerifyResultAlert, useVerifyChain } from '../audit/VerifyChain.tsx';

/** The latest audit events and the chain check, for auditors (and admins). */
export function AuditOverview() {
  const { t } = useTranslation();
  const lang = useLang();
  const can = useCan();
  const navigate = useNavigate();
  const { actionLabel } = useAuditLabels();
  const verify = useVerifyChain();
  const latest = useApiData((signal) => call(api.GET('/api/v1/audit/events', { params: { query: { pageSize: 10, order: 'desc' } }, signal })), []);

  const columns: TableProps<AuditEvent>['columns'] = [
    { key: 'time', render: (_v, e) => <Typography.Text type="secondary" style={{ whiteSpace: 'nowrap' }}>{formatDateTime(e.occurredAt, lang)}</Typography.Text> },
    { key: 'action', render: (_v, e) => actionLabel(e.action) },
    { key: 'actor', render: (_v, e) => <Typography.Text ellipsis style={{ maxWidth: 260 }}>{e.actorLabel}</Typography.Text> },
  ];

  return (
    <Card
      variant="borderless"
      title={
        <Flex gap={8} align="center">
          <AuditOutlined />
          {t('home.auditTitle')}
        </Flex>
      }
      extra={can('audit.verify') ? <VerifyButton running={verify.running} onClick={() => void verify.verify()} /> : null}
      style={{ height: '100%' }}
      data-testid="audit-overview"
    >
      {verify.result ? <VerifyResultAlert result={verify.result} onClose={verify.clear} /> : null}
      {latest.error ? <LoadError error={latest.error} onRetry={latest.reload} /> : null}
      {latest.data ? (
        latest.data.items.length > 0 ? (
          <Table<AuditEvent> rowKey="id" size="small" showHeader={false} columns={columns} dataSource={latest.data.items} pagination={false} scroll={{ x: 'max-content' }} />
        ) : (
          <Empty description={t('home.auditEmpty')} />
        )
      ) : latest.loading ? (
        <Skeleton active />
      ) : null}
      <Button type="link" style={{ paddingInline: 0, marginTop: 8 }} onClick={() => void navigate('/audit')}>
        {t('home.viewAudit')}
      </Button>
    </Card>
  );
}
