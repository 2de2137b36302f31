import { useState } from 'react';
import { Alert, Form, Input, InputNumber, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client.ts';
import { useErrorText } from '../../lib/errors.ts';
import type { ProjectList } from './model.ts';

interface Values {
  nameZh: string;
  nameEn?: string;
  ownerOffice?: string;
  year: number;
  description?: string;
}

/** Creates a list, or edits one when `list` is given. */
export function ListFormModal({ open, list, onClose, onSaved }: { open: boolean; list?: ProjectList; onClose: () => void; onSaved: (l: ProjectList) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const errorText = useErrorText();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const finish = async (v: Values) => {
    setBusy(true);
    setFailure(null);
    try {
      const body = { nameZh: v.nameZh.trim(), nameEn: v.nameEn?.trim() ?? '', ownerOffice: v.ownerOffice?.trim() ?? '', year: v.year, description: v.description ?? '' };
      const saved = list ? await call(api.PUT('/api/v1/project-lists/{id}', { params: { path: { id: list.id } }, body })) : await call(api.POST('/api/v1/project-lists', { body }));
      onSaved(saved);
    } catch (err) {
      setFailure(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={open}
      title={list ? t('projectsUi.listForm.editTitle') : t('projectsUi.listForm.title')}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={{ loading: busy, 'data-testid': 'list-form-ok' }}
      destroyOnHidden
    >
      {failure ? <Alert type="error" showIcon title={errorText(failure)} style={{ marginBottom: 12 }} /> : null}
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={(v) => void finish(v)}
        initialValues={list ? { nameZh: list.nameZh, nameEn: list.nameEn, ownerOffice: list.ownerOffice, year: list.year, description: list.description } : { year: new Date().getFullYear() }}
      >
        <Form.Item name="nameZh" label={t('projectsUi.listForm.nameZh')} rules={[{ required: true, whitespace: true, message: t('projectsUi.listForm.nameRequired') }]} validateTrigger="onChange">
          <Input maxLength={200} data-testid="list-name" />
        </Form.Item>
        <Form.Item name="nameEn" label={t('projectsUi.listForm.nameEn')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="ownerOffice" label={t('projectsUi.listForm.ownerOffice')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="year" label={t('projectsUi.listForm.year')} rules={[{ required: true }]}>
          <InputNumber min={2000} max={2100} precision={0} />
        </Form.Item>
        <Form.Item name="description" label={t('projectsUi.listForm.description')}>
          <Input.TextArea rows={3} maxLength={5000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
