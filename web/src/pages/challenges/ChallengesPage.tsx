import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { App, Badge, Button, Card, Empty, Flex, Input, Select, Table, Tabs, Tooltip, Typography } from 'antd';
import type { TableProps } from 'antd';
import { PlusOutlined, ReloadOutlined, SendOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client.ts';
import { PRIORITY_FIELDS, type PriorityField } from '../../api/types.ts';
import { useLang } from '../../i18n/index.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useApiData } from '../../lib/useApiData.ts';
import { useZones } from '../../lib/useZones.ts';
import { useMe } from '../../session/SessionContext.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { LoadError } from '../../components/LoadError.tsx';
import { BOARD_STAGES, PUBLIC_STAGES, SORTS, STAGES, formatWan, managesChallenges, readsChallenges, type Challenge, type ChallengeSort, type Stage } from './model.ts';
import { readChallengeList, toApiQuery, writeChallengeList, type ChallengeListState } from './listQuery.ts';
import { StageTag } from './StageTag.tsx';
import { PublishBatchModal } from './PublishBatchModal.tsx';

/** Applications that reached the office (not drafts, not withdrawn). */
export function submittedCount(c: Pick<Challenge, 'counts'>): number {
  return c.counts.submitted + c.counts.returned + c.counts.accepted + c.counts.rejected;
}

/** The priority field's name in the current language (a field outside the list is shown as it is). */
export function useFieldLabel(): (field: string) => string {
  const { t } = useTranslation();
  return (field: string) => ((PRIORITY_FIELDS as readonly string[]).includes(field) ? t(`priorityFields.${field as PriorityField}`) : field);
}

export default function ChallengesPage() {
  const { t } = useTranslation();
  const me = useMe();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const staff = readsChallenges(me);
  const manager = managesChallenges(me);
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => readChallengeList(params), [params]);
  const [publishOpen, setPublishOpen] = useState(false);
  const [boardKey, setBoardKey] = useState(0);
  const tab = staff ? state.tab : 'list';

  const update = (patch: Partial<ChallengeListState>) => setParams(writeChallengeList({ ...state, ...('page' in patch ? {} : { page: 1 }), ...patch }));

  return (
    <>
      <PageHeader
        title={t('challenges.title')}
        subtitle={staff ? t('challenges.subtitleStaff') : t('challenges.subtitleApplicant')}
        extra={
          manager ? (
            <>
              <Button icon={<SendOutlined />} onClick={() => setPublishOpen(true)} data-testid="open-publish">
                {t('challenges.actions.publish')}
              </Button>
              <Button type="primary" icon={<PlusOutlined />} onClick={() => void navigate('/challenges/new')} data-testid="new-challenge">
                {t('challenges.new')}
              </Button>
            </>
          ) : null
        }
      />
      {staff ? (
        <Tabs
          activeKey={tab}
          onChange={(k) => update({ tab: k === 'list' ? 'list' : 'board' })}
          items={[
            { key: 'board', label: t('challenges.tabBoard'), children: tab === 'board' ? <Board key={boardKey} /> : null },
            { key: 'list', label: t('challenges.tabList'), children: tab === 'list' ? <ChallengeList state={state} update={update} staff /> : null },
          ]}
        />
      ) : (
        <ChallengeList state={state} update={update} staff={false} />
      )}
      <PublishBatchModal
        open={publishOpen}
        onClose={() => setPublishOpen(false)}
        onPublished={(b) => {
          setPublishOpen(false);
          void message.success(t('challenges.publish.done', { code: b.code }));
          setBoardKey((n) => n + 1);
        }}
      />
    </>
  );
}

