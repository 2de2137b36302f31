import { Alert, Card, Descriptions, Flex, List, Table, Tag, Timeline, Typography } from 'antd';
import { PaperClipOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { formatWan } from '../../challenges/model.ts';
import type { ExpertSheet } from './model.ts';

type Item = ExpertSheet['item'];

/** The proposal as the expert may read it; in a double-blind round the identity block is absent and names are masked. */
export function ReadingPane({ item, blind }: { item: Item; blind: 'single' | 'double' }) {
  const { t } = useTranslation();
  const id = item.identity;
  return (
    <Card variant="borderless" title={t('scoringUi.sheet.proposal')} data-testid="reading-pane">
      <Flex vertical gap={16}>
        {blind === 'double' ? <Alert type="info" showIcon title={t('scoringUi.sheet.blindNotice')} data-testid="blind-notice" /> : null}
        <div>
          <Typography.Text type="secondary" className="kc-mono">
            {item.code}
          </Typography.Text>
          <Typography.Title level={4} style={{ marginTop: 4 }}>
            {item.title}
          </Typography.Title>
          <Typography.Text type="secondary">
            {t('scoringUi.sheet.challenge')}：{item.challenge.code} {item.challenge.title}
          </Typography.Text>
        </div>
        <Section title={t('scoringUi.sheet.summary')}>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{item.summary}</Typography.Paragraph>
          {item.keywords.length ? (
            <Flex gap={4} wrap>
              {item.keywords.map((k) => (
                <Tag key={k}>{k}</Tag>
              ))}
            </Flex>
          ) : null}
        </Section>
        <Section title={t('scoringUi.sheet.route')}>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{item.technicalRoute}</Typography.Paragraph>
        </Section>
        <Section title={`${t('scoringUi.sheet.budget')} · ${t('scoringUi.sheet.budgetTotal', { value: formatWan(item.budgetTotalFen) })}`}>
          <Table
            rowKey={(b) => `${b.category}:${b.amountFen}:${b.note ?? ''}`}
            size="small"
            pagination={false}
            dataSource={item.budget}
            columns={[
              { key: 'category', title: t('scoringUi.sheet.category'), render: (_v, b) => t(`applications.budgetCategories.${b.category}`, { defaultValue: b.category }) },
              { key: 'amount', title: t('scoringUi.sheet.amount'), align: 'right', render: (_v, b) => formatWan(b.amountFen) },
              { key: 'note', title: t('scoringUi.sheet.note'), render: (_v, b) => b.note ?? t('common.empty') },
            ]}
          />
        </Section>
        <Section title={t('scoringUi.sheet.milestones')}>
          <Timeline
            items={item.milestones.map((m) => ({
              key: `${m.month}:${m.title}`,
              content: (
                <>
                  <Typography.Text strong>{t('scoringUi.sheet.month', { month: m.month })}</Typography.Text> {m.title}
                  <div>
                    <Typography.Text type="secondary">{m.deliverable}</Typography.Text>
                  </div>
                </>
              ),
            }))}
          />
        </Section>
        {id ? (
          <Section title={t('scoringUi.sheet.identity')}>
            <Descriptions size="small" column={1} data-testid="identity">
              <Descriptions.Item label={t('scoringUi.sheet.organization')}>{id.organizationName}</Descriptions.Item>
              <Descriptions.Item label={t('scoringUi.sheet.pi')}>
                {id.pi.name}
                {id.pi.title ? ` · ${id.pi.title}` : ''}
              </Descriptions.Item>
              <Descriptions.Item label={t('scoringUi.sheet.team')}>{id.team.map((m) => [m.name, m.role].filter(Boolean).join(' · ')).join('；') || t('common.empty')}</Descriptions.Item>
              <Descriptions.Item label={t('scoringUi.sheet.partners')}>{id.partners.map((p) => p.name).join('；') || t('common.empty')}</Descriptions.Item>
            </Descriptions>
            {id.attachments.length ? (
              <List
                size="small"
                header={t('scoringUi.sheet.attachments')}
                dataSource={id.attachments}
                renderItem={(a) => (
                  <List.Item>
                    <a href={`/api/v1/files/${a.id}/content`} target="_blank" rel="noreferrer">
                      <PaperClipOutlined /> {a.name}
                    </a>
                  </List.Item>
                )}
              />
            ) : null}
          </Section>
        ) : null}
      </Flex>
    </Card>
  );
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <div>
      <Typography.Title level={5}>{title}</Typography.Title>
      {children}
    </div>
  );
}
