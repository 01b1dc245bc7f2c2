/**
 * What a number box does with typed text: whether it is a whole number in
 * range, why not when it is not (said to the user instead of a silent
 * revert), and which text the box shows when the stored value moves under
 * it (Back / Forward, the slider).
 */

export interface Bounds {
  min: number;
  max: number;
}

/** A whole number typed into a field, or null when it is not one or lies outside [min, max]. */
export function parseBoundedInt(text: string, min: number, max: number): number | null {
  const t = text.trim();
  if (!/^[+-]?\d+$/.test(t)) return null;
  const v = Number(t);
  return v >= min && v <= max ? v : null;
}

/** Why typed text is not a whole number from min to max (one sentence), or null when it is one. */
export function numberProblem(text: string, { min, max }: Bounds): string | null {
  const t = text.trim();
  if (t === '') return `Enter a whole number from ${min} to ${max}.`;
  if (!/^[+-]?\d+$/.test(t)) return `${t} is not a whole number; enter one from ${min} to ${max}.`;
  const v = Number(t);
  if (v < min) return `${t} is less than ${min}, the smallest allowed.`;
  if (v > max) return `${t} is more than ${max}, the largest allowed.`;
  return null;
}

/**
 * The box's own state beside the stored value. Both parts remember the
 * stored value they were made for and are shown only while it is still the
 * stored one, so a value restored by Back replaces a typed 9 at once.
 */
export interface NumberBoxState {
  /** Text being typed. */
  draft: { text: string; forValue: number } | null;
  /** Why the text last left in the box was not used. */
  refusal: { text: string; forValue: number } | null;
}

export const IDLE_BOX: NumberBoxState = { draft: null, refusal: null };

/** The text the box shows. */
export function shownText(state: NumberBoxState, value: number): string {
  return state.draft && state.draft.forValue === value ? state.draft.text : String(value);
}

/** The message under the box: the problem with the text being typed, else the last refusal. */
export function boxMessage(state: NumberBoxState, value: number, bounds: Bounds): string | null {
  if (state.draft && state.draft.forValue === value) return numberProblem(state.draft.text, bounds);
  return state.refusal && state.refusal.forValue === value ? state.refusal.text : null;
}

/** The user typed `text`: the new box state, and the value to store (null: store nothing). */
export function typeText(text: string, value: number, bounds: Bounds): { state: NumberBoxState; apply: number | null } {
  const v = parseBoundedInt(text, bounds.min, bounds.max);
  if (v === null) return { state: { draft: { text, forValue: value }, refusal: null }, apply: null };
  return { state: { draft: { text, forValue: v }, refusal: null }, apply: v === value ? null : v };
}

/**
 * Enter, or focus leaving the box: the draft goes, the box shows the stored
 * value, and text that was not used is refused with its reason and what
 * stays (e.g. "65 is more than 64, the largest allowed. N stays 5.").
 */
export function commitText(state: NumberBoxState, value: number, bounds: Bounds, label: string): NumberBoxState {
  if (!state.draft || state.draft.forValue !== value) return { draft: null, refusal: state.refusal };
  const problem = numberProblem(state.draft.text, bounds);
  return { draft: null, refusal: problem ? { text: `${problem} ${label} stays ${value}.`, forValue: value } : null };
}
