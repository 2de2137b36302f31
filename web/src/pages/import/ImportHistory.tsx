import { useState } from 'react';
import { Button, Card, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client.ts';
import type { ImportSession } from '../../api/types.ts';
import { useLang } from '../../i18n/index.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useApiData } from '../../lib/useApiData.ts';
import { LoadError } from '../../components/LoadError.tsx';
import { STATUS_COLORS } from './importUi.ts';

/** Earlier imports of this center, newest first; each can be opened again. */
export function ImportHistory({ refreshKey, currentId, onOpen }: { refreshKey: number; currentId: string | null; onOpen: (id: string) => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [page, setPage] = useState(1);
  const list = useApiData((signal) => call(api.GET('/api/v1/registry/imports', { params: { query: { page, pageSize: 10 } }, signal })), [page, refreshKey]);
  const columns: TableProps<ImportSession>['columns'] = [
    { key: 'created', title: t('import.colCreated'), render: (_v, s) => <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(s.createdAt, lang)}</span> },
    {
      key: 'file',
      title: t('import.colFile'),
      render: (_v, s) => (
        <Typography.Text ellipsis={{ tooltip: s.fileName }} style={{ maxWidth: 260 }}>
          {s.fileName}
        </Typography.Text>
      ),
    },
    { key: 'kind', title: t('import.colKind'), render: (_v, s) => t(`importKinds.${s.kind}`) },
    { key: 'status', title: t('import.colStatus'), render: (_v, s) => <Tag color={STATUS_COLORS[s.status]}>{t(`importStatus.${s.status}`)}</Tag> },
    {
      key: 'counts',
      title: t('import.colCounts'),
      render: (_v, s) => (
        <Typography.Text type="secondary" style={{ whiteSpace: 'nowrap', fontSize: 13 }}>
          {t('import.countsShort', { insert: s.counts.insert, update: s.counts.update, errors: s.counts.errors })}
        </Typography.Text>
      ),
    },
    {
      key: 'open',
      title: t('common.actions'),
      render: (_v, s) => (
        <Button size="small" type="link" disabled={s.id === currentId} onClick={() => onOpen(s.id)} style={{ paddingInline: 0 }}>
          {t('common.details')}
        </Button>
      ),
    },
  ];
  return (
    <Card
      variant="borderless"
      title={t('import.historyTitle')}
      extra={<Button type="text" icon={<ReloadOutlined />} onClick={list.reload} aria-label={t('common.refresh')} />}
      data-testid="import-history"
    >
      {list.error ? <LoadError error={list.error} onRetry={list.reload} /> : null}
      <Table<ImportSession>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.loading}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('import.historyEmpty') }}
        pagination={{ current: page, pageSize: 10, total: list.data?.total ?? 0, onChange: setPage, hideOnSinglePage: true, showSizeChanger: false }}
      />
    </Card>
  );
}
