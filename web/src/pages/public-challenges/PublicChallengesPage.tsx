import { useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Alert, Button, Card, Col, DatePicker, Empty, Flex, Input, Pagination, Row, Select, Skeleton, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { ApiError, api, call } from '../../api/client.ts';
import { PRIORITY_FIELDS } from '../../api/types.ts';
import { useLang } from '../../i18n/index.ts';
import { formatDateTime, shanghaiDayEnd, shanghaiDayStart } from '../../lib/format.ts';
import { useApiData } from '../../lib/useApiData.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { LoadError } from '../../components/LoadError.tsx';
import { formatWan, PUBLIC_STAGES, type PublicChallenge, type PublicStage } from '../applications/model.ts';
import { Countdown } from '../applications/parts.tsx';
import { PublicShell, publicHref, usePublicTenant, usePublicZones } from './PublicShell.tsx';
import { StageTag, useFieldLabel } from './publicParts.tsx';

const SORTS = ['-deadline', 'deadline', '-budget', 'budget'] as const;
type Sort = (typeof SORTS)[number];
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function positive(v: string | null, d: number, max: number) {
  const x = Number(v);
  return Number.isInteger(x) && x > 0 ? Math.min(x, max) : d;
}

function ChallengeCard({ c, slug }: { c: PublicChallenge; slug: string | null }) {
  const { t } = useTranslation();
  const lang = useLang();
  const fieldLabel = useFieldLabel();
  const title = lang === 'en' && c.terms.titleEn ? c.terms.titleEn : c.terms.title;
  return (
    <Card
      variant="borderless"
      style={{ height: '100%' }}
      title={
        <Link to={publicHref(`/public/challenges/${c.id}`, slug)} data-testid="public-challenge-link">
          {title}
        </Link>
      }
      extra={<StageTag stage={c.stage} />}
      data-testid="public-challenge-card"
      data-challenge-id={c.id}
    >
      <Space size={[4, 4]} wrap style={{ marginBottom: 8 }}>
        <Typography.Text type="secondary" className="kc-mono">
          {c.code}
        </Typography.Text>
        {c.terms.field ? <Tag>{fieldLabel(c.terms.field)}</Tag> : null}
        {c.terms.maxAwards > 1 ? <Tag color="purple">{t('publicChallenges.horseRace', { n: c.terms.maxAwards })}</Tag> : null}
        {c.terms.eligibility.consortiumAllowed ? <Tag color="cyan">{t('publicChallenges.consortiumOk')}</Tag> : null}
      </Space>
      <Typography.Paragraph ellipsis={{ rows: 3 }} type="secondary" style={{ minHeight: 66 }}>
        {c.terms.problem}
      </Typography.Paragraph>
      <Flex vertical gap={4}>
        <span>
          <Typography.Text type="secondary">{t('publicChallenges.budgetCap')}：</Typography.Text>
          <Typography.Text strong data-testid="card-budget">
            {formatWan(c.terms.budgetCapFen, lang)}
          </Typography.Text>
        </span>
        <span>
          <Typography.Text type="secondary">{t('publicChallenges.deadline')}：</Typography.Text>
          {formatDateTime(c.terms.deadline, lang)}
          {c.acceptingApplications ? (
            <>
              {' · '}
              <Countdown until={c.terms.deadline} />
            </>
          ) : null}
        </span>
        <span>
          <Typography.Text type="secondary">{t('publicChallenges.duration')}：</Typography.Text>
          {t('applications.months', { n: c.terms.durationMonths })}
          {c.batch ? (
            <Typography.Text type="secondary">
              {' · '}
              {c.batch.title}
            </Typography.Text>
          ) : null}
        </span>
      </Flex>
    </Card>
  );
}

/** /public/challenges — the published challenge lists (榜单), anyone may read them. */
export default function PublicChallengesPage() {
  return (
    <PublicShell>
      <ChallengeList />
    </PublicShell>
  );
}

function ChallengeList() {
  const { t } = useTranslation();
  const lang = useLang();
  const fieldLabel = useFieldLabel();
  const { slug } = usePublicTenant();
  const zones = usePublicZones(slug);
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => {
    const stage = params.get('stage');
    const sort = params.get('sort');
    const field = params.get('field');
    const zone = params.get('zone');
    const from = params.get('from');
    const to = params.get('to');
    return {
      q: params.get('q') ?? '',
      stage: stage && (PUBLIC_STAGES as readonly string[]).includes(stage) ? (stage as PublicStage) : undefined,
      field: field && field.length <= 50 ? field : undefined,
      zoneId: zone && UUID.test(zone) ? zone : undefined,
      from: from && DAY.test(from) ? from : undefined,
      to: to && DAY.test(to) ? to : undefined,
      sort: sort && (SORTS as readonly string[]).includes(sort) ? (sort as Sort) : undefined,
      page: positive(params.get('page'), 1, 10_000),
      pageSize: positive(params.get('pageSize'), 12, 100),
    };
  }, [params]);
  const [searchText, setSearchText] = useState(state.q);
  useEffect(() => setSearchText(state.q), [state.q]);

  const update = (patch: Partial<typeof state>) => {
    const s = { ...state, ...('page' in patch ? {} : { page: 1 }), ...patch };
    const p = new URLSearchParams();
    if (slug) p.set('tenant', slug);
    if (s.q) p.set('q', s.q);
    if (s.stage) p.set('stage', s.stage);
    if (s.field) p.set('field', s.field);
    if (s.zoneId) p.set('zone', s.zoneId);
    if (s.from) p.set('from', s.from);
    if (s.to) p.set('to', s.to);
    if (s.sort) p.set('sort', s.sort);
    if (s.page !== 1) p.set('page', String(s.page));
    if (s.pageSize !== 12) p.set('pageSize', String(s.pageSize));
    setParams(p);
  };

  const list = useApiData(
    (signal) =>
      slug
        ? call(
            api.GET('/api/v1/public/challenges', {
              params: {
                query: {
                  tenant: slug,
                  q: state.q || undefined,
                  stage: state.stage,
                  field: state.field,
                  zoneId: state.zoneId,
                  deadlineFrom: state.from ? shanghaiDayStart(state.from) : undefined,
                  deadlineTo: state.to ? shanghaiDayEnd(state.to) : undefined,
                  sort: state.sort,
                  page: state.page,
                  pageSize: state.pageSize,
                },
              },
              signal,
            }),
          )
        : Promise.resolve(null),
    [slug, state],
  );
  const notFound = list.error instanceof ApiError && list.error.status === 404;
  const filtered = state.q || state.stage || state.field || state.zoneId || state.from || state.to;

  return (
    <>
      <PageHeader title={t('publicChallenges.title')} subtitle={t('publicChallenges.subtitle')} />
      <Card variant="borderless" style={{ marginBottom: 16 }}>
        <Flex gap={12} wrap>
          <Input.Search
            allowClear
            value={searchText}
            onChange={(e) => setSearchText(e.target.value)}
            onSearch={(v) => update({ q: v.trim() })}
            placeholder={t('publicChallenges.searchPlaceholder')}
            style={{ width: 280, maxWidth: '100%' }}
            data-testid="public-search"
          />
          <Select<PublicStage>
            allowClear
            value={state.stage}
            placeholder={t('publicChallenges.filterStage')}
            onChange={(v) => update({ stage: v })}
            options={PUBLIC_STAGES.map((s) => ({ value: s, label: t(`publicChallenges.stages.${s}`) }))}
            style={{ width: 150 }}
            data-testid="public-filter-stage"
          />
          <Select<string>
            allowClear
            value={state.field}
            placeholder={t('publicChallenges.filterField')}
            onChange={(v) => update({ field: v })}
            options={PRIORITY_FIELDS.map((f) => ({ value: f, label: fieldLabel(f) }))}
            style={{ width: 170 }}
          />
          {zones.length ? (
            <Select<string>
              allowClear
              value={state.zoneId}
              placeholder={t('publicChallenges.filterZone')}
              onChange={(v) => update({ zoneId: v })}
              options={zones.map((z) => ({ value: z.id, label: lang === 'en' ? z.nameEn : z.nameZh }))}
              style={{ width: 200 }}
              popupMatchSelectWidth={false}
            />
          ) : null}
          <DatePicker.RangePicker
            value={[state.from ? dayjs(state.from) : null, state.to ? dayjs(state.to) : null]}
            allowEmpty={[true, true]}
            onChange={(v) => {
              const [a, b] = v ?? [];
              update({ from: a ? a.format('YYYY-MM-DD') : undefined, to: b ? b.format('YYYY-MM-DD') : undefined });
            }}
            placeholder={[t('publicChallenges.deadlineFrom'), t('publicChallenges.deadlineTo')]}
            aria-label={t('publicChallenges.filterDeadline')}
          />
          <Select<Sort>
            value={state.sort ?? '-deadline'}
            onChange={(v) => update({ sort: v })}
            options={SORTS.map((s) => ({ value: s, label: t(`publicChallenges.sorts.${s}`) }))}
            style={{ width: 170 }}
            aria-label={t('publicChallenges.sortLabel')}
          />
          {filtered ? (
            <Button
              onClick={() => {
                setSearchText('');
                setParams(slug ? { tenant: slug } : {});
              }}
            >
              {t('common.reset')}
            </Button>
          ) : null}
        </Flex>
      </Card>
      {notFound ? <Alert type="warning" showIcon title={t('publicChallenges.tenantNotFound')} /> : list.error ? <LoadError error={list.error} onRetry={list.reload} /> : null}
      {!list.data && list.loading ? <Skeleton active paragraph={{ rows: 6 }} /> : null}
      {list.data && list.data.items.length === 0 ? <Empty description={filtered ? t('publicChallenges.emptyFiltered') : t('publicChallenges.empty')} /> : null}
      {list.data && list.data.items.length > 0 ? (
        <>
          <Row gutter={[16, 16]} data-testid="public-challenges" style={{ opacity: list.loading ? 0.6 : 1 }}>
            {list.data.items.map((c) => (
              <Col key={c.id} xs={24} md={12} xl={8}>
                <ChallengeCard c={c} slug={slug} />
              </Col>
            ))}
          </Row>
          <Flex justify="flex-end" style={{ marginTop: 16 }}>
            <Pagination
              current={state.page}
              pageSize={state.pageSize}
              total={list.data.total}
              showSizeChanger
              pageSizeOptions={[12, 24, 48]}
              showTotal={(n) => t('common.total', { count: n })}
              onChange={(page, pageSize) => update({ page: pageSize !== state.pageSize ? 1 : page, pageSize })}
            />
          </Flex>
        </>
      ) : null}
    </>
  );
}
