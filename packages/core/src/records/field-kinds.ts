/**
 * The kinds of value a record field may hold. Each kind has one validator (validate-field.ts);
 * identifier formats follow RULES.md §8.2, country codes §8.3.
 */
export type FieldKind =
  | 'text' // free text of a name, place or office: no control or bidi characters
  | 'code' // one of the values listed in the field spec
  | 'date' // a full civil date YYYY-MM-DD
  | 'partialDate' // YYYY, YYYY-MM or YYYY-MM-DD (dates of birth are often partial)
  | 'dateOrDS' // a date, or 'D/S' (duration of status), or empty for immigrants
  | 'country' // ISO 3166-1 alpha-3 as profiled by ICAO 9303 (RULES.md §8.3)
  | 'aNumber' // 'A' + 7 to 9 digits, normalised to 9 digits
  | 'i94Number' // 11 characters: 11 digits, or 9 digits, a letter, a digit
  | 'receiptNumber' // three letters + ten digits
  | 'sevisId' // 'N' + 10 digits
  | 'document' // an alphanumeric document number (passport, visa foil, certificate)
  | 'opaqueId' // an identifier whose format is not public (FIN): stored as given
  | 'boolean' // 'true' | 'false'
  | 'usd'; // a whole number of US dollars

export type FieldSpec = {
  kind: FieldKind;
  required?: boolean;
  /** The closed list of values of a 'code' field. */
  values?: readonly string[];
};
