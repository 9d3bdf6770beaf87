/**
 * The two-person rule for steps adverse to the person (DESIGN.md §2 "Case"; RELIABILITY.md T4.1,
 * T14.1): the officer who asks for the step cannot be the one who approves it, and the approver is a
 * supervisor. A wrong adverse step costs a person most, so no single account can take one.
 */
import type { Role } from '../access/policy.js';
import { err, ok, type Result } from '../shared/result.js';
import type { GateFinding } from './gates.js';

/** Who acts on a case: an account id and its role (null when the id is no account: it may not approve). */
export type CaseActor = { id: string; role: Role | null };

/** The role that may approve an adverse step. */
export const APPROVER_ROLE: Role = 'supervisor';

const TWO_PERSON = 'DESIGN.md §2 "Case" (a second person’s approval); RELIABILITY.md T4.1';

/** Whether `approver` may approve a step `requestedBy` asked for; a refusal comes as a gate finding. */
export function checkApproval(requestedBy: string, approver: CaseActor): Result<true, GateFinding> {
  const refuse = (code: 'SAME_PERSON' | 'NOT_SUPERVISOR', text: string) =>
    err<GateFinding>({
      code,
      kind: 'APPROVAL',
      blocking: true,
      text,
      rule: 'two-person rule',
      citation: TWO_PERSON,
      recordIds: [],
    });
  if (approver.id === requestedBy) {
    return refuse(
      'SAME_PERSON',
      `${approver.id} asked for this step and cannot approve it: a second person must (two-person rule)`,
    );
  }
  if (approver.role !== APPROVER_ROLE) {
    return refuse(
      'NOT_SUPERVISOR',
      `${approver.id} is ${approver.role === null ? 'not a known account' : `a ${approver.role}`}: only a supervisor may approve an adverse step`,
    );
  }
  return ok(true);
}
