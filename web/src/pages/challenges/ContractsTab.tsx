import { Link } from 'react-router';
import { Empty, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client.ts';
import { useApiData } from '../../lib/useApiData.ts';
import { LoadError } from '../../components/LoadError.tsx';
import { formatYuan, type Challenge, type Contract } from './model.ts';

/** Task contracts (任务书) of the awarded teams, each linking to its contract page (src/modules/contracts). */
export function ContractsTab({ challenge }: { challenge: Challenge }) {
  const { t } = useTranslation();
  const list = useApiData((signal) => call(api.GET('/api/v1/challenges/{id}/contracts', { params: { path: { id: challenge.id } }, signal })), [challenge.id, challenge.updatedAt]);
  if (list.error) return <LoadError error={list.error} onRetry={list.reload} />;
  if (!list.loading && (list.data ?? []).length === 0) return <Empty description={t('challenges.contracts.empty')} />;
  const status = (s: string) => (['pending', 'active', 'completed', 'terminated'].includes(s) ? t(`contractsUi.status.${s as 'pending' | 'active' | 'completed' | 'terminated'}`) : s);
  return (
    <Table<Contract>
      rowKey="id"
      loading={list.loading}
      pagination={false}
      dataSource={list.data ?? []}
      data-testid="contracts"
      columns={[
        { key: 'code', title: t('contractsUi.col.code'), render: (_v, c) => <Link to={`/contracts/${c.id}`} className="kc-mono" data-testid="contract-link">{c.code}</Link> },
        { key: 'org', title: t('challenges.contracts.organization'), dataIndex: 'organizationName' },
        { key: 'total', title: t('challenges.contracts.total'), align: 'right', render: (_v, c) => `¥${formatYuan(c.totalFen)}` },
        { key: 'period', title: t('challenges.contracts.period'), render: (_v, c) => `${c.startsOn} – ${c.endsOn}` },
        { key: 'status', title: t('challenges.contracts.status'), render: (_v, c) => <Tag>{status(c.status)}</Tag> },
        { key: 'open', title: '', render: (_v, c) => <Link to={`/contracts/${c.id}`}>{t('contractsUi.challengeLink')}</Link> },
      ]}
    />
  );
}