function Board() {
  const { t } = useTranslation();
  const lang = useLang();
  const board = useApiData((signal) => call(api.GET('/api/v1/challenges/board', { signal })), []);
  const columns = board.data?.columns ?? BOARD_STAGES.map((stage) => ({ stage, items: [] as Challenge[] }));
  return (
    <>
      {board.error ? <LoadError error={board.error} onRetry={board.reload} /> : null}
      <Flex justify="flex-end" style={{ marginBottom: 8 }}>
        <Tooltip title={t('common.refresh')}>
          <Button icon={<ReloadOutlined />} onClick={board.reload} loading={board.loading} aria-label={t('common.refresh')} data-testid="board-refresh" />
        </Tooltip>
      </Flex>
      <div style={{ overflowX: 'auto', paddingBottom: 8 }} data-testid="challenge-board" data-loading={board.loading ? 'true' : 'false'}>
        <Flex gap={12} align="flex-start" style={{ minWidth: columns.length * 232 }}>
          {columns.map((col) => (
            <div key={col.stage} style={{ width: 220, flex: '0 0 220px' }} data-testid={`board-column-${col.stage}`}>
              <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
                <Typography.Text strong>{t(`challenges.stages.${col.stage}`)}</Typography.Text>
                <Badge count={col.items.length} showZero color={col.items.length ? '#1677ff' : '#d9d9d9'} />
              </Flex>
              <Flex vertical gap={8} style={{ background: 'rgba(0,0,0,0.02)', borderRadius: 8, padding: 6, minHeight: 80 }}>
                {col.items.length === 0 ? (
                  <Typography.Text type="secondary" style={{ fontSize: 12, padding: 8 }}>
                    {t('challenges.boardEmpty')}
                  </Typography.Text>
                ) : (
                  col.items.map((c) => (
                    <Card key={c.id} size="small" hoverable styles={{ body: { padding: 10 } }} data-testid={`board-card-${c.code}`}>
                      <Typography.Text type="secondary" className="kc-mono" style={{ fontSize: 12 }}>
                        {c.code}
                      </Typography.Text>
                      <div>
                        <Link to={`/challenges/${c.id}`} style={{ fontWeight: 500 }}>
                          {lang === 'en' && c.terms.titleEn ? c.terms.titleEn : c.terms.title || t('challenges.untitled')}
                        </Link>
                      </div>
                      <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
                        {t('challenges.deadlineShort', { time: formatDateTime(c.terms.deadline, lang) })}
                      </Typography.Text>
                      <Typography.Text style={{ fontSize: 12, display: 'block' }}>{t('challenges.budgetCapShort', { value: formatWan(c.terms.budgetCapFen) })}</Typography.Text>
                      <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
                        {t('challenges.countsShort', { submitted: submittedCount(c), accepted: c.counts.accepted })}
                      </Typography.Text>
                    </Card>
                  ))
                )}
              </Flex>
            </div>
          ))}
        </Flex>
      </div>
    </>
  );
}

const SORT_LABELS = {
  deadline: 'challenges.sortDeadline',
  '-deadline': 'challenges.sortDeadlineDesc',
  created: 'challenges.sortCreated',
  '-created': 'challenges.sortCreatedDesc',
  budget: 'challenges.sortBudget',
  '-budget': 'challenges.sortBudgetDesc',
} as const satisfies Record<ChallengeSort, string>;

