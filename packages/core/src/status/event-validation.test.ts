import { describe, expect, it } from 'vitest';
import { LIFECYCLE_EVENT_TYPES, parseLifecycleEvents } from './event-validation.js';

const admission = {
  type: 'admission',
  date: '2024-01-10',
  class: 'B2',
  admitUntil: '2024-07-09',
  mode: 'AIR',
};

describe('parseLifecycleEvents', () => {
  it('accepts events in the scenario vocabulary, extra fields included', () => {
    const result = parseLifecycleEvents([
      { ...admission, esta: true, recordIds: ['cbp-i94:1'] },
      { type: 'departure', date: '2024-07-01', source: 'CBP_APIS_AIR', verified: true, port: 'JFK' },
      {
        type: 'ij_decision',
        date: '2024-08-01',
        outcome: 'VOLUNTARY_DEPARTURE',
        vd: { type: 'AT_CONCLUSION', departBy: '2024-09-30' },
      },
    ]);

    expect(result.ok).toBe(true);
  });

  it.each([
    { input: {}, message: 'expected a JSON array of lifecycle events' },
    {
      input: [admission, { type: 'arrival', date: '2024-01-01' }],
      message: 'event 1: unknown event type "arrival"',
    },
    {
      input: [{ ...admission, date: '2024-02-30' }],
      message: 'event 0 (admission): field "date" must be a date YYYY-MM-DD',
    },
    {
      input: [{ ...admission, admitUntil: 'soon' }],
      message: `event 0 (admission): field "admitUntil" must be a date YYYY-MM-DD, 'D/S' or null`,
    },
    {
      input: [{ type: 'departure', date: '2024-01-01', source: 'CBP_APIS_AIR' }],
      message: 'event 0 (departure): field "verified" is required',
    },
    {
      input: [
        {
          type: 'ij_decision',
          date: '2024-01-01',
          outcome: 'REMOVAL_ORDERED',
          vd: { type: 'AT_CONCLUSION' },
        },
      ],
      message: 'event 0 (ij_decision): field "vd".departBy is required',
    },
    {
      input: [{ ...admission, recordIds: [1] }],
      message: 'event 0 (admission): field "recordIds" must be an array of strings',
    },
    { input: ['admission'], message: 'event 0: must be an object' },
  ])('names the event and the field: $message', ({ input, message }) => {
    const result = parseLifecycleEvents(input);

    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain(message);
  });

  it('knows every event type of the scenario vocabulary', () => {
    expect(LIFECYCLE_EVENT_TYPES).toEqual(
      expect.arrayContaining([
        'birth',
        'admission',
        'departure',
        'satisfactory_departure_granted',
        'sevis_program_end',
        'employment_ended',
        'extension_filed',
        'change_of_status_filed',
        'extension_decided',
        'change_of_status_decided',
        'aos_filed',
        'aos_decided',
        'lpr_granted',
        'naturalized',
        'parent_naturalized',
        'citizenship_claim_asserted',
        'asylum_filed',
        'asylum_decided',
        'tps_granted',
        'nta_issued',
        'nta_filed',
        'master_hearing',
        'individual_hearing',
        'relief_application_filed',
        'ij_decision',
        'vd_bond_posted',
        'bia_appeal_filed',
        'bia_decision',
        'motion_to_reopen_filed',
        'petition_for_review_filed',
        'stay_granted',
        'stay_lifted',
        'removal_executed',
      ]),
    );
  });
});
