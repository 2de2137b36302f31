import { useEffect, useState } from 'react';
import { Alert, Form, Input, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client.ts';
import type { Role, User } from '../../api/types.ts';
import { useErrorText } from '../../lib/errors.ts';
import { MOBILE_PATTERN } from '../../lib/validation.ts';
import { useCan } from '../../session/SessionContext.ts';
import { OrganizationSelect } from '../../components/OrganizationSelect.tsx';
import { OptionalLabel } from '../../components/OptionalLabel.tsx';
import { RoleChecklist } from './RoleChecklist.tsx';
import { showUserFormError } from './userFormErrors.ts';

interface EditForm {
  displayName: string;
  mobile: string;
  roles: Role[];
  organizationId: string | null;
}

const FIELDS = ['displayName', 'mobile', 'roles', 'organizationId'] as const;

function sameRoles(a: readonly Role[], b: readonly Role[]) {
  return a.length === b.length && a.every((r) => b.includes(r));
}

export function EditUserModal({ user, onClose, onSaved }: { user: User | null; onClose: () => void; onSaved: (user: User) => void }) {
  const { t } = useTranslation();
  const can = useCan();
  const [form] = Form.useForm<EditForm>();
  const errorText = useErrorText();
  const [submitting, setSubmitting] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);

  useEffect(() => setFailure(null), [user]);

  const onFinish = async (v: EditForm) => {
    if (!user) return;
    const body: { displayName?: string; mobile?: string | null; roles?: Role[]; organizationId?: string | null } = {};
    const name = v.displayName.trim();
    if (name !== user.displayName) body.displayName = name;
    const mobile = v.mobile.replace(/[\s-]/g, '') || null;
    if (mobile !== user.mobile) body.mobile = mobile;
    if (!sameRoles(v.roles, user.roles)) body.roles = v.roles;
    if (can('organization.list') && (v.organizationId ?? null) !== user.organizationId) body.organizationId = v.organizationId ?? null;
    if (Object.keys(body).length === 0) {
      onClose();
      return;
    }
    setSubmitting(true);
    setFailure(null);
    try {
      const saved = await call(api.PATCH('/api/v1/users/{id}', { params: { path: { id: user.id } }, body }));
      onSaved(saved);
    } catch (err) {
      if (!showUserFormError(form, err, FIELDS, errorText)) setFailure(err);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Modal
      open={user !== null}
      title={user ? t('users.editTitle', { name: user.displayName }) : null}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={submitting}
      destroyOnHidden
      width={560}
    >
      {user ? (
        <Typography.Paragraph type="secondary" copyable={{ text: user.email }}>
          {user.email}
        </Typography.Paragraph>
      ) : null}
      {failure ? <Alert type="error" showIcon title={errorText(failure)} style={{ marginBottom: 16 }} /> : null}
      <Form<EditForm>
        key={user?.id}
        form={form}
        layout="vertical"
        onFinish={(v) => void onFinish(v)}
        disabled={submitting}
        initialValues={user ? { displayName: user.displayName, mobile: user.mobile ?? '', roles: user.roles, organizationId: user.organizationId } : undefined}
      >
        <Form.Item
          name="displayName"
          label={t('users.fieldDisplayName')}
          rules={[
            { required: true, whitespace: true, message: t('validation.required') },
            { max: 60, message: t('validation.displayNameLength') },
          ]}
        >
          <Input />
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
          <Input inputMode="tel" />
        </Form.Item>
        {can('organization.list') ? (
          <Form.Item name="organizationId" label={<OptionalLabel label={t('users.fieldOrganization')} />}>
            <OrganizationSelect />
          </Form.Item>
        ) : null}
        <Form.Item name="roles" label={t('users.fieldRoles')} rules={[{ required: true, type: 'array', min: 1, message: t('validation.rolesRequired') }]}>
          <RoleChecklist />
        </Form.Item>
      </Form>
    </Modal>
  );
}
