import { describe, expect, it } from 'vitest';
import type { NumberBoxState } from '../../../src/ui/grid/number-input';
import { boxMessage, commitText, IDLE_BOX, numberProblem, parseBoundedInt, shownText, typeText } from '../../../src/ui/grid/number-input';

const N = { min: 1, max: 64 };
const LABEL = 'N';

describe('number input', () => {
  it('parses whole numbers inside the range only', () => {
    expect(parseBoundedInt('5', 1, 64)).toBe(5);
    expect(parseBoundedInt(' 64 ', 1, 64)).toBe(64);
    expect(parseBoundedInt('65', 1, 64)).toBeNull();
    expect(parseBoundedInt('0', 1, 64)).toBeNull();
    expect(parseBoundedInt('', 1, 64)).toBeNull();
    expect(parseBoundedInt('2.5', 1, 64)).toBeNull();
    expect(parseBoundedInt('1e1', 1, 64)).toBeNull();
  });

  it('says why a value is refused: 0, 65, 2.5, empty', () => {
    expect(numberProblem('0', N)).toBe('0 is less than 1, the smallest allowed.');
    expect(numberProblem('65', N)).toBe('65 is more than 64, the largest allowed.');
    expect(numberProblem('2.5', N)).toBe('2.5 is not a whole number; enter one from 1 to 64.');
    expect(numberProblem(' ', N)).toBe('Enter a whole number from 1 to 64.');
    expect(numberProblem('64', N)).toBeNull();
  });
});

describe('number box', () => {
  /** Types text into a box that stores `value`, as NumberField does (a new draft, no refusal); returns the state and the stored value. */
  function type(value: number, text: string): { state: NumberBoxState; value: number } {
    const r = typeText(text, value, N);
    return { state: r.state, value: r.apply ?? value };
  }

  it('applies a valid number as it is typed', () => {
    const r = typeText('9', 5, N);
    expect(r.apply).toBe(9);
    expect(shownText(r.state, 9)).toBe('9');
  });

  it('typing 9 + Enter, then Back to 5: the box shows 5 again', () => {
    let { state, value } = type(5, '9');
    state = commitText(state, value, N, LABEL); // Enter
    expect(shownText(state, value)).toBe('9');
    value = 5; // Back restores N = 5 in the store
    expect(shownText(state, value)).toBe('5');
  });

  it('the same without Enter (the box still has focus and its draft)', () => {
    const { state } = type(5, '9');
    expect(shownText(state, 9)).toBe('9');
    expect(shownText(state, 5)).toBe('5'); // Back
  });

  it.each([
    ['0', '0 is less than 1, the smallest allowed. N stays 5.'],
    ['65', '65 is more than 64, the largest allowed. N stays 5.'],
    ['2.5', '2.5 is not a whole number; enter one from 1 to 64. N stays 5.'],
  ])('refuses %s with its reason while typing and after Enter, instead of reverting silently', (text, refusal) => {
    const { state, value } = type(5, text);
    expect(value).toBe(5);
    expect(shownText(state, value)).toBe(text);
    expect(boxMessage(state, value, N)).toBe(numberProblem(text, N));
    const after = commitText(state, value, N, LABEL);
    expect(shownText(after, value)).toBe('5');
    expect(boxMessage(after, value, N)).toBe(refusal);
    // The next edit clears it; so does the value moving (slider, Back).
    expect(boxMessage(type(value, '6').state, 6, N)).toBeNull();
    expect(boxMessage(after, 7, N)).toBeNull();
  });

  it('commits a valid draft without a message', () => {
    const { state, value } = type(5, '12');
    expect(commitText(state, value, N, LABEL)).toEqual(IDLE_BOX);
  });
});
