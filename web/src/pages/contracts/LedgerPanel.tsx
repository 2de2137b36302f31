import { Alert, Flex, Form, Input, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client.ts';
import { useLang } from '../../i18n/index.ts';
import { formatDateTime } from '../../lib/format.ts';
import { ExportButton } from '../../components/ExportButton.tsx';
import { formatYuan } from '../challenges/model.ts';
import { yuanToFen, type LedgerEntry, type Tranche } from './model.ts';
import { FormButton, nameOf, useCommand, type PanelProps } from './parts.tsx';

/** Tranches with what is released and what remains, the ledger of every release and reversal, and its reconciliation. */
export function LedgerPanel({ contract, onChange }: PanelProps) {
  const { t } = useTranslation();
  const lang = useLang();
  const { run } = useCommand(onChange);
  const can = (a: string) => contract.actions.includes(a);
  const milestone = (x: Tranche) => contract.milestones.find((m) => m.id === x.milestoneId);

  const release = (x: Tranche) => (
    <FormButton<{ amount: string; note?: string }>
      label={t('contractsUi.ledger.release')}
      title={t('contractsUi.ledger.releaseTitle', { seq: x.seq })}
      testId={`release-${x.seq}`}
      type="primary"
      initial={{ amount: formatYuan(x.remainingFen).replaceAll(',', '') }}
      onSubmit={(v, form) => run(() => call(api.POST('/api/v1/contracts/{id}/tranches/{trancheId}/release', { params: { path: { id: contract.id, trancheId: x.id } }, body: { amountFen: yuanToFen(v.amount)!, note: v.note ?? '' } })), { form, fields: ['note'], success: t('contractsUi.ledger.released', { amount: v.amount }) })}
    >
      <Form.Item
        label={t('contractsUi.ledger.releaseAmount')}
        name="amount"
        extra={t('contractsUi.ledger.releaseHint', { max: formatYuan(Math.min(x.remainingFen, contract.remainingFen)) })}
        rules={[
          { required: true, message: t('contractsUi.required') },
          {
            validator: async (_r, value: string) => {
              const fen = yuanToFen(value ?? '');
              if (fen === null || fen <= 0) throw new Error(t('contractsUi.required'));
              const max = Math.min(x.remainingFen, contract.remainingFen);
              if (fen > max) throw new Error(t('contractsUi.ledger.releaseTooMuch', { max: formatYuan(max) }));
            },
          },
        ]}
      >
        <Input inputMode="decimal" prefix="¥" data-testid="release-amount" />
      </Form.Item>
      <Form.Item label={t('contractsUi.ledger.releaseNote')} name="note">
        <Input maxLength={1000} />
      </Form.Item>
    </FormButton>
  );

  const reverse = (e: LedgerEntry) => (
    <FormButton<{ note: string }>
      label={t('contractsUi.ledger.reverse')}
      title={t('contractsUi.ledger.reverseTitle')}
      type="link"
      danger
      onSubmit={(v, form) => run(() => call(api.POST('/api/v1/contracts/{id}/ledger/{entryId}/reversal', { params: { path: { id: contract.id, entryId: e.id } }, body: { note: v.note } })), { form, fields: ['note'] })}
    >
      <Form.Item label={t('contractsUi.ledger.reverseReason')} name="note" rules={[{ required: true, whitespace: true, message: t('contractsUi.required') }]}>
        <Input.TextArea rows={2} maxLength={1000} />
      </Form.Item>
    </FormButton>
  );

  const r = contract.reconciliation;
  return (
    <Flex vertical gap={16}>
      <Table<Tranche>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={contract.tranches}
        scroll={{ x: 'max-content' }}
        data-testid="tranches"
        columns={[
          { key: 'seq', title: t('contractsUi.ledger.seq'), dataIndex: 'seq', width: 64 },
          { key: 'trigger', title: t('contractsUi.ledger.trigger'), render: (_v, x) => (milestone(x) ? `${t(`contractsUi.triggers.${x.trigger}`)} · ${milestone(x)!.seq}. ${milestone(x)!.title}` : t(`contractsUi.triggers.${x.trigger}`)) },
          { key: 'due', title: t('contractsUi.ledger.dueOn'), dataIndex: 'dueOn' },
          { key: 'amount', title: t('contractsUi.ledger.amount'), align: 'right', render: (_v, x) => `¥${formatYuan(x.amountFen)}` },
          { key: 'released', title: t('contractsUi.ledger.releasedCol'), align: 'right', render: (_v, x) => <span data-testid={`tranche-released-${x.seq}`}>¥{formatYuan(x.releasedFen)}</span> },
          { key: 'remaining', title: t('contractsUi.ledger.remainingCol'), align: 'right', render: (_v, x) => `¥${formatYuan(x.remainingFen)}` },
          { key: 'actions', title: t('common.actions'), render: (_v, x) => (can('release') && x.releasable ? release(x) : x.remainingFen > 0 ? <Typography.Text type="secondary">{t('contractsUi.ledger.notDue')}</Typography.Text> : null) },
        ]}
      />
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('contractsUi.ledger.entries')}
        </Typography.Title>
        <ExportButton href={(f) => `/api/v1/contracts/${contract.id}/ledger/export?format=${f}`} hint={t('contractsUi.ledger.exportHint')} testId="ledger-export" />
      </Flex>
      <Table<LedgerEntry & { no: number }>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={contract.ledger.map((e, i) => ({ ...e, no: i + 1 }))}
        scroll={{ x: 'max-content' }}
        data-testid="ledger"
        columns={[
          { key: 'no', title: t('contractsUi.ledger.entryNo'), dataIndex: 'no', width: 56 },
          { key: 'kind', title: t('contractsUi.ledger.kind'), render: (_v, e) => <Tag color={e.kind === 'release' ? 'green' : 'red'}>{t(`contractsUi.ledger.kinds.${e.kind}`)}</Tag> },
          { key: 'tranche', title: t('contractsUi.ledger.seq'), dataIndex: 'trancheSeq' },
          { key: 'amount', title: t('contractsUi.ledger.amount'), align: 'right', render: (_v, e) => `${e.kind === 'reversal' ? '−' : ''}¥${formatYuan(e.amountFen)}` },
          { key: 'by', title: t('contractsUi.ledger.approvedBy'), render: (_v, e) => nameOf(contract, e.approvedBy) },
          { key: 'at', title: t('contractsUi.ledger.approvedAt'), render: (_v, e) => formatDateTime(e.approvedAt, lang) },
          { key: 'note', title: t('contractsUi.ledger.note'), dataIndex: 'note' },
          { key: 'actions', title: t('common.actions'), render: (_v, e) => (e.reversed ? <Tag>{t('contractsUi.ledger.reversed')}</Tag> : can('reverse') && e.kind === 'release' ? reverse(e) : null) },
        ]}
      />
      <Alert type={r.reconciled ? 'success' : 'error'} showIcon message={r.reconciled ? t('contractsUi.ledger.reconciled') : t('contractsUi.ledger.notReconciled')} description={`${t('contractsUi.summary.total')} ¥${formatYuan(r.plannedFen)} · ${t('contractsUi.summary.released')} ¥${formatYuan(r.releasedFen)} · ${t('contractsUi.summary.remaining')} ¥${formatYuan(r.remainingFen)}`} />
    </Flex>
  );
}
