import { useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Button, Card, Empty, Flex, Input, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableProps } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client.ts';
import type { paths } from '../../api/schema';
import type { Person } from '../../api/types.ts';
import { useApiData } from '../../lib/useApiData.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { LoadError } from '../../components/LoadError.tsx';
import { ExportButton } from '../../components/ExportButton.tsx';

const EXPORT_PATH = '/api/v1/people/export' satisfies keyof paths;

interface PeopleState {
  q: string;
  page: number;
  pageSize: number;
}

function positive(v: string | null, d: number, max: number) {
  const x = Number(v);
  return Number.isInteger(x) && x > 0 ? Math.min(x, max) : d;
}

/** The list's state lives in the address, so reload, back and shared links keep it. */
export function readPeople(p: URLSearchParams): PeopleState {
  return { q: p.get('q') ?? '', page: positive(p.get('page'), 1, 10_000), pageSize: positive(p.get('pageSize'), 20, 200) };
}

export function writePeople(s: PeopleState): URLSearchParams {
  const p = new URLSearchParams();
  if (s.q) p.set('q', s.q);
  if (s.page !== 1) p.set('page', String(s.page));
  if (s.pageSize !== 20) p.set('pageSize', String(s.pageSize));
  return p;
}

/** Researchers and talents of the registry, searchable by name, title, field or organisation. */
export default function PeoplePage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => readPeople(params), [params]);
  const [searchText, setSearchText] = useState(state.q);
  useEffect(() => setSearchText(state.q), [state.q]);
  const update = (patch: Partial<PeopleState>) => setParams(writePeople({ ...state, ...('page' in patch ? {} : { page: 1 }), ...patch }));

  const list = useApiData(
    (signal) => call(api.GET('/api/v1/people', { params: { query: { q: state.q || undefined, page: state.page, pageSize: state.pageSize } }, signal })),
    [state.q, state.page, state.pageSize],
  );

  const columns: TableProps<Person>['columns'] = [
    {
      key: 'name',
      title: t('people.colName'),
      render: (_v, p) => (
        <Flex vertical style={{ minWidth: 120 }}>
          <Typography.Text strong>{p.nameZh}</Typography.Text>
          {p.nameEn ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {p.nameEn}
            </Typography.Text>
          ) : null}
        </Flex>
      ),
    },
    { key: 'title', title: t('people.colTitle'), render: (_v, p) => p.title ?? t('common.empty') },
    {
      key: 'organization',
      title: t('people.colOrganization'),
      render: (_v, p) =>
        p.organizationId ? (
          <Link to={`/organizations/${p.organizationId}`} style={{ display: 'inline-block', minWidth: 180 }}>
            {p.organizationName ?? p.organizationId}
          </Link>
        ) : (
          t('common.empty')
        ),
    },
    {
      key: 'fields',
      title: t('people.colFields'),
      render: (_v, p) =>
        p.fields.length ? (
          <Space size={[4, 4]} wrap style={{ minWidth: 160 }}>
            {p.fields.map((f) => (
              <Tag key={f} style={{ marginInlineEnd: 0 }}>
                {f}
              </Tag>
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
    <>
      <PageHeader
        title={t('people.title')}
        subtitle={t('people.subtitle')}
        extra={
          <ExportButton
            href={(format) => `${EXPORT_PATH}?${new URLSearchParams({ ...(state.q ? { q: state.q } : {}), format }).toString()}`}
            hint={t('people.exportHint')}
            testId="people-export"
          />
        }
      />
      <Card variant="borderless">
        <Flex gap={12} wrap style={{ marginBottom: 16 }}>
          <Input.Search
            allowClear
            value={searchText}
            onChange={(e) => setSearchText(e.target.value)}
            onSearch={(v) => update({ q: v.trim() })}
            placeholder={t('people.searchPlaceholder')}
            style={{ width: 320, maxWidth: '100%' }}
            data-testid="people-search"
          />
          {state.q ? (
            <Button
              onClick={() => {
                setSearchText('');
                setParams(new URLSearchParams());
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
        <Table<Person>
          rowKey="id"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.loading}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={state.q ? t('people.noMatch', { q: state.q }) : t('orgs.peopleEmpty')} /> }}
          pagination={{
            current: state.page,
            pageSize: state.pageSize,
            total: list.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: () => t('common.total', { count: list.data?.total ?? 0 }),
            onChange: (page, pageSize) => update({ page: pageSize !== state.pageSize ? 1 : page, pageSize }),
          }}
          data-testid="people-table"
        />
      </Card>
    </>
  );
}
