/**
 * The authorized admission period of a stay (RULES.md §3): class of admission, admit-until or D/S,
 * grace periods, extensions and changes of status, adjustment applications, and the first day from
 * which unlawful presence may run (§5.2). Also the person-level periods of authorized stay that do
 * not come from a court: TPS, satisfactory departure, and periods authorized by policy.
 */
import { type Day, dayOf, isoOf, OPEN_END } from './calendar.js';
import { type Explanation, explain } from './explanation.js';
import { allOfType, type Entry, type EntryOf, isOfType, type Ledger, type Stay } from './ledger.js';
import type { Window } from './periods.js';
import {
  CESSATION_GRACE,
  DURATION_OF_STATUS_RULES,
  IMMIGRANT_CLASS_PATTERN,
  ruleVersionOn,
  TPS_DESIGNATIONS,
  VISA_WAIVER_CLASSES,
  WORK_CONTINUATION,
} from './rule-tables.js';
import type { AdmissionEvent } from './types.js';

export type AdmissionKind = 'FIXED' | 'DURATION_OF_STATUS' | 'NO_DATE' | 'IMMIGRANT' | 'EWI' | 'UNKNOWN';

export type AdmissionPeriod = {
  kind: AdmissionKind;
  classCode: string | null;
  /** Current admit-until date (after approved extensions) for fixed-date admissions. */
  admitUntil: Day | null;
  /** End of the authorized admission period: I-94 date, or D/S program end + grace (overstay starts after). */
  periodEnd: Day;
  /** Last day of lawful status (a grace period, a status-violation finding or an order can end it earlier). */
  statusEnd: Day;
  /** First day of a grace period within status. */
  graceFrom: Day;
  /** Earliest day unlawful presence may start (§5.2); OPEN_END when nothing starts it. */
  upStart: Day;
  upStartEvents: number[];
  windows: Window[];
  /** An adjustment application covers the period (§4.3 reportCategory NONE). */
  adjustmentOnFile: boolean;
  /** C12: last day of work for the same employer while a timely extension is pending (240-day rule). */
  workAuthorizedThrough: Day | null;
  events: number[];
  flags: string[];
};

const normalizedClass = (code: string) => code.toUpperCase().replace(/[\s\-/]/g, '');

export const isImmigrantAdmission = (event: AdmissionEvent) =>
  event.immigrant === true ||
  (event.admitUntil === null && IMMIGRANT_CLASS_PATTERN.test(normalizedClass(event.class)));

type Filing = {
  entry: EntryOf<'extension_filed'> | EntryOf<'change_of_status_filed'>;
  protects: boolean;
  timely: boolean;
};
type Family = 'extension' | 'change';
type Filings = Record<Family, Filing[]>;

const familyOf = (type: string): Family =>
  type === 'extension_filed' || type === 'extension_decided' ? 'extension' : 'change';

/**
 * The filing a decision answers. Records do not link them: decisions take filings first-in, first-out,
 * and where a filing of this stay and one abandoned in an earlier stay both wait, the ambiguity is read in
 * the person's favour (RULES.md §1 invariant 6): an approval answers this stay's filing, a denial the
 * abandoned one.
 */
function answeredFiling(
  current: Filing[],
  abandoned: Filing[],
  approved: boolean,
): { filing: Filing; abandoned: boolean; ambiguous: boolean } | null {
  const ambiguous = current.length > 0 && abandoned.length > 0;
  const order = approved ? [current, abandoned] : [abandoned, current];
  for (const list of order) {
    const filing = list.shift();
    if (filing) return { filing, abandoned: list === abandoned, ambiguous };
  }
  return null;
}

/**
 * Extensions and changes of status filed before the stay began and never decided: the new admission
 * proves a departure after them (recorded or not), and departing abandons a pending application, so they
 * cannot authorize this stay nor be approved for it (USCIS Form I-539 instructions; 8 CFR 214.1(c)(4)-(5);
 * 8 CFR 248.1) [M].
 */
