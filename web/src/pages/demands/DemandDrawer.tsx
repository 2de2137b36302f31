import { useState } from 'react';
import { Alert, Button, Drawer, Flex, Form, Grid, Input, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client.ts';
import { PRIORITY_FIELDS, type PriorityField } from '../../api/types.ts';
import { applyFieldErrors, useErrorText } from '../../lib/errors.ts';
import { OptionalLabel } from '../../components/OptionalLabel.tsx';
import { OrganizationSelect } from '../../components/OrganizationSelect.tsx';
import { WAN_PATTERN, wanToFen, type Demand } from '../challenges/model.ts';

interface DemandForm {
  organizationId?: string | null;
  title: string;
  field: PriorityField;
  description: string;
  expectedTargets?: string;
  budgetWan?: string;
}

/** An applicant submits a technical need for their organisation; an officer may record one for any organisation. */
export function DemandDrawer({ open, forAnyOrganization, onClose, onSubmitted }: { open: boolean; forAnyOrganization: boolean; onClose: () => void; onSubmitted: (d: Demand) => void }) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const [form] = Form.useForm<DemandForm>();
  const errorText = useErrorText();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);

  const finish = async (v: DemandForm) => {
    setBusy(true);
    setFailure(null);
    try {
      const budget = v.budgetWan?.trim() ? wanToFen(v.budgetWan) : null;
      const d = await call(
        api.POST('/api/v1/demands', {
          body: {
            title: v.title.trim(),
            field: v.field,
            description: v.description.trim(),
            ...(forAnyOrganization && v.organizationId ? { organizationId: v.organizationId } : {}),
            ...(v.expectedTargets?.trim() ? { expectedTargets: v.expectedTargets.trim() } : {}),
            ...(budget !== null ? { budgetExpectationFen: budget } : {}),
          },
        }),
      );
      form.resetFields();
      onSubmitted(d);
    } catch (err) {
      if (!applyFieldErrors(form, err, ['organizationId', 'title', 'field', 'description', 'expectedTargets'])) setFailure(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={t('demands.newTitle')}
      size={screens.md ? 600 : '100%'}
      destroyOnHidden
      afterOpenChange={(o) => {
        if (!o) {
          form.resetFields();
          setFailure(null);
        }
      }}
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={busy} onClick={() => form.submit()} data-testid="demand-submit">
            {t('common.submit')}
          </Button>
        </Flex>
      }
    >
      <Typography.Paragraph type="secondary">{t('demands.newHint')}</Typography.Paragraph>
      {failure ? <Alert type="error" showIcon title={errorText(failure)} style={{ marginBottom: 16 }} /> : null}
      <Form<DemandForm> form={form} layout="vertical" onFinish={(v) => void finish(v)} disabled={busy}>
        {forAnyOrganization ? (
          <Form.Item name="organizationId" label={t('demands.organization')} rules={[{ required: true, message: t('validation.requiredSelect') }]}>
            <OrganizationSelect />
          </Form.Item>
        ) : null}
        <Form.Item
          name="title"
          label={t('demands.fieldTitle')}
          rules={[
            { required: true, whitespace: true, message: t('validation.required') },
            { min: 2, max: 200, message: t('demands.titleLength') },
          ]}
        >
          <Input data-testid="demand-title" />
        </Form.Item>
        <Form.Item name="field" label={t('demands.fieldField')} rules={[{ required: true, message: t('validation.requiredSelect') }]}>
          <Select<PriorityField> options={PRIORITY_FIELDS.map((k) => ({ value: k, label: t(`priorityFields.${k}`) }))} data-testid="demand-field" />
        </Form.Item>
        <Form.Item
          name="description"
          label={t('demands.fieldDescription')}
          rules={[
            { required: true, whitespace: true, message: t('validation.required') },
            { min: 10, max: 10000, message: t('demands.descriptionLength') },
          ]}
        >
          <Input.TextArea rows={5} showCount maxLength={10000} data-testid="demand-description" />
        </Form.Item>
        <Form.Item name="expectedTargets" label={<OptionalLabel label={t('demands.fieldTargets')} />} rules={[{ max: 5000, message: t('challenges.editor.tooLong', { max: 5000 }) }]}>
          <Input.TextArea rows={3} placeholder={t('demands.targetsPlaceholder')} />
        </Form.Item>
        <Form.Item
          name="budgetWan"
          label={<OptionalLabel label={t('demands.fieldBudget')} />}
          validateDebounce={200}
          rules={[
            {
              validator: async (_r, v: string | undefined) => {
                if (v?.trim() && !WAN_PATTERN.test(v.trim())) throw new Error(t('challenges.editor.budgetFormat'));
              },
            },
          ]}
        >
          <Input inputMode="decimal" suffix={t('challenges.wanUnit')} style={{ maxWidth: 240 }} data-testid="demand-budget" />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
