import { Flex, Form, Input, List, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client.ts';
import { useLang } from '../../i18n/index.ts';
import { formatDateTime } from '../../lib/format.ts';
import { MILESTONE_COLORS, type Milestone } from './model.ts';
import { FileField, FileLink, FormButton, nameOf, useCommand, type PanelProps } from './parts.tsx';

type EvidenceValues = { note?: string; items: { attachmentId?: string | null; value?: string }[] };
type DecisionValues = { note?: string };

/** Milestones with their required evidence: the team submits, an officer accepts or returns. */
export function MilestonesPanel({ contract, onChange }: PanelProps) {
  const { t } = useTranslation();
  const lang = useLang();
  const { run } = useCommand(onChange);
  const can = (a: string) => contract.actions.includes(a);
  const path = (m: Milestone) => ({ path: { id: contract.id, milestoneId: m.id } });

  const evidenceForm = (m: Milestone) => (
    <FormButton<EvidenceValues>
      label={t('contractsUi.milestones.submit')}
      title={t('contractsUi.milestones.submitTitle', { seq: m.seq })}
      testId={`evidence-${m.seq}`}
      type="primary"
      initial={{ items: m.evidence.map(() => ({ attachmentId: null, value: '' })) }}
      onSubmit={(v, form) =>
        run(
          () =>
            call(
              api.POST('/api/v1/contracts/{id}/milestones/{milestoneId}/evidence', {
                params: path(m),
                body: { note: v.note ?? '', items: m.evidence.map((r, i) => ({ requirement: i, attachmentId: r.kind === 'file' ? (v.items[i]?.attachmentId ?? null) : null, value: r.kind === 'figure' ? (v.items[i]?.value ?? null) : null })) },
              }),
            ),
          { form, fields: ['note'], success: t('contractsUi.milestones.submitted') },
        )
      }
    >
      {m.evidence.map((r, i) => (
        <Form.Item key={i} label={`${r.label}（${t(`contractsUi.milestones.${r.kind}`)}）`} name={r.kind === 'file' ? ['items', i, 'attachmentId'] : ['items', i, 'value']} rules={[{ required: true, message: t('contractsUi.required') }]}>
          {r.kind === 'file' ? <FileField testId={`evidence-file-${i}`} /> : <Input maxLength={500} />}
        </Form.Item>
      ))}
      <Form.Item label={t('contractsUi.milestones.note')} name="note">
        <Input.TextArea rows={2} maxLength={2000} />
      </Form.Item>
    </FormButton>
  );

  const decide = (m: Milestone, decision: 'accept' | 'return') => (
    <FormButton<DecisionValues>
      label={t(`contractsUi.milestones.${decision}`)}
      title={`${m.seq}. ${m.title}`}
      testId={`${decision}-${m.seq}`}
      type={decision === 'accept' ? 'primary' : 'default'}
      danger={decision === 'return'}
      onSubmit={(v, form) => run(() => call(api.POST('/api/v1/contracts/{id}/milestones/{milestoneId}/decision', { params: path(m), body: { decision, note: v.note ?? null } })), { form, fields: ['note'] })}
    >
      <Form.Item label={t('contractsUi.milestones.decisionNote')} name="note" rules={decision === 'return' ? [{ required: true, whitespace: true, message: t('contractsUi.milestones.returnNeedsNote') }] : []}>
        <Input.TextArea rows={3} maxLength={2000} />
      </Form.Item>
    </FormButton>
  );

  return (
    <Table<Milestone>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={contract.milestones}
      scroll={{ x: 'max-content' }}
      expandable={{
        rowExpandable: (m) => m.submissions.length > 0 || m.decisionNote !== null,
        expandedRowRender: (m) => (
          <List
            size="small"
            header={t('contractsUi.milestones.submissions')}
            dataSource={m.submissions}
            footer={m.decisionNote ? <Typography.Text type="secondary">{`${t('contractsUi.milestones.decisionNote')}：${m.decisionNote}`}</Typography.Text> : null}
            renderItem={(s) => (
              <List.Item>
                <Flex vertical gap={4}>
                  <Typography.Text type="secondary">{`${formatDateTime(s.submittedAt, lang)} · ${nameOf(contract, s.submittedBy)}`}</Typography.Text>
                  {s.items.map((it, k) => (
                    <span key={k}>
                      {`${m.evidence[it.requirement]?.label ?? ''}：`}
                      {it.attachmentId ? <FileLink contract={contract} id={it.attachmentId} /> : it.value}
                    </span>
                  ))}
                  {s.note ? <span>{s.note}</span> : null}
                </Flex>
              </List.Item>
            )}
          />
        ),
      }}
      columns={[
        { key: 'seq', title: t('contractsUi.milestones.seq'), dataIndex: 'seq', width: 56 },
        { key: 'title', title: t('contractsUi.milestones.title'), render: (_v, m) => <Flex vertical><strong>{m.title}</strong><Typography.Text type="secondary">{m.deliverable}</Typography.Text></Flex> },
        { key: 'evidence', title: t('contractsUi.milestones.evidence'), render: (_v, m) => m.evidence.map((r) => <Tag key={r.label}>{r.label}</Tag>) },
        { key: 'due', title: t('contractsUi.milestones.dueOn'), render: (_v, m) => (m.overdue && m.overdueSince ? <Flex vertical><span>{m.dueOn}</span><Typography.Text type="danger">{t('contractsUi.milestones.overdueSince', { date: m.overdueSince })}</Typography.Text></Flex> : m.dueOn) },
        { key: 'status', title: t('contractsUi.milestones.status'), render: (_v, m) => <Tag color={MILESTONE_COLORS[m.status]} data-testid={`milestone-status-${m.seq}`}>{t(`contractsUi.milestoneStatus.${m.status}`)}</Tag> },
        {
          key: 'actions',
          title: t('common.actions'),
          render: (_v, m) => (
            <Flex gap={8} wrap>
              {can('submit_evidence') && m.status !== 'accepted' ? evidenceForm(m) : null}
              {can('decide_milestone') && m.status === 'submitted' ? (
                <>
                  {decide(m, 'accept')}
                  {decide(m, 'return')}
                </>
              ) : null}
            </Flex>
          ),
        },
      ]}
    />
  );
}
