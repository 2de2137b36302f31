import { DatePicker, Empty, Flex, Form, Input, List, Select, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client.ts';
import { useLang } from '../../i18n/index.ts';
import { formatDateTime } from '../../lib/format.ts';
import { FormButton, nameOf, useCommand, type PanelProps } from './parts.tsx';

const day = (d: Dayjs) => d.format('YYYY-MM-DD');

/** Periodic progress reports with figures against the targets; an officer accepts or returns each. */
export function ReportsPanel({ contract, onChange }: PanelProps) {
  const { t } = useTranslation();
  const lang = useLang();
  const { run } = useCommand(onChange);
  const can = (a: string) => contract.actions.includes(a);
  type Values = { period: [Dayjs, Dayjs]; narrative: string; figures?: Record<string, string> };
  return (
    <Flex vertical gap={12}>
      {can('submit_report') ? (
        <Flex>
          <FormButton<Values>
            label={t('contractsUi.reports.submit')}
            title={t('contractsUi.reports.submit')}
            testId="report-submit"
            type="primary"
            onSubmit={(v, form) =>
              run(
                () =>
                  call(
                    api.POST('/api/v1/contracts/{id}/reports', {
                      params: { path: { id: contract.id } },
                      body: {
                        periodFrom: day(v.period[0]),
                        periodTo: day(v.period[1]),
                        narrative: v.narrative,
                        figures: Object.entries(v.figures ?? {})
                          .filter(([, value]) => value?.trim())
                          .map(([k, value]) => ({ target: Number(k), value: value.trim(), note: null })),
                        attachmentIds: [],
                      },
                    }),
                  ),
                { form, fields: ['narrative'], success: t('contractsUi.reports.submitted') },
              )
            }
          >
            <Form.Item label={t('contractsUi.reports.period')} name="period" rules={[{ required: true, message: t('contractsUi.required') }]}>
              <DatePicker.RangePicker />
            </Form.Item>
            <Form.Item label={t('contractsUi.reports.narrative')} name="narrative" rules={[{ required: true, whitespace: true, message: t('contractsUi.required') }]}>
              <Input.TextArea rows={4} maxLength={20000} />
            </Form.Item>
            {contract.terms.targets.map((x, i) => (
              <Form.Item key={i} label={`${x.indicator}（${x.target} ${x.unit}）`} name={['figures', String(i)]}>
                <Input maxLength={200} placeholder={t('contractsUi.reports.value')} />
              </Form.Item>
            ))}
          </FormButton>
        </Flex>
      ) : null}
      {contract.reports.length === 0 ? <Empty description={t('contractsUi.reports.empty')} /> : null}
      {contract.reports.map((r) => (
        <List.Item key={r.id} style={{ display: 'block' }}>
          <Flex justify="space-between" wrap gap={8}>
            <strong>{`${r.periodFrom} – ${r.periodTo}`}</strong>
            <Flex gap={8} align="center">
              <Tag>{t(`contractsUi.reports.status.${r.status}`)}</Tag>
              {can('decide_report') && r.status === 'submitted'
                ? (['accept', 'return'] as const).map((d) => (
                    <FormButton<{ note?: string }> key={d} label={t(`contractsUi.reports.${d}`)} title={t(`contractsUi.reports.${d}`)} type="link" onSubmit={(v) => run(() => call(api.POST('/api/v1/contracts/{id}/reports/{reportId}/decision', { params: { path: { id: contract.id, reportId: r.id } }, body: { decision: d, note: v.note ?? null } })))}>
                      <Form.Item label={t('contractsUi.milestones.decisionNote')} name="note" rules={d === 'return' ? [{ required: true, whitespace: true, message: t('contractsUi.milestones.returnNeedsNote') }] : []}>
                        <Input.TextArea rows={2} maxLength={2000} />
                      </Form.Item>
                    </FormButton>
                  ))
                : null}
            </Flex>
          </Flex>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: '8px 0' }}>{r.narrative}</Typography.Paragraph>
          {r.figures.map((f) => (
            <Tag key={f.target}>{`${contract.terms.targets[f.target]?.indicator ?? f.target}: ${f.value}`}</Tag>
          ))}
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>{`${nameOf(contract, r.submittedBy)} · ${formatDateTime(r.submittedAt, lang)}${r.decisionNote ? ` · ${r.decisionNote}` : ''}`}</Typography.Text>
        </List.Item>
      ))}
    </Flex>
  );
}

