import { DatePicker, Empty, Flex, Form, Input, List, Table, Tag, Timeline, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client.ts';
import { useLang } from '../../i18n/index.ts';
import { formatDateTime } from '../../lib/format.ts';
import type { Contract, Terms } from './model.ts';
import { FormButton, nameOf, useCommand, type PanelProps } from './parts.tsx';

type Change = Contract['versions'][number]['changes'][number];
const show = (v: unknown): string => (v === null || v === undefined ? '—' : typeof v === 'string' ? v : JSON.stringify(v));

function ChangeList({ changes }: { changes: Change[] }) {
  return (
    <Flex vertical gap={2}>
      {changes.map((c) => (
        <Typography.Text key={c.path} style={{ fontSize: 12 }}>
          <span className="kc-mono">{c.path}</span>：{show(c.before)} → {show(c.after)}
        </Typography.Text>
      ))}
    </Flex>
  );
}

/** Targets of the contract and every version of its terms with what changed and why. */
export function TermsPanel({ contract }: { contract: Contract }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <Flex vertical gap={16}>
      <Table
        rowKey="indicator"
        size="small"
        pagination={false}
        dataSource={contract.terms.targets}
        columns={[
          { key: 'i', title: t('contractsUi.terms.indicator'), dataIndex: 'indicator' },
          { key: 't', title: t('contractsUi.terms.target'), render: (_v, x) => `${x.target} ${x.unit}` },
          { key: 'v', title: t('contractsUi.terms.verification'), dataIndex: 'verification' },
        ]}
      />
      <Typography.Title level={5}>{t('contractsUi.terms.versions')}</Typography.Title>
      <Timeline
        items={[...contract.versions].reverse().map((v) => ({
          children: (
            <Flex vertical gap={4}>
              <strong>{t('contractsUi.terms.version', { n: v.version })}</strong>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>{`${formatDateTime(v.createdAt, lang)} · ${nameOf(contract, v.createdBy)}`}</Typography.Text>
              {v.version === 1 ? <span>{t('contractsUi.terms.initial')}</span> : <span>{`${t('contractsUi.terms.reason')}：${v.reason ?? ''}`}</span>}
              <ChangeList changes={v.changes} />
            </Flex>
          ),
        }))}
      />
    </Flex>
  );
}

type MilestoneEdit = { title: string; deliverable: string; dueOn: Dayjs };
type ChangeValues = { reason: string; milestones: MilestoneEdit[] };

/** The milestone part of the terms as a form, merged back into the full terms. */
function termsWith(base: Terms, v: ChangeValues): Terms {
  return { ...base, milestones: base.milestones.map((m, i) => ({ ...m, title: v.milestones[i]!.title, deliverable: v.milestones[i]!.deliverable, dueOn: v.milestones[i]!.dueOn.format('YYYY-MM-DD') })) };
}

function MilestoneFields({ contract }: { contract: Contract }) {
  const { t } = useTranslation();
  return (
    <>
      {contract.terms.milestones.map((m, i) => {
        const locked = contract.milestones.find((x) => x.seq === m.seq)?.status === 'accepted';
        return (
          <Flex key={m.seq} gap={8} wrap>
            <Form.Item label={`${m.seq}. ${t('contractsUi.milestones.title')}`} name={['milestones', i, 'title']} rules={[{ required: true, whitespace: true, message: t('contractsUi.required') }]} style={{ flex: '1 1 160px' }}>
              <Input disabled={locked} maxLength={200} />
            </Form.Item>
            <Form.Item label={t('contractsUi.milestones.deliverable')} name={['milestones', i, 'deliverable']} rules={[{ required: true, whitespace: true, message: t('contractsUi.required') }]} style={{ flex: '1 1 160px' }}>
              <Input disabled={locked} maxLength={1000} />
            </Form.Item>
            <Form.Item label={t('contractsUi.milestones.dueOn')} name={['milestones', i, 'dueOn']} rules={[{ required: true, message: t('contractsUi.required') }]}>
              <DatePicker disabled={locked} allowClear={false} />
            </Form.Item>
          </Flex>
        );
      })}
      <Form.Item label={t('contractsUi.changes.reason')} name="reason" rules={[{ required: true, whitespace: true, message: t('contractsUi.required') }]}>
        <Input.TextArea rows={3} maxLength={2000} />
      </Form.Item>
    </>
  );
}

