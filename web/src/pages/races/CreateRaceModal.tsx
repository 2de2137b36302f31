import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Alert, App, Button, Card, Divider, Flex, Form, Input, Modal, Radio, Select, Typography } from 'antd';
import type { FormInstance } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { useErrorText } from '../../lib/errors.ts';
import { useApiData } from '../../lib/useApiData.ts';
import { useLang } from '../../i18n/index.ts';
import { LoadError } from '../../components/LoadError.tsx';
import { raceApi } from './api.ts';
import { fieldPath, FUNDS_RULES, isDate, type FundsRule, type RaceCandidate, type Target } from './model.ts';

interface GateValues {
  title?: string;
  dueOn?: string;
  targets?: Partial<Target>[];
}
interface CreateValues {
  challengeId?: string;
  title?: string;
  fundsRule?: FundsRule;
  gates?: GateValues[];
}

/** The gates a candidate suggests: one per milestone of the team with the fewest, dated like the first team's, with the challenge's targets. */
function suggestedGates(c: RaceCandidate): GateValues[] {
  const first = c.contracts[0];
  return Array.from({ length: c.maxGates }, (_v, i) => {
    const m = first?.milestones.find((x) => x.seq === i + 1);
    return { title: m?.title ?? '', dueOn: m?.dueOn ?? '', targets: c.targets.map((x) => ({ ...x })) };
  });
}

/** Puts the server's field errors next to the fields they name; true when at least one was placed. */
function placeFieldErrors(form: FormInstance, err: unknown, lang: 'zh-CN' | 'en'): boolean {
  if (!(err instanceof ApiError) || err.fieldErrors.length === 0) return false;
  const fields = err.fieldErrors
    .map((e) => ({ name: fieldPath(e.path), errors: [lang === 'en' ? e.message : (e.zh ?? e.message)] }))
    .filter((f) => f.name.length > 0 && ['challengeId', 'title', 'fundsRule', 'gates'].includes(String(f.name[0])));
  if (fields.length === 0) return false;
  form.setFields(fields);
  return true;
}

