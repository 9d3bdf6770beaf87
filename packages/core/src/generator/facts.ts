import { dayOf, isoOf } from './days.js';
import type { Move, PersonBuilder } from './person.js';
import type { ReportCategory, TruthEvent, TruthFacts, UnverifiedReason } from './types.js';

/**
 * The truth about a person on the reference day, computed from the story the generator wrote:
 * what really happened (including departures no record shows) and what the DHS overstay
 * measurement (RULES.md §4.3) says on the records the agencies hold. The rules used, which the
 * status engine should reproduce from the records alone, are listed in generator/README.md.
 */

const INFINITY = Number.POSITIVE_INFINITY;

/** Grace after a SEVIS programme end (8 CFR 214.2(f)(5)(iv), (j)(1)(ii); RULES.md §3.2). */
function graceDays(reason: unknown, cls: string): number {
  if (reason === 'TERMINATED_STATUS_VIOLATION') return 0;
  if (reason === 'AUTHORIZED_WITHDRAWAL') return 15;
  return cls === 'J1' ? 30 : 60;
}

type Evaluation = {
  end: number;
  /**
   * Closed for the DHS report although the period was passed: an adjustment application, a grant of
   * permanent residence (adjustment, or cancellation of removal, INA §240A(b)(1)), an asylum grant that
   * stands (RULES.md §10 question 6, protective reading), or a TPS grant after the overstay.
   */
  cured: boolean;
  pendingBenefit: boolean;
};

type Family = 'extension' | 'change';
const familyOf = (type: string): Family =>
  type === 'extension_filed' || type === 'extension_decided' ? 'extension' : 'change';

/** IJ relief that makes the person a permanent resident (INA §240A(a), §240A(b)(1), §245(a)). */
const LPR_RELIEF = new Set(['CANCELLATION_LPR', 'CANCELLATION_NON_LPR', 'ADJUSTMENT']);

/**
 * Extensions and changes of status filed before event `index` and never decided there. The admission at
 * `index` proves a departure after them, and departing abandons a pending extension or change of status
 * (8 CFR 214.1(c)(4)-(5), 248.1): they belong to an earlier stay. The records do not link decisions to
 * filings; as the status engine does, a decision answers a filing of its own stay first if it is an
 * approval and an abandoned one first if it is a denial (the person's favour, RULES.md §1 invariant 6).
 */
function abandonedBefore(events: readonly TruthEvent[], index: number): Record<Family, number> {
  const abandoned = { extension: 0, change: 0 };
  const current = { extension: 0, change: 0 };
  for (let i = 0; i < index; i++) {
    const e = events[i] as TruthEvent;
    if (e.type === 'admission') {
      abandoned.extension += current.extension;
      abandoned.change += current.change;
      current.extension = 0;
      current.change = 0;
    } else if (e.type === 'extension_filed' || e.type === 'change_of_status_filed') {
      current[familyOf(e.type)]++;
    } else if (e.type === 'extension_decided' || e.type === 'change_of_status_decided') {
      const family = familyOf(e.type);
      const order = e.outcome === 'APPROVED' ? [current, abandoned] : [abandoned, current];
      const list = order.find((l) => l[family] > 0);
      if (list) list[family]--;
    }
  }
  abandoned.extension += current.extension;
  abandoned.change += current.change;
  return abandoned;
}

