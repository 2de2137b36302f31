import { Link } from 'react-router';
import { Button, Card, Empty, Flex, Table, Tag, Tooltip, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client.ts';
import { useLang } from '../../i18n/index.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useApiData } from '../../lib/useApiData.ts';
import { LoadError } from '../../components/LoadError.tsx';
import { ExportButton } from '../../components/ExportButton.tsx';
import { exportHref, formatWan, type ApplicationStatus, type ApplicationSummary, type Challenge } from './model.ts';

const STATUS_COLORS: Record<ApplicationStatus, string> = { draft: 'default', submitted: 'processing', returned: 'warning', accepted: 'success', rejected: 'error', withdrawn: 'default' };

export function ApplicationStatusTag({ status }: { status: ApplicationStatus }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLORS[status]}>{t(`challenges.applicationStatus.${status}`)}</Tag>;
}

/** Every application to the challenge; the formal check happens on each application's page. */
export function ApplicationsTab({ challenge }: { challenge: Challenge }) {
  const { t } = useTranslation();
  const lang = useLang();
  const list = useApiData((signal) => call(api.GET('/api/v1/challenges/{id}/applications', { params: { path: { id: challenge.id } }, signal })), [challenge.id, challenge.updatedAt]);
  return (
    <Card variant="borderless">
      <Flex justify="space-between" align="center" gap={8} wrap style={{ marginBottom: 12 }}>
        <Typography.Text type="secondary">{challenge.actions.includes('check') ? t('challenges.applications.checkHint') : t('challenges.applications.hint')}</Typography.Text>
        <Flex gap={8}>
          <ExportButton href={(format) => exportHref(`/api/v1/challenges/${challenge.id}/applications/export`, format)} hint={t('challenges.applications.exportHint')} testId="applications-export" />
          <Tooltip title={t('common.refresh')}>
            <Button icon={<ReloadOutlined />} onClick={list.reload} aria-label={t('common.refresh')} />
          </Tooltip>
        </Flex>
      </Flex>
      {list.error ? <LoadError error={list.error} onRetry={list.reload} /> : null}
      <Table<ApplicationSummary>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.data ?? []}
        scroll={{ x: 'max-content' }}
        pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: (n) => t('common.total', { count: n }) }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('challenges.applications.empty')} /> }}
        columns={[
          { key: 'code', title: t('challenges.applications.colCode'), render: (_v, a) => <Link to={`/applications/${a.id}`} className="kc-mono">{a.code}</Link> },
          { key: 'org', title: t('challenges.applications.colOrg'), dataIndex: 'organizationName' },
          {
            key: 'status',
            title: t('challenges.applications.colStatus'),
            render: (_v, a) => (
              <Flex gap={4} wrap>
                <ApplicationStatusTag status={a.status} />
                {a.termsChangedSinceSubmission ? <Tag color="orange">{t('challenges.applications.termsChanged')}</Tag> : null}
                {a.outcome ? <Tag color={a.outcome === 'awarded' ? 'gold' : 'default'}>{t(`challenges.outcomes.${a.outcome}`)}</Tag> : null}
              </Flex>
            ),
          },
          { key: 'budget', title: t('challenges.applications.colBudget'), align: 'right', render: (_v, a) => t('challenges.wan', { value: formatWan(a.budgetTotalFen) }) },
          { key: 'submitted', title: t('challenges.applications.colSubmitted'), render: (_v, a) => formatDateTime(a.submittedAt, lang) || t('common.empty') },
          { key: 'score', title: t('challenges.applications.colScore'), align: 'right', render: (_v, a) => (a.score === null ? t('common.empty') : a.score.toFixed(2)) },
          {
            key: 'open',
            title: t('common.actions'),
            render: (_v, a) => (
              <Link to={`/applications/${a.id}`}>{a.actions.includes('check') ? t('challenges.applications.check') : t('common.details')}</Link>
            ),
          },
        ]}
        data-testid="challenge-applications"
      />
    </Card>
  );
}
