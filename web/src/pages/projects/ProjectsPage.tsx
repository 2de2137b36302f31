import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Button, Card, Col, Empty, Row, Statistic, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client.ts';
import { useLang } from '../../i18n/index.ts';
import { formatDate } from '../../lib/format.ts';
import { useApiData } from '../../lib/useApiData.ts';
import { useMe } from '../../session/SessionContext.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { LoadError } from '../../components/LoadError.tsx';
import { STATUS_COLORS, STATUSES, type Overview, type ProjectList } from './model.ts';
import { StatusCounts, StatusTag } from './StatusTag.tsx';
import { ListFormModal } from './ListFormModal.tsx';

/** The officers' overview: items by status over every list, overdue milestones with their owners, and the lists. */
export default function ProjectsPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const me = useMe();
  const navigate = useNavigate();
  const manage = me.user.roles.some((r) => r === 'officer' || r === 'admin');
  const [creating, setCreating] = useState(false);
  const overview = useApiData((signal) => call(api.GET('/api/v1/projects/overview', { signal })), []);
  const lists = useApiData((signal) => call(api.GET('/api/v1/project-lists', { signal })), []);
  const o = overview.data;

  return (
    <>
      <PageHeader
        title={t('projectsUi.title')}
        subtitle={t('projectsUi.subtitle')}
        extra={
          manage ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="new-list">
              {t('projectsUi.overview.newList')}
            </Button>
          ) : null
        }
      />
      {overview.error ? <LoadError error={overview.error} onRetry={overview.reload} /> : null}
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }} data-testid="status-cards">
        {STATUSES.map((s) => (
          <Col key={s} xs={12} md={6}>
            <Card variant="borderless" loading={overview.loading && !o}>
              <Statistic title={t(`projectsUi.statusLong.${s}`)} value={o?.counts[s] ?? 0} styles={{ content: { color: STATUS_COLORS[s] } }} />
            </Card>
          </Col>
        ))}
      </Row>
      <Card variant="borderless" title={t('projectsUi.overview.lists')} style={{ marginBottom: 16 }}>
        {lists.error ? <LoadError error={lists.error} onRetry={lists.reload} /> : null}
        <Table<ProjectList>
          rowKey="id"
          loading={lists.loading}
          dataSource={lists.data?.items ?? []}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('projectsUi.overview.emptyLists')} /> }}
          data-testid="lists-table"
          columns={[
            { key: 'name', title: t('projectsUi.overview.colList'), render: (_v, l) => <Link to={`/projects/lists/${l.id}`}>{lang === 'en' && l.nameEn ? l.nameEn : l.nameZh}</Link> },
            { key: 'year', title: t('projectsUi.overview.colYear'), dataIndex: 'year' },
            { key: 'office', title: t('projectsUi.overview.colOffice'), dataIndex: 'ownerOffice' },
            { key: 'total', title: t('projectsUi.overview.colItems'), align: 'right', dataIndex: 'total' },
            { key: 'status', title: t('projectsUi.overview.colStatus'), render: (_v, l) => <StatusCounts counts={l.counts} /> },
            { key: 'pub', title: t('projectsUi.overview.colPublished'), render: (_v, l) => (l.published ? <Tag color="cyan">{t('projectsUi.overview.published')}</Tag> : <Tag>{t('projectsUi.overview.unpublished')}</Tag>) },
          ]}
        />
      </Card>
      <OverdueCard overview={o} loading={overview.loading} />
      <ListFormModal open={creating} onClose={() => setCreating(false)} onSaved={(l) => void navigate(`/projects/lists/${l.id}`)} />
    </>
  );
}

function OverdueCard({ overview, loading }: { overview: Overview | undefined; loading: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  type Row = Overview['overdue'][number];
  return (
    <Card
      variant="borderless"
      title={t('projectsUi.overview.overdueTitle')}
      extra={overview ? <Typography.Text type="secondary">{t('projectsUi.overview.overdueCount', { count: overview.overdueTotal })}</Typography.Text> : null}
    >
      <Table<Row>
        rowKey={(r) => `${r.itemId}:${r.milestone}`}
        loading={loading}
        dataSource={overview?.overdue ?? []}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
        size="small"
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('projectsUi.overview.noOverdue')} /> }}
        data-testid="overdue-table"
        columns={[
          { key: 'item', title: t('projectsUi.list.colName'), render: (_v, r) => <Link to={`/projects/lists/${r.listId}?item=${r.itemId}`}>{`${r.code} ${r.itemName}`}</Link> },
          { key: 'milestone', title: t('projectsUi.overview.colMilestone'), dataIndex: 'milestone' },
          { key: 'planned', title: t('projectsUi.overview.colPlanned'), render: (_v, r) => formatDate(`${r.plannedDate}T00:00:00+08:00`, lang) },
          { key: 'late', title: t('projectsUi.overview.colDaysLate'), align: 'right', render: (_v, r) => <Typography.Text type={r.daysLate > 30 ? 'danger' : 'warning'}>{t('projectsUi.overview.daysLate', { count: r.daysLate })}</Typography.Text> },
          { key: 'status', title: t('projectsUi.list.colStatus'), render: (_v, r) => <StatusTag status={r.status} /> },
          { key: 'owner', title: t('projectsUi.overview.colOwner'), render: (_v, r) => `${r.responsibleUnit} / ${r.responsiblePerson}` },
        ]}
      />
    </Card>
  );
}
