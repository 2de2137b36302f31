import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Button, Card, Flex, Input, Select, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client.ts';
import { useApiData } from '../../lib/useApiData.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { LoadError } from '../../components/LoadError.tsx';
import { formatYuan } from '../challenges/model.ts';
import { CONTRACT_SORTS, CONTRACT_STATUSES, HEALTH_COLORS, type ContractQuery, type ContractStatus, type ContractSummary } from './model.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
type Sort = NonNullable<ContractQuery['sort']>;

function positive(v: string | null, d: number, max: number) {
  const x = Number(v);
  return Number.isInteger(x) && x > 0 ? Math.min(x, max) : d;
}
function oneOf<T extends string>(v: string | null, allowed: readonly T[]): T | undefined {
  return v !== null && (allowed as readonly string[]).includes(v) ? (v as T) : undefined;
}

/** /contracts — every task contract (office, auditors) or the organisation's own (applicants); filtered, sorted and paged on the server. */
export default function ContractsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => {
    const challenge = params.get('challenge');
    const overdue = params.get('overdue');
    return {
      q: params.get('q') ?? '',
      status: oneOf<ContractStatus>(params.get('status'), CONTRACT_STATUSES),
      challengeId: challenge && UUID.test(challenge) ? challenge : undefined,
      overdue: overdue === 'true' ? true : overdue === 'false' ? false : undefined,
      sort: oneOf<Sort>(params.get('sort'), CONTRACT_SORTS) ?? '-code',
      page: positive(params.get('page'), 1, 10_000),
      pageSize: positive(params.get('pageSize'), 20, 200),
    };
  }, [params]);
  const update = (patch: Partial<typeof state>) => {
    const s = { ...state, ...('page' in patch ? {} : { page: 1 }), ...patch };
    const p = new URLSearchParams();
    if (s.q) p.set('q', s.q);
    if (s.status) p.set('status', s.status);
    if (s.challengeId) p.set('challenge', s.challengeId);
    if (s.overdue !== undefined) p.set('overdue', String(s.overdue));
    if (s.sort !== '-code') p.set('sort', s.sort);
    if (s.page !== 1) p.set('page', String(s.page));
    if (s.pageSize !== 20) p.set('pageSize', String(s.pageSize));
    setParams(p);
  };
  const list = useApiData(
    (signal) =>
      call(api.GET('/api/v1/contracts', { params: { query: { q: state.q || undefined, status: state.status, challengeId: state.challengeId, overdue: state.overdue, sort: state.sort, page: state.page, pageSize: state.pageSize } }, signal })),
    [state.q, state.status, state.challengeId, state.overdue, state.sort, state.page, state.pageSize],
  );

  const columns: TableProps<ContractSummary>['columns'] = [
    {
      key: 'code',
      title: t('contractsUi.col.title'),
      render: (_v, c) => (
        <Flex vertical style={{ minWidth: 220 }}>
          <Link to={`/contracts/${c.id}`} data-testid="contract-link">
            {c.title || c.code}
          </Link>
          <Typography.Text type="secondary" className="kc-mono" style={{ fontSize: 12 }}>
            {c.code}
          </Typography.Text>
        </Flex>
      ),
    },
    { key: 'org', title: t('contractsUi.col.organization'), dataIndex: 'organizationName' },
    { key: 'status', title: t('contractsUi.col.status'), render: (_v, c) => <Tag>{t(`contractsUi.status.${c.status}`)}</Tag> },
    { key: 'health', title: t('contractsUi.col.health'), render: (_v, c) => <Tag color={HEALTH_COLORS[c.health]}>{t(`contractsUi.health.${c.health}`)}</Tag> },
    { key: 'milestones', title: t('contractsUi.col.milestones'), render: (_v, c) => `${c.milestonesAccepted} / ${c.milestonesTotal}` },
    { key: 'next', title: t('contractsUi.col.nextDue'), render: (_v, c) => c.nextDueOn ?? t('common.empty') },
    { key: 'total', title: t('contractsUi.col.total'), align: 'right', render: (_v, c) => `¥${formatYuan(c.totalFen)}` },
    { key: 'released', title: t('contractsUi.col.released'), align: 'right', render: (_v, c) => `¥${formatYuan(c.releasedFen)}` },
  ];

  return (
    <>
      <PageHeader title={t('contractsUi.title')} subtitle={t('contractsUi.subtitle')} />
      <Card variant="borderless">
        <Flex gap={12} wrap style={{ marginBottom: 16 }}>
          <Input.Search allowClear defaultValue={state.q} placeholder={t('contractsUi.search')} onSearch={(q) => update({ q })} style={{ width: 280 }} data-testid="contract-search" />
          <Select<ContractStatus> allowClear value={state.status} placeholder={t('contractsUi.filterStatus')} onChange={(v) => update({ status: v })} options={CONTRACT_STATUSES.map((s) => ({ value: s, label: t(`contractsUi.status.${s}`) }))} style={{ width: 160 }} />
          <Select<'true' | 'false'>
            allowClear
            value={state.overdue === undefined ? undefined : state.overdue ? 'true' : 'false'}
            placeholder={t('contractsUi.filterOverdue')}
            onChange={(v) => update({ overdue: v === undefined ? undefined : v === 'true' })}
            options={[
              { value: 'true', label: t('contractsUi.overdueOnly') },
              { value: 'false', label: t('contractsUi.notOverdue') },
            ]}
            style={{ width: 180 }}
            data-testid="filter-overdue"
          />
          <Select<Sort> value={state.sort} onChange={(v) => update({ sort: v })} options={CONTRACT_SORTS.map((s) => ({ value: s, label: t(`contractsUi.sorts.${s}`) }))} style={{ width: 160 }} aria-label={t('contractsUi.sort')} />
          {params.toString() ? <Button onClick={() => setParams(new URLSearchParams())}>{t('common.reset')}</Button> : null}
        </Flex>
        {list.error ? <LoadError error={list.error} onRetry={list.reload} /> : null}
        <Table<ContractSummary>
          rowKey="id"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.loading}
          locale={{ emptyText: t('contractsUi.empty') }}
          scroll={{ x: 'max-content' }}
          pagination={{ current: state.page, pageSize: state.pageSize, total: list.data?.total ?? 0, showSizeChanger: true, onChange: (page, pageSize) => update({ page, pageSize }) }}
        />
      </Card>
    </>
  );
}
