import type { Purpose, Role } from './policy.js';

/**
 * Statutory confidentiality (SCOPE.md, issue 5): records that reveal an asylum, withholding or CAT claim
 * (8 CFR 208.6, 1208.6) or a VAWA, T or U matter (8 U.S.C. 1367) are shown only to a role with a need —
 * an adjudicator or supervisor deciding the case or the person's own dispute. To anyone else the record
 * is masked down to its envelope: even its type and dates could disclose that the claim exists.
 */
export const CONFIDENTIALITY = {
  asylum: '8 CFR 208.6',
  vawa: '8 U.S.C. 1367',
} as const;
export type Citation = (typeof CONFIDENTIALITY)[keyof typeof CONFIDENTIALITY];

/** Codes that mark a record as an asylum-type protection claim, by field. */
const ASYLUM_MARKERS: Record<string, readonly string[]> = {
  benefitType: ['ASYLUM'],
  form: ['I-589'],
  relief: ['ASYLUM', 'WITHHOLDING', 'CAT'],
  protectionType: ['ASYLUM', 'WITHHOLDING', 'CAT'],
  classOfAdmission: ['AS'],
};
/** Fields whose mere presence marks an asylum-type claim. */
const ASYLUM_FIELDS = ['asylumAdjudicatedOnMerits'];

/** Codes that mark a VAWA, T or U matter (I-360 self-petition, I-914 T visa, I-918 U visa, T/U classes). */
const VAWA_MARKERS: Record<string, readonly string[]> = {
  mtrBasis: ['VAWA'],
  benefitType: ['VAWA', 'T_VISA', 'U_VISA'],
  form: ['I-360', 'I-914', 'I-918'],
  classOfAdmission: ['T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'U1', 'U2', 'U3', 'U4', 'U5'],
  toClass: ['T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'U1', 'U2', 'U3', 'U4', 'U5'],
  visaClass: ['T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'U1', 'U2', 'U3', 'U4', 'U5'],
  relief: ['CANCELLATION_VAWA'],
};

const marked = (markers: Record<string, readonly string[]>, payload: Readonly<Record<string, string>>) =>
  Object.entries(markers).some(([field, codes]) => codes.includes(payload[field] ?? ''));

/** The statutes that protect a record, from its type and content; empty for an ordinary record. */
export function confidentialityOf(payload: Readonly<Record<string, string>>): Citation[] {
  const citations: Citation[] = [];
  if (marked(ASYLUM_MARKERS, payload) || ASYLUM_FIELDS.some((f) => (payload[f] ?? '') !== '')) {
    citations.push(CONFIDENTIALITY.asylum);
  }
  if (marked(VAWA_MARKERS, payload)) citations.push(CONFIDENTIALITY.vawa);
  return citations;
}

/** Who has a need to know protected records: deciding the case, or the person's own dispute. */
const NEED: Record<Citation, { roles: readonly Role[]; purposes: readonly Purpose[] }> = {
  '8 CFR 208.6': { roles: ['adjudicator', 'supervisor'], purposes: ['CASE_ADJUDICATION', 'REDRESS'] },
  '8 U.S.C. 1367': { roles: ['adjudicator', 'supervisor'], purposes: ['CASE_ADJUDICATION', 'REDRESS'] },
};

export function hasNeedToKnow(
  role: Role,
  purpose: Purpose,
  citation: Citation,
  breakGlass: boolean,
): boolean {
  // Break-glass opens an unassigned case in an emergency; it never lifts a statutory bar.
  if (breakGlass) return false;
  return NEED[citation].roles.includes(role) && NEED[citation].purposes.includes(purpose);
}

/** Fields any reader may see of a masked record: where it came from, never what it says. */
export const ENVELOPE_ONLY = ['sourceRecordId', 'schemaVersion', 'sourceVersion'] as const;

export type Disclosed = {
  recordType: string | null;
  payload: Record<string, string>;
  /** The statutes under which the record was masked for this reader (empty when shown in full). */
  masked: Citation[];
};

/** What this reader may see of one record version. */
export function discloseRecord(
  reader: { role: Role; purpose: Purpose; breakGlass: boolean },
  recordType: string,
  payload: Readonly<Record<string, string>>,
): Disclosed {
  const protectedBy = confidentialityOf(payload);
  const withheld = protectedBy.filter(
    (c) => !hasNeedToKnow(reader.role, reader.purpose, c, reader.breakGlass),
  );
  if (withheld.length === 0) return { recordType, payload: { ...payload }, masked: [] };
  const envelope: Record<string, string> = {};
  for (const field of ENVELOPE_ONLY) if (payload[field] !== undefined) envelope[field] = payload[field];
  return { recordType: null, payload: envelope, masked: withheld };
}
