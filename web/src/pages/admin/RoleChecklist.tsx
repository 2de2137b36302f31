import { Checkbox, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ROLES, type Role } from '../../api/types.ts';

/** Roles as a checklist with what each role does, so admins choose knowingly. */
export function RoleChecklist({ value, onChange, id }: { value?: Role[]; onChange?: (roles: Role[]) => void; id?: string }) {
  const { t } = useTranslation();
  return (
    <div id={id}>
      <Checkbox.Group value={value ?? []} onChange={(v) => onChange?.(v)} style={{ width: '100%' }}>
        <Flex vertical gap={8} style={{ width: '100%' }}>
          {ROLES.map((r) => (
            <Checkbox key={r} value={r} data-testid={`role-${r}`}>
              <Flex vertical>
                <Typography.Text>{t(`roles.${r}`)}</Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t(`roleDescriptions.${r}`)}
                </Typography.Text>
              </Flex>
            </Checkbox>
          ))}
        </Flex>
      </Checkbox.Group>
    </div>
  );
}
