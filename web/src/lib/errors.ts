import { useCallback } from 'react';
import { App } from 'antd';
import type { FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';
import { useLang } from '../i18n/index.ts';

/** Turns any thrown value into a sentence in the current language (with the request ID when there is one). */
export function useErrorText(): (err: unknown) => string {
  const { t } = useTranslation();
  const lang = useLang();
  return useCallback(
    (err: unknown) => {
      let message: string;
      let requestId: string | null = null;
      if (err instanceof ApiError) {
        requestId = err.requestId;
        const server = err.localized(lang);
        if (server) message = server;
        else if (err.code === 'NETWORK_ERROR' || err.code === 'UNEXPECTED_RESPONSE') message = t(`errors.${err.code}`);
        else message = t('errors.unknown');
      } else {
        message = t('errors.unknown');
      }
      return requestId && err instanceof ApiError && err.status >= 500 ? t('errors.withRequestId', { message, requestId }) : message;
    },
    [t, lang],
  );
}

/** Shows an error as a toast message in the current language. */
export function useNotifyError(): (err: unknown) => void {
  const { message } = App.useApp();
  const text = useErrorText();
  return useCallback(
    (err: unknown) => {
      void message.error(text(err));
    },
    [message, text],
  );
}

/**
 * Puts the server's field errors (paths like "body.email") next to the matching form fields;
 * returns true when at least one was placed.
 */
export function applyFieldErrors(form: FormInstance, err: unknown, fieldNames: readonly string[]): boolean {
  if (!(err instanceof ApiError) || err.fieldErrors.length === 0) return false;
  const fields: { name: string; errors: string[] }[] = [];
  for (const fe of err.fieldErrors) {
    const name = fe.path.replace(/^body\./, '').split('.')[0] ?? '';
    if (fieldNames.includes(name)) fields.push({ name, errors: [fe.message] });
  }
  if (fields.length === 0) return false;
  form.setFields(fields);
  return true;
}
