import { retainUntil } from './retention-schedule.js';

/**
 * Disclosures outside the agency (Privacy Act 5 U.S.C. 552a(b),(c); RELIABILITY.md T8.3, T12). A record
 * leaves only under a routine use from the published list (the system of records notice); each
 * disclosure is accounted for with its date, nature, purpose and recipient.
 */
export type RoutineUse = {
  id: string;
  /** What the routine use allows, as published. */
  means: string;
  /**
   * 552a(b)(7): a written request from a law-enforcement agency. Such disclosures are accounted for but
   * withheld from the individual's own access report (552a(c)(3)).
   */
  lawEnforcement: boolean;
};

/** The published routine uses. A disclosure naming anything else is refused. */
export const ROUTINE_USES: readonly RoutineUse[] = [
  {
    id: 'RU-COURT',
    means: 'to a court or adjudicative body in a proceeding the agency is party to',
    lawEnforcement: false,
  },
  {
    id: 'RU-COUNSEL',
    means: "to the person's attorney or accredited representative of record",
    lawEnforcement: false,
  },
  {
    id: 'RU-AGENCY',
    means: 'to another federal agency deciding a benefit the person applied for',
    lawEnforcement: false,
  },
  {
    id: 'RU-CONGRESS',
    means: 'to a congressional office acting on the written request of the person',
    lawEnforcement: false,
  },
  {
    id: 'RU-LAW-ENFORCEMENT',
    means: 'to a law-enforcement agency on its written request (552a(b)(7))',
    lawEnforcement: true,
  },
];

export const DISCLOSURE_NATURES = ['export', 'share', 'api'] as const;
export type DisclosureNature = (typeof DISCLOSURE_NATURES)[number];

export function routineUse(id: string | undefined): RoutineUse | undefined {
  return ROUTINE_USES.find((u) => u.id === id);
}

/** 552a(c)(2): an accounting is kept five years after the disclosure, or the life of the record if longer. */
export const ACCOUNTING_YEARS = 5;

/**
 * Whether the accounting of a disclosure made on `disclosedOn` may be removed on `asOf`: five years have
 * passed since it, and none of the records it carried still exists (`recordsLive`).
 */
export function accountingExpired(disclosedOn: string, recordsLive: boolean, asOf: string): boolean {
  return !recordsLive && asOf > retainUntil(disclosedOn, ACCOUNTING_YEARS);
}
