import { isoOf } from './days.js';
import { ensureANumber, event, type PersonBuilder, record } from './person.js';

/**
 * USCIS applications and decisions (uscis-benefits) and SEVIS programme ends (sevis), each with
 * the lifecycle event it evidences. Forms that open an A-file (I-485, I-589, I-821, N-400) assign
 * an A-Number; extensions and changes of status (I-539, I-129) do not.
 */

const PREFIXES: Readonly<Record<string, readonly string[]>> = {
  'I-539': ['WAC', 'EAC', 'SRC', 'LIN', 'IOE'],
  'I-129': ['WAC', 'EAC', 'SRC', 'LIN', 'IOE'],
  'I-485': ['MSC', 'NBC', 'IOE', 'LIN'],
  'I-589': ['ZLA', 'ZNY', 'ZSF', 'ZAR', 'ZHN', 'ZCH', 'ZMI'],
  'I-821': ['EAC', 'IOE', 'WAC'],
  'N-400': ['IOE', 'NBC', 'MSC'],
};

type BenefitType = 'EXTENSION' | 'CHANGE_OF_STATUS' | 'ADJUSTMENT' | 'ASYLUM' | 'TPS' | 'NATURALIZATION';

function apply(
  b: PersonBuilder,
  day: number,
  form: keyof typeof PREFIXES,
  benefitType: BenefitType,
  extra: Record<string, string | undefined> = {},
): { receipt: string; key: string | undefined } {
  const receipt = b.ids.receipt(b.rng.pick(PREFIXES[form] ?? ['IOE']), day);
  const key = record(b, day, 'uscis-benefits', 'benefit_application', receipt, {
    receiptNumber: receipt,
    form,
    benefitType,
    filedDate: isoOf(day),
    ...extra,
  });
  return { receipt, key };
}

function decide(
  b: PersonBuilder,
  day: number,
  receipt: string,
  benefitType: BenefitType,
  outcome: 'APPROVED' | 'DENIED' | 'REFERRED_TO_IJ',
  extra: Record<string, string | undefined> = {},
): string | undefined {
  return record(b, day, 'uscis-benefits', 'benefit_decision', `${receipt}-D`, {
    receiptNumber: receipt,
    benefitType,
    decisionDate: isoOf(day),
    outcome,
    ...extra,
  });
}

export type StayKind = 'EXTENSION' | 'CHANGE_OF_STATUS';

/** An I-539 (visitor, student) or I-129 (employer) asking for more time or another class. */
export function fileStay(
  b: PersonBuilder,
  day: number,
  kind: StayKind,
  form: 'I-539' | 'I-129',
  requestedUntil: number,
  toClass?: string,
): string {
  const { receipt, key } = apply(b, day, form, kind, {
    requestedUntil: isoOf(requestedUntil),
    toClass,
  });
  const fields: Record<string, unknown> = {
    type: kind === 'EXTENSION' ? 'extension_filed' : 'change_of_status_filed',
    form,
    requestedUntil: isoOf(requestedUntil),
  };
  if (toClass !== undefined) fields.toClass = toClass;
  event(b, day, fields as { type: string }, [key]);
  return receipt;
}

export function decideStay(
  b: PersonBuilder,
  day: number,
  kind: StayKind,
  receipt: string,
  outcome: 'APPROVED' | 'DENIED',
  grantedUntil?: number,
  denialReason?: 'FRIVOLOUS' | 'UNAUTHORIZED_EMPLOYMENT' | 'INELIGIBLE' | 'FAILED_TO_MAINTAIN_STATUS',
): void {
  const key = decide(b, day, receipt, kind, outcome, {
    grantedUntil: grantedUntil === undefined ? undefined : isoOf(grantedUntil),
    denialReason,
  });
  const fields: Record<string, unknown> = {
    type: kind === 'EXTENSION' ? 'extension_decided' : 'change_of_status_decided',
    outcome,
  };
  if (grantedUntil !== undefined) fields.grantedUntil = isoOf(grantedUntil);
  if (denialReason !== undefined) fields.denialReason = denialReason;
  event(b, day, fields as { type: string }, [key]);
}

