/** Mails go out in Chinese with the English text below it, as officials' mail usually does. */
export function resetMail(name: string, link: string, minutes: number) {
  return {
    subject: '【科创平台】重置密码 / Reset your Kechuang password',
    text:
      `${name}，您好：\n\n请在 ${minutes} 分钟内打开以下链接重置密码：\n${link}\n\n如非本人操作，请忽略本邮件，您的密码不会改变。\n\n` +
      `Hello ${name},\n\nOpen this link within ${minutes} minutes to reset your password:\n${link}\n\n` +
      'If you did not ask for this, ignore this mail; your password stays as it is.\n',
  };
}

export function inviteMail(name: string, tenantName: string, link: string, days: number) {
  return {
    subject: `【科创平台】${tenantName} 邀请您加入 / You are invited to Kechuang`,
    text:
      `${name}，您好：\n\n${tenantName} 邀请您使用科创平台。请在 ${days} 天内打开以下链接设置密码并启用账号：\n${link}\n\n` +
      `Hello ${name},\n\n${tenantName} invites you to Kechuang. Open this link within ${days} days to set your password:\n${link}\n`,
  };
}
