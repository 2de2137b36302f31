import { useState } from 'react';
import { Alert, Button, Drawer, Flex, Form, Grid, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client.ts';
import type { Role, User } from '../../api/types.ts';
import { useErrorText } from '../../lib/errors.ts';
import { EMAIL_PATTERN, MOBILE_PATTERN } from '../../lib/validation.ts';
import { useCan } from '../../session/SessionContext.ts';
import { OrganizationSelect } from '../../components/OrganizationSelect.tsx';
import { OptionalLabel } from '../../components/OptionalLabel.tsx';
import { RoleChecklist } from './RoleChecklist.tsx';
import { showUserFormError } from './userFormErrors.ts';

interface InviteForm {
  email: string;
  displayName: string;
  roles: Role[];
  mobile?: string;
  organizationId?: string | null;
}

const FIELDS = ['email', 'displayName', 'roles', 'mobile', 'organizationId'] as const;

export function InviteUserDrawer({ open, onClose, onInvited }: { open: boolean; onClose: () => void; onInvited: (user: User) => void }) {
  const { t } = useTranslation();
  const can = useCan();
  const screens = Grid.useBreakpoint();
  const [form] = Form.useForm<InviteForm>();
  const errorText = useErrorText();
  const [submitting, setSubmitting] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);

  const onFinish = async (v: InviteForm) => {
    setSubmitting(true);
    setFailure(null);
    try {
      const mobile = v.mobile?.replace(/[\s-]/g, '');
      const user = await call(
        api.POST('/api/v1/users/invitations', {
          body: {
            email: v.email.trim(),
            displayName: v.displayName.trim(),
            roles: v.roles,
            ...(mobile ? { mobile } : {}),
            ...(v.organizationId ? { organizationId: v.organizationId } : {}),
          },
        }),
      );
      form.resetFields();
      onInvited(user);
    } catch (err) {
      if (!showUserFormError(form, err, FIELDS, errorText)) setFailure(err);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={t('users.inviteTitle')}
      size={screens.md ? 520 : '100%'}
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
          <Button type="primary" loading={submitting} onClick={() => form.submit()} data-testid="invite-submit">
            {t('users.sendInvite')}
          </Button>
        </Flex>
      }
    >
      <Typography.Paragraph type="secondary">{t('users.inviteDescription')}</Typography.Paragraph>
      {failure ? <Alert type="error" showIcon title={errorText(failure)} style={{ marginBottom: 16 }} /> : null}
      <Form<InviteForm> form={form} layout="vertical" onFinish={(v) => void onFinish(v)} disabled={submitting} initialValues={{ roles: [] }} data-testid="invite-form">
        <Form.Item
          name="email"
          label={t('users.fieldEmail')}
          validateDebounce={300}
          rules={[
            { required: true, whitespace: true, message: t('validation.required') },
            { pattern: EMAIL_PATTERN, message: t('validation.email') },
            { max: 254, message: t('validation.email') },
          ]}
        >
          <Input autoComplete="off" inputMode="email" data-testid="invite-email" />
        </Form.Item>
        <Form.Item
          name="displayName"
          label={t('users.fieldDisplayName')}
          rules={[
            { required: true, whitespace: true, message: t('validation.required') },
            { max: 60, message: t('validation.displayNameLength') },
          ]}
        >
          <Input autoComplete="off" data-testid="invite-name" />
        </Form.Item>
        <Form.Item
          name="mobile"
          label={<OptionalLabel label={t('users.fieldMobile')} />}
          validateDebounce={300}
          rules={[
            {
              validator: async (_r, v: string | undefined) => {
                const s = v?.replace(/[\s-]/g, '');
                if (!s || MOBILE_PATTERN.test(s)) return;
                throw new Error(t('validation.mobile'));
              },
            },
          ]}
        >
          <Input autoComplete="off" inputMode="tel" />
        </Form.Item>
        {can('organization.list') ? (
          <Form.Item
            name="organizationId"
            label={<OptionalLabel label={t('users.fieldOrganization')} />}
          >
            <OrganizationSelect />
          </Form.Item>
        ) : null}
        <Form.Item name="roles" label={t('users.fieldRoles')} rules={[{ required: true, type: 'array', min: 1, message: t('validation.rolesRequired') }]}>
          <RoleChecklist />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
