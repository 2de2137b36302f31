import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { Alert, App, Button, Card, Flex, Input, Select, Table, Tooltip, Typography } from 'antd';
import type { TableProps } from 'antd';
import { CloudUploadOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client.ts';
import {
  ORGANIZATION_SORTS,
  ORGANIZATION_TYPES,
  PRIORITY_FIELDS,
  QUALIFICATION_KINDS,
  type Organization,
  type OrganizationPage,
  type OrganizationSort,
  type OrganizationType,
  type PriorityField,
  type QualificationKind,
} from '../../api/types.ts';
import { useLang } from '../../i18n/index.ts';
import { formatDate } from '../../lib/format.ts';
import { useApiData } from '../../lib/useApiData.ts';
import { useZones } from '../../lib/useZones.ts';
import { useCan } from '../../session/SessionContext.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { LoadError } from '../../components/LoadError.tsx';
import { ExportButton } from '../../components/ExportButton.tsx';
import { OrgTypeTag } from '../../components/tags.tsx';
import { RegisterOrganizationDrawer } from './RegisterOrganizationDrawer.tsx';
import { effectiveSort, exportHref, readOrgList, toApiQuery, writeOrgList, type OrgListState } from './organizationsQuery.ts';

type Facets = OrganizationPage['facets'];

function facetCount(facets: Facets | undefined, key: keyof Facets, value: string): number | undefined {
  return facets?.[key].find((f) => f.value === value)?.count;
}

const SORT_LABELS = {
  relevance: 'orgs.sortRelevance',
  name: 'orgs.sortName',
  founded: 'orgs.sortFounded',
  created: 'orgs.sortCreated',
} as const satisfies Record<OrganizationSort, string>;

export default function OrganizationsPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const can = useCan();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const zones = useZones();
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => readOrgList(params), [params]);
  const [searchText, setSearchText] = useState(state.q);
  const [registerOpen, setRegisterOpen] = useState(params.get('register') === '1' && can('organization.create'));
  useEffect(() => setSearchText(state.q), [state.q]);

  const update = (patch: Partial<OrgListState>) => setParams(writeOrgList({ ...state, ...('page' in patch ? {} : { page: 1 }), ...patch }));

  const apiQuery = useMemo(() => toApiQuery(state), [state]);
  const list = useApiData((signal) => call(api.GET('/api/v1/organizations', { params: { query: apiQuery }, signal })), [apiQuery]);
  const facets = list.data?.facets;
  const data = list.data;
  const num = (n: number) => n.toLocaleString(lang === 'en' ? 'en' : 'zh-CN');
  const cap = data?.countCap ?? undefined;

  // Above countCap the server counts only the first countCap matches: the total is a lower bound
  // ("1,000+") and each facet count is counted within them ("约 600+"), never shown as exact.
  const withCount = (label: string, n: number | undefined) =>
    n === undefined ? label : `${label} (${data?.facetsApproximate ? t('orgs.facetAtLeast', { n: num(n) }) : num(n)})`;
  const totalText = !data ? t('common.total', { count: 0 }) : data.totalIsLowerBound ? t('orgs.totalAtLeast', { n: num(data.total) }) : t('common.total', { count: data.total });
  // A lower bound lets the pager go one page further each time; relevance pages end with its ranking window.
  const pagerTotal = !data
    ? 0
    : data.relevanceApproximate && cap !== undefined
      ? cap
      : data.totalIsLowerBound
        ? Math.max(data.total, state.page * state.pageSize + 1)
        : data.total;
  const name = (o: Organization) => (lang === 'en' && o.nameEn ? o.nameEn : o.nameZh);
  const secondary = (o: Organization) => {
    const s = lang === 'en' ? (o.nameEn ? o.nameZh : null) : o.shortName && o.shortName !== o.nameZh ? o.shortName : o.nameEn;
    return s && s !== name(o) ? s : null;
  };

  const columns: TableProps<Organization>['columns'] = [
    {
      key: 'name',
      title: t('orgs.colName'),
      render: (_v, o) => (
        <Flex vertical style={{ minWidth: 220 }}>
          <Link to={`/organizations/${o.id}`}>{name(o)}</Link>
          {secondary(o) ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {secondary(o)}
            </Typography.Text>
          ) : null}
        </Flex>
      ),
    },
    {
      key: 'creditCode',
      title: t('orgs.colCreditCode'),
      render: (_v, o) => (
        <Typography.Text className="kc-mono" copyable>
          {o.creditCode}
        </Typography.Text>
      ),
    },
    { key: 'type', title: t('orgs.colType'), render: (_v, o) => <OrgTypeTag type={o.type} /> },
    { key: 'zone', title: t('orgs.colZone'), render: (_v, o) => zones.path(o.zoneId, lang) ?? t('common.empty') },
    { key: 'field', title: t('orgs.colField'), render: (_v, o) => (o.priorityField ? t(`priorityFields.${o.priorityField}`) : t('common.empty')) },
    { key: 'founded', title: t('orgs.colFounded'), render: (_v, o) => o.foundedOn ?? t('common.empty') },
    { key: 'createdAt', title: t('orgs.colCreated'), render: (_v, o) => formatDate(o.createdAt, lang) },
  ];

  const filtered = state.q || state.types.length || state.qualifications.length || state.fields.length || state.zoneId;
  const sort = effectiveSort(state);

  return (
    <>
      <PageHeader
        title={t('orgs.title')}
        subtitle={t('orgs.subtitle')}
        extra={
          <>
            <ExportButton href={(format) => exportHref(state, format)} hint={t('orgs.exportHint')} testId="orgs-export" />
            {can('organization.create') ? (
              <Button icon={<CloudUploadOutlined />} onClick={() => void navigate('/registry/import')} data-testid="orgs-import">
                {t('orgs.importLink')}
              </Button>
            ) : null}
            {can('organization.create') ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setRegisterOpen(true)} data-testid="register-org">
                {t('orgs.register')}
              </Button>
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
            placeholder={t('orgs.searchPlaceholder')}
            style={{ width: 300, maxWidth: '100%' }}
            data-testid="orgs-search"
          />
          <Select<OrganizationType[]>
            mode="multiple"
            allowClear
            maxTagCount="responsive"
            value={state.types}
            placeholder={t('orgs.filterType')}
            onChange={(v) => update({ types: v })}
            options={ORGANIZATION_TYPES.map((k) => ({ value: k, label: withCount(t(`orgTypes.${k}`), facetCount(facets, 'type', k)) }))}
            style={{ width: 200 }}
          />
          <Select<QualificationKind[]>
            mode="multiple"
            allowClear
            maxTagCount="responsive"
            value={state.qualifications}
            placeholder={t('orgs.filterQualification')}
            onChange={(v) => update({ qualifications: v })}
            options={QUALIFICATION_KINDS.map((k) => ({ value: k, label: withCount(t(`qualificationKinds.${k}`), facetCount(facets, 'qualification', k)) }))}
            style={{ width: 220 }}
          />
          <Select<PriorityField[]>
            mode="multiple"
            allowClear
            maxTagCount="responsive"
            value={state.fields}
            placeholder={t('orgs.filterField')}
            onChange={(v) => update({ fields: v })}
            options={PRIORITY_FIELDS.map((k) => ({ value: k, label: withCount(t(`priorityFields.${k}`), facetCount(facets, 'field', k)) }))}
            style={{ width: 200 }}
          />
          {zones.list.length > 0 ? (
            <Select<string>
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              value={state.zoneId}
              placeholder={t('orgs.filterZone')}
              onChange={(v) => update({ zoneId: v })}
              options={zones.list
                .filter((z) => z.level !== 'city')
                .map((z) => ({ value: z.id, label: withCount(zones.path(z.id, lang) ?? z.nameZh, facetCount(facets, 'zone', z.id)) }))}
              style={{ width: 240 }}
              popupMatchSelectWidth={false}
            />
          ) : null}
          <Select<OrganizationSort>
            value={sort}
            onChange={(v) => update({ sort: v })}
            options={ORGANIZATION_SORTS.filter((k) => k !== 'relevance' || state.q).map((k) => ({ value: k, label: t(SORT_LABELS[k]) }))}
            style={{ width: 150 }}
            aria-label={t('orgs.sortLabel')}
          />
          {filtered ? (
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
        {data && cap !== undefined && (data.totalIsLowerBound || data.facetsApproximate) ? (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 16 }}
            data-testid="orgs-counts-capped"
            title={[t('orgs.countsCapped', { cap: num(cap) }), data.relevanceApproximate ? t('orgs.relevanceCapped', { cap: num(cap) }) : null].filter(Boolean).join(' ')}
          />
        ) : null}
        <Table<Organization>
          rowKey="id"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.loading}
          scroll={{ x: 'max-content' }}
          pagination={{
            current: state.page,
            pageSize: state.pageSize,
            total: Math.min(pagerTotal, 10_000 * state.pageSize),
            showSizeChanger: true,
            showTotal: () => totalText,
            onChange: (page, pageSize) => update({ page: pageSize !== state.pageSize ? 1 : page, pageSize }),
          }}
          data-testid="orgs-table"
        />
      </Card>
      <RegisterOrganizationDrawer
        open={registerOpen}
        onClose={() => setRegisterOpen(false)}
        onRegistered={(org) => {
          setRegisterOpen(false);
          void message.success(t('orgs.registered', { name: org.nameZh }));
          list.reload();
        }}
      />
    </>
  );
}
