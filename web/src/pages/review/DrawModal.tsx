import { useState } from 'react';
import { Alert, App, Button, Descriptions, Form, InputNumber, List, Modal, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client.ts';
import { PRIORITY_FIELDS, type PriorityField } from '../../api/types.ts';
import { useLang } from '../../i18n/index.ts';
import { useErrorText } from '../../lib/errors.ts';
import { formatDateTime } from '../../lib/format.ts';
import { fieldErrors, type Draw, type DrawVerification, type Round } from './model.ts';

/** 随机抽取: choose the mode and filters, draw, then show the seed and who was drawn. */
export function DrawModal({ open, round, onClose, onDrawn }: { open: boolean; round: Round; onClose: () => void; onDrawn: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const errorText = useErrorText();
  const [mode, setMode] = useState<'panel' | 'per_item'>('panel');
  const [count, setCount] = useState<number | null>(5);
  const [from, setFrom] = useState<'panel' | 'pool'>('panel');
  const [fields, setFields] = useState<PriorityField[]>([]);
  const [busy, setBusy] = useState(false);
  const [drawn, setDrawn] = useState<Draw | null>(null);
  const [failure, setFailure] = useState<unknown>(null);

  const run = async () => {
    setBusy(true);
    setFailure(null);
    try {
      const d = await call(api.POST('/api/v1/review-rounds/{id}/draws', { params: { path: { id: round.id } }, body: mode === 'panel' ? { mode, count: count ?? 1, fields } : { mode, from, fields } }));
      setDrawn(d);
      onDrawn();
    } catch (err) {
      setFailure(err);
    } finally {
      setBusy(false);
    }
  };
  const close = () => {
    setDrawn(null);
    setFailure(null);
    onClose();
  };

  return (
    <Modal
      open={open}
      width={720}
      title={t('reviewUi.draw.title')}
      onCancel={close}
      footer={drawn ? <Button onClick={close}>{t('reviewUi.draw.close')}</Button> : [<Button key="c" onClick={close}>{t('common.cancel')}</Button>, <Button key="d" type="primary" loading={busy} onClick={() => void run()} data-testid="draw-run">{t('reviewUi.draw.run')}</Button>]}
      destroyOnHidden
    >
      {drawn ? (
        <DrawResult draw={drawn} roundId={round.id} />
      ) : (
        <Form layout="vertical">
          <Form.Item label={t('reviewUi.draw.mode')} extra={t(mode === 'panel' ? 'reviewUi.draw.modePanelHelp' : 'reviewUi.draw.modePerItemHelp', { k: round.expertsPerItem })}>
            <Radio.Group value={mode} onChange={(e) => setMode(e.target.value as 'panel' | 'per_item')} options={(['panel', 'per_item'] as const).map((m) => ({ value: m, label: t(`reviewUi.draw.modes.${m}`) }))} data-testid="draw-mode" />
          </Form.Item>
          {mode === 'panel' ? (
            <Form.Item label={t('reviewUi.draw.count')} required>
              <InputNumber min={1} max={500} precision={0} value={count} onChange={setCount} data-testid="draw-count" />
            </Form.Item>
          ) : (
            <Form.Item label={t('reviewUi.draw.from')}>
              <Radio.Group value={from} onChange={(e) => setFrom(e.target.value as 'panel' | 'pool')} options={(['panel', 'pool'] as const).map((m) => ({ value: m, label: t(`reviewUi.draw.froms.${m}`) }))} />
            </Form.Item>
          )}
          <Form.Item label={t('reviewUi.draw.fields')} extra={t('reviewUi.draw.fieldsHelp')}>
            <Select<PriorityField[]> mode="multiple" allowClear value={fields} onChange={setFields} options={PRIORITY_FIELDS.map((f) => ({ value: f, label: t(`priorityFields.${f}`) }))} />
          </Form.Item>
          <Typography.Paragraph type="secondary">{t('reviewUi.draw.explain')}</Typography.Paragraph>
          {failure ? <Alert type="error" showIcon title={errorText(failure)} description={fieldErrors(failure, lang).map((e) => e.text).join('；') || undefined} /> : null}
        </Form>
      )}
    </Modal>
  );
}

function DrawResult({ draw, roundId }: { draw: Draw; roundId: string }) {
  const { t } = useTranslation();
  const name = (id: string) => draw.experts.find((e) => e.expertId === id)?.name ?? id;
  const code = (id: string) => draw.params.items?.find((i) => i.itemId === id)?.code ?? id;
  return (
    <>
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label={t('reviewUi.draw.seed')}>
          <Typography.Text className="kc-mono" copyable style={{ wordBreak: 'break-all' }} data-testid="draw-seed">
            {draw.seed}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('reviewUi.draw.algorithm')}>
          <span className="kc-mono">{draw.algorithm}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('reviewUi.draw.candidates')}>{draw.candidates.length}</Descriptions.Item>
      </Descriptions>
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('reviewUi.draw.drawn')}
      </Typography.Title>
      {draw.result.experts ? (
        <List size="small" bordered dataSource={draw.result.experts} renderItem={(id, i) => <List.Item data-testid="drawn-expert">{`${i + 1}. ${name(id)}`}</List.Item>} />
      ) : (
        <List size="small" bordered dataSource={draw.result.assignments ?? []} renderItem={(a) => <List.Item><span className="kc-mono">{code(a.itemId)}</span>：{a.expertIds.map(name).join('、')}</List.Item>} />
      )}
      <div style={{ marginTop: 16 }}>
        <VerifyButton roundId={roundId} drawId={draw.id} />
      </div>
    </>
  );
}

