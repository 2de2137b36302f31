import type { FormInstance } from 'antd';
import { ApiError } from '../../api/client.ts';
import { applyFieldErrors } from '../../lib/errors.ts';

const CODE_FIELDS: Record<string, string> = { EMAIL_TAKEN: 'email', MOBILE_TAKEN: 'mobile', LAST_ADMIN: 'roles' };

/**
 * Shows a failed save next to the field it concerns when there is one; returns false when the
 * error belongs to no field and should be shown as a whole.
 */
export function showUserFormError(form: FormInstance, err: unknown, fields: readonly string[], text: (err: unknown) => string): boolean {
  if (err instanceof ApiError) {
    const field = CODE_FIELDS[err.code];
    if (field && fields.includes(field)) {
      form.setFields([{ name: field, errors: [text(err)] }]);
      return true;
    }
  }
  return applyFieldErrors(form, err, fields);
}