function abandonedFilingsBefore(ledger: Ledger, stay: Stay): Filings {
  const abandoned: Filings = { extension: [], change: [] };
  const current: Filings = { extension: [], change: [] };
  for (let i = 0; i < stay.first; i++) {
    const entry = ledger.entries[i] as Entry;
    const { event } = entry;
    if (event.type === 'admission' || event.type === 'entry_without_inspection') {
      for (const family of ['extension', 'change'] as const) {
        abandoned[family].push(...current[family]);
        current[family] = [];
      }
    } else if (event.type === 'extension_filed' || event.type === 'change_of_status_filed') {
      current[familyOf(event.type)].push({ entry: entry as Filing['entry'], protects: false, timely: false });
    } else if (event.type === 'extension_decided' || event.type === 'change_of_status_decided') {
      const family = familyOf(event.type);
      answeredFiling(current[family], abandoned[family], event.outcome === 'APPROVED');
    }
  }
  for (const family of ['extension', 'change'] as const) abandoned[family].push(...current[family]);
  return abandoned;
}

export function admissionPeriodOf(
  ledger: Ledger,
  stay: Stay,
  orderDays: readonly { day: Day; index: number }[],
  why: Explanation,
): AdmissionPeriod {
  const period: AdmissionPeriod = {
    kind: 'UNKNOWN',
    classCode: null,
    admitUntil: null,
    periodEnd: OPEN_END,
    statusEnd: OPEN_END,
    graceFrom: OPEN_END,
    upStart: OPEN_END,
    upStartEvents: [],
    windows: [],
    adjustmentOnFile: false,
    workAuthorizedThrough: null,
    events: [],
    flags: [],
  };
  const entry = stay.entry;
  if (!entry) {
    explain(
      why,
      '§3.1',
      'No admission or entry record for the current stay: the authorized period cannot be established, so no overstay and no unlawful presence are presumed.',
      [],
      'INA §101(a)(13)(A); RULES.md §1 invariant 6',
    );
    return period;
  }
  period.events.push(entry.index);
  const starts: { day: Day; index: number }[] = [];

  if (isOfType(entry, 'entry_without_inspection')) {
    period.kind = 'EWI';
    period.upStart = entry.day;
    period.upStartEvents = [entry.index];
    explain(
      why,
      '§5.2',
      `Entered without inspection on ${entry.event.date}: present without admission, unlawful presence from that day (not before 1997-04-01).`,
      [entry.index],
      'INA §212(a)(9)(B)(ii); IIRIRA §301',
    );
  } else {
    startAdmission(entry as EntryOf<'admission'>, period, why);
  }
  const dsRule = ruleVersionOn(DURATION_OF_STATUS_RULES, entry.event.date);
  // Filings wait for their decisions first-in, first-out; one still pending keeps protecting.
  const pending: Filings = { extension: [], change: [] };
  const abandoned = abandonedFilingsBefore(ledger, stay);
  let cessationUsed = false;
  let adjustmentFiled: EntryOf<'aos_filed'> | null = null;

  for (let i = stay.first + 1; i < stay.last; i++) {
    const current = ledger.entries[i] as Entry;
    const { event, index, day } = current;
    switch (event.type) {
      case 'sevis_program_end': {
        const grace = period.classCode ? dsRule.graceDays[period.classCode]?.[event.reason] : undefined;
        if (grace === undefined || (period.kind !== 'DURATION_OF_STATUS' && period.kind !== 'FIXED')) break;
        period.events.push(index);
        const end = day + grace;
        if (period.kind === 'DURATION_OF_STATUS') period.periodEnd = end;
        endStatus(period, period.admitUntil !== null ? Math.min(end, period.admitUntil) : end);
        if (grace > 0) period.graceFrom = day + 1;
        explain(
          why,
          '§3.2',
          `SEVIS program end on ${event.date} (${event.reason}): ${grace > 0 ? `${grace}-day grace period, last day ${isoOf(end)}` : 'no grace period after a status violation'}${period.kind === 'DURATION_OF_STATUS' ? '; the D/S admission period ends then' : ''}.`,
          [index],
          `${dsRule.citation} (rule version ${dsRule.id}, by admission date)`,
        );
        break;
      }
      case 'employment_ended': {
        if (period.kind !== 'FIXED' || !period.classCode || period.admitUntil === null) break;
        if (!(CESSATION_GRACE.classes as readonly string[]).includes(period.classCode)) break;
        period.events.push(index);
        if (cessationUsed) {
          endStatus(period, day);
          explain(
            why,
            '§3.2',
            `Employment ended again on ${event.date}: the 60-day grace is available once per validity period.`,
            [index],
            CESSATION_GRACE.citation,
          );
          break;
        }
        cessationUsed = true;
        const end = Math.min(day + CESSATION_GRACE.days, period.admitUntil);
        endStatus(period, end);
        period.graceFrom = day + 1;
        explain(
          why,
          '§3.2',
          `Employment ended on ${event.date}: grace period of up to 60 days, never past the I-94 date, last day ${isoOf(end)}.`,
          [index],
          CESSATION_GRACE.citation,
        );
        break;
      }
      case 'satisfactory_departure_granted': {
        const until = dayOf(event.until);
        period.windows.push({
          kind: 'SATISFACTORY_DEPARTURE',
          from: day,
          to: until,
          events: [index],
          rule: '§3.2',
        });
        explain(
          why,
          '§3.2',
          `Satisfactory departure granted on ${event.date} until ${event.until}: a departure within it is not an overstay, and it is a period of authorized stay.`,
          [index],
          '8 CFR 217.3(a); INA §217(a)(1); AFM 40.9.2',
        );
        break;
      }
      case 'extension_filed':
      case 'change_of_status_filed': {
        const family = familyOf(event.type);
        const limit = period.kind === 'FIXED' ? (period.admitUntil ?? OPEN_END) : period.statusEnd;
        // Tolling needs a lawful admission (INA §212(a)(9)(B)(iv)); a Visa Waiver entrant cannot extend.
        const eligible = period.kind !== 'EWI' && period.kind !== 'IMMIGRANT' && !isVisaWaiver(period);
        const timely = day <= limit && eligible;
        const protects = timely && event.nonFrivolous !== false && event.unauthorizedEmployment !== true;
        pending[family].push({ entry: current as Filing['entry'], protects, timely });
        period.events.push(index);
        explain(
          why,
          '§3.3',
          filingText(period, event.form ?? 'Application', event.date, eligible, timely, protects, limit),
          [index],
          eligible
            ? '8 CFR 214.1(c)(4); 8 CFR 248.1(b); INA §212(a)(9)(B)(iv); AFM 40.9.2'
            : 'INA §212(a)(9)(B)(iv) (lawfully admitted); INA §217(a)(1); 8 CFR 214.1(c)(3)',
        );
        break;
      }
      case 'extension_decided':
      case 'change_of_status_decided': {
        const family = familyOf(event.type);
        const answered = answeredFiling(pending[family], abandoned[family], event.outcome === 'APPROVED');
        const filing = answered?.filing ?? null;
        period.events.push(index);
        const used = filing ? [filing.entry.index, index] : [index];
        if (answered?.ambiguous) {
          period.flags.push('EXTENSION_DECISION_PAIRING_REVIEW');
          explain(
            why,
            '§3.3',
            `The ${event.outcome === 'APPROVED' ? 'approval' : 'denial'} of ${event.date} could answer an application of this stay or one abandoned in an earlier stay; the records do not say which, so it is read in the person's favour as answering the ${answered.abandoned ? 'abandoned one' : `one filed on ${answered.filing.entry.event.date}`} (RULES.md §1 invariant 6) [R]. Flagged for review.`,
            used,
            'RULES.md §1 invariant 6 [R]',
          );
        }
        if (answered?.abandoned) {
          decideAbandoned(period, why, entry, current as DecisionEntry, answered.filing);
        } else if (event.outcome === 'APPROVED') {
          const excusedLate = filing !== null && !filing.timely && event.lateFilingExcused === true;
          if (filing && (filing.protects || excusedLate)) {
            const from =
              excusedLate && period.admitUntil !== null
                ? Math.min(filing.entry.day, period.admitUntil + 1)
                : filing.entry.day;
            period.windows.push({ kind: 'EXTENSION_PENDING', from, to: day, events: used, rule: '§3.3' });
          }
          const until = event.grantedUntil ?? filing?.entry.event.requestedUntil;
          if (event.type === 'change_of_status_decided' && filing?.entry.event.toClass) {
            period.classCode = normalizedClass(filing.entry.event.toClass);
          }
          if (until === 'D/S') {
            period.kind = 'DURATION_OF_STATUS';
            period.admitUntil = null;
            period.periodEnd = OPEN_END;
            period.statusEnd = OPEN_END;
          } else if (until !== undefined) {
            const granted = dayOf(until);
            // An extension never shortens the stay: with conflicting extension records the later date wins
            // (no guessing against the person); a change of status brings a new I-94 that replaces the old.
            const keepsLonger =
              event.type === 'extension_decided' && period.kind === 'FIXED' && period.admitUntil !== null;
            period.kind = 'FIXED';
            period.admitUntil = keepsLonger ? Math.max(granted, period.admitUntil ?? granted) : granted;
            period.periodEnd = period.admitUntil;
            period.statusEnd = period.admitUntil;
          }
          period.graceFrom = OPEN_END;
          cessationUsed = false;
          explain(
            why,
            '§3.3',
            `${event.type === 'extension_decided' ? 'Extension' : 'Change of status'} approved on ${event.date}${until ? `, admitted until ${until}` : ''}${excusedLate ? '; late filing excused, so the approval reaches back to the old expiry' : ''}: no gap in the stay.`,
            used,
            '8 CFR 214.1(c)(4); 8 CFR 248.1(b); USCIS Policy Manual Vol. 2, Part A, Ch. 4 (2024-01-24)',
          );
        } else {
          const noStayAttached =
            event.denialReason === 'FRIVOLOUS' || event.denialReason === 'UNAUTHORIZED_EMPLOYMENT';
          if (filing?.protects && !noStayAttached) {
            period.windows.push({
              kind: 'EXTENSION_PENDING',
              from: filing.entry.day,
              to: day,
              events: used,
              rule: '§3.3',
            });
            explain(
              why,
              '§5.2',
              `Timely ${event.type === 'extension_decided' ? 'extension' : 'change of status'} denied on ${event.date}: authorized stay ended that day; unlawful presence from the next day (or after the I-94 date if later).`,
              used,
              'USCIS AFM ch. 40.9.2 (UP from the day after the denial)',
            );
          } else {
            explain(
              why,
              '§5.2',
              `Application denied on ${event.date}${noStayAttached ? ` as ${event.denialReason === 'FRIVOLOUS' ? 'frivolous' : 'based on unauthorized employment'}: no authorized stay ever attached, unlawful presence counts from the day after the original I-94 date` : ''}.`,
              used,
              'USCIS AFM ch. 40.9.2 (frivolous filings and unauthorized employment)',
            );
          }
          if (event.statusViolationFinding === true)
            recordFinding(
              period,
              starts,
              why,
              current,
              event.type === 'extension_decided' ? 'extension' : 'change of status',
            );
        }
        break;
      }
      case 'aos_filed':
        adjustmentFiled = current as EntryOf<'aos_filed'>;
        period.adjustmentOnFile = true;
        break;
      case 'aos_decided':
        if (adjustmentFiled) {
          period.windows.push({
            kind: 'ADJUSTMENT_PENDING',
            from: adjustmentFiled.day,
            to: day,
            events: [adjustmentFiled.index, index],
            rule: '§5.3',
          });
        }
        if (event.outcome === 'DENIED') {
          period.adjustmentOnFile = false;
          explain(
            why,
            '§5.2',
            `Adjustment application denied on ${event.date}: the period of authorized stay ended that day.`,
            adjustmentFiled ? [adjustmentFiled.index, index] : [index],
            'USCIS AFM ch. 40.9.2 (UP from the day after the denial)',
          );
          if (event.statusViolationFinding === true)
            recordFinding(period, starts, why, current, 'adjustment application');
        }
        adjustmentFiled = null;
        break;
      default:
        break;
    }
  }
  const worker =
    period.classCode !== null && (WORK_CONTINUATION.classes as readonly string[]).includes(period.classCode);
  for (const filing of pending.extension) {
    if (
      filing.protects &&
      worker &&
      period.admitUntil !== null &&
      filing.entry.event.sameEmployer !== false
    ) {
      period.workAuthorizedThrough = period.admitUntil + WORK_CONTINUATION.days;
    }
  }
  for (const filing of [...pending.extension, ...pending.change]) {
    if (filing.protects) {
      period.windows.push({
        kind: 'EXTENSION_PENDING',
        from: filing.entry.day,
        to: OPEN_END,
        events: [filing.entry.index],
        rule: '§3.3',
      });
    }
  }
  if (adjustmentFiled) {
    period.windows.push({
      kind: 'ADJUSTMENT_PENDING',
      from: adjustmentFiled.day,
      to: OPEN_END,
      events: [adjustmentFiled.index],
      rule: '§5.3',
    });
    explain(
      why,
      '§5.3',
      `Adjustment application (I-485) filed on ${adjustmentFiled.event.date} and pending: a period of authorized stay from the filing day.`,
      [adjustmentFiled.index],
      'USCIS AFM ch. 40.9.2 (properly filed adjustment application); INA §245(a)',
    );
  }

  for (const order of orderDays) {
    if (order.day < stay.from || order.day > stay.end) continue;
    starts.push({ day: order.day + 1, index: order.index });
    if (period.kind !== 'IMMIGRANT' && period.kind !== 'EWI') endStatus(period, order.day);
  }
  if (period.kind === 'FIXED' && period.admitUntil !== null) {
    starts.push({ day: period.admitUntil + 1, index: entry.index });
  }
  if (period.kind !== 'EWI') {
    for (const start of starts) {
      if (start.day < period.upStart) {
        period.upStart = start.day;
        period.upStartEvents = [start.index];
      }
    }
  }
  if ((period.kind === 'DURATION_OF_STATUS' || period.kind === 'NO_DATE') && period.upStart === OPEN_END) {
    explain(
      why,
      '§5.2',
      'Admitted for duration of status (or without a written date): no formal USCIS status-violation finding and no IJ order, so unlawful presence has not started.',
      [entry.index],
      'USCIS AFM ch. 40.9.2; Guilford College v. Wolf (M.D.N.C. 2020-02-06)',
    );
  }
  return period;
}

