import { useState } from 'react';
import { Alert, App, Button, Col, Divider, Flex, Form, Input, Modal, Row, Select } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError, api, call } from '../../api/client.ts';
import { useErrorText } from '../../lib/errors.ts';
import { CATEGORIES, fenToWan, WAN, wanToFen, type Category, type ItemBody, type ProjectItemDetail } from './model.ts';

interface Values {
  code: string;
  name: string;
  nameEn?: string;
  category: Category;
  responsibleUnit: string;
  responsiblePerson: string;
  contactPhone?: string;
  startDate: string;
  endDate: string;
  budget?: string;
  description?: string;
  milestones?: { name: string; plannedDate: string; actualDate?: string }[];
  kpis?: { name: string; unit?: string; startValue?: string; target: string; actual?: string; dueDate: string }[];
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const NUM = /^-?\d+(\.\d+)?$/;

function toValues(i: ProjectItemDetail): Values {
  return {
    code: i.code,
    name: i.name,
    nameEn: i.nameEn,
    category: i.category,
    responsibleUnit: i.responsibleUnit,
    responsiblePerson: i.responsiblePerson,
    contactPhone: i.contactPhone ?? '',
    startDate: i.startDate,
    endDate: i.endDate,
    budget: i.budgetFen === null ? '' : fenToWan(i.budgetFen),
    description: i.description,
    milestones: i.milestones.map((m) => ({ name: m.name, plannedDate: m.plannedDate, actualDate: m.actualDate ?? '' })),
    kpis: i.kpis.map((k) => ({ name: k.name, unit: k.unit, startValue: String(k.startValue), target: String(k.target), actual: k.actual === null ? '' : String(k.actual), dueDate: k.dueDate })),
  };
}

function toBody(v: Values, orgId: string | null): ItemBody {
  return {
    code: v.code.trim(),
    name: v.name.trim(),
    nameEn: v.nameEn?.trim() ?? '',
    category: v.category,
    responsibleOrgId: orgId,
    responsibleUnit: v.responsibleUnit.trim(),
    responsiblePerson: v.responsiblePerson.trim(),
    contactPhone: v.contactPhone?.trim() || null,
    startDate: v.startDate,
    endDate: v.endDate,
    budgetFen: v.budget?.trim() ? wanToFen(v.budget.trim()) : null,
    description: v.description ?? '',
    milestones: (v.milestones ?? []).map((m) => ({ name: m.name.trim(), plannedDate: m.plannedDate, actualDate: m.actualDate?.trim() || null })),
    kpis: (v.kpis ?? []).map((k) => ({ name: k.name.trim(), unit: k.unit?.trim() ?? '', startValue: k.startValue?.trim() ? Number(k.startValue) : 0, target: Number(k.target), actual: k.actual?.trim() ? Number(k.actual) : null, dueDate: k.dueDate })),
  };
}

/** Adds an item, or replaces one (progress — actual dates and values — is recorded here too). Validates as you type. */
export function ItemFormModal({ listId, item, onClose, onSaved }: { listId: string; item?: ProjectItemDetail; onClose: () => void; onSaved: (id: string) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const req = { required: true, whitespace: true, message: t('projectsUi.item.required') };
  const date = (required: boolean) => ({ validator: (_: unknown, v?: string) => (!v?.trim() ? (required ? Promise.reject(new Error(t('projectsUi.item.required'))) : Promise.resolve()) : DATE.test(v.trim()) ? Promise.resolve() : Promise.reject(new Error(t('projectsUi.item.dateInvalid')))) });
  const num = (required: boolean) => ({ validator: (_: unknown, v?: string) => (!v?.trim() ? (required ? Promise.reject(new Error(t('projectsUi.item.required'))) : Promise.resolve()) : NUM.test(v.trim()) ? Promise.resolve() : Promise.reject(new Error(t('projectsUi.item.numberInvalid')))) });

  const submit = async (v: Values) => {
    setBusy(true);
    setFailure(null);
    try {
      const body = toBody(v, item?.responsibleUnit === v.responsibleUnit.trim() ? (item?.responsibleOrgId ?? null) : null);
      const saved = item
        ? await call(api.PUT('/api/v1/project-items/{id}', { params: { path: { id: item.id } }, body }))
        : await call(api.POST('/api/v1/project-lists/{id}/items', { params: { path: { id: listId } }, body }));
      void message.success(t('projectsUi.item.saved'));
      onSaved(saved.id);
    } catch (err) {
      setFailure(err);
      if (err instanceof ApiError) form.setFields(err.fieldErrors.map((fe) => ({ name: fe.path.replace(/^body[./]/, '').split('/').map((p) => (/^\d+$/.test(p) ? Number(p) : p)) as never, errors: [fe.zh ?? fe.message] })));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open title={item ? t('projectsUi.item.editTitle') : t('projectsUi.item.newTitle')} onOk={() => form.submit()} onCancel={onClose} okButtonProps={{ loading: busy, 'data-testid': 'item-form-ok' }} width={920} destroyOnHidden>
      {failure ? <Alert type="error" showIcon title={errorText(failure)} style={{ marginBottom: 12 }} /> : null}
      <Form<Values> form={form} layout="vertical" initialValues={item ? toValues(item) : { category: 'construction', milestones: [], kpis: [] }} onFinish={(v) => void submit(v)} validateTrigger="onChange" data-testid="item-form">
        <Row gutter={12}>
          <Col xs={24} md={6}>
            <Form.Item name="code" label={t('projectsUi.item.code')} rules={[req]}>
              <Input maxLength={40} data-testid="item-code" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="name" label={t('projectsUi.item.name')} rules={[req]}>
              <Input maxLength={200} data-testid="item-name" />
            </Form.Item>
          </Col>
          <Col xs={24} md={6}>
            <Form.Item name="category" label={t('projectsUi.item.category')} rules={[{ required: true }]}>
              <Select options={CATEGORIES.map((c) => ({ value: c, label: t(`projectsUi.category.${c}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="nameEn" label={t('projectsUi.item.nameEn')}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="responsibleUnit" label={t('projectsUi.item.unit')} rules={[req]}>
              <Input maxLength={200} data-testid="item-unit" />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="responsiblePerson" label={t('projectsUi.item.person')} rules={[req]}>
              <Input maxLength={100} data-testid="item-person" />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="contactPhone" label={t('projectsUi.item.phone')}>
              <Input maxLength={40} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="startDate" label={t('projectsUi.item.start')} rules={[date(true)]}>
              <Input placeholder="YYYY-MM-DD" data-testid="item-start" />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item
              name="endDate"
              label={t('projectsUi.item.end')}
              dependencies={['startDate']}
              rules={[date(true), ({ getFieldValue }) => ({ validator: (_: unknown, v?: string) => (v && DATE.test(v) && String(getFieldValue('startDate') ?? '') > v ? Promise.reject(new Error(t('projectsUi.item.endBeforeStart'))) : Promise.resolve()) })]}
            >
              <Input placeholder="YYYY-MM-DD" data-testid="item-end" />
            </Form.Item>
          </Col>
          <Col xs={24} md={6}>
            <Form.Item name="budget" label={t('projectsUi.item.budget')} rules={[{ validator: (_: unknown, v?: string) => (!v?.trim() || WAN.test(v.trim()) ? Promise.resolve() : Promise.reject(new Error(t('projectsUi.item.budgetInvalid')))) }]}>
              <Input data-testid="item-budget" />
            </Form.Item>
          </Col>
          <Col xs={24} md={24}>
            <Form.Item name="description" label={t('projectsUi.item.description')}>
              <Input.TextArea rows={2} maxLength={5000} />
            </Form.Item>
          </Col>
        </Row>
        <Divider titlePlacement="start">{t('projectsUi.item.milestones')}</Divider>
        <Form.List name="milestones">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Flex key={f.key} gap={8} align="flex-start">
                  <Form.Item name={[f.name, 'name']} rules={[req]} style={{ flex: 3 }}>
                    <Input placeholder={t('projectsUi.item.msName')} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'plannedDate']} rules={[date(true)]} style={{ flex: 2 }}>
                    <Input placeholder={`${t('projectsUi.item.msPlanned')} YYYY-MM-DD`} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'actualDate']} rules={[date(false)]} style={{ flex: 2 }}>
                    <Input placeholder={`${t('projectsUi.item.msActual')} YYYY-MM-DD`} />
                  </Form.Item>
                  <Button type="text" icon={<MinusCircleOutlined />} onClick={() => remove(f.name)} aria-label="remove" />
                </Flex>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ name: '', plannedDate: '', actualDate: '' })} block>
                {t('projectsUi.item.addMilestone')}
              </Button>
            </>
          )}
        </Form.List>
        <Divider titlePlacement="start">{t('projectsUi.item.kpis')}</Divider>
        <Form.List name="kpis">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Flex key={f.key} gap={8} align="flex-start" wrap>
                  <Form.Item name={[f.name, 'name']} rules={[req]} style={{ flex: '2 1 160px' }}>
                    <Input placeholder={t('projectsUi.item.kpiName')} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'unit']} style={{ flex: '1 1 70px' }}>
                    <Input placeholder={t('projectsUi.item.kpiUnit')} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'startValue']} rules={[num(false)]} style={{ flex: '1 1 70px' }}>
                    <Input placeholder={t('projectsUi.item.kpiStart')} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'target']} rules={[num(true)]} style={{ flex: '1 1 70px' }}>
                    <Input placeholder={t('projectsUi.item.kpiTarget')} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'actual']} rules={[num(false)]} style={{ flex: '1 1 70px' }}>
                    <Input placeholder={t('projectsUi.item.kpiActual')} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'dueDate']} rules={[date(true)]} style={{ flex: '1 1 120px' }}>
                    <Input placeholder={`${t('projectsUi.item.kpiDue')} YYYY-MM-DD`} />
                  </Form.Item>
                  <Button type="text" icon={<MinusCircleOutlined />} onClick={() => remove(f.name)} aria-label="remove" />
                </Flex>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ name: '', unit: '', startValue: '0', target: '', actual: '', dueDate: '' })} block>
                {t('projectsUi.item.addKpi')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
