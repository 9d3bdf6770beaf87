import { FIELD_CATALOGUE } from './fields.js';
import type { LinkModel } from './model.js';
import {
  admitRecord,
  comparePair,
  createResolver,
  edgeFor,
  type ResolveOptions,
  type Resolver,
} from './resolver.js';
import { probabilityOf } from './score.js';
import type { IdentityRecord, LinkStrength } from './types.js';

/** One field's part in the decision about a pair. */
export type FieldExplanation = {
  field: string;
  label: string;
  level: string;
  /** The level in words ("nearly agree (Jaro–Winkler ≥ 0.94)"). */
  meaning: string;
  /** log2(m/u) of the level, plus the term-frequency adjustment. */
  weight: number;
  /** How much a common value (AHMED, 1 January) lowered an exact agreement; 0 otherwise. */
  commonValueAdjustment: number;
  values: [string | null, string | null];
};

/** What the decision would have been without one field's evidence. */
export type Counterfactual = {
  field: string;
  weightWithout: number;
  probabilityWithout: number;
  wouldLink: boolean;
  sentence: string;
};

export type LinkExplanation = {
  a: string;
  b: string;
  fields: FieldExplanation[];
  /** log2 of the prior odds that two records are the same person. */
  priorWeight: number;
  totalWeight: number;
  probability: number;
  /** The link this pair gets on its own evidence, or null when it does not link. */
  strength: LinkStrength | null;
  rule: string | null;
  counterfactuals: Counterfactual[];
  sentences: string[];
};

const MEANINGS: Readonly<Record<string, string>> = {
  exact: 'agree exactly',
  variant: 'are spelling variants of one name',
  fuzzy94: 'nearly agree (Jaro–Winkler ≥ 0.94)',
  fuzzy88: 'are similar (Jaro–Winkler ≥ 0.88)',
  phonetic: 'sound alike (same NYSIIS code)',
  initial: 'agree on initials only',
  partial: 'agree in part (every word of one is in the other)',
  swapped: 'agree with given and family names exchanged',
  different: 'differ',
  dayMonthSwap: 'agree with day and month exchanged',
  oneEdit: 'differ by one keystroke',
  twoEdits: 'differ by two keystrokes',
  sameYear: 'share only the year',
  reordered: 'have the same words in another order',
  overlap: 'share some words',
  numberOnly: 'have the same number but not the same issuer',
};

/** How a sentence names an identifier rule (aNumber → A-Number). */
function identifierLabel(rule: string | null | undefined): string {
  return FIELD_CATALOGUE[rule as keyof typeof FIELD_CATALOGUE]?.label ?? rule ?? 'identifier';
}

/** The plural of a field's label for a sentence about both records (date of birth → dates of birth). */
export function plural(label: string): string {
  const of = label.indexOf(' of ');
  if (of > 0) return `${plural(label.slice(0, of))}${label.slice(of)}`;
  if (/\d$/.test(label)) return `${label} values`;
  if (/[^aeiou]y$/.test(label)) return `${label.slice(0, -1)}ies`;
  if (/(s|x|sh|ch)$/.test(label)) return `${label}es`;
  return `${label}s`;
}