function filingText(
  period: AdmissionPeriod,
  form: string,
  date: string,
  eligible: boolean,
  timely: boolean,
  protects: boolean,
  limit: Day,
): string {
  if (!eligible) {
    return period.kind === 'EWI'
      ? `${form} filed on ${date}, but a person who entered without inspection was not lawfully admitted: no tolling, no authorized stay.`
      : period.kind === 'IMMIGRANT'
        ? `${form} filed on ${date} while a lawful permanent resident: it does not bear on a nonimmigrant stay.`
        : `${form} filed on ${date}, but a Visa Waiver entrant cannot extend or change status: no authorized stay attaches.`;
  }
  if (protects) {
    return `${form} filed on ${date}, before the authorized stay expired${limit < OPEN_END ? ` (${isoOf(limit)})` : ''}: timely and nonfrivolous, a period of authorized stay while pending.`;
  }
  if (timely)
    return `${form} filed on ${date} is recorded as frivolous or with unauthorized employment: no authorized stay attaches.`;
  return `${form} filed on ${date}, after the authorized stay expired (${isoOf(limit)}): untimely; unlawful presence keeps accruing unless USCIS excuses the delay.`;
}

type DecisionEntry = EntryOf<'extension_decided'> | EntryOf<'change_of_status_decided'>;

