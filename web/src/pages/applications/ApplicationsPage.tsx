import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Button, Card, Flex, Select, Table, Tooltip, Typography } from 'antd';
import type { TableProps } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client.ts';
import { useLang } from '../../i18n/index.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useApiData } from '../../lib/useApiData.ts';
import { useMe } from '../../session/SessionContext.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { LoadError } from '../../components/LoadError.tsx';
import { APPLICATION_STATUSES, formatWan, type ApplicationStatus, type ApplicationSummary } from './model.ts';
import { ApplicationStatusTag, Countdown, NextStepText } from './parts.tsx';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function positive(v: string | null, d: number, max: number) {
  const x = Number(v);
  return Number.isInteger(x) && x > 0 ? Math.min(x, max) : d;
}

/** A challenge picker that searches on the server (officers choose among every challenge). */
function ChallengeFilter({ value, onChange }: { value: string | undefined; onChange: (v: string | undefined) => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [q, setQ] = useState('');
  const list = useApiData((signal) => call(api.GET('/api/v1/challenges', { params: { query: { q: q || undefined, pageSize: 30 } }, signal })), [q]);
  const options = (list.data?.items ?? []).map((c) => ({ value: c.id, label: `${c.code} ${lang === 'en' && c.terms.titleEn ? c.terms.titleEn : c.terms.title}` }));
  return (
    <Select<string>
      allowClear
      showSearch={{ filterOption: false, onSearch: setQ }}
      value={value}
      onChange={(v) => onChange(v)}
      options={options}
      loading={list.loading}
      placeholder={t('applications.filterChallenge')}
      style={{ width: 320, maxWidth: '100%' }}
      popupMatchSelectWidth={false}
      data-testid="filter-challenge"
    />
  );
}

/** /applications — my organisation's applications (applicants) or every application (officers, auditors). */
export default function ApplicationsPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const me = useMe();
  const staff = me.user.roles.some((r) => r === 'officer' || r === 'admin' || r === 'auditor');
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => {
    const status = params.get('status');
    const challengeId = params.get('challenge');
    return {
      status: status && (APPLICATION_STATUSES as readonly string[]).includes(status) ? (status as ApplicationStatus) : undefined,
      challengeId: challengeId && UUID.test(challengeId) ? challengeId : undefined,
      page: positive(params.get('page'), 1, 10_000),
      pageSize: positive(params.get('pageSize'), 20, 200),
    };
  }, [params]);
  const update = (patch: Partial<typeof state>) => {
    const s = { ...state, ...('page' in patch ? {} : { page: 1 }), ...patch };
    const p = new URLSearchParams();
    if (s.status) p.set('status', s.status);
    if (s.challengeId) p.set('challenge', s.challengeId);
    if (s.page !== 1) p.set('page', String(s.page));
    if (s.pageSize !== 20) p.set('pageSize', String(s.pageSize));
    setParams(p);
  };

  const list = useApiData(
    (signal) => call(api.GET('/api/v1/applications', { params: { query: { status: state.status, challengeId: state.challengeId, page: state.page, pageSize: state.pageSize } }, signal })),
    [state.status, state.challengeId, state.page, state.pageSize],
  );

  const columns: TableProps<ApplicationSummary>['columns'] = [
    {
      key: 'challenge',
      title: t('applications.colChallenge'),
      render: (_v, a) => (
        <Flex vertical style={{ minWidth: 220 }}>
          <Link to={`/applications/${a.id}`} data-testid="application-link">
            {a.challengeTitle}
          </Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {`${a.code} · ${a.challengeCode}`}
          </Typography.Text>
        </Flex>
      ),
    },
    ...(staff ? [{ key: 'org', title: t('applications.organization'), render: (_v: unknown, a: ApplicationSummary) => a.organizationName }] : []),
    { key: 'status', title: t('applications.colStatus'), render: (_v, a) => <ApplicationStatusTag status={a.status} /> },
    ...(staff ? [] : [{ key: 'next', title: t('applications.colNextStep'), render: (_v: unknown, a: ApplicationSummary) => <NextStepText app={a} /> }]),
    { key: 'budget', title: t('applications.colBudget'), align: 'right', render: (_v, a) => formatWan(a.budgetTotalFen, lang) },
    {
      key: 'deadline',
      title: t('applications.colDeadline'),
      render: (_v, a) => {
        const due = a.status === 'returned' && a.correctionDueAt ? a.correctionDueAt : a.deadline;
        return (
          <Flex vertical>
            <span>{formatDateTime(due, lang)}</span>
            <Countdown until={due} />
          </Flex>
        );
      },
    },
    { key: 'submitted', title: t('applications.colSubmitted'), render: (_v, a) => (a.submittedAt ? formatDateTime(a.submittedAt, lang) : t('common.empty')) },
    {
      key: 'actions',
      title: t('common.actions'),
      render: (_v, a) => (
        <Flex gap={8}>
          {a.actions.includes('edit') ? <Link to={`/applications/${a.id}/edit`}>{a.status === 'returned' ? t('applications.view.correct') : t('applications.view.edit')}</Link> : null}
          {a.actions.includes('check') ? <Link to={`/applications/${a.id}`}>{t('applications.check.open')}</Link> : null}
          <Link to={`/applications/${a.id}`}>{t('common.details')}</Link>
        </Flex>
      ),
    },
  ];

  return (
    <>
      <PageHeader title={staff ? t('applications.allTitle') : t('applications.mineTitle')} subtitle={staff ? t('applications.allSubtitle') : t('applications.mineSubtitle')} />
      <Card variant="borderless">
        <Flex gap={12} wrap style={{ marginBottom: 16 }}>
          {staff ? <ChallengeFilter value={state.challengeId} onChange={(v) => update({ challengeId: v })} /> : null}
          <Select<ApplicationStatus>
            allowClear
            value={state.status}
            placeholder={t('applications.filterStatus')}
            onChange={(v) => update({ status: v })}
            options={APPLICATION_STATUSES.map((s) => ({ value: s, label: t(`applications.status.${s}`) }))}
            style={{ width: 180 }}
            data-testid="filter-status"
          />
          {state.status || state.challengeId ? <Button onClick={() => setParams(new URLSearchParams())}>{t('common.reset')}</Button> : null}
          <Tooltip title={t('common.refresh')}>
            <Button icon={<ReloadOutlined />} onClick={list.reload} aria-label={t('common.refresh')} />
          </Tooltip>
        </Flex>
        {list.error ? <LoadError error={list.error} onRetry={list.reload} /> : null}
        <Table<ApplicationSummary>
          rowKey="id"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.loading}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: staff ? t('applications.emptyAll') : t('applications.emptyMine') }}
          pagination={{
            current: state.page,
            pageSize: state.pageSize,
            total: list.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: () => t('common.total', { count: list.data?.total ?? 0 }),
            onChange: (page, pageSize) => update({ page: pageSize !== state.pageSize ? 1 : page, pageSize }),
          }}
          data-testid="applications-table"
        />
      </Card>
    </>
  );
}
