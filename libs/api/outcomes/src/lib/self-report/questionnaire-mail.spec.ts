import { questionnaireMail } from './questionnaire-mail';

describe('questionnaireMail', () => {
  it('carries the practice’s name and the link, addressed to the patient', () => {
    const mail = questionnaireMail(
      'jo@example.test',
      'Harbor KAP Clinic',
      'https://kap.example.org/q/TOKEN',
      72,
    );
    expect(mail.to).toBe('jo@example.test');
    expect(mail.subject).toBe('Harbor KAP Clinic: a short questionnaire for you');
    expect(mail.text).toContain('Harbor KAP Clinic has asked you to answer a short questionnaire.');
    expect(mail.text).toContain('\nhttps://kap.example.org/q/TOKEN\n');
  });

  it.each([
    [72, 'closes after 3 days'],
    [24, 'closes after 1 day'],
    [36, 'closes after 36 hours'],
    [1, 'closes after 1 hour'],
  ])('says when a link open for %s hours closes: "%s"', (hours, words) => {
    expect(questionnaireMail('jo@example.test', 'Harbor', 'https://x/q/T', hours).text).toContain(words);
  });
});