const ABANDONMENT_CITATION =
  'USCIS Form I-539 instructions (departure while pending abandons the request); 8 CFR 214.1(c)(4)-(5); 8 CFR 248.1 [M]';

/**
 * A decision on an application abandoned by a departure before this stay's admission. An approval
 * cannot be for a stay the application was not filed in: this admission keeps its own I-94 date, and the
 * overstay runs from it. The person holds the approval, though, and may reasonably take its new date for
 * theirs; RULES.md §1 invariant 6 forbids settling two conflicting admit-until records silently against
 * the person, so the days the approval purports to cover past the I-94 date count no unlawful presence
 * (protective reading [R], flagged). A denial, or a status-violation finding in it, concerns the earlier
 * stay and changes nothing here.
 */
function decideAbandoned(
  period: AdmissionPeriod,
  why: Explanation,
  admission: NonNullable<Stay['entry']>,
  decided: DecisionEntry,
  filing: Filing,
): void {
  const { event, index } = decided;
  const form =
    filing.entry.event.form ?? (event.type === 'extension_decided' ? 'Extension' : 'Change of status');
  const used = [filing.entry.index, admission.index, index];
  const abandonedText = `${form} filed on ${filing.entry.event.date}, before the admission of ${admission.event.date}: that admission proves a departure in between, and departing abandons a pending extension or change of status, so the application belonged to the earlier stay`;
  if (event.outcome === 'DENIED') {
    explain(
      why,
      '§3.3',
      `${abandonedText}. Its denial on ${event.date}${event.statusViolationFinding === true ? ', and the status-violation finding in it,' : ''} concerns that stay and does not bear on this one.`,
      used,
      ABANDONMENT_CITATION,
    );
    return;
  }
  const until = event.grantedUntil ?? filing.entry.event.requestedUntil;
  const reach = until === 'D/S' ? OPEN_END : until === undefined ? null : dayOf(until);
  // Only a fixed I-94 date starts unlawful presence on its own (§5.2); D/S needs a finding or an order.
  const from = period.kind === 'FIXED' && period.admitUntil !== null ? period.admitUntil + 1 : null;
  const covered = from !== null && reach !== null && reach >= from ? { from, to: reach } : null;
  if (covered) {
    period.windows.push({
      kind: 'APPROVAL_OF_ABANDONED_APPLICATION',
      ...covered,
      events: used,
      rule: '§3.3',
    });
    period.flags.push('APPROVAL_OF_ABANDONED_APPLICATION_REVIEW');
  }
  const relied = covered
    ? ` The person holds the approval, though, and could reasonably take it to cover ${isoOf(covered.from)}${covered.to === OPEN_END ? ' onward' : `–${isoOf(covered.to)}`}; two admit-until records in conflict are never settled silently against the person (RULES.md §1 invariant 6), so by the protective reading [R] those days count no unlawful presence, though they remain an overstay. Whether USCIS's informal "last action" practice lets an approval issued after the re-entry govern is for counsel (flagged).`
    : '';
  explain(
    why,
    '§3.3',
    `${abandonedText}. Its approval on ${event.date}${until ? ` (until ${until})` : ''} cannot extend an admission it was not filed in: this admission's own I-94 date governs the authorized period and the overstay.${relied}`,
    used,
    `${ABANDONMENT_CITATION}; RULES.md §1 invariant 6${covered ? '; INA §212(a)(9)(B)(ii); USCIS "last action" letter (E. Hernandez, 2004) [R]' : ''}`,
  );
}

