import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Alert, Card, Table, Typography } from 'antd';
import type { TableProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError, api, call } from '../../api/client.ts';
import { useLang } from '../../i18n/index.ts';
import { formatDate } from '../../lib/format.ts';
import { useApiData } from '../../lib/useApiData.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { LoadError } from '../../components/LoadError.tsx';
import type { Notice } from '../applications/model.ts';
import { PublicShell, publicHref, usePublicTenant } from './PublicShell.tsx';
import { NoticeStateTag } from './noticeParts.tsx';

function positive(v: string | null, d: number, max: number) {
  const x = Number(v);
  return Number.isInteger(x) && x > 0 ? Math.min(x, max) : d;
}

/** /public/notices — result notices (公示), current first. */
export default function PublicNoticesPage() {
  return (
    <PublicShell>
      <NoticeList />
    </PublicShell>
  );
}

function NoticeList() {
  const { t } = useTranslation();
  const lang = useLang();
  const { slug } = usePublicTenant();
  const [params, setParams] = useSearchParams();
  const page = useMemo(() => ({ page: positive(params.get('page'), 1, 10_000), pageSize: positive(params.get('pageSize'), 20, 100) }), [params]);
  const list = useApiData(
    (signal) => (slug ? call(api.GET('/api/v1/public/notices', { params: { query: { tenant: slug, page: page.page, pageSize: page.pageSize } }, signal })) : Promise.resolve(null)),
    [slug, page.page, page.pageSize],
  );
  const sep = lang === 'en' ? '; ' : '；';
  const columns: TableProps<Notice>['columns'] = [
    {
      key: 'challenge',
      title: t('publicChallenges.noticeChallenge'),
      render: (_v, n) => (
        <Link to={publicHref(`/public/notices/${n.id}`, slug)} data-testid="public-notice-row-link">
          {`${n.challengeCode} ${n.challengeTitle}`}
        </Link>
      ),
    },
    { key: 'awardees', title: t('publicChallenges.awardees'), render: (_v, n) => (n.awardees.length ? n.awardees.map((a) => (lang === 'en' && a.organizationNameEn ? a.organizationNameEn : a.organizationName)).join(sep) : t('common.empty')) },
    { key: 'period', title: t('publicChallenges.noticePeriod'), render: (_v, n) => t('publicChallenges.periodRange', { from: n.startsOn, to: n.endsOn, days: n.workingDays }) },
    { key: 'state', title: t('publicChallenges.noticeState'), render: (_v, n) => <NoticeStateTag notice={n} /> },
    { key: 'published', title: t('publicChallenges.publishedAt'), render: (_v, n) => formatDate(n.publishedAt, lang) },
  ];
  return (
    <>
      <PageHeader title={t('publicChallenges.noticesTitle')} subtitle={t('publicChallenges.noticesSubtitle')} />
      {list.error instanceof ApiError && list.error.status === 404 ? <Alert type="warning" showIcon title={t('publicChallenges.tenantNotFound')} /> : list.error ? <LoadError error={list.error} onRetry={list.reload} /> : null}
      <Card variant="borderless">
        <Typography.Paragraph type="secondary">{t('publicChallenges.noticesHint')}</Typography.Paragraph>
        <Table<Notice>
          rowKey="id"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.loading}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('publicChallenges.noNotices') }}
          pagination={{
            current: page.page,
            pageSize: page.pageSize,
            total: list.data?.total ?? 0,
            showTotal: (n) => t('common.total', { count: n }),
            onChange: (p, ps) => {
              const next = new URLSearchParams(params);
              next.set('page', String(ps !== page.pageSize ? 1 : p));
              next.set('pageSize', String(ps));
              setParams(next);
            },
          }}
          data-testid="public-notices"
        />
      </Card>
    </>
  );
}
