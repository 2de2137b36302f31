import { useState } from 'react';
import { Alert, Button, Empty, Flex, Progress, Space, Statistic, Table, Tabs, Tag, Tooltip, Typography } from 'antd';
import type { TableProps } from 'antd';
import { CheckCircleOutlined, CloudUploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client.ts';
import type { ImportChange, ImportRowError, ImportSession } from '../../api/types.ts';
import { useLang } from '../../i18n/index.ts';
import { useApiData } from '../../lib/useApiData.ts';
import { LoadError } from '../../components/LoadError.tsx';

const PAGE = 10;

/** Row-level errors, in the current language, paged from the server. */
function ErrorsTable({ session }: { session: ImportSession }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [page, setPage] = useState(1);
  const errors = useApiData(
    (signal) => call(api.GET('/api/v1/registry/imports/{id}/errors', { params: { path: { id: session.id }, query: { page, pageSize: PAGE } }, signal })),
    [session.id, session.updatedAt, page],
  );
  const columns: TableProps<ImportRowError>['columns'] = [
    { key: 'row', title: t('import.colRow'), dataIndex: 'row', width: 72 },
    { key: 'column', title: t('import.colColumn'), render: (_v, e) => e.column ?? t('import.wholeRow') },
    { key: 'message', title: t('import.colMessage'), render: (_v, e) => <Typography.Text type="danger">{lang === 'en' ? e.en : e.zh}</Typography.Text> },
    {
      key: 'value',
      title: t('import.colValue'),
      render: (_v, e) =>
        e.value === null || e.value === '' ? (
          <Typography.Text type="secondary">{t('import.emptyCell')}</Typography.Text>
        ) : (
          <Typography.Text className="kc-mono" style={{ maxWidth: 260, display: 'inline-block' }} ellipsis={{ tooltip: e.value }}>
            {e.value}
          </Typography.Text>
        ),
    },
  ];
  const data = errors.data;
  return (
    <>
      {errors.error ? <LoadError error={errors.error} onRetry={errors.reload} /> : null}
      {data && data.total > data.available ? (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {t('import.errorsTruncated', { shown: data.available, total: data.total })}
        </Typography.Paragraph>
      ) : null}
      <Table<ImportRowError>
        rowKey={(e) => `${e.row}:${e.column ?? ''}:${e.code}`}
        size="small"
        columns={columns}
        dataSource={data?.items ?? []}
        loading={errors.loading}
        scroll={{ x: 'max-content' }}
        pagination={{ current: page, pageSize: PAGE, total: data?.available ?? 0, onChange: setPage, hideOnSinglePage: true, showSizeChanger: false }}
        data-testid="import-errors"
      />
    </>
  );
}

/** What a commit would write (or wrote): inserts and updates with their changed fields. */
function ChangesTable({ session }: { session: ImportSession }) {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const changes = useApiData(
    (signal) => call(api.GET('/api/v1/registry/imports/{id}/changes', { params: { path: { id: session.id }, query: { page, pageSize: PAGE } }, signal })),
    [session.id, session.updatedAt, page],
  );
  const columns: TableProps<ImportChange>['columns'] = [
    { key: 'row', title: t('import.colRow'), dataIndex: 'row', width: 72 },
    {
      key: 'action',
      title: t('import.colAction'),
      render: (_v, c) => <Tag color={c.action === 'insert' ? 'green' : 'blue'}>{c.action === 'insert' ? t('import.insert') : t('import.update')}</Tag>,
    },
    {
      key: 'label',
      title: t('import.colRecord'),
      render: (_v, c) => (
        <Flex vertical style={{ minWidth: 200 }}>
          <span>{c.label}</span>
          <Typography.Text type="secondary" className="kc-mono">
            {c.key}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      key: 'fields',
      title: t('import.colFields'),
      render: (_v, c) =>
        c.action === 'insert' ? (
          <Typography.Paragraph type="secondary" style={{ margin: 0, width: 380, fontSize: 13 }} ellipsis={{ rows: 2, tooltip: true }}>
            {c.fields.map((f) => `${t('import.fieldLabel', { column: f.column })}${f.to ?? t('import.emptyCell')}`).join(t('import.fieldSeparator'))}
          </Typography.Paragraph>
        ) : (
          <Flex vertical gap={2} style={{ minWidth: 240 }}>
            {c.fields.map((f) => (
              <span key={f.field} style={{ fontSize: 13 }}>
                <Typography.Text type="secondary">{t('import.fieldLabel', { column: f.column })}</Typography.Text>
                <Typography.Text delete type="secondary">
                  {f.from ?? t('import.emptyCell')}
                </Typography.Text>
                {' → '}
                <Typography.Text>{f.to ?? t('import.emptyCell')}</Typography.Text>
              </span>
            ))}
          </Flex>
        ),
    },
  ];
  const data = changes.data;
  return (
    <>
      {changes.error ? <LoadError error={changes.error} onRetry={changes.reload} /> : null}
      <Table<ImportChange>
        rowKey={(c) => `${c.row}:${c.key}`}
        size="small"
        columns={columns}
        dataSource={data?.items ?? []}
        loading={changes.loading}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('import.noChanges')} /> }}
        pagination={{ current: page, pageSize: PAGE, total: data?.available ?? 0, onChange: setPage, hideOnSinglePage: true, showSizeChanger: false }}
        data-testid="import-changes"
      />
    </>
  );
}

