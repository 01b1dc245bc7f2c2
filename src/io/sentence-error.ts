/**
 * The base of every reader's error. Its message is one sentence that ends
 * with a period: the app shows it followed by more sentences ("The current
 * model stays."), and the CLI after the file's name, so a message that
 * stopped without one ran into the next sentence.
 */
export class SentenceError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(asSentence(message), options);
  }
}

/** The text with a closing period, unless it already ends a sentence. */
export function asSentence(text: string): string {
  const trimmed = text.trimEnd();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}
