import { Card, Descriptions, Empty, Flex, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client.ts';
import { useApiData } from '../../lib/useApiData.ts';
import { LoadError } from '../../components/LoadError.tsx';
import { formatWan, formatYuan, type Challenge, type Contract, type Target } from './model.ts';

type Milestone = Contract['milestones'][number];
type Tranche = Contract['tranches'][number];

/** Task contracts (任务书) of the awarded teams: targets, milestones and funding tranches. */
export function ContractsTab({ challenge }: { challenge: Challenge }) {
  const { t } = useTranslation();
  const list = useApiData((signal) => call(api.GET('/api/v1/challenges/{id}/contracts', { params: { path: { id: challenge.id } }, signal })), [challenge.id, challenge.updatedAt]);
  const trigger = (x: string) => (['signing', 'milestone', 'acceptance'].includes(x) ? t(`challenges.contracts.triggers.${x as 'signing' | 'milestone' | 'acceptance'}`) : x);
  if (list.error) return <LoadError error={list.error} onRetry={list.reload} />;
  if (!list.loading && (list.data ?? []).length === 0) return <Empty description={t('challenges.contracts.empty')} />;
  return (
    <Flex vertical gap={16} data-testid="contracts">
      {(list.data ?? []).map((c) => (
        <Card key={c.id} variant="borderless" title={<span className="kc-mono">{c.code}</span>} extra={<Tag>{c.status}</Tag>}>
          <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginBottom: 16 }}>
            <Descriptions.Item label={t('challenges.contracts.organization')}>{c.organizationName}</Descriptions.Item>
            <Descriptions.Item label={t('challenges.contracts.total')}>
              {t('challenges.wan', { value: formatWan(c.totalFen) })}
              <Typography.Text type="secondary" style={{ marginInlineStart: 6, fontSize: 12 }}>
                ¥{formatYuan(c.totalFen)}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('challenges.termFields.fundingMode')}>{t(`challenges.fundingModes.${c.fundingMode}`)}</Descriptions.Item>
            <Descriptions.Item label={t('challenges.contracts.period')}>
              {c.startsOn} – {c.endsOn}
            </Descriptions.Item>
          </Descriptions>
          <Typography.Title level={5}>{t('challenges.termFields.targets')}</Typography.Title>
          <Table<Target & { seq: number }>
            size="small"
            rowKey="seq"
            pagination={false}
            dataSource={c.targets.map((x, i) => ({ ...x, seq: i + 1 }))}
            columns={[
              { key: 'indicator', title: t('challenges.editor.indicator'), dataIndex: 'indicator' },
              { key: 'target', title: t('challenges.editor.targetValue'), render: (_v, r) => `${r.target} ${r.unit}` },
              { key: 'verification', title: t('challenges.editor.verification'), dataIndex: 'verification' },
            ]}
            style={{ marginBottom: 16 }}
          />
          <Typography.Title level={5}>{t('challenges.contracts.milestones')}</Typography.Title>
          <Table<Milestone & { seq: number }>
            size="small"
            rowKey="seq"
            pagination={false}
            dataSource={c.milestones.map((x, i) => ({ ...x, seq: i + 1 }))}
            columns={[
              { key: 'month', title: t('challenges.contracts.month'), render: (_v, m) => t('challenges.contracts.monthN', { n: m.month }) },
              { key: 'title', title: t('challenges.contracts.milestone'), dataIndex: 'title' },
              { key: 'deliverable', title: t('challenges.contracts.deliverable'), dataIndex: 'deliverable' },
            ]}
            style={{ marginBottom: 16 }}
          />
          <Typography.Title level={5}>{t('challenges.contracts.tranches')}</Typography.Title>
          <Table<Tranche>
            size="small"
            rowKey="seq"
            pagination={false}
            dataSource={c.tranches}
            columns={[
              { key: 'seq', title: '#', dataIndex: 'seq', width: 48 },
              { key: 'amount', title: t('challenges.contracts.amount'), align: 'right', render: (_v, x) => `¥${formatYuan(x.amountFen)}` },
              { key: 'trigger', title: t('challenges.contracts.trigger'), render: (_v, x) => (x.milestoneIndex !== null && c.milestones[x.milestoneIndex] ? `${trigger(x.trigger)} · ${c.milestones[x.milestoneIndex]!.title}` : trigger(x.trigger)) },
              { key: 'due', title: t('challenges.contracts.dueOn'), dataIndex: 'dueOn' },
              { key: 'status', title: t('challenges.contracts.status'), render: (_v, x) => <Tag>{x.status}</Tag> },
            ]}
          />
        </Card>
      ))}
    </Flex>
  );
}