/** An uploaded file: its check in progress, then what it would change and what is wrong, then the commit. */
export function ImportSessionView({
  session,
  committing,
  onCommit,
  onUploadAgain,
  onViewOrganizations,
}: {
  session: ImportSession;
  committing: boolean;
  onCommit: () => void;
  onUploadAgain: () => void;
  onViewOrganizations: () => void;
}) {
  const { t } = useTranslation();
  const c = session.counts;

  if (session.status === 'parsing') {
    const { processed, total, percent } = session.progress;
    return (
      <Flex vertical gap={8} data-testid="import-progress">
        <Typography.Text>{t('import.checking', { file: session.fileName })}</Typography.Text>
        <Progress percent={percent} status="active" />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {total ? t('import.checkedOf', { processed, total }) : t('import.checkedSoFar', { processed })}
        </Typography.Text>
      </Flex>
    );
  }

  const canCommit = session.actions.includes('commit');
  const hasErrors = session.status === 'has_errors';
  const committed = session.status === 'committed';
  return (
    <Flex vertical gap={16}>
      <div className="kc-count-grid">
        {(
          [
            ['rows', c.rows, undefined],
            ['insert', c.insert, '#389e0d'],
            ['update', c.update, '#1652d9'],
            ['unchanged', c.unchanged, undefined],
            ['errors', c.errors, c.errors > 0 ? '#cf1322' : undefined],
          ] as const
        ).map(([key, value, color]) => (
          <div key={key} className="kc-headline" style={{ padding: '10px 14px' }} data-testid={`import-count-${key}`}>
            <Statistic title={t(`import.count.${key}`)} value={value} styles={{ content: { fontSize: 22, color } }} />
          </div>
        ))}
      </div>
      {session.ignoredColumns.length > 0 ? (
        <Alert type="warning" showIcon title={t('import.ignoredColumns', { columns: session.ignoredColumns.join(t('import.listSeparator')) })} />
      ) : null}
      {hasErrors ? (
        <Alert
          type="error"
          showIcon
          title={t('import.hasErrors', { count: c.errors })}
          description={t('import.hasErrorsHint')}
          data-testid="import-has-errors"
        />
      ) : null}
      {committed && session.result ? (
        <Alert
          type="success"
          showIcon
          icon={<CheckCircleOutlined />}
          title={t('import.committed', { inserted: session.result.inserted, updated: session.result.updated, unchanged: session.result.unchanged })}
          description={t('import.committedHint', { seconds: (session.result.durationMs / 1000).toFixed(1) })}
          data-testid="import-result"
        />
      ) : null}
      <Tabs
        defaultActiveKey={hasErrors ? 'errors' : 'changes'}
        items={[
          ...(c.errors > 0 ? [{ key: 'errors', label: t('import.tabErrors', { count: c.errors }), children: <ErrorsTable session={session} /> }] : []),
          { key: 'changes', label: t(committed ? 'import.tabWritten' : 'import.tabChanges', { count: c.insert + c.update }), children: <ChangesTable session={session} /> },
        ]}
      />
      {!committed ? (
        <Flex gap={8} wrap justify="flex-end">
          <Button icon={<CloudUploadOutlined />} onClick={onUploadAgain} data-testid="import-upload-again">
            {hasErrors ? t('import.uploadFixed') : t('import.uploadAnother')}
          </Button>
          <Tooltip title={hasErrors ? t('import.commitBlocked') : undefined}>
            <Button type="primary" disabled={!canCommit} loading={committing} onClick={onCommit} data-testid="import-commit">
              {t('import.commit', { insert: c.insert, update: c.update })}
            </Button>
          </Tooltip>
        </Flex>
      ) : (
        <Space wrap style={{ justifyContent: 'flex-end', width: '100%' }}>
          <Button onClick={onViewOrganizations}>{t('import.viewOrganizations')}</Button>
          <Button type="primary" onClick={onUploadAgain} data-testid="import-next">
            {t('import.importAnother')}
          </Button>
        </Space>
      )}
    </Flex>
  );
}