/** Re-runs the draw on the server from its record and shows whether it reproduces and matches the audit trail. */
function VerifyButton({ roundId, drawId }: { roundId: string; drawId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [result, setResult] = useState<DrawVerification | null>(null);
  const [busy, setBusy] = useState(false);
  const verify = async () => {
    setBusy(true);
    try {
      setResult(await call(api.POST('/api/v1/review-rounds/{id}/draws/{drawId}/verify', { params: { path: { id: roundId, drawId } } })));
    } catch (err) {
      void message.error(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space wrap>
      <Button size="small" icon={<SafetyCertificateOutlined />} loading={busy} onClick={() => void verify()} data-testid="draw-verify">
        {t('reviewUi.draw.verify')}
      </Button>
      {result ? (
        <>
          <Tag color={result.reproduces ? 'green' : 'red'} data-testid="draw-reproduces">{t(result.reproduces ? 'reviewUi.draw.reproduces' : 'reviewUi.draw.notReproduces')}</Tag>
          <Tag color={result.matchesAudit ? 'green' : 'red'}>{t(result.matchesAudit ? 'reviewUi.draw.matchesAudit' : 'reviewUi.draw.notMatchesAudit')}</Tag>
        </>
      ) : null}
    </Space>
  );
}

export function DrawsTable({ roundId, draws, loading }: { roundId: string; draws: Draw[]; loading: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [shown, setShown] = useState<Draw | null>(null);
  return (
    <>
      <Table<Draw>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={draws}
        pagination={false}
        locale={{ emptyText: t('reviewUi.draw.none') }}
        columns={[
          { key: 'at', title: t('reviewUi.draw.drawnAt'), render: (_v, d) => formatDateTime(d.drawnAt, lang, true) },
          { key: 'mode', title: t('reviewUi.draw.mode'), render: (_v, d) => t(`reviewUi.draw.modes.${d.mode}`) },
          { key: 'seed', title: t('reviewUi.draw.seed'), render: (_v, d) => <Typography.Text className="kc-mono" copyable={{ text: d.seed }}>{`${d.seed.slice(0, 12)}…`}</Typography.Text> },
          { key: 'n', title: t('reviewUi.draw.drawnCount'), align: 'right', render: (_v, d) => d.result.experts?.length ?? new Set((d.result.assignments ?? []).flatMap((a) => a.expertIds)).size },
          { key: 'actions', title: '', render: (_v, d) => <Space><Button size="small" onClick={() => setShown(d)}>{t('common.details')}</Button><VerifyButton roundId={roundId} drawId={d.id} /></Space> },
        ]}
        data-testid="draws-table"
      />
      <Modal open={shown !== null} width={720} title={t('reviewUi.draw.title')} onCancel={() => setShown(null)} footer={null} destroyOnHidden>
        {shown ? <DrawResult draw={shown} roundId={roundId} /> : null}
      </Modal>
    </>
  );
}
