/**
 * The comparison levels of each kind of field, best agreement first. Level 0 is always
 * `missing` (one side has no value): it carries no weight either way.
 */
export const NAME_LEVELS = [
  'missing',
  'exact',
  'variant',
  'fuzzy94',
  'fuzzy88',
  'phonetic',
  'initial',
  'partial',
  'swapped',
  'different',
] as const;
export const DATE_LEVELS = [
  'missing',
  'exact',
  'dayMonthSwap',
  'partial',
  'oneEdit',
  'sameYear',
  'different',
] as const;
export const TEXT_LEVELS = [
  'missing',
  'exact',
  'reordered',
  'fuzzy94',
  'fuzzy88',
  'overlap',
  'different',
] as const;
export const CODE_LEVELS = ['missing', 'exact', 'oneEdit', 'twoEdits', 'different'] as const;
export const CATEGORY_LEVELS = ['missing', 'exact', 'different'] as const;
export const DOCUMENT_LEVELS = ['missing', 'exact', 'numberOnly', 'oneEdit', 'different'] as const;

export type FieldKind = 'name' | 'fullName' | 'date' | 'text' | 'code' | 'category' | 'document';

export const LEVELS_OF: Readonly<Record<FieldKind, readonly string[]>> = {
  name: NAME_LEVELS,
  fullName: NAME_LEVELS,
  date: DATE_LEVELS,
  text: TEXT_LEVELS,
  code: CODE_LEVELS,
  category: CATEGORY_LEVELS,
  document: DOCUMENT_LEVELS,
};

/** Level numbers used by the kernel (indexes into the arrays above). */
export const NAME = {
  missing: 0,
  exact: 1,
  variant: 2,
  fuzzy94: 3,
  fuzzy88: 4,
  phonetic: 5,
  initial: 6,
  partial: 7,
  swapped: 8,
  different: 9,
} as const;
export const DATE = {
  missing: 0,
  exact: 1,
  dayMonthSwap: 2,
  partial: 3,
  oneEdit: 4,
  sameYear: 5,
  different: 6,
} as const;
export const TEXT = {
  missing: 0,
  exact: 1,
  reordered: 2,
  fuzzy94: 3,
  fuzzy88: 4,
  overlap: 5,
  different: 6,
} as const;
export const CODE = { missing: 0, exact: 1, oneEdit: 2, twoEdits: 3, different: 4 } as const;
export const CATEGORY = { missing: 0, exact: 1, different: 2 } as const;
export const DOCUMENT = { missing: 0, exact: 1, numberOnly: 2, oneEdit: 3, different: 4 } as const;

/** The attributes the resolver compares, with their kind and how a sentence names them. */
export const FIELD_CATALOGUE = {
  givenName: { kind: 'name', label: 'given name', termFrequency: true },
  familyName: { kind: 'name', label: 'family name', termFrequency: true },
  fullName: { kind: 'fullName', label: 'full name', termFrequency: true },
  dateOfBirth: { kind: 'date', label: 'date of birth', termFrequency: true },
  sex: { kind: 'category', label: 'sex', termFrequency: false },
  countryOfBirth: { kind: 'category', label: 'country of birth', termFrequency: false },
  nationality: { kind: 'category', label: 'nationality', termFrequency: false },
  passport: { kind: 'document', label: 'passport', termFrequency: false },
  aNumber: { kind: 'document', label: 'A-Number', termFrequency: false },
  fin: { kind: 'document', label: 'FIN', termFrequency: false },
  i94Number: { kind: 'document', label: 'I-94 number', termFrequency: false },
  receiptNumber: { kind: 'document', label: 'receipt number', termFrequency: false },
  sevisId: { kind: 'document', label: 'SEVIS ID', termFrequency: false },
  streetNumber: { kind: 'code', label: 'street number', termFrequency: false },
  street: { kind: 'text', label: 'street', termFrequency: false },
  addressLine2: { kind: 'text', label: 'address line 2', termFrequency: false },
  city: { kind: 'text', label: 'city', termFrequency: false },
  postalCode: { kind: 'code', label: 'postal code', termFrequency: false },
  state: { kind: 'code', label: 'state', termFrequency: false },
} as const satisfies Record<string, { kind: FieldKind; label: string; termFrequency: boolean }>;

export type CatalogueField = keyof typeof FIELD_CATALOGUE;

/** One compared field of a model: a catalogue field, or `extra:<name>` compared as a code. */
export type FieldSpec = { id: string; kind: FieldKind; label: string; termFrequency: boolean };

export function fieldSpec(id: string): FieldSpec {
  if (id.startsWith('extra:'))
    return { id, kind: 'code', label: id.slice(6).replace(/_/g, ' '), termFrequency: false };
  const entry = FIELD_CATALOGUE[id as CatalogueField];
  if (entry === undefined) throw new Error(`unknown field ${id}`);
  return { id, ...entry };
}

/**
 * Document fields whose agreement is a verified-identifier match (a deterministic rule). A receipt
 * number names one filing of one person (its application and its decision); a SEVIS ID one student.
 */
export const IDENTIFIER_FIELDS: readonly string[] = [
  'aNumber',
  'fin',
  'passport',
  'i94Number',
  'receiptNumber',
  'sevisId',
];

/**
 * Fields whose agreement is "name and date of birth" evidence for the namesake rule (RULES.md §8.4),
 * with the descriptors that namesakes and twins share as a matter of course (sex, nationality,
 * country of birth): their agreement corroborates nothing.
 */
export const NAME_AND_BIRTH_FIELDS: readonly string[] = [
  'givenName',
  'familyName',
  'fullName',
  'dateOfBirth',
  'sex',
  'nationality',
  'countryOfBirth',
];
