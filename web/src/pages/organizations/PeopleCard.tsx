import { useState } from 'react';
import { Card, Empty, Space, Table, Tag } from 'antd';
import type { TableProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client.ts';
import type { Person } from '../../api/types.ts';
import { useApiData } from '../../lib/useApiData.ts';
import { LoadError } from '../../components/LoadError.tsx';

export function PeopleCard({ organizationId }: { organizationId: string }) {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const list = useApiData(
    (signal) => call(api.GET('/api/v1/people', { params: { query: { organizationId, page, pageSize: 10 } }, signal })),
    [organizationId, page],
  );
  const columns: TableProps<Person>['columns'] = [
    { key: 'name', title: t('orgs.colPersonName'), render: (_v, p) => (p.nameEn ? t('orgs.personWithEnglishName', { zh: p.nameZh, en: p.nameEn }) : p.nameZh) },
    { key: 'title', title: t('orgs.colPersonTitle'), render: (_v, p) => p.title ?? t('common.empty') },
    {
      key: 'fields',
      title: t('orgs.colPersonFields'),
      render: (_v, p) =>
        p.fields.length ? (
          <Space size={[4, 4]} wrap>
            {p.fields.map((f) => (
              <Tag key={f}>{f}</Tag>
            ))}
          </Space>
        ) : (
          t('common.empty')
        ),
    },
    {
      key: 'orcid',
      title: t('orgs.colOrcid'),
      render: (_v, p) =>
        p.orcid ? (
          <a href={`https://orcid.org/${p.orcid}`} target="_blank" rel="noopener noreferrer" className="kc-mono">
            {p.orcid}
          </a>
        ) : (
          t('common.empty')
        ),
    },
  ];
  return (
    <Card variant="borderless" title={t('orgs.people')}>
      {list.error ? <LoadError error={list.error} onRetry={list.reload} /> : null}
      <Table<Person>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.loading}
        scroll={{ x: 'max-content' }}
        pagination={{ current: page, pageSize: 10, total: list.data?.total ?? 0, onChange: setPage, hideOnSinglePage: true }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('orgs.peopleEmpty')} /> }}
      />
    </Card>
  );
}
