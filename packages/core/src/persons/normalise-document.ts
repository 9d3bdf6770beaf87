/**
 * Identifier normalisation (RULES.md §8.2). Each function returns null for a value that cannot be
 * the identifier it claims to be, so a malformed number never becomes a deterministic link.
 */

/** A-Number: "A" + 7–9 digits, left-padded to 9 digits (A12345678 → A012345678). */
export function normaliseANumber(raw: string): string | null {
  const digits = raw.toUpperCase().replace(/[\s-]/g, '').replace(/^A/, '');
  if (!/^\d{7,9}$/.test(digits)) return null;
  return `A${digits.padStart(9, '0')}`;
}

/** FIN: format not public, so it is kept as given apart from surrounding space. */
export function normaliseFin(raw: string): string | null {
  const fin = raw.trim();
  return fin.length === 0 ? null : fin;
}

/** I-94 admission number: 11 digits, or 9 digits, a letter and a digit (since May 2019). */
export function normaliseI94Number(raw: string): string | null {
  const value = raw.toUpperCase().replace(/[\s-]/g, '');
  return /^(\d{11}|\d{9}[A-Z]\d)$/.test(value) ? value : null;
}

/** USCIS receipt number: three letters (service centre or system) + ten digits (EAC2434685803). */
export function normaliseReceiptNumber(raw: string): string | null {
  const value = raw.toUpperCase().replace(/[\s-]/g, '');
  return /^[A-Z]{3}\d{10}$/.test(value) ? value : null;
}

/** SEVIS ID: "N" + ten digits (N0012345678). */
export function normaliseSevisId(raw: string): string | null {
  const value = raw.toUpperCase().replace(/[\s-]/g, '');
  return /^N\d{10}$/.test(value) ? value : null;
}

/** Passport number: upper-case letters and digits, without MRZ fillers, spaces or hyphens. */
export function normalisePassportNumber(raw: string): string | null {
  const value = raw.toUpperCase().replace(/[\s<-]/g, '');
  return /^[A-Z0-9]{3,20}$/.test(value) ? value : null;
}

/** Issuing State: ICAO 9303 three-letter code; Germany's one-letter D (D<<) becomes DEU. */
export function normaliseIssuer(raw: string): string | null {
  const value = raw.toUpperCase().replace(/[\s<]/g, '');
  if (value === 'D') return 'DEU';
  return /^[A-Z]{3}$/.test(value) ? value : null;
}

/**
 * A document number with the characters OCR and clerks confuse folded together (O/0, I/1):
 * CBP's own I-94 look-up fails on exactly these (RULES.md §8.4). Used for a near-agreement level,
 * never for a deterministic link.
 */
export function confusableKey(number: string): string {
  return number.replace(/O/g, '0').replace(/[IL]/g, '1');
}