function ChallengeList({ state, update, staff }: { state: ChallengeListState; update: (patch: Partial<ChallengeListState>) => void; staff: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  const navigate = useNavigate();
  const zones = useZones();
  const fieldLabel = useFieldLabel();
  const [searchText, setSearchText] = useState(state.q);
  useEffect(() => setSearchText(state.q), [state.q]);
  const apiQuery = useMemo(() => toApiQuery(state), [state]);
  const list = useApiData((signal) => call(api.GET('/api/v1/challenges', { params: { query: apiQuery }, signal })), [apiQuery]);
  const stages: readonly Stage[] = staff ? STAGES : PUBLIC_STAGES;

  const columns: TableProps<Challenge>['columns'] = [
    { key: 'code', title: t('challenges.colCode'), render: (_v, c) => <span className="kc-mono">{c.code}</span> },
    {
      key: 'title',
      title: t('challenges.colTitle'),
      render: (_v, c) => (
        <Flex vertical style={{ minWidth: 220 }}>
          <Link to={`/challenges/${c.id}`}>{lang === 'en' && c.terms.titleEn ? c.terms.titleEn : c.terms.title || t('challenges.untitled')}</Link>
          {c.batch ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {c.batch.title}
            </Typography.Text>
          ) : null}
        </Flex>
      ),
    },
    { key: 'stage', title: t('challenges.colStage'), render: (_v, c) => <StageTag stage={c.stage} /> },
    { key: 'field', title: t('challenges.colField'), render: (_v, c) => (c.terms.field ? fieldLabel(c.terms.field) : t('common.empty')) },
    { key: 'deadline', title: t('challenges.colDeadline'), render: (_v, c) => formatDateTime(c.terms.deadline, lang) },
    { key: 'budget', title: t('challenges.colBudget'), align: 'right', render: (_v, c) => t('challenges.wan', { value: formatWan(c.terms.budgetCapFen) }) },
    { key: 'awards', title: t('challenges.colMaxAwards'), align: 'right', render: (_v, c) => (c.terms.maxAwards > 1 ? t('challenges.race', { count: c.terms.maxAwards }) : c.terms.maxAwards) },
    ...(staff
      ? [{ key: 'counts', title: t('challenges.colApplications'), render: (_v: unknown, c: Challenge) => t('challenges.countsShort', { submitted: submittedCount(c), accepted: c.counts.accepted }) }]
      : [
          {
            key: 'apply',
            title: t('common.actions'),
            render: (_v: unknown, c: Challenge) =>
              c.actions.includes('apply') ? (
                <Button type="primary" size="small" onClick={() => void navigate(`/challenges/${c.id}/apply`)} data-testid={`apply-${c.code}`}>
                  {t('challenges.actions.apply')}
                </Button>
              ) : (
                <Button size="small" onClick={() => void navigate(`/challenges/${c.id}`)}>
                  {t('common.details')}
                </Button>
              ),
          },
        ]),
  ];

  const filtered = state.q || state.stage || state.field || state.zoneId;
  return (
    <Card variant="borderless">
      <Flex gap={12} wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          value={searchText}
          onChange={(e) => setSearchText(e.target.value)}
          onSearch={(v) => update({ q: v.trim() })}
          placeholder={t('challenges.searchPlaceholder')}
          style={{ width: 280, maxWidth: '100%' }}
          data-testid="challenges-search"
        />
        <Select<Stage>
          allowClear
          value={state.stage}
          placeholder={t('challenges.filterStage')}
          onChange={(v) => update({ stage: v })}
          options={stages.map((s) => ({ value: s, label: t(`challenges.stages.${s}`) }))}
          style={{ width: 160 }}
          data-testid="challenges-stage"
        />
        <Select<PriorityField>
          allowClear
          value={state.field}
          placeholder={t('challenges.filterField')}
          onChange={(v) => update({ field: v })}
          options={PRIORITY_FIELDS.map((k) => ({ value: k, label: t(`priorityFields.${k}`) }))}
          style={{ width: 180 }}
        />
        {staff && zones.list.length > 0 ? (
          <Select<string>
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            value={state.zoneId}
            placeholder={t('challenges.filterZone')}
            onChange={(v) => update({ zoneId: v })}
            options={zones.list.filter((z) => z.level !== 'city').map((z) => ({ value: z.id, label: zones.path(z.id, lang) ?? z.nameZh }))}
            style={{ width: 220 }}
            popupMatchSelectWidth={false}
          />
        ) : null}
        <Select<ChallengeSort>
          value={state.sort}
          onChange={(v) => update({ sort: v })}
          options={SORTS.map((k) => ({ value: k, label: t(SORT_LABELS[k]) }))}
          style={{ width: 170 }}
          aria-label={t('challenges.sortLabel')}
        />
        {filtered ? (
          <Button
            onClick={() => {
              setSearchText('');
              update({ q: '', stage: undefined, field: undefined, zoneId: undefined });
            }}
          >
            {t('common.reset')}
          </Button>
        ) : null}
        <Tooltip title={t('common.refresh')}>
          <Button icon={<ReloadOutlined />} onClick={list.reload} aria-label={t('common.refresh')} />
        </Tooltip>
      </Flex>
      {list.error ? <LoadError error={list.error} onRetry={list.reload} /> : null}
      <Table<Challenge>
        rowKey="id"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.loading}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={staff ? t('challenges.emptyStaff') : t('challenges.emptyApplicant')} /> }}
        pagination={{
          current: state.page,
          pageSize: state.pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: () => t('common.total', { count: list.data?.total ?? 0 }),
          onChange: (page, pageSize) => update({ page: pageSize !== state.pageSize ? 1 : page, pageSize }),
        }}
        data-testid="challenges-table"
      />
    </Card>
  );
}
