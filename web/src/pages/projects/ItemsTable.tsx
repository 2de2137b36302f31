import { useEffect, useMemo, useState } from 'react';
import { Button, Card, Checkbox, Empty, Flex, Input, Progress, Select, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableProps } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client.ts';
import { useLang } from '../../i18n/index.ts';
import { useApiData } from '../../lib/useApiData.ts';
import { CATEGORIES, SORTS, STATUSES, type ProjectItem, type ProjectList } from './model.ts';
import { toItemQuery, type ItemListState } from './listQuery.ts';
import { StatusTag } from './StatusTag.tsx';

/** Items of a list: filtered, sorted and paged on the server; a row opens the item's drawer. */
export function ItemsTable({ list, state, update, reloadKey }: { list: ProjectList; state: ItemListState; update: (p: Partial<ItemListState>) => void; reloadKey: number }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [search, setSearch] = useState(state.q);
  useEffect(() => setSearch(state.q), [state.q]);
  const query = useMemo(() => toItemQuery(state), [state]);
  const items = useApiData((signal) => call(api.GET('/api/v1/project-lists/{id}/items', { params: { path: { id: list.id }, query }, signal })), [list.id, query, reloadKey]);

  const columns: TableProps<ProjectItem>['columns'] = [
    { key: 'code', title: t('projectsUi.list.colCode'), render: (_v, i) => <span className="kc-mono">{i.code}</span> },
    {
      key: 'name',
      title: t('projectsUi.list.colName'),
      render: (_v, i) => (
        <Flex vertical style={{ minWidth: 220 }}>
          <Typography.Link onClick={() => update({ item: i.id, page: state.page })} data-testid={`item-${i.code}`}>
            {lang === 'en' && i.nameEn ? i.nameEn : i.name}
          </Typography.Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t(`projectsUi.category.${i.category}`)}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      key: 'status',
      title: t('projectsUi.list.colStatus'),
      render: (_v, i) => (
        <Flex vertical gap={2} align="flex-start">
          <StatusTag status={i.status} override={i.override} />
          {i.overdueDays > 0 ? (
            <Typography.Text type="danger" style={{ fontSize: 12 }}>
              {t('projectsUi.list.overdueTag', { count: i.overdueDays })}
            </Typography.Text>
          ) : null}
        </Flex>
      ),
    },
    { key: 'unit', title: t('projectsUi.list.colUnit'), render: (_v, i) => <span style={{ display: 'inline-block', maxWidth: 220 }}>{i.responsibleUnit}</span> },
    { key: 'person', title: t('projectsUi.list.colPerson'), dataIndex: 'responsiblePerson' },
    {
      key: 'progress',
      title: t('projectsUi.list.colProgress'),
      render: (_v, i) => {
        const done = i.milestones.filter((m) => m.state === 'done').length;
        return i.milestones.length ? (
          <Tooltip title={i.milestones.map((m) => `${m.name}：${t(`projectsUi.milestoneState.${m.state}`)}`).join('；')}>
            <Progress percent={Math.round((done / i.milestones.length) * 100)} size="small" format={() => `${done}/${i.milestones.length}`} style={{ width: 120 }} />
          </Tooltip>
        ) : (
          t('common.empty')
        );
      },
    },
    { key: 'next', title: t('projectsUi.list.colNext'), render: (_v, i) => i.nextDueDate ?? t('common.empty') },
    { key: 'end', title: t('projectsUi.list.colEnd'), dataIndex: 'endDate' },
  ];

  const filtered = state.q || state.status.length || state.category || state.unit || state.overdue;
  return (
    <Card variant="borderless">
      <Flex gap={12} wrap style={{ marginBottom: 16 }}>
        <Input.Search allowClear value={search} onChange={(e) => setSearch(e.target.value)} onSearch={(v) => update({ q: v.trim() })} placeholder={t('projectsUi.list.search')} style={{ width: 240 }} data-testid="items-search" />
        <Select
          mode="multiple"
          allowClear
          value={state.status}
          placeholder={t('projectsUi.list.filterStatus')}
          onChange={(v) => update({ status: v })}
          options={STATUSES.map((s) => ({ value: s, label: t(`projectsUi.status.${s}`) }))}
          style={{ minWidth: 160 }}
          data-testid="filter-status"
        />
        <Select allowClear value={state.category} placeholder={t('projectsUi.list.filterCategory')} onChange={(v) => update({ category: v })} options={CATEGORIES.map((c) => ({ value: c, label: t(`projectsUi.category.${c}`) }))} style={{ width: 140 }} />
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          value={state.unit}
          placeholder={t('projectsUi.list.filterUnit')}
          onChange={(v) => update({ unit: v })}
          options={list.units.map((u) => ({ value: u, label: u }))}
          style={{ width: 240 }}
          popupMatchSelectWidth={false}
        />
        <Checkbox checked={state.overdue} onChange={(e) => update({ overdue: e.target.checked })} data-testid="filter-overdue">
          {t('projectsUi.list.overdueOnly')}
        </Checkbox>
        <Select value={state.sort} onChange={(v) => update({ sort: v })} options={SORTS.map((s) => ({ value: s, label: t(`projectsUi.list.sorts.${s}`) }))} style={{ width: 190 }} aria-label={t('projectsUi.list.sort')} />
        {filtered ? (
          <Button
            onClick={() => {
              setSearch('');
              update({ q: '', status: [], category: undefined, unit: undefined, overdue: false });
            }}
          >
            {t('common.reset')}
          </Button>
        ) : null}
        <Tooltip title={t('common.refresh')}>
          <Button icon={<ReloadOutlined />} onClick={items.reload} aria-label={t('common.refresh')} />
        </Tooltip>
      </Flex>
      <Table<ProjectItem>
        rowKey="id"
        columns={columns}
        dataSource={items.data?.items ?? []}
        loading={items.loading}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: items.error ? <Tag color="red">{t('common.loadFailed')}</Tag> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('projectsUi.list.empty')} /> }}
        pagination={{
          current: state.page,
          pageSize: state.pageSize,
          total: items.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: () => t('common.total', { count: items.data?.total ?? 0 }),
          onChange: (page, pageSize) => update({ page: pageSize !== state.pageSize ? 1 : page, pageSize }),
        }}
        data-testid="items-table"
        data-loading={items.loading ? 'true' : 'false'}
      />
    </Card>
  );
}
