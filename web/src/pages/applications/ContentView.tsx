import { Card, Descriptions, Empty, Flex, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client.ts';
import { useLang } from '../../i18n/index.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useApiData } from '../../lib/useApiData.ts';
import { formatWan, type ApplicationContent } from './model.ts';

const CONTENT_LINK = '/api/v1/files/{id}/content';

/** Names of attached files; a file the viewer may not read is shown by its ID. */
function AttachmentList({ ids }: { ids: string[] }) {
  const { t } = useTranslation();
  const files = useApiData(
    (signal) =>
      Promise.all(
        ids.map((id) =>
          call(api.GET('/api/v1/files/{id}', { params: { path: { id } }, signal })).then(
            (f) => ({ id, name: f.name, readable: true }),
            () => ({ id, name: id, readable: false }),
          ),
        ),
      ),
    [ids.join(',')],
  );
  if (ids.length === 0) return <Typography.Text type="secondary">{t('applications.view.noAttachments')}</Typography.Text>;
  return (
    <ul style={{ margin: 0, paddingInlineStart: 20 }} data-testid="view-attachments">
      {(files.data ?? ids.map((id) => ({ id, name: id, readable: false }))).map((f) => (
        <li key={f.id}>{f.readable ? <a href={CONTENT_LINK.replace('{id}', f.id)}>{f.name}</a> : <Typography.Text className="kc-mono">{f.name}</Typography.Text>}</li>
      ))}
    </ul>
  );
}

/** Every section of an application, read-only (the 揭榜申报书 as submitted or as it stands). */
export function ContentView({ content, totalFen, capFen }: { content: ApplicationContent; totalFen: number; capFen?: number | undefined }) {
  const { t } = useTranslation();
  const lang = useLang();
  const empty = t('common.empty');
  const over = capFen !== undefined && totalFen > capFen;
  return (
    <Flex vertical gap={16} data-testid="application-content">
      <Card variant="borderless" title={t('applications.form.sectionBasic')}>
        <Descriptions column={1} size="small">
          <Descriptions.Item label={t('applications.form.title')}>{content.title || empty}</Descriptions.Item>
          <Descriptions.Item label={t('applications.form.summary')}>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{content.summary || empty}</Typography.Paragraph>
          </Descriptions.Item>
          <Descriptions.Item label={t('applications.form.keywords')}>
            {content.keywords.length ? content.keywords.map((k) => <Tag key={k}>{k}</Tag>) : empty}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card variant="borderless" title={t('applications.form.sectionPi')}>
        <Descriptions column={{ xs: 1, md: 2 }} size="small">
          <Descriptions.Item label={t('applications.form.piName')}>{content.pi.name || empty}</Descriptions.Item>
          <Descriptions.Item label={t('applications.form.piTitle')}>{content.pi.title || empty}</Descriptions.Item>
          <Descriptions.Item label={t('applications.form.piPhone')}>{content.pi.phone || empty}</Descriptions.Item>
          <Descriptions.Item label={t('applications.form.piEmail')}>{content.pi.email || empty}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card variant="borderless" title={t('applications.form.sectionTeam')}>
        <Table
          size="small"
          rowKey="key"
          pagination={false}
          dataSource={content.team.map((m, i) => ({ ...m, key: i }))}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('applications.view.none')} /> }}
          columns={[
            { key: 'name', title: t('applications.form.memberName'), dataIndex: 'name' },
            { key: 'role', title: t('applications.form.memberRole'), dataIndex: 'role' },
            { key: 'title', title: t('applications.form.memberTitle'), render: (_v, r) => r.title ?? empty },
            { key: 'org', title: t('applications.form.memberOrganization'), render: (_v, r) => r.organization ?? empty },
          ]}
        />
      </Card>
      {content.partners.length ? (
        <Card variant="borderless" title={t('applications.form.sectionPartners')}>
          <Table
            size="small"
            rowKey="key"
            pagination={false}
            dataSource={content.partners.map((m, i) => ({ ...m, key: i }))}
            columns={[
              { key: 'name', title: t('applications.form.partnerName'), dataIndex: 'name' },
              { key: 'code', title: t('applications.form.partnerCreditCode'), render: (_v, r) => r.creditCode ?? empty },
              { key: 'role', title: t('applications.form.partnerRole'), dataIndex: 'role' },
            ]}
          />
        </Card>
      ) : null}
      <Card variant="borderless" title={t('applications.form.sectionRoute')}>
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{content.technicalRoute || empty}</Typography.Paragraph>
      </Card>
      <Card variant="borderless" title={t('applications.form.sectionBudget')}>
        <Table
          size="small"
          rowKey="category"
          pagination={false}
          dataSource={content.budget}
          data-testid="view-budget"
          columns={[
            { key: 'category', title: t('applications.form.budgetCategory'), render: (_v, r) => t(`applications.budgetCategories.${r.category}`) },
            { key: 'amount', title: t('applications.form.budgetAmountShown'), align: 'right', render: (_v, r) => formatWan(r.amountFen, lang) },
            { key: 'note', title: t('applications.form.budgetNote'), render: (_v, r) => r.note ?? empty },
          ]}
          summary={() => (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0}>
                <Typography.Text strong>{t('applications.form.budgetTotal')}</Typography.Text>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={1} align="right">
                <Typography.Text strong type={over ? 'danger' : undefined} data-testid="view-budget-total">
                  {formatWan(totalFen, lang)}
                </Typography.Text>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={2}>{capFen !== undefined ? t('applications.form.budgetCapIs', { cap: formatWan(capFen, lang) }) : null}</Table.Summary.Cell>
            </Table.Summary.Row>
          )}
        />
      </Card>
      <Card variant="borderless" title={t('applications.form.sectionMilestones')}>
        <Table
          size="small"
          rowKey="key"
          pagination={false}
          dataSource={content.milestones.map((m, i) => ({ ...m, key: i }))}
          columns={[
            { key: 'month', title: t('applications.form.milestoneMonth'), render: (_v, r) => t('applications.monthN', { n: r.month }) },
            { key: 'title', title: t('applications.form.milestoneTitle'), dataIndex: 'title' },
            { key: 'deliverable', title: t('applications.form.milestoneDeliverable'), dataIndex: 'deliverable' },
          ]}
        />
      </Card>
      <Card variant="borderless" title={t('applications.form.sectionAttachments')}>
        <AttachmentList ids={content.attachmentIds} />
      </Card>
      <Card variant="borderless" title={t('applications.form.sectionPledge')}>
        {content.pledge ? (
          <Typography.Text data-testid="view-pledge">
            {t('applications.view.pledged', { name: content.pledge.signatory, time: formatDateTime(content.pledge.acceptedAt, lang) })}
          </Typography.Text>
        ) : (
          <Typography.Text type="secondary">{t('applications.view.notPledged')}</Typography.Text>
        )}
      </Card>
    </Flex>
  );
}
