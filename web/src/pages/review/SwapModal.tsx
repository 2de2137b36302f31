import { useState } from 'react';
import { Alert, Form, Input, Modal, Radio, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client.ts';
import { useLang } from '../../i18n/index.ts';
import { useErrorText } from '../../lib/errors.ts';
import { fieldErrors, pct, type Assignments, type Round } from './model.ts';

/**
 * Replace an expert on an application, or swap two experts between two applications. The server re-checks every
 * constraint and answers with the ones broken; they are shown as they come, in the current language.
 */
export function SwapModal({ round, assignments, initial, onClose, onChanged }: { round: Round; assignments: Assignments; initial: { itemId: string; expertId: string }; onClose: () => void; onChanged: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const errorText = useErrorText();
  const [kind, setKind] = useState<'replace' | 'swap'>('replace');
  const [itemId, setItemId] = useState(initial.itemId);
  const [expertId, setExpertId] = useState<string | undefined>(initial.expertId);
  const [withExpertId, setWithExpertId] = useState<string | undefined>();
  const [otherItemId, setOtherItemId] = useState<string | undefined>();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const item = assignments.items.find((i) => i.itemId === itemId);
  const other = assignments.items.find((i) => i.itemId === otherItemId);
  const movable = (i: typeof item) => (i?.experts ?? []).filter((e) => e.sheet?.status !== 'submitted');
  const ready = !!expertId && !!withExpertId && reason.trim().length > 0 && (kind === 'replace' || !!otherItemId);

  const submit = async () => {
    setBusy(true);
    setFailure(null);
    try {
      await call(api.POST('/api/v1/review-rounds/{id}/assignments/swap', { params: { path: { id: round.id } }, body: { itemId, expertId: expertId!, withExpertId: withExpertId!, reason: reason.trim(), ...(kind === 'swap' ? { otherItemId: otherItemId! } : {}) } }));
      onChanged();
      onClose();
    } catch (err) {
      setFailure(err);
    } finally {
      setBusy(false);
    }
  };
  const problems = fieldErrors(failure, lang);

  return (
    <Modal open title={t('reviewUi.swap.title')} onCancel={onClose} onOk={() => void submit()} okButtonProps={{ disabled: !ready }} confirmLoading={busy} okText={t('reviewUi.swap.submit')} width={640} destroyOnHidden data-testid="swap-modal">
      <Form layout="vertical">
        <Form.Item label={t('reviewUi.swap.kind')}>
          <Radio.Group value={kind} onChange={(e) => (setKind(e.target.value as 'replace' | 'swap'), setWithExpertId(undefined))} options={(['replace', 'swap'] as const).map((k) => ({ value: k, label: t(`reviewUi.swap.kinds.${k}`) }))} />
        </Form.Item>
        <Form.Item label={t('reviewUi.swap.item')}>
          <Select value={itemId} onChange={(v: string) => (setItemId(v), setExpertId(undefined))} options={assignments.items.map((i) => ({ value: i.itemId, label: `${i.code} ${i.title}` }))} />
        </Form.Item>
        <Form.Item label={t('reviewUi.swap.expert')} extra={round.status === 'open' ? t('reviewUi.swap.openNote') : undefined}>
          <Select value={expertId} onChange={setExpertId} options={movable(item).map((e) => ({ value: e.expertId, label: `${e.name} · ${pct(e.affinity)}` }))} data-testid="swap-expert" />
        </Form.Item>
        {kind === 'replace' ? (
          <Form.Item label={t('reviewUi.swap.replacement')}>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              value={withExpertId}
              onChange={setWithExpertId}
              options={assignments.experts.filter((e) => !item?.experts.some((x) => x.expertId === e.expertId)).map((e) => ({ value: e.expertId, label: `${e.name}（${e.organizationName ?? '—'}） ${e.assigned}/${e.maxLoad}`, disabled: !e.available }))}
              data-testid="swap-replacement"
            />
          </Form.Item>
        ) : (
          <>
            <Form.Item label={t('reviewUi.swap.otherItem')}>
              <Select value={otherItemId} onChange={(v: string) => (setOtherItemId(v), setWithExpertId(undefined))} options={assignments.items.filter((i) => i.itemId !== itemId).map((i) => ({ value: i.itemId, label: `${i.code} ${i.title}` }))} />
            </Form.Item>
            <Form.Item label={t('reviewUi.swap.otherExpert')}>
              <Select value={withExpertId} onChange={setWithExpertId} options={movable(other).map((e) => ({ value: e.expertId, label: `${e.name} · ${pct(e.affinity)}` }))} />
            </Form.Item>
          </>
        )}
        <Form.Item label={t('reviewUi.swap.reason')} required>
          <Input.TextArea rows={2} maxLength={1000} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="swap-reason" />
        </Form.Item>
      </Form>
      {failure ? (
        <Alert
          type="error"
          showIcon
          title={errorText(failure)}
          description={problems.length ? <ul style={{ margin: 0, paddingLeft: 20 }}>{problems.map((p, i) => <li key={i}>{p.text}</li>)}</ul> : undefined}
          data-testid="swap-failure"
        />
      ) : null}
    </Modal>
  );
}