/** The last day of the authorized admission period and any authorized stay, from the events after the admission. */
function authorizedEnd(
  events: readonly TruthEvent[],
  days: readonly number[],
  from: number,
  admission: TruthEvent,
): Evaluation {
  const cls = String(admission.class);
  const admitUntil = admission.admitUntil;
  let end = admitUntil === 'D/S' ? INFINITY : typeof admitUntil === 'string' ? dayOf(admitUntil) : INFINITY;
  let ds = admitUntil === 'D/S';
  // Extensions and changes filed before this admission were abandoned by the departure it proves: they
  // neither keep this stay open nor, once approved, extend it.
  const abandoned = abandonedBefore(events, from);
  // This stay's filings waiting for a decision, per family: timely ones keep the stay open.
  const filed: Record<Family, boolean[]> = { extension: [], change: [] };
  // An adjustment pending since before a trip (advance parole) keeps covering the stay.
  let adjusting = stillPending(events, from, 'aos_filed', 'aos_decided');
  let cured = adjusting;
  let otherPending = 0;
  let beforeAdjustment: number | undefined = adjusting ? end : undefined;
  if (adjusting) end = INFINITY;
  let relief: string | undefined = lastRelief(events, from);
  // An IJ grant of asylum or of permanent residence, until the Board reverses it on a DHS appeal.
  let ijGrant = false;
  let dhsAppeal = false;
  for (let i = from + 1; i < events.length; i++) {
    const e = events[i] as TruthEvent;
    const day = days[i] as number;
    switch (e.type) {
      case 'sevis_program_end':
        if (ds && !adjusting) {
          end = day + graceDays(e.reason, cls);
          ds = false;
        }
        break;
      case 'extension_filed':
      case 'change_of_status_filed': {
        const timely = day <= end;
        filed[familyOf(e.type)].push(timely);
        if (!timely) otherPending++;
        break;
      }
      case 'extension_decided':
      case 'change_of_status_decided': {
        const family = familyOf(e.type);
        const approved = e.outcome === 'APPROVED';
        const own = filed[family].length > 0;
        if (abandoned[family] > 0 && (!approved || !own)) {
          // The decision on an application abandoned by the departure: it concerns the earlier stay.
          abandoned[family]--;
          break;
        }
        const timely = filed[family].shift();
        if (timely === undefined) break;
        if (timely) {
          if (approved && typeof e.grantedUntil === 'string') {
            end = dayOf(e.grantedUntil);
            ds = false;
          } else end = Math.max(end, day);
        } else otherPending = Math.max(0, otherPending - 1);
        break;
      }
      case 'aos_filed':
        cured = true;
        // The filing day itself is covered (RULES.md C5): filed on the first day after leaves no day uncovered.
        if (day <= end + 1) {
          adjusting = true;
          beforeAdjustment = end;
          end = INFINITY;
        }
        break;
      case 'aos_decided':
        adjusting = false;
        if (e.outcome === 'DENIED') {
          cured = false;
          if (beforeAdjustment !== undefined) end = Math.max(beforeAdjustment, day);
        }
        break;
      case 'lpr_granted':
        // Permanent residence (adjustment, or an immigrant visa) closes the record for the report;
        // `overstay.occurred` still says the overstay happened.
        cured = true;
        break;
      case 'tps_filed':
        otherPending++;
        break;
      case 'tps_granted':
        otherPending = Math.max(0, otherPending - 1);
        if (day <= end + 1 && typeof e.until === 'string') end = Math.max(end, dayOf(e.until));
        else cured = true;
        break;
      case 'tps_denied':
        otherPending = Math.max(0, otherPending - 1);
        break;
      case 'asylum_filed':
        otherPending++;
        break;
      case 'asylum_decided':
        otherPending = Math.max(0, otherPending - 1);
        // An asylum grant closes the record, like a change of status (§10 question 6, protective reading).
        if (e.outcome === 'GRANTED') cured = true;
        break;
      case 'relief_application_filed':
        relief = typeof e.relief === 'string' ? e.relief : relief;
        break;
      case 'ij_decision': {
        const protection = (e.protection as { type?: string } | undefined)?.type?.toUpperCase();
        // As the engine reads it: a grant whose protection is asylum is an asylum grant; otherwise the
        // relief last applied for.
        const granted = protection === 'ASYLUM' ? 'ASYLUM' : relief;
        // Asylum (§10 question 6, protective reading) or permanent residence by cancellation of removal
        // or adjustment before the IJ (INA §240A(b)(1), §245(a); RULES.md §4.3).
        ijGrant =
          e.outcome === 'RELIEF_GRANTED' &&
          granted !== undefined &&
          (granted === 'ASYLUM' || LPR_RELIEF.has(granted));
        dhsAppeal = false;
        break;
      }
      case 'bia_appeal_filed':
        if (e.by === 'DHS') dhsAppeal = true;
        break;
      case 'bia_decision':
        // The Board sustaining the DHS appeal, or remanding, undoes the grant.
        if (dhsAppeal && (e.outcome === 'SUSTAINED' || e.outcome === 'REMANDED')) ijGrant = false;
        break;
    }
  }
  if (filed.extension.some(Boolean) || filed.change.some(Boolean)) end = INFINITY;
  return { end, cured: cured || ijGrant, pendingBenefit: otherPending > 0 };
}

