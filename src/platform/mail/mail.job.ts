import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import type { Config } from '../../config.ts';
import type { JobHandler } from '../jobs/runner.ts';
import { mailOutbox } from './mail.tables.ts';

/**
 * Sends an outbox mail. Without SMTP_URL the mail is written to DATA_DIR/mail/<id>.eml instead,
 * so a single-machine install works without a mail server and nothing secret reaches the log.
 */
export function mailSendHandler(config: Config): JobHandler {
  const transport = config.smtpUrl ? nodemailer.createTransport(config.smtpUrl) : null;
  return async (tx, job) => {
    const id = String(job.payload.mailId);
    const [mail] = await tx.select().from(mailOutbox).where(eq(mailOutbox.id, id));
    if (!mail || mail.status === 'sent' || mail.status === 'stored') return { skipped: true };
    if (transport) {
      await transport.sendMail({ from: config.mailFrom, to: mail.toAddress, subject: mail.subject, text: mail.bodyText });
      await tx.update(mailOutbox).set({ status: 'sent', sentAt: new Date() }).where(eq(mailOutbox.id, id));
      return { delivered: 'smtp' };
    }
    const dir = join(config.dataDir, 'mail');
    await mkdir(dir, { recursive: true });
    const eml = `From: ${config.mailFrom}\r\nTo: ${mail.toAddress}\r\nSubject: =?UTF-8?B?${Buffer.from(mail.subject).toString('base64')}?=\r\nContent-Type: text/plain; charset=utf-8\r\nDate: ${mail.createdAt.toUTCString()}\r\n\r\n${mail.bodyText}`;
    const file = join(dir, `${id}.eml`);
    await writeFile(file, eml, { mode: 0o600 });
    await tx.update(mailOutbox).set({ status: 'stored', sentAt: new Date() }).where(eq(mailOutbox.id, id));
    return { delivered: 'file', file };
  };
}
