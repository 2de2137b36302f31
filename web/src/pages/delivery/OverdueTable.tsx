import { Link } from 'react-router';
import { Button, Card, Flex, Input, Select, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client.ts';
import { useApiData } from '../../lib/useApiData.ts';
import { LoadError } from '../../components/LoadError.tsx';
import { ExportButton } from '../../components/ExportButton.tsx';
import { formatYuan } from '../challenges/model.ts';
import { STATUS_TAG, type Status } from '../projects/status.ts';
import { exportHref, linkOf, OVERDUE_KINDS, OVERDUE_SORTS, overdueQuery, type DeliveryState, type OverdueKind, type OverdueRow, type OverdueSort } from './model.ts';

const KIND_COLORS: Record<OverdueKind, string> = { milestone: 'orange', order: 'volcano', tranche: 'purple', item: 'red' };
const TRIGGERS = ['signing', 'milestone', 'acceptance'] as const;

function What({ r }: { r: OverdueRow }) {
  const { t } = useTranslation();
  const to = linkOf(r);
  const title = r.kind === 'tranche' ? t('deliveryUi.overdue.tranche', { seq: r.title, amount: formatYuan(r.amountFen ?? 0) }) : r.title;
  const detail = r.kind === 'tranche' && (TRIGGERS as readonly string[]).includes(r.detail) ? t(`deliveryUi.overdue.triggers.${r.detail as (typeof TRIGGERS)[number]}`) : r.detail;
  return (
    <Flex vertical style={{ minWidth: 240, maxWidth: 420 }}>
      {to ? (
        <Link to={to} data-testid="overdue-link">
          {title}
        </Link>
      ) : (
        title
      )}
      <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis={{ tooltip: detail }}>
        <span className="kc-mono">{r.ref}</span>
        {detail ? ` · ${detail}` : ''}
      </Typography.Text>
    </Flex>
  );
}

/** What is overdue, one table over the four kinds, filtered, sorted and paged on the server. */
export function OverdueTable({ state, update }: { state: DeliveryState; update: (patch: Partial<DeliveryState>) => void }) {
  const { t } = useTranslation();
  const q = overdueQuery(state);
  const list = useApiData((signal) => call(api.GET('/api/v1/delivery/overdue', { params: { query: q }, signal })), [q.officer, q.challengeId, q.listId, q.kind, q.owner, q.sort, q.page, q.pageSize]);

  const columns: TableProps<OverdueRow>['columns'] = [
    { key: 'kind', title: t('deliveryUi.overdue.col.kind'), render: (_v, r) => <Tag color={KIND_COLORS[r.kind]}>{t(`deliveryUi.overdue.kinds.${r.kind}`)}</Tag> },
    { key: 'what', title: t('deliveryUi.overdue.col.what'), render: (_v, r) => <What r={r} /> },
    {
      key: 'owner',
      title: t('deliveryUi.overdue.col.owner'),
      render: (_v, r) => (
        <Flex vertical style={{ minWidth: 160 }}>
          <span>{r.ownerOrg}</span>
          {r.ownerPerson ? <Typography.Text type="secondary">{r.ownerPerson}</Typography.Text> : null}
        </Flex>
      ),
    },
    { key: 'officer', title: t('deliveryUi.overdue.col.officer'), render: (_v, r) => r.officerName ?? t('common.empty') },
    { key: 'due', title: t('deliveryUi.overdue.col.due'), render: (_v, r) => r.dueOn ?? t('common.empty') },
    {
      key: 'days',
      title: t('deliveryUi.overdue.col.days'),
      align: 'right',
      render: (_v, r) =>
        r.kind === 'item' && (r.status as Status) in STATUS_TAG && r.daysOverdue === 0 ? (
          <Tag color={STATUS_TAG[r.status as Status]}>{t(`deliveryUi.itemStatus.${r.status as Status}`)}</Tag>
        ) : (
          <Typography.Text type={r.daysOverdue > 30 ? 'danger' : undefined} strong data-testid="overdue-days">
            {t('deliveryUi.overdue.days', { count: r.daysOverdue })}
          </Typography.Text>
        ),
    },
    { key: 'waiting', title: t('deliveryUi.overdue.col.waiting'), render: (_v, r) => (r.waitingOn ? t(`deliveryUi.overdue.waiting.${r.waitingOn}`) : t('common.empty')) },
  ];

  return (
    <Card variant="borderless" title={t('deliveryUi.overdue.title')} extra={<ExportButton href={(format) => exportHref(state, format)} hint={t('deliveryUi.overdue.exportHint')} testId="overdue-export" />}>
      <Flex gap={12} wrap style={{ marginBottom: 16 }}>
        <Input.Search allowClear defaultValue={state.owner} placeholder={t('deliveryUi.overdue.ownerSearch')} onSearch={(owner) => update({ owner: owner.trim() })} style={{ width: 280 }} data-testid="overdue-owner" />
        <Select<OverdueKind> allowClear value={state.kind} placeholder={t('deliveryUi.overdue.kindFilter')} onChange={(kind) => update({ kind })} options={OVERDUE_KINDS.map((k) => ({ value: k, label: t(`deliveryUi.overdue.kinds.${k}`) }))} style={{ width: 160 }} data-testid="overdue-kind" />
        <Select<OverdueSort> value={state.sort} onChange={(sort) => update({ sort })} options={OVERDUE_SORTS.map((s) => ({ value: s, label: t(`deliveryUi.overdue.sorts.${s}`) }))} style={{ width: 180 }} aria-label={t('deliveryUi.overdue.sort')} />
        {state.kind || state.owner || state.sort !== '-days' ? <Button onClick={() => update({ kind: undefined, owner: '', sort: '-days' })}>{t('deliveryUi.overdue.reset')}</Button> : null}
      </Flex>
      {list.error ? <LoadError error={list.error} onRetry={list.reload} /> : null}
      <Table<OverdueRow>
        rowKey={(r) => `${r.kind}:${r.id}`}
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.loading}
        locale={{ emptyText: t('deliveryUi.overdue.empty') }}
        scroll={{ x: 'max-content' }}
        data-testid="overdue-table"
        pagination={{ current: state.page, pageSize: state.pageSize, total: list.data?.total ?? 0, showSizeChanger: true, onChange: (page, pageSize) => update({ page, pageSize }) }}
      />
    </Card>
  );
}
