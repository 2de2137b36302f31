import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Button, Card, Flex, Input, Select, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { PlusOutlined, TrophyOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useLang } from '../../i18n/index.ts';
import { formatDateTime } from '../../lib/format.ts';
import { oneOf, positive } from '../../lib/urlParams.ts';
import { useApiData } from '../../lib/useApiData.ts';
import { useMe } from '../../session/SessionContext.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { LoadError } from '../../components/LoadError.tsx';
import { raceApi } from './api.ts';
import { GATE_STATUS_COLORS, RACE_SORTS, RACE_STATUS_COLORS, RACE_STATUSES, type RaceSort, type RaceStatus, type RaceSummary } from './model.ts';
import { CreateRaceModal } from './CreateRaceModal.tsx';

/** /races — every horse race (office, auditors) or those the applicant's organisation runs in; filtered, sorted and paged on the server. */
export default function RacesPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const me = useMe();
  // Starting a race is the office's (src/modules/races policy); the server refuses anyone else.
  const manager = me.user.roles.some((r) => r === 'officer' || r === 'admin');
  const [creating, setCreating] = useState(false);
  const [params, setParams] = useSearchParams();
  const state = useMemo(
    () => ({
      q: params.get('q') ?? '',
      status: oneOf<RaceStatus>(params.get('status'), RACE_STATUSES),
      sort: oneOf<RaceSort>(params.get('sort'), RACE_SORTS) ?? '-created',
      page: positive(params.get('page'), 1, 10_000),
      pageSize: positive(params.get('pageSize'), 20, 200),
    }),
    [params],
  );
  const update = (patch: Partial<typeof state>) => {
    const s = { ...state, ...('page' in patch ? {} : { page: 1 }), ...patch };
    const p = new URLSearchParams();
    if (s.q) p.set('q', s.q);
    if (s.status) p.set('status', s.status);
    if (s.sort !== '-created') p.set('sort', s.sort);
    if (s.page !== 1) p.set('page', String(s.page));
    if (s.pageSize !== 20) p.set('pageSize', String(s.pageSize));
    setParams(p);
  };
  const list = useApiData(
    (signal) => raceApi.list({ q: state.q || undefined, status: state.status, sort: state.sort, page: state.page, pageSize: state.pageSize }, signal),
    [state.q, state.status, state.sort, state.page, state.pageSize],
  );

  const columns: TableProps<RaceSummary>['columns'] = [
    {
      key: 'title',
      title: t('racesUi.col.title'),
      render: (_v, r) => (
        <Flex vertical style={{ minWidth: 220 }}>
          <Link to={`/races/${r.id}`} data-testid="race-link">
            {r.title}
          </Link>
          <Typography.Text type="secondary" className="kc-mono" style={{ fontSize: 12 }}>
            {r.code}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      key: 'challenge',
      title: t('racesUi.col.challenge'),
      render: (_v, r) => (
        <Flex vertical style={{ minWidth: 200 }}>
          <Link to={`/challenges/${r.challenge.id}`}>{r.challenge.title}</Link>
          <Typography.Text type="secondary" className="kc-mono" style={{ fontSize: 12 }}>
            {r.challenge.code}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      key: 'status',
      title: t('racesUi.col.status'),
      render: (_v, r) => (
        <Flex gap={4} wrap>
          <Tag color={RACE_STATUS_COLORS[r.status]}>{t(`racesUi.status.${r.status}`)}</Tag>
          {r.outcome === 'winners' ? (
            <Tag color="gold" icon={<TrophyOutlined />}>
              {r.winners}
            </Tag>
          ) : r.outcome === 'no_winner' ? (
            <Tag>{t('racesUi.noWinner')}</Tag>
          ) : null}
        </Flex>
      ),
    },
    {
      key: 'gate',
      title: t('racesUi.col.gate'),
      render: (_v, r) =>
        r.currentGateSeq === null ? (
          t('common.empty')
        ) : (
          <Flex vertical>
            <span>{t('racesUi.gateProgress', { seq: r.currentGateSeq, total: r.gatesTotal })}</span>
            <Flex gap={4} align="center">
              {r.currentGateStatus ? <Tag color={GATE_STATUS_COLORS[r.currentGateStatus]}>{t(`racesUi.gateStatus.${r.currentGateStatus}`)}</Tag> : null}
              <Typography.Text type="secondary">{r.currentGateDueOn}</Typography.Text>
            </Flex>
          </Flex>
        ),
    },
    { key: 'teams', title: t('racesUi.col.teams'), align: 'right', render: (_v, r) => `${r.teamsRacing} / ${r.teamsTotal}` },
    { key: 'rule', title: t('racesUi.col.rule'), render: (_v, r) => t(`racesUi.rules.${r.fundsRule}`) },
    { key: 'created', title: t('racesUi.col.created'), render: (_v, r) => formatDateTime(r.createdAt, lang) },
  ];

  return (
    <>
      <PageHeader
        title={t('racesUi.title')}
        subtitle={t('racesUi.subtitle')}
        extra={
          manager ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="new-race">
              {t('racesUi.create.button')}
            </Button>
          ) : null
        }
      />
      <Card variant="borderless">
        <Flex gap={12} wrap style={{ marginBottom: 16 }}>
          <Input.Search allowClear defaultValue={state.q} placeholder={t('racesUi.search')} onSearch={(q) => update({ q })} style={{ width: 280 }} data-testid="race-search" />
          <Select<RaceStatus> allowClear value={state.status} placeholder={t('racesUi.filterStatus')} onChange={(v) => update({ status: v })} options={RACE_STATUSES.map((s) => ({ value: s, label: t(`racesUi.status.${s}`) }))} style={{ width: 160 }} data-testid="race-status-filter" />
          <Select<RaceSort> value={state.sort} onChange={(v) => update({ sort: v })} options={RACE_SORTS.map((s) => ({ value: s, label: t(`racesUi.sorts.${s}`) }))} style={{ width: 160 }} aria-label={t('racesUi.sort')} />
          {params.toString() ? <Button onClick={() => setParams(new URLSearchParams())}>{t('common.reset')}</Button> : null}
        </Flex>
        {list.error ? <LoadError error={list.error} onRetry={list.reload} /> : null}
        <Table<RaceSummary>
          rowKey="id"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.loading}
          locale={{ emptyText: t('racesUi.empty') }}
          scroll={{ x: 'max-content' }}
          pagination={{ current: state.page, pageSize: state.pageSize, total: list.data?.total ?? 0, showSizeChanger: true, onChange: (page, pageSize) => update({ page, pageSize }) }}
          data-testid="races-table"
        />
      </Card>
      {manager ? <CreateRaceModal open={creating} onClose={() => setCreating(false)} /> : null}
    </>
  );
}
