import { useState } from 'react';
import { useParams } from 'react-router';
import { Card, Empty, Flex, Progress, Segmented, Skeleton, Table, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError, api, call } from '../../api/client.ts';
import { useLang } from '../../i18n/index.ts';
import { useApiData } from '../../lib/useApiData.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { LoadError } from '../../components/LoadError.tsx';
import { PublicShell, usePublicTenant } from '../public-challenges/PublicShell.tsx';
import { STATUSES, STATUS_TAG, type PublicList, type Status } from './model.ts';
import { StatusCounts } from './StatusTag.tsx';

type Item = PublicList['items'][number];

/** A published list's progress, for anyone: status, milestones and KPI attainment; no persons, phones or budgets. */
export default function PublicProjectsPage() {
  return (
    <PublicShell>
      <PublicProjects />
    </PublicShell>
  );
}

function PublicProjects() {
  const { slug = '' } = useParams();
  const { t } = useTranslation();
  const lang = useLang();
  const { slug: tenant } = usePublicTenant();
  const [filter, setFilter] = useState<Status | 'all'>('all');
  const d = useApiData((signal) => (tenant ? call(api.GET('/api/v1/public/project-lists/{slug}', { params: { path: { slug }, query: { tenant } }, signal })) : Promise.resolve(undefined)), [slug, tenant]);
  if (d.error) return d.error instanceof ApiError && d.error.status === 404 ? <Empty description={t('projectsUi.public.notFound')} /> : <LoadError error={d.error} onRetry={d.reload} />;
  const l = d.data;
  if (!l) return <Skeleton active />;
  const items = l.items.filter((i) => filter === 'all' || i.status === filter);
  return (
    <div data-testid="public-projects">
      <PageHeader
        title={lang === 'en' && l.nameEn ? l.nameEn : l.nameZh}
        subtitle={
          <Flex vertical gap={6}>
            {l.description ? <span>{l.description}</span> : null}
            <Flex gap={8} wrap align="center">
              {l.ownerOffice ? <span>{t('projectsUi.public.office', { office: l.ownerOffice })}</span> : null}
              {l.statusAsOf ? <Typography.Text type="secondary">{t('projectsUi.public.asOf', { date: l.statusAsOf })}</Typography.Text> : null}
              <StatusCounts counts={l.counts} />
            </Flex>
          </Flex>
        }
      />
      <Card variant="borderless">
        <Segmented<Status | 'all'>
          value={filter}
          onChange={setFilter}
          options={[{ value: 'all', label: `${t('common.all')} ${l.total}` }, ...STATUSES.map((s) => ({ value: s, label: `${t(`projectsUi.status.${s}`)} ${l.counts[s]}` }))]}
          style={{ marginBottom: 16 }}
        />
        <Table<Item>
          rowKey="code"
          dataSource={items}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          scroll={{ x: 'max-content' }}
          data-testid="public-items"
          columns={[
            { key: 'code', title: t('projectsUi.list.colCode'), render: (_v, i) => <span className="kc-mono">{i.code}</span> },
            {
              key: 'name',
              title: t('projectsUi.list.colName'),
              render: (_v, i) => (
                <Flex vertical style={{ minWidth: 220, maxWidth: 360 }}>
                  <span>{lang === 'en' && i.nameEn ? i.nameEn : i.name}</span>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t(`projectsUi.category.${i.category}`)} · {i.responsibleUnit}
                  </Typography.Text>
                </Flex>
              ),
            },
            {
              key: 'status',
              title: t('projectsUi.list.colStatus'),
              render: (_v, i) => (
                <Flex vertical gap={2} style={{ maxWidth: 260 }}>
                  <Tag color={STATUS_TAG[i.status]} style={{ width: 'fit-content' }} data-testid="public-status">
                    {t(`projectsUi.status.${i.status}`)}
                  </Tag>
                  {i.statusNote ? (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('projectsUi.public.note', { note: i.statusNote })}
                    </Typography.Text>
                  ) : null}
                </Flex>
              ),
            },
            {
              key: 'milestones',
              title: t('projectsUi.item.milestones'),
              render: (_v, i) => (
                <Flex gap={4} wrap style={{ maxWidth: 320 }}>
                  {i.milestones.map((m) => (
                    <Tooltip key={m.name} title={`${m.plannedDate}${m.actualDate ? ` → ${m.actualDate}` : ''}`}>
                      <Tag color={m.state === 'done' ? 'success' : m.state === 'overdue' ? 'error' : m.state === 'due_soon' ? 'warning' : 'default'}>{m.name}</Tag>
                    </Tooltip>
                  ))}
                </Flex>
              ),
            },
            {
              key: 'kpis',
              title: t('projectsUi.item.kpis'),
              render: (_v, i) => (
                <Flex vertical style={{ width: 220 }}>
                  {i.kpis.map((k) => (
                    <div key={k.name}>
                      <Typography.Text style={{ fontSize: 12 }}>{t('projectsUi.public.kpi', { name: k.name, actual: k.actual ?? '—', target: k.target, unit: k.unit })}</Typography.Text>
                      <Progress percent={Math.round(Math.max(0, k.attainment) * 100)} size="small" status={k.attainment >= 1 ? 'success' : 'normal'} />
                    </div>
                  ))}
                </Flex>
              ),
            },
            { key: 'end', title: t('projectsUi.list.colEnd'), dataIndex: 'endDate' },
          ]}
        />
      </Card>
    </div>
  );
}