/** The relief last applied for before event `index` (the IJ's grant names it only through the application). */
function lastRelief(events: readonly TruthEvent[], index: number): string | undefined {
  let relief: string | undefined;
  for (let i = 0; i < index; i++) {
    const e = events[i] as TruthEvent;
    if (e.type === 'relief_application_filed' && typeof e.relief === 'string') relief = e.relief;
  }
  return relief;
}

/** Whether a filing made before event `index` is still undecided there (decisions pair with filings in order). */
function stillPending(events: readonly TruthEvent[], index: number, ...filed: string[]): boolean {
  const decided = filed.map((type) => type.replace('_filed', '_decided'));
  let pending = false;
  for (let i = 0; i < index; i++) {
    const type = (events[i] as TruthEvent).type;
    if (filed.includes(type)) pending = true;
    else if (decided.includes(type)) pending = false;
  }
  return pending;
}

export function truthFacts(
  b: PersonBuilder,
  events: readonly TruthEvent[],
  days: readonly number[],
): TruthFacts {
  const ref = b.ref;
  const moves = [...b.moves].sort((x, y) => x.day - y.day);
  const bornUS = events.some((e) => e.type === 'birth' && e.place === 'US');
  const naturalized = events.some((e) => e.type === 'naturalized');
  const lprDay = days[events.findIndex((e) => e.type === 'lpr_granted')];
  const removed = moves.some((m) => m.removal === true && lprDay !== undefined && m.day >= lprDay);
  const citizenship =
    bornUS || naturalized ? 'US_CITIZEN' : lprDay !== undefined && !removed ? 'LPR' : 'NONCITIZEN';

  const lastMove = moves[moves.length - 1];
  const inUS =
    lastMove === undefined
      ? b.archetype === 'US_BORN' && b.misidentificationRisk !== true
      : lastMove.dir === 'IN';

  let ia = -1;
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i] as TruthEvent;
    if (e.type === 'admission' && e.immigrant !== true) {
      ia = i;
      break;
    }
  }
  const admission = events[ia];
  const facts: TruthFacts = {
    archetype: b.archetype,
    identity: identityFacts(b),
    citizenship,
    inUS,
    lastAdmission: null,
    overstay: { occurred: false, since: null, departedOn: null, departureRecorded: null },
    reportCategory: 'NONE',
    unverifiedReason: null,
    inReportScope: false,
    unrecordedDepartures: moves
      .filter((m) => m.dir === 'OUT' && !m.recorded)
      .map((m) =>
        m.to === undefined
          ? { date: isoOf(m.day), mode: m.mode === 'LAND' ? 'LAND' : 'AIR' }
          : { date: isoOf(m.day), mode: m.mode === 'LAND' ? 'LAND' : 'AIR', to: m.to },
      ),
  };
  if (b.twinOf !== undefined) facts.twinOf = b.twinOf;
  if (b.namesakeOf !== undefined) facts.namesakeOf = b.namesakeOf;
  if (citizenship === 'US_CITIZEN') facts.citizenshipVia = bornUS ? 'BIRTH' : 'NATURALIZATION';
  if (b.misidentificationRisk === true) facts.misidentificationRisk = true;
  if (b.citizenshipClaim !== undefined) facts.citizenshipClaim = b.citizenshipClaim;
  if (admission === undefined) return facts;

  const aDay = days[ia] as number;
  facts.lastAdmission = {
    date: admission.date,
    class: String(admission.class),
    i94Number: String(admission.i94Number),
    mode: String(admission.mode),
  };
  facts.inReportScope = admission.mode !== 'LAND' && admission.class !== 'C1' && admission.class !== 'D1';
  if (bornUS) return facts;

  const { end, cured, pendingBenefit } = authorizedEnd(events, days, ia, admission);
  const out = firstOut(moves, aDay, false);
  const recordedOut = firstOut(moves, aDay, true);
  const occurred = out !== undefined ? out.day > end : ref > end;
  facts.overstay = {
    occurred,
    since: occurred ? isoOf(end + 1) : null,
    departedOn: out === undefined ? null : isoOf(out.day),
    departureRecorded: out === undefined ? null : out.recorded,
  };
  let category: ReportCategory = 'NONE';
  if (!cured) {
    if (recordedOut !== undefined) category = recordedOut.day > end ? 'OUT_OF_COUNTRY' : 'NONE';
    else category = ref > end ? 'SUSPECTED_IN_COUNTRY' : 'NONE';
  }
  facts.reportCategory = category;
  if (category === 'SUSPECTED_IN_COUNTRY')
    facts.unverifiedReason = whyUnverified(events, ia, out, pendingBenefit, ref);
  return facts;
}

