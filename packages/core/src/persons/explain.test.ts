import { describe, expect, it } from 'vitest';
import { explainLink, plural } from './explain.js';
import { handModel } from './hand-model.test-support.js';

const model = handModel(['givenName', 'familyName', 'dateOfBirth', 'sex', 'aNumber']);

describe('explainLink', () => {
  it('gives each field its level and weight, the total and the probability', () => {
    const explanation = explainLink(
      model,
      { id: 'a', givenName: 'Muhammad', familyName: 'Haddad', dateOfBirth: '1980-03-04', sex: 'M' },
      { id: 'b', givenName: 'Mohammed', familyName: 'Haddad', dateOfBirth: '1980-04-03', sex: 'M' },
    );

    expect(explanation.fields.map((f) => [f.field, f.level])).toEqual([
      ['givenName', 'variant'],
      ['familyName', 'exact'],
      ['dateOfBirth', 'dayMonthSwap'],
      ['sex', 'exact'],
    ]);
    const sum = explanation.fields.reduce((s, f) => s + f.weight, 0);
    expect(explanation.totalWeight).toBeCloseTo(sum, 6);
    expect(explanation.strength).toBe('probable');
    expect(explanation.sentences.join(' ')).toContain('spelling variants of one name');
  });

  it('states the counterfactual of the decisive field in words', () => {
    // A large population (prior 1e-5): the names alone are not enough.
    const explanation = explainLink(
      handModel(['givenName', 'familyName', 'dateOfBirth'], 1e-5),
      { id: 'a', givenName: 'Ahmed', familyName: 'Haddad', dateOfBirth: '1980-03-04' },
      { id: 'b', givenName: 'Ahmed', familyName: 'Haddad', dateOfBirth: '1980-03-04' },
    );

    const birth = explanation.counterfactuals.find((c) => c.field === 'dateOfBirth')!;
    expect(birth.wouldLink).toBe(false);
    expect(birth.sentence).toMatch(
      /^Without the date of birth agreement \(\+[\d.]+\) this pair would score -?[\d.]+ .* and would not link\.$/,
    );
    expect(explanation.sentences).toContain(birth.sentence);
  });

  it('explains a deterministic link by its rule', () => {
    const explanation = explainLink(
      model,
      { id: 'a', familyName: 'Haddad', aNumber: 'A012345678' },
      { id: 'b', familyName: 'Smith', aNumber: 'A12345678' },
    );

    expect(explanation.strength).toBe('deterministic');
    expect(explanation.rule).toBe('aNumber');
    expect(explanation.sentences.join(' ')).toContain('deterministic link');
  });

  it('speaks of both records in good plurals', () => {
    expect(
      ['sex', 'date of birth', 'country of birth', 'nationality', 'city', 'A-Number', 'address line 2'].map(
        plural,
      ),
    ).toEqual([
      'sexes',
      'dates of birth',
      'countries of birth',
      'nationalities',
      'cities',
      'A-Numbers',
      'address line 2 values',
    ]);
  });
});
