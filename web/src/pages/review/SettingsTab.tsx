import { useEffect, useState } from 'react';
import { App, Button, Card, Checkbox, Col, DatePicker, Flex, Form, Input, InputNumber, Radio, Row, Select, Switch, Table, Tag, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined, SaveOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client.ts';
import { useLang } from '../../i18n/index.ts';
import { useErrorText } from '../../lib/errors.ts';
import { beijingToIso, beijingWallClock } from '../challenges/model.ts';
import { DEFAULT_CRITERION, fieldErrors, type Criterion, type Round, type RoundPatch } from './model.ts';

interface SettingsForm {
  name: string;
  deadline: Dayjs | null;
  blind: Round['blind'];
  commentRequired: boolean;
  expertsPerItem: number;
  minLoad: number;
  onePerOrganization: boolean;
  rankBy: Round['rankBy'];
  disagreementPoints: number;
  criteria: Criterion[];
}

function toForm(r: Round): SettingsForm {
  const wall = beijingWallClock(r.deadline);
  return {
    name: r.name,
    deadline: wall ? dayjs(wall, 'YYYY-MM-DD HH:mm') : null,
    blind: r.blind,
    commentRequired: r.commentRequired,
    expertsPerItem: r.expertsPerItem,
    minLoad: r.minLoad,
    onePerOrganization: r.onePerOrganization,
    rankBy: r.rankBy,
    disagreementPoints: r.disagreementCenti / 100,
    criteria: r.criteria.map((c) => ({ ...DEFAULT_CRITERION, ...c })),
  };
}

/** Server paths such as "criteria/2/weight" as form field names. */
const fieldName = (path: string): (string | number)[] => path.split('/').map((p) => (/^\d+$/.test(p) ? Number(p) : p));

/** The round's settings: a criteria editor with the live weight sum, and the review rules. Open rounds move only their deadline. */
export function SettingsTab({ round, onChanged }: { round: Round; onChanged: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [form] = Form.useForm<SettingsForm>();
  const [saving, setSaving] = useState(false);
  const editable = round.actions.includes('edit');
  const extendOnly = !editable && round.actions.includes('extend');
  const criteria = Form.useWatch('criteria', form) ?? round.criteria;
  const weightSum = criteria.reduce((s, c) => s + (Number.isInteger(c?.weight) ? c.weight : 0), 0);

  useEffect(() => form.setFieldsValue(toForm(round)), [round, form]);

  const save = async () => {
    let v: SettingsForm;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    const deadline = v.deadline ? beijingToIso(v.deadline.format('YYYY-MM-DD HH:mm')) : null;
    const body: RoundPatch = extendOnly
      ? { deadline: deadline! }
      : {
          name: v.name.trim(),
          deadline: deadline!,
          blind: v.blind,
          commentRequired: v.commentRequired,
          expertsPerItem: v.expertsPerItem,
          minLoad: v.minLoad,
          onePerOrganization: v.onePerOrganization,
          rankBy: v.rankBy,
          disagreementCenti: Math.round(v.disagreementPoints * 100),
          criteria: v.criteria.map((c) => ({ key: c.key.trim(), nameZh: c.nameZh.trim(), nameEn: c.nameEn.trim(), weight: c.weight, scaleMax: c.scaleMax, commentRequired: !!c.commentRequired, ...(c.guidanceZh?.trim() ? { guidanceZh: c.guidanceZh.trim() } : {}), ...(c.guidanceEn?.trim() ? { guidanceEn: c.guidanceEn.trim() } : {}) })),
        };
    setSaving(true);
    try {
      await call(api.PATCH('/api/v1/review-rounds/{id}', { params: { path: { id: round.id } }, body }));
      void message.success(t('reviewUi.settings.saved'));
      onChanged();
    } catch (err) {
      const fe = fieldErrors(err, lang);
      if (fe.length) form.setFields(fe.map((e) => ({ name: fieldName(e.path), errors: [e.text] })) as never);
      void message.error(errorText(err));
    } finally {
      setSaving(false);
    }
  };

  const int = (min: number, max: number, msg: string) => ({ validator: (_r: unknown, v: unknown) => (Number.isInteger(v) && (v as number) >= min && (v as number) <= max ? Promise.resolve() : Promise.reject(new Error(msg))) });

  return (
    <Form<SettingsForm> form={form} layout="vertical" disabled={!editable && !extendOnly} initialValues={toForm(round)} data-testid="round-settings">
      <Card variant="borderless" title={t('reviewUi.settings.rules')} style={{ marginBottom: 16 }}>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="name" label={t('reviewUi.settings.name')} rules={[{ required: true, whitespace: true, message: t('reviewUi.settings.nameRequired') }]}>
              <Input maxLength={200} disabled={extendOnly} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="deadline"
              label={t('reviewUi.settings.deadline')}
              extra={extendOnly ? t('reviewUi.settings.extendOnly') : t('reviewUi.settings.beijingTime')}
              rules={[
                { required: true, message: t('reviewUi.settings.deadlineRequired') },
                { validator: (_r, v: Dayjs | null) => (v && v.valueOf() <= Date.now() ? Promise.reject(new Error(t('reviewUi.settings.deadlineFuture'))) : Promise.resolve()) },
              ]}
            >
              <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} data-testid="settings-deadline" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="blind" label={t('reviewUi.settings.blind')} extra={t('reviewUi.settings.blindHelp')}>
              <Radio.Group disabled={extendOnly} options={(['double', 'single'] as const).map((b) => ({ value: b, label: t(`reviewUi.blind.${b}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={12} md={4}>
            <Form.Item name="expertsPerItem" label={t('reviewUi.settings.k')} rules={[int(1, 50, t('reviewUi.settings.kInvalid'))]}>
              <InputNumber min={1} max={50} precision={0} disabled={extendOnly} style={{ width: '100%' }} data-testid="settings-k" />
            </Form.Item>
          </Col>
          <Col xs={12} md={4}>
            <Form.Item name="minLoad" label={t('reviewUi.settings.minLoad')} rules={[int(0, 1000, t('reviewUi.settings.minLoadInvalid'))]}>
              <InputNumber min={0} max={1000} precision={0} disabled={extendOnly} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} md={4}>
            <Form.Item name="rankBy" label={t('reviewUi.settings.rankBy')}>
              <Select disabled={extendOnly} options={(['mean', 'trimmed', 'calibrated'] as const).map((k) => ({ value: k, label: t(`reviewUi.rankBy.${k}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={12} md={4}>
            <Form.Item name="disagreementPoints" label={t('reviewUi.settings.disagreement')} tooltip={t('reviewUi.settings.disagreementHelp')}>
              <InputNumber min={0} max={100} step={0.5} precision={2} disabled={extendOnly} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="onePerOrganization" valuePropName="checked" label={t('reviewUi.settings.onePerOrganization')}>
              <Switch disabled={extendOnly} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="commentRequired" valuePropName="checked" label={t('reviewUi.settings.commentRequired')}>
              <Switch disabled={extendOnly} />
            </Form.Item>
          </Col>
        </Row>
      </Card>
      <Card
        variant="borderless"
        title={t('reviewUi.criteria.title')}
        extra={
          <Tag color={criteria.length >= 1 && criteria.length <= 20 ? 'blue' : 'red'} data-testid="weight-sum">
            {t('reviewUi.criteria.weightSum', { sum: weightSum, count: criteria.length })}
          </Tag>
        }
      >
        <Form.List name="criteria">
          {(fields, { add, remove }) => (
            <>
              <Table
                size="small"
                pagination={false}
                rowKey="key"
                dataSource={fields}
                scroll={{ x: 'max-content' }}
                columns={[
                  {
                    key: 'key',
                    title: t('reviewUi.criteria.key'),
                    render: (_v, f) => (
                      <Form.Item
                        name={[f.name, 'key']}
                        style={{ margin: 0 }}
                        rules={[
                          { pattern: /^[a-z][a-z0-9_]{0,39}$/, message: t('reviewUi.criteria.keyInvalid') },
                          { required: true, message: t('reviewUi.criteria.keyInvalid') },
                          { validator: (_r, v: string) => (criteria.filter((c) => c?.key === v).length > 1 ? Promise.reject(new Error(t('reviewUi.criteria.keyDuplicate'))) : Promise.resolve()) },
                        ]}
                      >
                        <Input className="kc-mono" style={{ width: 130 }} disabled={extendOnly} />
                      </Form.Item>
                    ),
                  },
                  { key: 'nameZh', title: t('reviewUi.criteria.nameZh'), render: (_v, f) => <Form.Item name={[f.name, 'nameZh']} style={{ margin: 0 }} rules={[{ required: true, whitespace: true, message: t('reviewUi.criteria.nameRequired') }]}><Input style={{ width: 140 }} maxLength={100} disabled={extendOnly} /></Form.Item> },
                  { key: 'nameEn', title: t('reviewUi.criteria.nameEn'), render: (_v, f) => <Form.Item name={[f.name, 'nameEn']} style={{ margin: 0 }} rules={[{ required: true, whitespace: true, message: t('reviewUi.criteria.nameRequired') }]}><Input style={{ width: 170 }} maxLength={100} disabled={extendOnly} /></Form.Item> },
                  { key: 'weight', title: t('reviewUi.criteria.weight'), render: (_v, f) => <Form.Item name={[f.name, 'weight']} style={{ margin: 0 }} rules={[int(1, 1000, t('reviewUi.criteria.weightInvalid'))]}><InputNumber min={1} max={1000} precision={0} style={{ width: 90 }} disabled={extendOnly} /></Form.Item> },
                  {
                    key: 'share',
                    title: t('reviewUi.criteria.share'),
                    align: 'right',
                    render: (_v, f) => {
                      const w = criteria[f.name]?.weight;
                      return weightSum > 0 && Number.isInteger(w) ? `${((w! / weightSum) * 100).toFixed(1)}%` : '—';
                    },
                  },
                  { key: 'scaleMax', title: t('reviewUi.criteria.scaleMax'), render: (_v, f) => <Form.Item name={[f.name, 'scaleMax']} style={{ margin: 0 }} rules={[int(1, 100, t('reviewUi.criteria.scaleInvalid'))]}><InputNumber min={1} max={100} precision={0} style={{ width: 80 }} disabled={extendOnly} /></Form.Item> },
                  { key: 'comment', title: t('reviewUi.criteria.commentRequired'), render: (_v, f) => <Form.Item name={[f.name, 'commentRequired']} valuePropName="checked" style={{ margin: 0 }}><Checkbox disabled={extendOnly} /></Form.Item> },
                  { key: 'remove', title: '', render: (_v, f) => <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('reviewUi.criteria.remove')} disabled={extendOnly || fields.length <= 1} onClick={() => remove(f.name)} /> },
                ]}
              />
              <Button style={{ marginTop: 12 }} icon={<PlusOutlined />} disabled={extendOnly || fields.length >= 20} onClick={() => add({ ...DEFAULT_CRITERION, key: `c${fields.length + 1}` })}>
                {t('reviewUi.criteria.add')}
              </Button>
            </>
          )}
        </Form.List>
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
          {t('reviewUi.criteria.help')}
        </Typography.Paragraph>
      </Card>
      {editable || extendOnly ? (
        <Flex justify="flex-end" style={{ marginTop: 16 }}>
          <Button type="primary" icon={<SaveOutlined />} loading={saving} onClick={() => void save()} data-testid="save-settings">
            {t('reviewUi.settings.save')}
          </Button>
        </Flex>
      ) : null}
    </Form>
  );
}