/** Form I-485, adjustment of status to permanent residence. */
export function fileAdjustment(b: PersonBuilder, day: number): string {
  ensureANumber(b);
  const { receipt, key } = apply(b, day, 'I-485', 'ADJUSTMENT');
  event(b, day, { type: 'aos_filed', form: 'I-485' }, [key]);
  return receipt;
}

/** The I-485 decision; an approval is also the grant of permanent residence. */
export function decideAdjustment(
  b: PersonBuilder,
  day: number,
  receipt: string,
  outcome: 'APPROVED' | 'DENIED',
): void {
  const key = decide(b, day, receipt, 'ADJUSTMENT', outcome);
  event(b, day, { type: 'aos_decided', outcome }, [key]);
  if (outcome === 'APPROVED') event(b, day, { type: 'lpr_granted', via: 'ADJUSTMENT' }, [key]);
}

/** Form I-589 filed with USCIS (affirmative asylum). */
export function fileAsylum(b: PersonBuilder, day: number): string {
  ensureANumber(b);
  const { receipt, key } = apply(b, day, 'I-589', 'ASYLUM');
  event(b, day, { type: 'asylum_filed', forum: 'USCIS' }, [key]);
  return receipt;
}

/** The asylum office's decision: a grant, a denial, or a referral to an immigration judge. */
export function decideAsylum(
  b: PersonBuilder,
  day: number,
  receipt: string,
  outcome: 'GRANTED' | 'DENIED' | 'REFERRED_TO_IJ',
): void {
  const key = decide(
    b,
    day,
    receipt,
    'ASYLUM',
    outcome === 'GRANTED' ? 'APPROVED' : outcome === 'DENIED' ? 'DENIED' : 'REFERRED_TO_IJ',
  );
  event(b, day, { type: 'asylum_decided', outcome }, [key]);
}

/** Form I-821, Temporary Protected Status. */
export function fileTps(b: PersonBuilder, day: number, country: string): string {
  ensureANumber(b);
  const { receipt, key } = apply(b, day, 'I-821', 'TPS', { tpsCountry: country });
  event(b, day, { type: 'tps_filed', country }, [key]);
  return receipt;
}

export function decideTps(
  b: PersonBuilder,
  day: number,
  receipt: string,
  country: string,
  until: number | null,
): void {
  const approved = until !== null;
  const key = decide(b, day, receipt, 'TPS', approved ? 'APPROVED' : 'DENIED', {
    grantedUntil: approved ? isoOf(until) : undefined,
    tpsCountry: country,
  });
  if (approved) event(b, day, { type: 'tps_granted', until: isoOf(until), country }, [key]);
  else event(b, day, { type: 'tps_denied' }, [key]);
}

/** Form N-400; the application itself is context, only the oath is a lifecycle event. */
export function fileNaturalization(b: PersonBuilder, day: number): string {
  ensureANumber(b);
  return apply(b, day, 'N-400', 'NATURALIZATION').receipt;
}

/** The N-400 decision, dated on the oath: an approval is naturalization. */
export function decideNaturalization(
  b: PersonBuilder,
  day: number,
  receipt: string,
  approved: boolean,
): string | undefined {
  const key = decide(b, day, receipt, 'NATURALIZATION', approved ? 'APPROVED' : 'DENIED', {});
  if (approved) event(b, day, { type: 'naturalized' }, [key]);
  return key;
}

/** A SEVIS programme end: completion, authorized withdrawal, or termination for a status violation. */
export function sevisEnd(
  b: PersonBuilder,
  day: number,
  sevisId: string,
  reason: 'COMPLETED' | 'AUTHORIZED_WITHDRAWAL' | 'TERMINATED_STATUS_VIOLATION',
): void {
  const key = record(b, day, 'sevis', 'sevis_event', `${sevisId}-E1`, {
    sevisId,
    programEndDate: isoOf(day),
    reason,
  });
  event(b, day, { type: 'sevis_program_end', reason }, [key]);
}