const isVisaWaiver = (period: AdmissionPeriod) =>
  period.classCode !== null && VISA_WAIVER_CLASSES.includes(period.classCode);

function endStatus(period: AdmissionPeriod, day: Day) {
  if (day < period.statusEnd) period.statusEnd = day;
}

/** §5.2: a formal USCIS status-violation finding in a benefit denial starts UP the next day (also for D/S). */
function recordFinding(
  period: AdmissionPeriod,
  starts: { day: Day; index: number }[],
  why: Explanation,
  decided: Entry,
  form: string,
) {
  starts.push({ day: decided.day + 1, index: decided.index });
  endStatus(period, decided.day);
  explain(
    why,
    '§5.2',
    `USCIS made a formal status-violation finding in denying the ${form} on ${decided.event.date}: unlawful presence may start the next day.`,
    [decided.index],
    'USCIS AFM ch. 40.9.2; Guilford College v. Wolf (M.D.N.C. 2020)',
  );
}

function startAdmission(entry: EntryOf<'admission'>, period: AdmissionPeriod, why: Explanation) {
  const { event, index } = entry;
  period.classCode = normalizedClass(event.class);
  if (isImmigrantAdmission(event)) {
    period.kind = 'IMMIGRANT';
    explain(
      why,
      '§3.2',
      `Admitted on ${event.date} as an immigrant (${event.class}): a lawful permanent resident on admission.`,
      [index],
      'INA §101(a)(20); INA §101(a)(13)(A)',
    );
    return;
  }
  if (event.admitUntil === 'D/S') {
    period.kind = 'DURATION_OF_STATUS';
    explain(
      why,
      '§3.2',
      `Admitted on ${event.date} as ${event.class} for duration of status (D/S).`,
      [index],
      '8 CFR 214.2(f)(5)(i); 8 CFR 214.2(j)(1)(ii); INA §101(a)(13)(A)',
    );
    return;
  }
  if (event.admitUntil === null) {
    period.kind = 'NO_DATE';
    period.flags.push('ADMISSION_WITHOUT_I94_DATE');
    explain(
      why,
      '§3.2',
      `Admitted on ${event.date} as ${event.class} without a written admit-until date: treated like D/S, so no overstay date and no unlawful presence without a formal finding [M].`,
      [index],
      'USCIS AFM ch. 40.9.2 (Canadian visitors without an I-94)',
    );
    return;
  }
  period.kind = 'FIXED';
  period.admitUntil = dayOf(event.admitUntil);
  period.periodEnd = period.admitUntil;
  period.statusEnd = period.admitUntil;
  explain(
    why,
    '§3.1',
    `Admitted on ${event.date} as ${event.class} until ${event.admitUntil} (I-94): the authorized admission period ends that day; the visa's validity does not matter.`,
    [index],
    'INA §101(a)(13)(A); 8 CFR 214.1(a)',
  );
}

