import { Flex, Form, Input, Typography } from 'antd';
import { CheckCircleFilled, MinusCircleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { passwordAcceptable, passwordChecks } from '../lib/validation.ts';

/**
 * "New password" and "confirm" fields validated as the user types, with the server's rule shown
 * as a checklist. `differentFrom` names a field the new password must not equal.
 */
export function NewPasswordFields({ name = 'password', differentFrom, labels }: { name?: string; differentFrom?: string; labels: { password: string; confirm: string } }) {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  const value = (Form.useWatch(name, form) as string | undefined) ?? '';
  const checks = passwordChecks(value);
  const rule = (ok: boolean, text: string) => (
    <Typography.Text type={ok ? 'success' : 'secondary'} style={{ fontSize: 12 }}>
      {ok ? <CheckCircleFilled /> : <MinusCircleOutlined />} {text}
    </Typography.Text>
  );
  return (
    <>
      <Form.Item
        name={name}
        label={labels.password}
        hasFeedback
        rules={[
          { required: true, message: t('validation.required') },
          { validator: async (_r, v: string | undefined) => (!v || passwordAcceptable(v) ? undefined : Promise.reject(new Error(t('validation.passwordRule')))) },
          ...(differentFrom
            ? [
                ({ getFieldValue }: { getFieldValue: (n: string) => unknown }) => ({
                  validator: async (_r: unknown, v: string | undefined) =>
                    !v || v !== getFieldValue(differentFrom) ? undefined : Promise.reject(new Error(t('validation.passwordSameAsOld'))),
                }),
              ]
            : []),
        ]}
        extra={
          <Flex gap={12} wrap style={{ marginTop: 4 }} aria-label={t('password.strength')}>
            {rule(checks.length, t('password.ruleLength'))}
            {rule(checks.letters, t('password.ruleLetters'))}
            {rule(checks.digits, t('password.ruleDigits'))}
          </Flex>
        }
      >
        <Input.Password autoComplete="new-password" data-testid="new-password" />
      </Form.Item>
      <Form.Item
        name={`${name}Confirm`}
        label={labels.confirm}
        dependencies={[name]}
        hasFeedback
        rules={[
          { required: true, message: t('validation.required') },
          ({ getFieldValue }) => ({
            validator: async (_r, v: string | undefined) => (!v || v === getFieldValue(name) ? undefined : Promise.reject(new Error(t('validation.passwordMismatch')))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" data-testid="confirm-password" />
      </Form.Item>
    </>
  );
}
