import { useEffect, useState } from 'react';
import { Button, Card, Flex, Segmented, Switch, Table, Tooltip, Typography } from 'antd';
import type { TableProps } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client.ts';
import { JOB_STATUSES, type Job, type JobStatus } from '../../api/types.ts';
import { useLang } from '../../i18n/index.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useApiData } from '../../lib/useApiData.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { LoadError } from '../../components/LoadError.tsx';
import { JobStatusTag } from '../../components/tags.tsx';

const KNOWN_KINDS = {
  'mail.send': 'jobKinds.mail_send',
  'indicators.recompute': 'jobKinds.indicators_recompute',
  'registry.import.check': 'jobKinds.registry_import_check',
  'platform.housekeeping': 'jobKinds.platform_housekeeping',
} as const;

export default function JobsPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const [status, setStatus] = useState<JobStatus | 'all'>('all');
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [auto, setAuto] = useState(true);

  const list = useApiData(
    (signal) => call(api.GET('/api/v1/jobs', { params: { query: { status: status === 'all' ? undefined : status, page, pageSize } }, signal })),
    [status, page, pageSize],
  );

  const { reload } = list;
  useEffect(() => {
    if (!auto) return;
    const id = window.setInterval(reload, 10_000);
    return () => window.clearInterval(id);
  }, [auto, reload]);

  const kindLabel = (kind: string) => (kind in KNOWN_KINDS ? t(KNOWN_KINDS[kind as keyof typeof KNOWN_KINDS]) : kind);

  const columns: TableProps<Job>['columns'] = [
    {
      key: 'kind',
      title: t('jobs.colKind'),
      render: (_v, j) => (
        <Flex vertical>
          <Typography.Text>{kindLabel(j.kind)}</Typography.Text>
          <Typography.Text type="secondary" className="kc-mono">
            {j.kind}
          </Typography.Text>
        </Flex>
      ),
    },
    { key: 'status', title: t('jobs.colStatus'), render: (_v, j) => <JobStatusTag status={j.status} /> },
    { key: 'attempts', title: t('jobs.colAttempts'), render: (_v, j) => `${j.attempts} / ${j.maxAttempts}` },
    { key: 'runAt', title: t('jobs.colRunAt'), render: (_v, j) => formatDateTime(j.runAt, lang, true) },
    { key: 'createdAt', title: t('jobs.colCreated'), render: (_v, j) => formatDateTime(j.createdAt, lang, true) },
    { key: 'finishedAt', title: t('jobs.colFinished'), render: (_v, j) => (j.finishedAt ? formatDateTime(j.finishedAt, lang, true) : t('common.empty')) },
    {
      key: 'lastError',
      title: t('jobs.colError'),
      render: (_v, j) =>
        j.lastError ? (
          <Typography.Text type="danger" ellipsis={{ tooltip: j.lastError }} style={{ maxWidth: 320 }}>
            {j.lastError}
          </Typography.Text>
        ) : (
          t('common.empty')
        ),
    },
  ];

  return (
    <>
      <PageHeader title={t('jobs.title')} subtitle={t('jobs.subtitle')} />
      <Card variant="borderless">
        <Flex gap={12} wrap align="center" justify="space-between" style={{ marginBottom: 16 }}>
          <Segmented<JobStatus | 'all'>
            value={status}
            onChange={(v) => {
              setStatus(v);
              setPage(1);
            }}
            options={[{ value: 'all', label: t('common.all') }, ...JOB_STATUSES.map((s) => ({ value: s, label: t(`jobStatus.${s}`) }))]}
          />
          <Flex gap={12} align="center">
            <Flex gap={6} align="center">
              <Switch size="small" checked={auto} onChange={setAuto} id="jobs-auto-refresh" />
              <label htmlFor="jobs-auto-refresh">
                <Typography.Text type="secondary">{t('jobs.autoRefresh')}</Typography.Text>
              </label>
            </Flex>
            <Tooltip title={t('common.refresh')}>
              <Button icon={<ReloadOutlined />} onClick={reload} aria-label={t('common.refresh')} />
            </Tooltip>
          </Flex>
        </Flex>
        {list.error ? <LoadError error={list.error} onRetry={reload} /> : null}
        <Table<Job>
          rowKey="id"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.loading && !list.data}
          scroll={{ x: 'max-content' }}
          pagination={{
            current: page,
            pageSize,
            total: list.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) => t('common.total', { count: total }),
            onChange: (p, s) => {
              setPage(s !== pageSize ? 1 : p);
              setPageSize(s);
            },
          }}
        />
      </Card>
    </>
  );
}