/** 督办: supervision orders with their own response deadline; the team answers, the officer closes. */
export function OrdersPanel({ contract, onChange }: PanelProps) {
  const { t } = useTranslation();
  const lang = useLang();
  const { run } = useCommand(onChange);
  const can = (a: string) => contract.actions.includes(a);
  return (
    <Flex vertical gap={12}>
      {can('issue_order') ? (
        <Flex>
          <FormButton<{ reason: string; responseDueOn: Dayjs; milestoneId?: string }>
            label={t('contractsUi.orders.issue')}
            title={t('contractsUi.orders.issue')}
            testId="order-issue"
            danger
            onSubmit={(v, form) => run(() => call(api.POST('/api/v1/contracts/{id}/supervision-orders', { params: { path: { id: contract.id } }, body: { reason: v.reason, responseDueOn: day(v.responseDueOn), milestoneId: v.milestoneId ?? null } })), { form, fields: ['reason', 'responseDueOn'], success: t('contractsUi.orders.issued') })}
          >
            <Form.Item label={t('contractsUi.orders.milestone')} name="milestoneId">
              <Select allowClear options={contract.milestones.map((m) => ({ value: m.id, label: `${m.seq}. ${m.title}` }))} />
            </Form.Item>
            <Form.Item label={t('contractsUi.orders.reason')} name="reason" rules={[{ required: true, whitespace: true, message: t('contractsUi.required') }]}>
              <Input.TextArea rows={3} maxLength={4000} />
            </Form.Item>
            <Form.Item label={t('contractsUi.orders.responseDueOn')} name="responseDueOn" rules={[{ required: true, message: t('contractsUi.required') }]}>
              <DatePicker disabledDate={(d) => day(d) <= contract.today} />
            </Form.Item>
          </FormButton>
        </Flex>
      ) : null}
      {contract.orders.length === 0 ? <Empty description={t('contractsUi.orders.empty')} /> : null}
      {contract.orders.map((o) => (
        <List.Item key={o.id} style={{ display: 'block' }} data-testid="order">
          <Flex justify="space-between" wrap gap={8}>
            <span>
              <strong className="kc-mono">{o.code}</strong> · {t('contractsUi.orders.responseDueOn')} {o.responseDueOn}
            </span>
            <Flex gap={8} align="center">
              <Tag color={o.overdue ? 'red' : o.status === 'closed' ? 'default' : 'orange'}>{o.overdue ? t('contractsUi.orders.overdue') : t(`contractsUi.orders.status.${o.status}`)}</Tag>
              {can('respond_order') && o.status === 'open' ? (
                <FormButton<{ response: string }> label={t('contractsUi.orders.respond')} title={`${t('contractsUi.orders.respond')} ${o.code}`} type="link" onSubmit={(v, form) => run(() => call(api.POST('/api/v1/contracts/{id}/supervision-orders/{orderId}/response', { params: { path: { id: contract.id, orderId: o.id } }, body: { response: v.response, attachmentIds: [] } })), { form, fields: ['response'] })}>
                  <Form.Item label={t('contractsUi.orders.response')} name="response" rules={[{ required: true, whitespace: true, message: t('contractsUi.required') }]}>
                    <Input.TextArea rows={4} maxLength={8000} />
                  </Form.Item>
                </FormButton>
              ) : null}
              {can('close_order') && o.status === 'responded' ? (
                <FormButton<{ note?: string }> label={t('contractsUi.orders.close')} title={`${t('contractsUi.orders.close')} ${o.code}`} type="link" onSubmit={(v) => run(() => call(api.POST('/api/v1/contracts/{id}/supervision-orders/{orderId}/close', { params: { path: { id: contract.id, orderId: o.id } }, body: { note: v.note ?? null } })))}>
                  <Form.Item label={t('contractsUi.orders.closeNote')} name="note">
                    <Input.TextArea rows={2} maxLength={2000} />
                  </Form.Item>
                </FormButton>
              ) : null}
            </Flex>
          </Flex>
          <Typography.Paragraph style={{ margin: '8px 0' }}>{o.reason}</Typography.Paragraph>
          {o.response ? <Typography.Paragraph type="secondary" style={{ whiteSpace: 'pre-wrap' }}>{`${t('contractsUi.orders.response')}：${o.response}（${formatDateTime(o.respondedAt, lang)}）`}</Typography.Paragraph> : null}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{`${nameOf(contract, o.issuedBy)} · ${formatDateTime(o.issuedAt, lang)}${o.closeNote ? ` · ${o.closeNote}` : ''}`}</Typography.Text>
        </List.Item>
      ))}
    </Flex>
  );
}
