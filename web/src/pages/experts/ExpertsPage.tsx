import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { Button, Card, Empty, Flex, Input, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableProps } from 'antd';
import { CloudUploadOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client.ts';
import { PRIORITY_FIELDS, type PriorityField } from '../../api/types.ts';
import { useLang } from '../../i18n/index.ts';
import { formatDate } from '../../lib/format.ts';
import { useApiData } from '../../lib/useApiData.ts';
import { useMe } from '../../session/SessionContext.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { LoadError } from '../../components/LoadError.tsx';
import { ExportButton } from '../../components/ExportButton.tsx';
import { OrganizationSelect } from '../../components/OrganizationSelect.tsx';
import ForbiddenPage from '../errors/ForbiddenPage.tsx';
import { AVAILABILITIES, managesExperts, readsExperts, type Availability, type ExpertSort, type ExpertSummary } from './model.ts';
import { exportHref, readExpertList, toApiQuery, writeExpertList, type ExpertListState } from './listQuery.ts';

/** Columns the server sorts by, and their sort keys. */
const SORTABLE: Record<string, 'name' | 'organization' | 'maxLoad' | 'updated'> = { name: 'name', organization: 'organization', maxLoad: 'maxLoad', updated: 'updated' };

export function AvailabilityTag({ e }: { e: Pick<ExpertSummary, 'availability' | 'unavailableUntil'> }) {
  const { t } = useTranslation();
  const lang = useLang();
  if (e.availability === 'available') return <Tag color="green">{t('expertsUi.availability.available')}</Tag>;
  return <Tag color="default">{e.unavailableUntil ? t('expertsUi.unavailableUntil', { date: formatDate(`${e.unavailableUntil}T00:00:00+08:00`, lang) }) : t('expertsUi.availability.unavailable')}</Tag>;
}

/** The expert pool for officers, admins and auditors: sorted, filtered and paged on the server. */
export default function ExpertsPage() {
  const me = useMe();
  if (!readsExperts(me)) return <ForbiddenPage />;
  return <ExpertList manager={managesExperts(me)} />;
}

function ExpertList({ manager }: { manager: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => readExpertList(params), [params]);
  const [searchText, setSearchText] = useState(state.q);
  useEffect(() => setSearchText(state.q), [state.q]);
  const update = (patch: Partial<ExpertListState>) => setParams(writeExpertList({ ...state, ...('page' in patch ? {} : { page: 1 }), ...patch }));
  const apiQuery = useMemo(() => toApiQuery(state), [state]);
  const list = useApiData((signal) => call(api.GET('/api/v1/experts', { params: { query: apiQuery }, signal })), [apiQuery]);
  const fieldLabel = (f: string) => ((PRIORITY_FIELDS as readonly string[]).includes(f) ? t(`priorityFields.${f as PriorityField}`) : f);
  const sortKey = state.sort.replace(/^-/, '');
  const order = (key: string) => (sortKey === key ? (state.sort.startsWith('-') ? 'descend' : 'ascend') : null);

  const columns: TableProps<ExpertSummary>['columns'] = [
    {
      key: 'name',
      title: t('expertsUi.cols.name'),
      sorter: true,
      sortOrder: order('name'),
      render: (_v, e) => (
        <Link to={`/experts/${e.id}`} style={{ fontWeight: 500, whiteSpace: 'nowrap' }}>
          {e.name}
        </Link>
      ),
    },
    {
      key: 'organization',
      title: t('expertsUi.cols.organization'),
      sorter: true,
      sortOrder: order('organization'),
      render: (_v, e) => (
        <Flex vertical style={{ minWidth: 180 }}>
          {e.organizationId ? <Link to={`/organizations/${e.organizationId}`}>{e.organizationName ?? e.affiliation}</Link> : <span>{e.affiliation || t('common.empty')}</span>}
          {e.organizationName && e.affiliation && e.affiliation !== e.organizationName ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {e.affiliation}
            </Typography.Text>
          ) : null}
        </Flex>
      ),
    },
    { key: 'title', title: t('expertsUi.cols.title'), render: (_v, e) => e.title || t('common.empty') },
    {
      key: 'fields',
      title: t('expertsUi.cols.fields'),
      render: (_v, e) => (
        <Space size={[4, 4]} wrap style={{ minWidth: 140 }}>
          {e.fields.map((f) => (
            <Tag key={f} color="blue" style={{ marginInlineEnd: 0 }}>
              {fieldLabel(f)}
            </Tag>
          ))}
        </Space>
      ),
    },
    {
      key: 'keywords',
      title: t('expertsUi.cols.keywords'),
      render: (_v, e) => (
        <Typography.Text style={{ display: 'inline-block', minWidth: 160, maxWidth: 260 }} ellipsis={{ tooltip: e.keywords.join('、') }}>
          {e.keywords.join('、') || t('common.empty')}
        </Typography.Text>
      ),
    },
    { key: 'availability', title: t('expertsUi.cols.availability'), render: (_v, e) => <AvailabilityTag e={e} /> },
    { key: 'maxLoad', title: t('expertsUi.cols.maxLoad'), align: 'right', sorter: true, sortOrder: order('maxLoad'), render: (_v, e) => e.maxLoad },
    { key: 'updated', title: t('expertsUi.cols.updated'), sorter: true, sortOrder: order('updated'), render: (_v, e) => formatDate(e.updatedAt, lang) },
  ];

  const onTableChange: TableProps<ExpertSummary>['onChange'] = (pagination, _filters, sorter) => {
    const s = Array.isArray(sorter) ? sorter[0] : sorter;
    const key = s?.columnKey ? SORTABLE[String(s.columnKey)] : undefined;
    const sort: ExpertSort = key && s?.order ? (s.order === 'descend' ? `-${key}` : key) : 'name';
    const pageSize = pagination.pageSize ?? state.pageSize;
    if (sort !== state.sort) update({ sort });
    else update({ page: pageSize !== state.pageSize ? 1 : (pagination.current ?? 1), pageSize });
  };

  const filtered = state.q || state.field || state.availability || state.organizationId;
  return (
    <>
      <PageHeader
        title={t('expertsUi.title')}
        subtitle={t('expertsUi.subtitle')}
        extra={
          <>
            <ExportButton href={(format) => exportHref(state, format)} hint={t('expertsUi.exportHint')} testId="experts-export" />
            {manager ? (
              <>
                <Button icon={<CloudUploadOutlined />} onClick={() => void navigate('/experts/import')} data-testid="experts-import">
                  {t('expertsUi.importButton')}
                </Button>
                <Button type="primary" icon={<PlusOutlined />} onClick={() => void navigate('/experts/new')} data-testid="experts-new">
                  {t('expertsUi.new')}
                </Button>
              </>
            ) : null}
          </>
        }
      />
      <Card variant="borderless">
        <Flex gap={12} wrap style={{ marginBottom: 16 }}>
          <Input.Search
            allowClear
            value={searchText}
            onChange={(e) => setSearchText(e.target.value)}
            onSearch={(v) => update({ q: v.trim() })}
            placeholder={t('expertsUi.searchPlaceholder')}
            style={{ width: 300, maxWidth: '100%' }}
            data-testid="experts-search"
          />
          <Select<PriorityField>
            allowClear
            value={state.field}
            placeholder={t('expertsUi.filterField')}
            onChange={(v) => update({ field: v })}
            options={PRIORITY_FIELDS.map((k) => ({ value: k, label: t(`priorityFields.${k}`) }))}
            style={{ width: 190 }}
            data-testid="experts-field"
          />
          <Select<Availability>
            allowClear
            value={state.availability}
            placeholder={t('expertsUi.filterAvailability')}
            onChange={(v) => update({ availability: v })}
            options={AVAILABILITIES.map((k) => ({ value: k, label: t(`expertsUi.availability.${k}`) }))}
            style={{ width: 140 }}
          />
          <div style={{ width: 280, maxWidth: '100%' }} title={t('expertsUi.filterOrganization')}>
            <OrganizationSelect value={state.organizationId ?? null} onChange={(v) => update({ organizationId: v ?? undefined })} />
          </div>
          {filtered ? (
            <Button
              onClick={() => {
                setSearchText('');
                update({ q: '', field: undefined, availability: undefined, organizationId: undefined });
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
        <Table<ExpertSummary>
          rowKey="id"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.loading}
          scroll={{ x: 'max-content' }}
          onChange={onTableChange}
          showSorterTooltip={false}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={filtered ? t('expertsUi.noMatch') : t('expertsUi.empty')} /> }}
          pagination={{
            current: state.page,
            pageSize: state.pageSize,
            total: list.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: () => t('common.total', { count: list.data?.total ?? 0 }),
          }}
          data-testid="experts-table"
        />
      </Card>
    </>
  );
}
