/**
 * The system-use notification (NIST SP 800-53 AC-8; CJIS Security Policy 5.5.4) shown before every login
 * and acknowledged before the login is accepted (T9.9). One text for the UI, the CLI and the API. The
 * version goes into the audit row of each login, so a changed text can be told apart later; change the
 * version with the text (a deployment's legal office owns the wording).
 */
export const SYSTEM_USE_NOTICE = {
  version: '2026-11-29',
  title: 'U.S. Government information system — authorized use only',
  paragraphs: [
    'You are accessing a U.S. Government information system, which includes this computer, this network, all computers connected to this network, and all devices and storage media attached to this network or to a computer on this network. It is provided for U.S. Government-authorized use only, and it holds Criminal Justice Information and records protected by the Privacy Act of 1974.',
    'Unauthorized or improper use of this system is prohibited and may result in disciplinary action and civil and criminal penalties.',
    'By using this system you understand and consent to the following: you have no reasonable expectation of privacy regarding any communication or data transiting or stored on this system; at any time, and for any lawful Government purpose, the Government may monitor, record, intercept, search and audit any communication or data transiting or stored on this system; and any such communication or data may be disclosed or used for any lawful Government purpose.',
    "In ilos, every read of a person's data names a purpose and is written to a tamper-evident audit trail.",
  ],
} as const;

/** The notice as plain text, for a terminal: title, then paragraphs separated by blank lines. */
export function systemUseNoticeText(): string {
  return [SYSTEM_USE_NOTICE.title, ...SYSTEM_USE_NOTICE.paragraphs].join('\n\n');
}
