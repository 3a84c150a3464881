import type { OutgoingMail } from '@kap/api/platform';

/**
 * The mail that carries a questionnaire link: the practice's name and the link, nothing else: no
 * patient name, date of birth, instrument or score (a mailbox is not a safe place for health data,
 * and a mail can reach the wrong person).
 */
export function questionnaireMail(
  to: string,
  practiceName: string,
  url: string,
  expiresInHours: number,
): OutgoingMail {
  const closes =
    expiresInHours % 24 === 0 ? plural(expiresInHours / 24, 'day') : plural(expiresInHours, 'hour');
  return {
    to,
    subject: `${practiceName}: a short questionnaire for you`,
    text: [
      'Hello,',
      '',
      `${practiceName} has asked you to answer a short questionnaire. Open this link to answer it:`,
      '',
      url,
      '',
      `The link can be used once and closes after ${closes}. Please do not forward it.`,
      '',
      'If you did not expect this message, you can ignore it.',
    ].join('\n'),
  };
}

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}