/** The first day of lawful permanent residence on record (admission as an immigrant, grant, adjustment, IJ relief). */
export function lprGrantOf(ledger: Ledger, reliefDay: Day | null): { day: Day; index: number } | null {
  let found: { day: Day; index: number } | null = reliefDay === null ? null : { day: reliefDay, index: -1 };
  for (const entry of ledger.entries) {
    const { event } = entry;
    const grants =
      event.type === 'lpr_granted' ||
      (event.type === 'admission' && isImmigrantAdmission(event)) ||
      (event.type === 'aos_decided' && event.outcome === 'APPROVED');
    if (grants && (!found || entry.day < found.day)) found = { day: entry.day, index: entry.index };
  }
  return found;
}

export type Humanitarian = {
  windows: Window[];
  tpsPrimaFacie: boolean;
  tpsPendingReview: boolean;
  flags: string[];
};

/** TPS grants and applications, and periods of stay authorized by policy (deferred action, DED, …). */
export function humanitarianWindowsOf(ledger: Ledger, why: Explanation): Humanitarian {
  const result: Humanitarian = { windows: [], tpsPrimaFacie: false, tpsPendingReview: false, flags: [] };
  for (const grant of allOfType(ledger, 'tps_granted')) {
    const { event, index, day } = grant;
    let to = dayOf(event.until);
    const designation = TPS_DESIGNATIONS.find((d) => d.country === event.country.toUpperCase());
    let note = '';
    if (designation && designation.terminationEffective < event.until) {
      if (designation.litigated) {
        result.flags.push('TPS_TERMINATION_LITIGATED_REVIEW');
        note = `; the designation's termination effective ${designation.terminationEffective} (${designation.source}) is in litigation, so it is not applied against the person (protective reading) [R]`;
      } else {
        to = dayOf(designation.terminationEffective);
        note = `; the designation ends ${designation.terminationEffective} (${designation.source})`;
      }
    }
    result.windows.push({ kind: 'TPS', from: day, to, events: [index], rule: '§6(7)' });
    explain(
      why,
      '§6(7)',
      `TPS (${event.country}) granted on ${event.date} until ${event.until}${note}: a period of authorized stay, and removal is barred while it lasts.`,
      [index],
      'INA §244(a)(1)(A); AFM 40.9.2',
    );
  }
  let applied: EntryOf<'tps_filed'> | null = null;
  for (const entry of ledger.entries) {
    if (isOfType(entry, 'tps_filed')) applied = entry;
    else if ((isOfType(entry, 'tps_granted') || isOfType(entry, 'tps_denied')) && applied) applied = null;
  }
  if (applied) {
    if (applied.event.primaFacie === true) result.tpsPrimaFacie = true;
    else if (applied.event.primaFacie === undefined) result.tpsPendingReview = true;
    explain(
      why,
      '§7.5',
      `TPS application (${applied.event.country}) filed on ${applied.event.date} and pending${applied.event.primaFacie === true ? ', prima facie eligible: may not be removed' : applied.event.primaFacie === undefined ? '; prima facie eligibility not yet determined: review hold' : ''}.`,
      [applied.index],
      'INA §244(a)(4)(B)',
    );
  }
  for (const grant of allOfType(ledger, 'authorized_stay_granted')) {
    const { event, index, day } = grant;
    result.windows.push({
      kind: 'AUTHORIZED_STAY',
      from: day,
      to: event.until ? dayOf(event.until) : OPEN_END,
      events: [index],
      rule: '§5.3',
    });
    explain(
      why,
      '§5.3',
      `${event.basis.replace(/_/g, ' ').toLowerCase()} from ${event.date}${event.until ? ` until ${event.until}` : ''}: a period of stay authorized by policy (no unlawful presence).`,
      [index],
      'USCIS AFM ch. 40.9.2 (periods of stay authorized by the Secretary)',
    );
  }
  return result;
}
