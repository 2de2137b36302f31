import { Card, Empty, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client.ts';
import type { Qualification, QualificationStatus } from '../../api/types.ts';
import { useApiData } from '../../lib/useApiData.ts';
import { LoadError } from '../../components/LoadError.tsx';

const STATUS_COLORS: Record<QualificationStatus, string> = { valid: 'success', expiring: 'warning', expired: 'error', not_yet_valid: 'default' };

export function QualificationsCard({ organizationId }: { organizationId: string }) {
  const { t } = useTranslation();
  const list = useApiData((signal) => call(api.GET('/api/v1/organizations/{id}/qualifications', { params: { path: { id: organizationId } }, signal })), [organizationId]);
  const columns: TableProps<Qualification>['columns'] = [
    {
      key: 'kind',
      title: t('orgs.colKind'),
      render: (_v, q) => (
        <span>
          {t(`qualificationKinds.${q.kind}`)}
          {q.kind === 'listed' && (q.exchange || q.ticker) ? (
            <Typography.Text type="secondary" style={{ marginInlineStart: 6 }}>
              {[q.exchange, q.ticker].filter(Boolean).join(' ')}
            </Typography.Text>
          ) : null}
        </span>
      ),
    },
    { key: 'cert', title: t('orgs.colCertificate'), render: (_v, q) => (q.certificateNo ? <span className="kc-mono">{q.certificateNo}</span> : t('common.empty')) },
    { key: 'from', title: t('orgs.colValidFrom'), dataIndex: 'validFrom' },
    { key: 'to', title: t('orgs.colValidTo'), render: (_v, q) => q.validTo ?? t('orgs.noExpiry') },
    { key: 'status', title: t('orgs.colQualificationStatus'), render: (_v, q) => <Tag color={STATUS_COLORS[q.status]}>{t(`qualificationStatus.${q.status}`)}</Tag> },
  ];
  return (
    <Card variant="borderless" title={t('orgs.qualifications')} style={{ height: '100%' }}>
      {list.error ? <LoadError error={list.error} onRetry={list.reload} /> : null}
      <Table<Qualification>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={list.data ?? []}
        loading={list.loading}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('orgs.qualificationsEmpty')} /> }}
      />
    </Card>
  );
}
