import type { IdentityRecord } from '../persons/types.js';
import type { SourceRecord } from './record-events.js';

/** Record types whose date of birth is read from a verified document (passport MRZ, birth certificate). */
const VERIFIED_BIRTH_DATE_TYPES = new Set([
  'admission',
  'departure',
  'visa_issuance',
  'us_passport',
  'birth_record',
]);

/** The identity attributes of a stored record, for the resolver. Only identity fields are passed on. */
export function recordIdentity(record: SourceRecord): IdentityRecord {
  const f = record.fields;
  const identity: IdentityRecord = {
    id: `${record.sourceId}:${record.sourceRecordId}`,
    source: record.sourceId,
  };
  const set = <K extends keyof IdentityRecord>(key: K, value: IdentityRecord[K] | undefined) => {
    if (value !== undefined) identity[key] = value;
  };
  set('familyName', f.familyName);
  set('givenName', f.givenName);
  set('dateOfBirth', f.dateOfBirth);
  if (
    f.dateOfBirth !== undefined &&
    f.dateOfBirth.length === 10 &&
    VERIFIED_BIRTH_DATE_TYPES.has(record.recordType)
  ) {
    identity.dateOfBirthVerified = true;
  }
  set('sex', f.sex);
  set('countryOfBirth', f.countryOfBirth);
  set('nationality', f.nationality);
  set('passportNumber', f.passportNumber);
  set('passportIssuer', f.passportIssuer);
  set('aNumber', f.aNumber);
  set('fin', f.fin);
  set('i94Number', f.i94Number);
  set('receiptNumber', f.receiptNumber);
  set('sevisId', f.sevisId);
  if (record.recordType === 'address_of_record') {
    set('street', f.street);
    set('city', f.city);
    set('state', f.state);
    set('postalCode', f.postalCode);
  }
  return identity;
}
