/**
 * A business refusal: the event is well formed but the domain will not accept it.
 * 409: it conflicts with what is already recorded (a duplicate, already in that state).
 * 422: it refers to something that is not so at its date (not registered, has left, not in that stage).
 */
export interface Refusal {
  readonly refused: true;
  readonly status: 409 | 422;
  readonly message: string;
}

export const refuse = (status: 409 | 422, message: string): Refusal => ({ refused: true, status, message });

export const isRefusal = (value: unknown): value is Refusal => typeof value === 'object' && value !== null && (value as Refusal).refused === true;