/** 发起赛马: from a challenge with two or more task contracts — title, what happens to an eliminated team's money, and the shared gates. */
export function CreateRaceModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [form] = Form.useForm<CreateValues>();
  const [busy, setBusy] = useState(false);
  const candidates = useApiData((signal) => (open ? raceApi.candidates(signal) : Promise.resolve(undefined)), [open]);
  const challengeId = Form.useWatch('challengeId', form);
  const fundsRule = Form.useWatch('fundsRule', form);
  const items = candidates.data?.items ?? [];
  const chosen = items.find((c) => c.challengeId === challengeId);
  const maxGates = chosen?.maxGates ?? 10;
  const req = { required: true, whitespace: true, message: t('racesUi.required') };

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v || !v.challengeId) return;
    setBusy(true);
    try {
      const race = await raceApi.create({
        challengeId: v.challengeId,
        title: (v.title ?? '').trim(),
        fundsRule: v.fundsRule ?? 'return',
        gates: (v.gates ?? []).map((g) => ({
          title: (g.title ?? '').trim(),
          dueOn: (g.dueOn ?? '').trim(),
          targets: (g.targets ?? []).map((x) => ({ indicator: (x.indicator ?? '').trim(), target: (x.target ?? '').trim(), unit: (x.unit ?? '').trim() })),
        })),
      });
      void message.success(t('racesUi.create.done'));
      onClose();
      void navigate(`/races/${race.id}`);
    } catch (err) {
      if (!placeFieldErrors(form, err, lang)) void message.error(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('racesUi.create.title')}
      width={860}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('racesUi.create.submit')}
      confirmLoading={busy}
      okButtonProps={{ disabled: !chosen, 'data-testid': 'create-race-ok' }}
      destroyOnHidden
    >
      {candidates.error ? <LoadError error={candidates.error} onRetry={candidates.reload} /> : null}
      {!candidates.loading && !candidates.error && items.length === 0 ? <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('racesUi.create.noCandidates')} /> : null}
      <Form<CreateValues> form={form} layout="vertical" initialValues={{ fundsRule: 'return', gates: [] }} preserve={false}>
        <Form.Item name="challengeId" label={t('racesUi.create.challenge')} extra={t('racesUi.create.challengeHint')} rules={[{ required: true, message: t('racesUi.required') }]}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            loading={candidates.loading}
            options={items.map((c) => ({ value: c.challengeId, label: `${c.code} ${c.title}` }))}
            onChange={(id: string) => {
              const c = items.find((x) => x.challengeId === id);
              if (!c) return;
              form.setFieldsValue({ title: t('racesUi.create.defaultTitle', { title: c.title }), gates: suggestedGates(c) });
            }}
            data-testid="create-race-challenge"
          />
        </Form.Item>
        {chosen ? (
          <Alert
            type="info"
            style={{ marginBottom: 16 }}
            title={t('racesUi.create.teamsText', { count: chosen.contracts.length, names: chosen.contracts.map((c) => c.organizationName).join('、') })}
            description={t('racesUi.create.milestonesHint', { max: chosen.maxGates })}
          />
        ) : null}
        <Form.Item name="title" label={t('racesUi.create.titleLabel')} rules={[req]}>
          <Input maxLength={200} data-testid="create-race-title" />
        </Form.Item>
        <Form.Item name="fundsRule" label={t('racesUi.create.fundsRule')} extra={t(`racesUi.ruleHelp.${fundsRule ?? 'return'}`)} rules={[{ required: true }]}>
          <Radio.Group options={FUNDS_RULES.map((r) => ({ value: r, label: t(`racesUi.rules.${r}`) }))} data-testid="create-race-rule" />
        </Form.Item>
        <Divider titlePlacement="start">{t('racesUi.create.gates')}</Divider>
        <Form.List
          name="gates"
          rules={[
            {
              validator: async (_r, gates?: GateValues[]) => {
                if (!gates || gates.length === 0) throw new Error(t('racesUi.create.needGate'));
                if (gates.length > maxGates) throw new Error(t('racesUi.create.tooManyGates', { max: maxGates }));
              },
            },
          ]}
        >
          {(fields, { add, remove }, { errors }) => (
            <Flex vertical gap={12}>
              {fields.map((f, i) => (
                <Card
                  key={f.key}
                  size="small"
                  title={t('racesUi.gateN', { seq: i + 1 })}
                  extra={<Button type="text" size="small" icon={<MinusCircleOutlined />} onClick={() => remove(f.name)} aria-label={t('racesUi.create.remove')} />}
                  data-testid={`create-gate-${i + 1}`}
                >
                  <Flex gap={8} wrap>
                    <Form.Item name={[f.name, 'title']} label={t('racesUi.create.gateTitle')} rules={[req]} style={{ flex: '2 1 260px' }}>
                      <Input maxLength={200} />
                    </Form.Item>
                    <Form.Item
                      name={[f.name, 'dueOn']}
                      label={t('racesUi.create.dueOn')}
                      dependencies={i > 0 ? [['gates', f.name - 1, 'dueOn']] : []}
                      rules={[
                        req,
                        ({ getFieldValue }) => ({
                          validator: async (_r, v?: string) => {
                            if (!v?.trim()) return;
                            if (!isDate(v.trim())) throw new Error('YYYY-MM-DD');
                            const prev = i > 0 ? String(getFieldValue(['gates', f.name - 1, 'dueOn']) ?? '').trim() : '';
                            if (prev && isDate(prev) && v.trim() <= prev) throw new Error(t('racesUi.create.dateOrder', { date: prev }));
                          },
                        }),
                      ]}
                      style={{ flex: '1 1 160px' }}
                    >
                      <Input placeholder="YYYY-MM-DD" maxLength={10} />
                    </Form.Item>
                  </Flex>
                  <Typography.Text type="secondary">{t('racesUi.create.targetsHint')}</Typography.Text>
                  <Form.List name={[f.name, 'targets']} rules={[{ validator: async (_r, v?: unknown[]) => { if (!v || v.length === 0) throw new Error(t('racesUi.create.needTarget')); } }]}>
                    {(tFields, tOps, tMeta) => (
                      <Flex vertical gap={0} style={{ marginTop: 8 }}>
                        {tFields.map((tf) => (
                          <Flex key={tf.key} gap={8} align="flex-start" wrap>
                            <Form.Item name={[tf.name, 'indicator']} rules={[req]} style={{ flex: '2 1 200px', marginBottom: 8 }}>
                              <Input placeholder={t('racesUi.create.targetIndicator')} maxLength={200} />
                            </Form.Item>
                            <Form.Item name={[tf.name, 'target']} rules={[req]} style={{ flex: '1 1 120px', marginBottom: 8 }}>
                              <Input placeholder={t('racesUi.create.targetValue')} maxLength={100} />
                            </Form.Item>
                            <Form.Item name={[tf.name, 'unit']} style={{ flex: '1 1 80px', marginBottom: 8 }}>
                              <Input placeholder={t('racesUi.create.targetUnit')} maxLength={40} />
                            </Form.Item>
                            <Button type="text" icon={<MinusCircleOutlined />} onClick={() => tOps.remove(tf.name)} aria-label={t('racesUi.create.remove')} />
                          </Flex>
                        ))}
                        <Form.ErrorList errors={tMeta.errors} />
                        <Button type="dashed" size="small" icon={<PlusOutlined />} onClick={() => tOps.add({ indicator: '', target: '', unit: '' })} style={{ alignSelf: 'flex-start' }}>
                          {t('racesUi.create.addTarget')}
                        </Button>
                      </Flex>
                    )}
                  </Form.List>
                </Card>
              ))}
              <Form.ErrorList errors={errors} />
              <Button type="dashed" icon={<PlusOutlined />} disabled={!chosen || fields.length >= maxGates} onClick={() => add({ title: '', dueOn: '', targets: (chosen?.targets ?? []).map((x) => ({ ...x })) })} block>
                {t('racesUi.create.addGate')}
              </Button>
            </Flex>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
