import type { Db } from '../db/client.ts';
import { enqueueJob } from '../jobs/jobs.service.ts';
import { mailOutbox } from './mail.tables.ts';

export interface MailInput {
  tenantId: string | null;
  to: string;
  subject: string;
  text: string;
}

/** Written with the command; the `mail.send` job delivers it after commit. */
export async function queueMail(tx: Db, mail: MailInput): Promise<string> {
  const [row] = await tx
    .insert(mailOutbox)
    .values({ tenantId: mail.tenantId, toAddress: mail.to, subject: mail.subject, bodyText: mail.text })
    .returning({ id: mailOutbox.id });
  await enqueueJob(tx, { kind: 'mail.send', payload: { mailId: row!.id }, tenantId: mail.tenantId });
  return row!.id;
}