/** Change requests (either side proposes, an officer decides), and the draft amendment before confirmation. */
export function ChangesPanel({ contract, onChange }: PanelProps) {
  const { t } = useTranslation();
  const lang = useLang();
  const { run } = useCommand(onChange);
  const can = (a: string) => contract.actions.includes(a);
  const initial = { milestones: contract.terms.milestones.map((m) => ({ title: m.title, deliverable: m.deliverable, dueOn: dayjs(m.dueOn) })) };
  return (
    <Flex vertical gap={12}>
      <Typography.Paragraph type="secondary">{t('contractsUi.changes.hint')}</Typography.Paragraph>
      <Flex gap={8}>
        {can('propose_change') ? (
          <FormButton<ChangeValues> label={t('contractsUi.changes.propose')} title={t('contractsUi.changes.proposeTitle')} testId="change-propose" initial={initial} onSubmit={(v, form) => run(() => call(api.POST('/api/v1/contracts/{id}/change-requests', { params: { path: { id: contract.id } }, body: { terms: termsWith(contract.terms, v), reason: v.reason } })), { form, fields: ['reason'] })}>
            <MilestoneFields contract={contract} />
          </FormButton>
        ) : null}
        {can('amend') ? (
          <FormButton<ChangeValues> label={t('contractsUi.changes.amendTitle')} title={t('contractsUi.changes.amendTitle')} initial={initial} onSubmit={(v, form) => run(() => call(api.PUT('/api/v1/contracts/{id}/terms', { params: { path: { id: contract.id } }, body: { terms: termsWith(contract.terms, v), reason: v.reason } })), { form, fields: ['reason'] })}>
            <MilestoneFields contract={contract} />
          </FormButton>
        ) : null}
      </Flex>
      {contract.changeRequests.length === 0 ? <Empty description={t('contractsUi.changes.empty')} /> : null}
      {contract.changeRequests.map((r) => (
        <List.Item key={r.id} style={{ display: 'block' }}>
          <Flex justify="space-between" wrap gap={8}>
            <span>
              <Tag>{t(`contractsUi.changes.status.${r.status}`)}</Tag>
              {`${t('contractsUi.changes.proposedBy')}：${t(`contractsUi.sides.${r.proposedSide}`)} ${nameOf(contract, r.proposedBy)} · ${formatDateTime(r.proposedAt, lang)} · ${t('contractsUi.changes.base', { n: r.baseVersion })}`}
            </span>
            {can('decide_change') && r.status === 'open' ? (
              <Flex gap={8}>
                {(['approve', 'refuse'] as const).map((d) => (
                  <FormButton<{ reason: string }> key={d} label={t(`contractsUi.changes.${d}`)} title={t(`contractsUi.changes.${d}`)} type="link" danger={d === 'refuse'} onSubmit={(v, form) => run(() => call(api.POST('/api/v1/contracts/{id}/change-requests/{requestId}/decision', { params: { path: { id: contract.id, requestId: r.id } }, body: { decision: d, reason: v.reason } })), { form, fields: ['reason'] })}>
                    <Form.Item label={t('contractsUi.changes.decisionReason')} name="reason" rules={[{ required: true, whitespace: true, message: t('contractsUi.required') }]}>
                      <Input.TextArea rows={2} maxLength={2000} />
                    </Form.Item>
                  </FormButton>
                ))}
              </Flex>
            ) : null}
          </Flex>
          <Typography.Paragraph style={{ margin: '8px 0' }}>{r.reason}</Typography.Paragraph>
          <ChangeList changes={r.changes} />
          {r.decisionReason ? <Typography.Text type="secondary">{`${t('contractsUi.changes.decisionReason')}：${r.decisionReason}${r.appliedVersion ? ` · ${t('contractsUi.changes.applied', { n: r.appliedVersion })}` : ''}`}</Typography.Text> : null}
        </List.Item>
      ))}
    </Flex>
  );
}
