import { FeedbackReminderInput, renderFeedbackReminder } from './feedback-reminder.template';

const base: FeedbackReminderInput = {
  manager: { name: 'Dana Lee', timezone: 'America/New_York' },
  candidateName: 'Alan Turing',
  jobTitle: 'Backend Engineer',
  stage: { name: 'Onsite', kind: 'interview' },
  waitingSince: new Date('2026-11-17T20:00:00Z'),
  businessHoursWaiting: 52.4,
  level: 'first',
  applicationUrl: 'https://ats.example.com/applications/app-alan',
  recruiterName: 'Priya Shah',
};

describe('renderFeedbackReminder', () => {
  it('renders the first reminder with a link', () => {
    const email = renderFeedbackReminder(base);
    expect(email).toMatchSnapshot();
    expect(email.subject).toBe('Feedback needed: Alan Turing for Backend Engineer');
    // 20:00 UTC is 15:00 in New York.
    expect(email.text).toContain(
      'since Tuesday 17 November at 15:00: 52 business hours (about 2 business days)',
    );
    expect(email.html).toContain('href="https://ats.example.com/applications/app-alan"');
  });

  it('renders a firmer second reminder that asks for a reply when there is no link', () => {
    const email = renderFeedbackReminder({
      ...base,
      level: 'second',
      businessHoursWaiting: 97,
      applicationUrl: null,
      stage: { name: 'Hiring Manager Review', kind: 'hiring_manager_review' },
    });
    expect(email).toMatchSnapshot();
    expect(email.subject).toBe('Second reminder: your decision on Alan Turing for Backend Engineer');
    expect(email.text).toContain('This is my second reminder');
    expect(email.text).toContain('Your review has been pending');
    expect(email.text).toContain('reply to this email');
    expect(email.html).not.toContain('<a ');
  });

  it('formats the wait in the manager timezone', () => {
    const email = renderFeedbackReminder({
      ...base,
      manager: { name: 'Kenji Sato', timezone: 'Asia/Tokyo' },
    });
    expect(email.text).toContain('since Wednesday 18 November at 05:00');
    expect(email.text.startsWith('Hi Kenji,')).toBe(true);
  });

  it('escapes data and keeps the subject on one line', () => {
    const email = renderFeedbackReminder({
      ...base,
      candidateName: '<script>alert(1)</script>\r\nBcc: victim@example.com',
      applicationUrl: 'javascript:alert(1)',
    });
    expect(email.subject).not.toMatch(/[\r\n]/);
    expect(email.html).not.toContain('<script>');
    expect(email.html).toContain('&lt;script&gt;');
    expect(email.html).not.toContain('javascript:');
    expect(email.text).toContain('reply to this email');
  });
});
