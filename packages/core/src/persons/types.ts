/**
 * The identity attributes of one source record, as the resolver sees them (DESIGN.md §2).
 * Every field is optional and as written by the source; normalisation happens inside.
 */
export type IdentityRecord = {
  /** Unique and stable, e.g. `${source}:${sourceRecordId}`. Used for tie-breaking, never as evidence. */
  id: string;
  /** The sending system. In link mode only records of different sources are compared. */
  source?: string;
  givenName?: string;
  familyName?: string;
  /** A whole name when the source does not split it ("NURISTANI, Abdul Aziz", "習近平"). */
  fullName?: string;
  /** YYYY-MM-DD, YYYY-MM, YYYY or YYYYMMDD; partial and even impossible dates are kept. */
  dateOfBirth?: string;
  /** True when the date of birth was read from a verified document (passport MRZ, birth record). */
  dateOfBirthVerified?: boolean;
  sex?: string;
  countryOfBirth?: string;
  nationality?: string;
  passportNumber?: string;
  passportIssuer?: string;
  /** Issue date of the passport (YYYY-MM-DD), which tells a renewal from a contradiction. */
  passportIssueDate?: string;
  aNumber?: string;
  fin?: string;
  i94Number?: string;
  /** USCIS receipt number of a benefit application, carried by its decision too (RULES.md §8.2). */
  receiptNumber?: string;
  /** SEVIS ID of a student or exchange visitor (RULES.md §8.2). */
  sevisId?: string;
  /** Address of record as filed by the person (SCOPE.md: nothing else is an address). */
  streetNumber?: string;
  street?: string;
  addressLine2?: string;
  city?: string;
  postalCode?: string;
  state?: string;
  /** Other attributes a source carries, compared as short codes (FEBRL: soc_sec_id, phone_number, age). */
  extra?: Readonly<Record<string, string>>;
};

/** How strongly two records are held to be one person (DESIGN.md §2). */
export type LinkStrength = 'deterministic' | 'confirmed' | 'probable' | 'possible';

/** Which pairs are compared: every pair, or only pairs from different sources (linking two files). */
export type PairScope = 'all' | 'across-sources';

/** A reviewer's decision about two records; 'same' confirms a link, 'different' forbids one. */
export type ReviewDecision = { a: string; b: string; decision: 'same' | 'different'; by: string };

/**
 * Thresholds and switches of resolution. Thresholds are posterior match probabilities and are the
 * same for every data set: they are policy, never fitted to answer keys.
 */
export type ResolveConfig = {
  /** At or above: `probable` link, merged automatically. */
  autoThreshold: number;
  /** At or above (and below auto): `possible`, sent to the review queue. */
  reviewThreshold: number;
  /**
   * The strongest strength a link may have when its only agreeing evidence is name and date of
   * birth (RULES.md §8.4: never merge on name + DOB alone). 'possible' sends such pairs to review.
   */
  nameAndBirthDateOnly: 'probable' | 'possible';
  pairScope: PairScope;
};

export const DEFAULT_RESOLVE_CONFIG: ResolveConfig = {
  autoThreshold: 0.5,
  reviewThreshold: 0.05,
  nameAndBirthDateOnly: 'probable',
  pairScope: 'all',
};