function firstOut(moves: readonly Move[], after: number, recordedOnly: boolean): Move | undefined {
  return moves.find((m) => m.dir === 'OUT' && m.day >= after && (!recordedOnly || m.recorded));
}

function whyUnverified(
  events: readonly TruthEvent[],
  ia: number,
  out: Move | undefined,
  pendingBenefit: boolean,
  ref: number,
): UnverifiedReason {
  if (out !== undefined) {
    const claimed = events.some((e, i) => i > ia && e.type === 'departure' && e.source === 'SELF_REPORTED');
    if (claimed) return 'SELF_REPORTED_ONLY';
    return out.mode === 'LAND' ? 'LAND_GAP' : 'MISSING_MANIFEST';
  }
  let inProceedings = false;
  let vdUntil = -1;
  for (let i = ia + 1; i < events.length; i++) {
    const e = events[i] as TruthEvent;
    if (e.type === 'nta_issued' || e.type === 'nta_filed') inProceedings = true;
    if (e.type === 'ij_decision') {
      const vd = e.vd as { departBy?: string } | undefined;
      vdUntil = vd?.departBy === undefined ? -1 : dayOf(vd.departBy);
    }
  }
  if (vdUntil >= ref) return 'VOLUNTARY_DEPARTURE_PERIOD';
  if (inProceedings) return 'IN_PROCEEDINGS';
  return pendingBenefit ? 'PENDING_BENEFIT' : 'STILL_PRESENT';
}

function identityFacts(b: PersonBuilder): TruthFacts['identity'] {
  const id = b.identity;
  const name = id.name;
  const given = name.given.map((p) => p.form).join(' ');
  const family = name.family.map((p) => p.form).join(' ');
  const facts: TruthFacts['identity'] = {
    familyName: family,
    givenName: given,
    culture: name.culture,
    script: name.script,
    sex: id.sex,
    dateOfBirth: isoOf(id.dob),
    countryOfBirth: id.countryOfBirth,
    nationality: id.nationality,
    passports: b.passports.filter((p) => p.issued <= b.ref).map((p) => `${p.issuer}:${p.number}`),
  };
  if (name.middle.length > 0) facts.middleName = name.middle.map((p) => p.form).join(' ');
  const parts = name.familyFirst
    ? [...name.family, ...name.given]
    : [...name.given, ...name.middle, ...name.family];
  if (parts.length > 0 && parts.every((p) => p.native !== undefined)) {
    facts.nativeName = parts
      .map((p) => p.native)
      .join(name.script === 'Hani' || name.script === 'Jpan' ? '' : ' ');
  }
  if (id.dobJan1) facts.dateOfBirthIsConvention = true;
  if (id.travelNationality !== undefined) facts.travelNationality = id.travelNationality;
  // Only identifiers some record on file carries: one assigned after the reference day is not known yet.
  if (b.aNumber !== undefined && b.records.some((r) => r.fields.aNumber === b.aNumber))
    facts.aNumber = b.aNumber;
  if (b.fin !== undefined && b.records.some((r) => r.fields.fin === b.fin)) facts.fin = b.fin;
  return facts;
}