const signed = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(1)}`;

function displayValue(record: IdentityRecord, field: string): string | null {
  if (field === 'givenName') return record.givenName ?? null;
  if (field === 'familyName') return record.familyName ?? null;
  if (field === 'fullName')
    return record.fullName ?? ([record.givenName, record.familyName].filter(Boolean).join(' ') || null);
  if (field === 'passport') {
    return record.passportNumber === undefined
      ? null
      : `${record.passportNumber} (${record.passportIssuer ?? 'issuer unknown'})`;
  }
  if (field.startsWith('extra:')) return record.extra?.[field.slice(6)] ?? null;
  const value = record[field as keyof IdentityRecord];
  return typeof value === 'string' ? value : null;
}

/**
 * Explains the decision about two records of a resolver: each field's level and weight, the
 * total, the probability, and for every field that carried weight, what the pair would score
 * without it and whether it would still link.
 */
export function explainPair(resolver: Resolver, i: number, j: number): LinkExplanation {
  const { store, scorer, model, config } = resolver;
  const [x, y] = store.ids[i]! < store.ids[j]! ? [i, j] : [j, i];
  const levels = new Uint8Array(model.fields.length);
  const total = comparePair(resolver, x, y, levels);
  const edge = edgeFor(resolver, x, y);
  const probability = probabilityOf(total, scorer.priorWeight);
  const recordA = store.records[x]!;
  const recordB = store.records[y]!;

  const fields: FieldExplanation[] = [];
  model.fields.forEach((field, f) => {
    const level = levels[f]!;
    if (level === 0) return;
    const adjustment = scorer.adjustment(f, levels, x, y);
    const name = field.levels[level]!;
    fields.push({
      field: field.id,
      label: field.label,
      level: name,
      meaning: MEANINGS[name] ?? name,
      weight: scorer.weights[f]![level]! + adjustment,
      commonValueAdjustment: adjustment,
      values: [displayValue(recordA, field.id), displayValue(recordB, field.id)],
    });
  });

  let strength: LinkStrength | null = null;
  if (edge?.basis === 'identifier') strength = 'deterministic';
  else if (edge?.basis === 'reviewer') strength = 'confirmed';
  else if (edge?.mergeable) strength = 'probable';
  else if (edge !== null) strength = 'possible';

  const links = (weight: number) => weight >= resolver.autoWeight;
  const counterfactuals = fields
    .filter((f) => Math.abs(f.weight) >= 0.05)
    .map((f): Counterfactual => {
      const without = total - f.weight;
      const p = probabilityOf(without, scorer.priorWeight);
      const wouldLink = links(without);
      const what =
        f.weight > 0
          ? `the ${f.label} agreement (${signed(f.weight)})`
          : `the ${f.label} disagreement (${signed(f.weight)})`;
      const changes = wouldLink !== links(total);
      const outcome = wouldLink
        ? changes
          ? 'and would link'
          : 'and would still link'
        : changes
          ? 'and would not link'
          : 'and would still not link';
      return {
        field: f.field,
        weightWithout: without,
        probabilityWithout: p,
        wouldLink,
        sentence: `Without ${what} this pair would score ${without.toFixed(1)} (probability ${p.toFixed(3)}) ${outcome}.`,
      };
    });

  const sentences: string[] = [];
  for (const f of fields) {
    const [va, vb] = f.values;
    const shown = va !== null && vb !== null ? ` ("${va}" / "${vb}")` : '';
    const common =
      f.commonValueAdjustment < 0
        ? `, lowered by ${Math.abs(f.commonValueAdjustment).toFixed(1)} because the value is common`
        : '';
    sentences.push(`The ${plural(f.label)} ${f.meaning}${shown}: ${signed(f.weight)}${common}.`);
  }
  sentences.push(
    `Total match weight ${total.toFixed(1)} with prior ${scorer.priorWeight.toFixed(1)} gives a probability of ${probability.toFixed(3)}; the automatic link threshold is ${config.autoThreshold} and the review threshold ${config.reviewThreshold}.`,
  );
  if (strength === 'deterministic') {
    sentences.push(
      `The ${identifierLabel(edge?.rule)} is the same verified identifier on both records: a deterministic link, whatever the score.`,
    );
  } else if (strength === 'confirmed')
    sentences.push('A reviewer confirmed that these records are the same person.');
  else if (strength === 'probable')
    sentences.push(
      'This is a probable link: above the automatic threshold, a lead but not enough for a consequential decision.',
    );
  else if (strength === 'possible') {
    sentences.push(
      edge?.nameAndBirthOnly && total >= resolver.autoWeight
        ? 'Only the name and date of birth agree, which is never enough on its own: the pair goes to review.'
        : 'This is a possible link: in the review band, so a person decides.',
    );
  } else sentences.push('The records do not link.');
  const decisive = counterfactuals.filter((c) => c.wouldLink !== links(total));
  if (decisive.length > 0) sentences.push(...decisive.map((c) => c.sentence));
  else if (counterfactuals.length > 0) {
    sentences.push(
      links(total)
        ? 'No single field decides this link: without any one of them the pair would still link.'
        : 'No single field would make this pair link.',
    );
  }

  return {
    a: store.ids[x]!,
    b: store.ids[y]!,
    fields,
    priorWeight: scorer.priorWeight,
    totalWeight: total,
    probability,
    strength,
    rule: edge?.rule ?? null,
    counterfactuals,
    sentences,
  };
}

/**
 * Explains the decision about two records under a model. A pair's score depends on the model and
 * the two records alone, so this is the explanation of the same pair inside any resolution.
 */
export function explainLink(
  model: LinkModel,
  a: IdentityRecord,
  b: IdentityRecord,
  options: ResolveOptions = {},
): LinkExplanation {
  const resolver = createResolver(model, options);
  const i = admitRecord(resolver, a);
  const j = admitRecord(resolver, b);
  return explainPair(resolver, i, j);
}
