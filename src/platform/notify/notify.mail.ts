/** Texts in both languages; the recipient's locale picks which one a mail leads with. */
export interface Bilingual {
  zh: string;
  en: string;
}

export interface NotificationMailInput {
  displayName: string;
  locale: string;
  title: Bilingual;
  body: Bilingual;
  /** Absolute URL, or null when the notification has no link. */
  url: string | null;
}

/**
 * The e-mail copy of a notification. English-speaking users (locale `en`) get English only; everyone
 * else gets Chinese with the English text below it, as the platform's other mails do. Each mail says
 * why it was sent: users of similar systems did not know which actions send e-mail.
 */
export function notificationMail(m: NotificationMailInput): { subject: string; text: string } {
  const zh =
    `${m.displayName}，您好：\n\n${m.title.zh}\n` +
    (m.body.zh ? `\n${m.body.zh}\n` : '') +
    (m.url ? `\n查看详情：${m.url}\n` : '') +
    '\n这封邮件是站内通知的副本，您也可以在科创平台右上角的通知中心查看。\n';
  const en =
    `Hello ${m.displayName},\n\n${m.title.en}\n` +
    (m.body.en ? `\n${m.body.en}\n` : '') +
    (m.url ? `\nOpen: ${m.url}\n` : '') +
    '\nThis mail copies a notification you also find in the notification centre (the bell at the top of Kechuang).\n';
  if (m.locale === 'en') return { subject: `[Kechuang] ${m.title.en}`, text: en };
  return { subject: `【科创平台】${m.title.zh} / ${m.title.en}`, text: `${zh}\n----------------------------------------\n\n${en}` };
}

/** An in-app path made absolute under the configured public URL (PUBLIC_URL may carry a path prefix). */
export function absoluteLink(publicUrl: string, link: string): string {
  return publicUrl.replace(/\/+$/, '') + link;
}

/**
 * Mail bodies with their one-time tokens hidden: the demo mailbox shows a tenant admin every mail of the
 * tenant, and a password-reset or invitation link would let the admin take over that account.
 */
export function redactTokens(text: string): string {
  return text.replace(/([?&]token=)[^\s&#]+/g, '$1[redacted]');
}
