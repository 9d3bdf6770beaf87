/**
 * Data that ilos refuses at ingest (SCOPE.md): protected categories (refusal 3: race or
 * ethnicity, religion, political opinion or activity, protest attendance, union membership,
 * sexual orientation, journalistic or advocacy affiliation, alleged group membership) and
 * location or movement surveillance data (refusal 1). A field is refused when one of the words
 * of its name (camelCase, snake_case or spaced) is in this list; whole words, so `address`
 * is not mistaken for `press`.
 */
const PROTECTED_WORDS = new Set([
  'race',
  'racial',
  'ethnicity',
  'ethnic',
  'religion',
  'religious',
  'faith',
  'caste',
  'tribe',
  'tribal',
  'political',
  'politics',
  'protest',
  'protests',
  'demonstration',
  'union',
  'sexual',
  'sexuality',
  'orientation',
  'journalist',
  'journalism',
  'press',
  'media',
  'advocacy',
  'activist',
  'activism',
  'affiliation',
  'gang',
  'membership',
  'latitude',
  'longitude',
  'lat',
  'lng',
  'gps',
  'geolocation',
  'plate',
  'imei',
]);

/** The word that makes a field name refused, or undefined. `unionMembership` → 'union'. */
export function protectedWord(fieldName: string): string | undefined {
  const words = fieldName
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z]+/);
  return words.find((word) => PROTECTED_WORDS.has(word));
}
